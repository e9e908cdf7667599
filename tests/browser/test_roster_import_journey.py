"""Staff import an office's roster: the preview names the column left out and flags the same name,
a bad sheet shows each reason by its row, and afterwards a deputy chooser tells the two 王宝平 apart."""

import datetime

from playwright.sync_api import expect

from deputies.models import Deputy
from tests.factories import ConstituencyFactory, DeputyFactory, TownshipProfileFactory, UserFactory
from tests.spreadsheets import save_xlsx

HEADERS = ["序号", "姓　名", "性 别", "出生年月", "选区", "代表小组", "是否旗人大代表", "籍贯", "联系电话"]
ROWS = [
    [1, "罗　宝音", "男", "1979.02", "第一选区", "第一代表小组", "是", "乌审旗", "13900000001"],
    [2, "王宝平", "男", "1975.08", "第二选区", "第一代表小组", "否", "乌审旗", "13900000002"],
    [3, "乌云 其其格", "女", "1985.06", "第十二选区", "第二代表小组", "否", "乌审旗", "13900000003"],
]


def sheet(path, rows, headers=HEADERS):
    return save_xlsx(path, rows, headers, title="乌审召镇第四届人民代表大会代表名册")


def watch(page) -> list[str]:
    """Console errors of the page: Chromium reports what the Content-Security-Policy refused there."""
    problems = []
    page.on(
        "console",
        lambda msg: (
            msg.type == "error"
            and not msg.text.startswith("Failed to load resource")  # reported with its address below
            and problems.append(msg.text)
        ),
    )
    page.on(
        "response",
        lambda r: (
            r.status >= 400 and not r.url.endswith("/favicon.ico") and problems.append(f"{r.status} {r.url}")
        ),
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


def upload(page, live_server, path):
    page.goto(live_server.url + "/admin/deputies/deputy/import/")
    page.set_input_files("#id_import_file", path)
    with page.expect_navigation():
        page.click("input[type=submit]")


def test_staff_import_a_roster_and_tell_the_two_wang_baoping_apart(
    page, live_server, sign_in, screenshot, term, password, tmp_path
):
    TownshipProfileFactory()
    DeputyFactory(
        term=term,
        name="王宝平",
        birth_month=datetime.date(1968, 5, 1),
        constituency=ConstituencyFactory(name="第三选区"),
    )
    UserFactory(username="renda", role="presidium_staff")
    problems = watch(page)
    sign_in(page, "renda", password)

    # A bad sheet first: each reason next to its row and column, the cells marked, no hover needed.
    bad = [row[:] for row in ROWS]
    bad[0][3] = "1979.13"
    bad[2][2] = "未知"
    upload(page, live_server, sheet(tmp_path / "错误名册.xlsx", bad))
    assert page.locator("#import-errors-heading").inner_text() == "以下行有错误，未写入任何记录"
    reasons = page.locator(".import-errors tbody tr")
    assert reasons.count() == 2
    assert reasons.nth(0).locator("th").inner_text() == "3"
    assert "出生年月：无法识别日期“1979.13”" in reasons.nth(0).locator(".import-reasons").inner_text()
    assert reasons.nth(0).locator(".import-reasons").is_visible()
    assert "性别：" in reasons.nth(1).locator(".import-reasons").inner_text()
    assert page.locator("td.import-error-cell").count() == 2
    assert "1979.13" in page.locator("td.import-error-cell").first.inner_text()
    screenshot(page, "errors")
    assert Deputy.objects.count() == 1

    # The sheet as it should be: the preview names 籍贯 as not imported and flags the second 王宝平.
    upload(page, live_server, sheet(tmp_path / "名册.xlsx", ROWS))
    notices = page.locator(".import-notices").inner_text()
    assert "H 列“籍贯”未导入：平台不保存这一列。" in notices
    assert "A 列“序号”未导入" in notices
    assert "名册中已有同名代表王宝平（1968.05，第三选区）" in notices
    assert "“罗　宝音”导入为“罗宝音”（去掉了姓名中的空格）。" in notices
    flagged = page.locator(".import-preview tr.import-noted")
    assert flagged.count() == 3
    assert "名册中已有同名代表" in flagged.nth(1).locator(".import-row-notes").inner_text()
    assert page.locator(".import-preview thead th").all_inner_texts()[:3] == ["行号", "操作", "姓名"]
    screenshot(page, "preview")
    assert Deputy.objects.count() == 1  # the preview wrote nothing

    with page.expect_navigation():
        page.click("input[name=confirm]")
    assert page.locator(".messagelist .success").count() == 1
    assert Deputy.objects.count() == 4

    # A deputy chooser: both 王宝平, each with birth month and constituency.
    page.goto(live_server.url + "/admin/deputies/votercontact/add/")
    page.click("#id_deputy + .select2 .select2-selection")
    page.fill(".select2-search__field", "王宝平")
    # The search's answer, not the list shown before it.
    expect(page.locator(".select2-results__option")).to_have_count(2)
    options = page.locator(".select2-results__option").all_inner_texts()
    assert sorted(options) == ["王宝平（1968.05，第三选区）", "王宝平（1975.08，第二选区）"]
    screenshot(page, "chooser")
    page.keyboard.press("Escape")

    # The roster lists constituencies in the order of their numbers.
    page.goto(live_server.url + "/admin/deputies/constituency/")
    names = page.locator("#result_list tbody th, #result_list tbody td.field-name").all_inner_texts()
    assert names[:3] == ["第一选区", "第二选区", "第三选区"]
    assert problems == []
