"""Staff open the dashboard, generate the 2022 work report, edit a paragraph and download it as Word."""

import docx

from congress.models import ReportDraft
from tests.demo import SEED_PROJECTS_2022 as SEED_PROJECTS
from tests.demo import load_demo

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


def test_staff_draft_edit_and_download_the_2022_report(page, live_server, sign_in, screenshot):
    load_demo()
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
