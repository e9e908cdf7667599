"""Staff open the dashboard, generate the 2022 work report, edit a paragraph and download it as Word."""

import io

import docx
from django.core.management import call_command

from congress.models import ReportDraft

EDITED = "我受乌审召镇人大主席团的委托，向大会报告一年来的工作，请予审议。"
# Every figure of the seed report, as the seed writes it.
SEED_FIGURES = [
    "均已建成投用",
    "共收集代表提出意见、建议19条",
    "完成会议期间交办的2件旗人大代表建议、2件旗政协委员提案",
    "办理结果满意率达100%",
    "共接待选民80多人次",
    "外出调研5次",
    "活动人数达60人，占比89.55%",
    "听取和审议政府专项工作6项，提出意见建议30余条",
    "票决镇级民生实事项目6项",
]
SEED_PROJECTS = [
    "旧镇区文化广场球场建设项目",
    "新建镇区三处红绿灯项目",
    "查汗庙嘎查集中供水管道翻修项目",
    "绿洲社区和惠泽社区居民小区改造项目",
    "惠泽社区巷道硬化及新建雨污支管网项目",
    "巴音陶勒盖嘎查巴塔尔牧业社到苏东17号集气站道路改造项目",
]


def test_staff_draft_edit_and_download_the_2022_report(page, live_server, sign_in, screenshot):
    call_command("load_demo", stdout=io.StringIO())
    sign_in(page, "staff", "demo-2022")

    page.goto(live_server.url + "/admin/?year=2022")
    assert page.locator("#dashboard-title").inner_text() == "2022年工作概览"
    assert page.locator("[data-figure='suggestions.collected'] .figure-number").inner_text() == "19"
    assert page.locator(".dashboard-chart svg").count() >= 3
    screenshot(page, "dashboard")

    with page.expect_navigation():
        page.click("a.dashboard-report")
    assert page.locator("#id_year").input_value() == "2022"
    with page.expect_navigation():
        page.click("input[name=_save]")
    draft = ReportDraft.objects.get(year=2022)
    assert page.locator("#id_sections-1-text").input_value().startswith("我受乌审召镇人大主席团的委托")
    screenshot(page, "draft")

    page.fill("#id_sections-1-text", EDITED)
    with page.expect_navigation():
        page.click("input[name=_continue]")
    assert page.locator(".messagelist .success").count() == 1
    assert page.locator("#id_sections-1-text").input_value() == EDITED

    page.goto(live_server.url + f"/admin/congress/reportdraft/{draft.pk}/preview/")
    assert page.locator("a.figure").count() > 10
    screenshot(page, "preview")

    page.goto(live_server.url + f"/admin/congress/reportdraft/{draft.pk}/change/")
    with page.expect_download() as download:
        page.click(f"a[href='/admin/congress/reportdraft/{draft.pk}/docx/']")
    assert download.value.suggested_filename == "2022年人大工作报告.docx"
    text = "\n".join(p.text for p in docx.Document(download.value.path()).paragraphs)
    assert EDITED in text
    for figure in SEED_FIGURES + SEED_PROJECTS:
        assert figure in text
