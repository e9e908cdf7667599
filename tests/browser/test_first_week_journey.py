"""A real office's first week, end to end (staff at 1280 px, the deputy and the unit on phones at 375 px).

Staff import the roster as the office keeps it (a column the platform does not keep, a deputy who
shares a name with one already on the roster), open accounts for every deputy and print the slips;
a deputy signs in with a slip and must choose a new password; staff enter a co-handling unit's
opinion from its letter (代录) and the lead unit then replies in its portal; and the start-up that
`make run` runs, twice, leaves a record staff edited as they left it.
"""

import datetime

from django.core.management import call_command

from congress.roles import Role
from deputies.models import Deputy
from suggestions.choices import State
from suggestions.models import Suggestion
from tests.browser.test_accounts_journey import run_action
from tests.browser.test_roster_import_journey import sheet, upload
from tests.factories import ConstituencyFactory, DeputyFactory, TownshipProfileFactory, UserFactory
from tests.suggestions.factories import HandlingUnitFactory, advance, register

HEADERS = ["序号", "姓　名", "性 别", "出生年月", "选区", "代表小组", "是否旗人大代表", "籍贯", "联系电话"]
ROWS = [
    [1, "罗　宝音", "男", "1979.02", "第一选区", "第一代表小组", "是", "乌审旗", "13900000001"],
    [2, "王宝平", "男", "1975.08", "第二选区", "第一代表小组", "否", "乌审旗", "13900000002"],
    [3, "乌云 其其格", "女", "1985.06", "第十二选区", "第二代表小组", "否", "乌审旗", "13900000003"],
]


def test_from_a_fresh_install_to_every_deputy_holding_a_slip(
    page, phone_page, live_server, sign_in, screenshot, term, password, tmp_path
):
    TownshipProfileFactory()
    UserFactory(username="renda", first_name="李娜", role=Role.STAFF)
    DeputyFactory(
        term=term,
        name="王宝平",
        birth_month=datetime.date(1968, 5, 1),
        constituency=ConstituencyFactory(name="第三选区"),
        phone="13900000009",
    )
    sign_in(page, "renda", password)

    # The roster as the office keeps it: the preview says what is not imported and who shares a name.
    upload(page, live_server, sheet(tmp_path / "名册.xlsx", ROWS, HEADERS))
    notices = page.locator(".import-notices").inner_text()
    assert "H 列“籍贯”未导入" in notices
    assert "名册中已有同名代表王宝平（1968.05，第三选区）" in notices
    screenshot(page, "roster-preview")
    with page.expect_navigation():
        page.click("input[name=confirm]")
    assert Deputy.objects.count() == 4
    assert Deputy.objects.filter(name="罗宝音", is_banner_deputy=True).exists()

    # Accounts for every deputy, in one step, with a slip each.
    page.goto(live_server.url + "/admin/deputies/deputy/")
    page.check("#action-toggle")
    run_action(page, "开通账号（打印登录凭条）")
    with page.expect_navigation():
        page.click("input[name=apply]")
    slips = page.locator("article.slip")
    assert slips.count() == 4
    slip = slips.filter(has_text="罗宝音")
    username = slip.locator(".slip-mono").nth(0).inner_text()
    one_time = slip.locator(".slip-password").inner_text()
    assert username == "13900000001"
    screenshot(page, "slips")
    assert all(deputy.user_id for deputy in Deputy.objects.all())

    # The deputy signs in with the slip on a phone and must choose a password first.
    sign_in(phone_page, username, one_time, admin=False)
    assert "/accounts/password/" in phone_page.url
    phone_page.fill("input[name=old_password]", one_time)
    phone_page.fill("input[name=new_password1]", "caoyuan-chun-2024")
    phone_page.fill("input[name=new_password2]", "caoyuan-chun-2024")
    with phone_page.expect_navigation():
        phone_page.click("button[type=submit].btn-congress")
    assert phone_page.url.endswith("/portal/")
    screenshot(phone_page, "deputy-portal")

    # A co-handling unit without an account answers on paper: staff enter its opinion, the lead unit replies.
    staff = UserFactory(username="renda2", role=Role.STAFF)
    unit_user = UserFactory(username="dw001", role=Role.UNIT)
    lead = HandlingUnitFactory(name="镇农业综合服务中心", users=[unit_user])
    co = HandlingUnitFactory(name="查汗庙嘎查", kind="village")
    item = advance(
        register(staff, lead_deputy=Deputy.objects.get(name="罗宝音")),
        State.IN_HANDLING,
        actor=staff,
        unit=lead,
        co_units=[co],
    )
    page.goto(f"{live_server.url}/admin/suggestions/suggestion/{item.pk}/change/")
    with page.expect_navigation():
        page.click(".object-tools a.on-behalf-link:text-is('协办意见')")
    page.fill("#id_text", "同意主办单位意见，配合做好现场核实。")
    with page.expect_navigation():
        page.click("input[name=_transition]")
    assert "由人大办代录：李娜" in page.locator("#timeline").inner_text()

    unit_phone = phone_page.context.browser.new_context(
        viewport={"width": 375, "height": 812}, locale="zh-CN", timezone_id="Asia/Shanghai"
    ).new_page()
    sign_in(unit_phone, "dw001", password, admin=False)
    unit_phone.goto(f"{live_server.url}/suggestions/unit/{item.pk}/")
    unit_phone.fill("textarea[name=reply-text]", "已完成道路修缮，查汗庙嘎查配合核实。")
    unit_phone.select_option("select[name=reply-result_class]", "A")
    with unit_phone.expect_navigation():
        unit_phone.click("button:text-is('提交答复')")
    assert Suggestion.objects.get(pk=item.pk).state == State.REPLIED
    screenshot(unit_phone, "unit-replied")
    unit_phone.context.close()

    # Staff correct a deputy's record; the start-up of `make run`, twice, leaves it as they left it.
    luo = Deputy.objects.get(name="罗宝音")
    page.goto(f"{live_server.url}/admin/deputies/deputy/{luo.pk}/change/")
    page.fill("#id_occupation", "查汗庙嘎查党支部书记（已核对）")
    with page.expect_navigation():
        page.click("input[name=_save]")
    for _run in range(2):
        call_command("migrate", verbosity=0)
        call_command("load_demo")
    luo.refresh_from_db()
    assert luo.occupation == "查汗庙嘎查党支部书记（已核对）"
    assert Deputy.objects.count() == 4  # the demo's 67 deputies were not loaded over the office's roster
    page.goto(f"{live_server.url}/admin/deputies/deputy/{luo.pk}/change/")
    assert page.input_value("#id_occupation") == "查汗庙嘎查党支部书记（已核对）"
