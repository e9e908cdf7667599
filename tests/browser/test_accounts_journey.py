"""Accounts in the office's first week (1280 px), and a deputy's first sign-in on a phone (375 px).

Staff open accounts for every deputy of the roster, print the sign-in slips and keep the .xlsx
record; a deputy signs in with a slip's one-time password, must choose a new one, then reaches
the portal. Then staff enter a co-handling unit's opinion on its behalf (代录), and the lead unit
replies in its portal.
"""

import io
import re

from openpyxl import load_workbook

from congress.roles import Role
from deputies.models import Deputy
from suggestions.choices import State
from suggestions.models import Suggestion
from tests.factories import DeputyFactory, TownshipProfileFactory, UserFactory
from tests.suggestions.factories import HandlingUnitFactory, advance, register


def run_action(page, label):
    page.select_option("select[name=action]", label=label)
    with page.expect_navigation():
        page.click("button[name=index]")


def test_staff_open_accounts_print_slips_and_a_deputy_signs_in(
    page, phone_page, live_server, sign_in, screenshot, term, password
):
    TownshipProfileFactory()
    UserFactory(username="renda", first_name="李娜", role=Role.STAFF)
    roster = [
        ("乌云其其格", "13947701234"),
        ("巴特尔", "13947705678"),
        ("斯琴", ""),  # no mobile number: a db code
        ("阿拉坦", "139 4770 9012"),
        ("其其格", "13947703456"),
        ("额尔敦", "13947704567"),
        ("那仁", "13947706789"),
    ]
    for name, phone in roster:
        DeputyFactory(term=term, name=name, phone=phone)

    sign_in(page, "renda", password)
    page.goto(live_server.url + "/admin/deputies/deputy/")
    page.check("#action-toggle")
    run_action(page, "开通账号（打印登录凭条）")
    plan = page.locator(".open-accounts-plan").inner_text()
    assert "13947701234" in plan and f"db{Deputy.objects.get(name='斯琴').pk:04d}" in plan
    screenshot(page, "open-confirm")
    with page.expect_navigation():
        page.click("input[name=apply]")

    # The slips: one per deputy, each with the username and a one-time password.
    slips = page.locator("article.slip")
    assert slips.count() == 7
    first = slips.filter(has_text="乌云其其格")
    username = first.locator(".slip-mono").nth(0).inner_text()
    one_time = first.locator(".slip-password").inner_text()
    assert username == "13947701234" and len(one_time) == 10
    screenshot(page, "slips")
    page.emulate_media(media="print")
    screenshot(page, "slips-print")
    # Printed on A4: three slips a sheet, so seven slips take three sheets.
    pdf = page.pdf(format="A4", prefer_css_page_size=True, print_background=True)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 3
    page.emulate_media(media="screen")

    # The office's record of what was handed out.
    with page.expect_download() as download:
        page.click("a[download]")
    rows = list(
        load_workbook(io.BytesIO(download.value.path().read_bytes())).active.iter_rows(values_only=True)
    )
    assert rows[1][4:6] == ("用户名", "初始密码")
    assert ("乌云其其格", "13947701234", one_time) in {(r[1], r[4], r[5]) for r in rows[2:]}

    # The roster shows each deputy's account now; 账号 lists them with whether they can sign in.
    page.goto(live_server.url + "/admin/deputies/deputy/")
    assert "13947701234" in page.locator("#result_list").inner_text()
    page.goto(live_server.url + "/admin/congress/account/")
    assert page.locator("#result_list tbody tr").count() == 7
    screenshot(page, "accounts")
    with page.expect_navigation():
        page.click("#result_list a:text-is('13947701234')")
    assert "开通账号" in page.locator(".field-events_display").inner_text()
    screenshot(page, "account")

    # On a phone: the deputy signs in with the slip, must choose a new password, then reaches the portal.
    sign_in(phone_page, username, one_time, admin=False)
    assert "/accounts/password/" in phone_page.url
    assert "初始密码" in phone_page.locator("main").inner_text()
    screenshot(phone_page, "first-sign-in")
    phone_page.fill("input[name=old_password]", one_time)
    phone_page.fill("input[name=new_password1]", "caoyuan-chun-2024")
    phone_page.fill("input[name=new_password2]", "caoyuan-chun-2024")
    with phone_page.expect_navigation():
        phone_page.click("button[type=submit].btn-congress")
    assert phone_page.url.endswith("/portal/")
    assert "新密码已设置" in phone_page.locator("main").inner_text()
    screenshot(phone_page, "portal")


def test_staff_enter_a_co_units_opinion_and_the_lead_unit_replies(
    page, phone_page, live_server, sign_in, screenshot, term, password
):
    TownshipProfileFactory()
    staff = UserFactory(username="renda", first_name="李娜", role=Role.STAFF)
    unit_user = UserFactory(username="dw001", first_name="镇农业综合服务中心", role=Role.UNIT)
    lead = HandlingUnitFactory(name="镇农业综合服务中心", users=[unit_user])
    co = HandlingUnitFactory(name="查汗庙嘎查", kind="village")  # no account: it answered on paper
    deputy = DeputyFactory(term=term, name="乌云其其格")
    item = advance(
        register(staff, lead_deputy=deputy), State.IN_HANDLING, actor=staff, unit=lead, co_units=[co]
    )

    # The lead unit cannot reply yet: it waits for the co-handling unit's opinion.
    sign_in(phone_page, "dw001", password, admin=False)
    phone_page.goto(f"{live_server.url}/suggestions/unit/{item.pk}/")
    assert "查汗庙嘎查" in phone_page.locator("main").inner_text()

    # Staff enter the co-handling unit's opinion from its letter.
    sign_in(page, "renda", password)
    page.goto(f"{live_server.url}/admin/suggestions/suggestion/{item.pk}/change/")
    with page.expect_navigation():
        page.click(".object-tools a.on-behalf-link:text-is('协办意见')")
    page.fill("#id_text", "同意主办单位意见，配合做好现场核实。")
    screenshot(page, "co-opinion-form")
    with page.expect_navigation():
        page.click("input[name=_transition]")
    assert page.locator(".messagelist .success").count() == 1
    timeline = page.locator("#timeline").inner_text()
    assert "由人大办代录：李娜" in timeline
    screenshot(page, "co-opinion-entered")

    # The lead unit replies in its portal.
    phone_page.goto(f"{live_server.url}/suggestions/unit/{item.pk}/")
    phone_page.fill("textarea[name=reply-text]", "已完成道路修缮，查汗庙嘎查配合核实。")
    phone_page.select_option("select[name=reply-result_class]", "A")
    with phone_page.expect_navigation():
        phone_page.click("button:text-is('提交答复')")
    assert Suggestion.objects.get(pk=item.pk).state == State.REPLIED
    assert "由人大办代录" in phone_page.locator("main").inner_text()  # the co-unit's opinion, so marked
    screenshot(phone_page, "unit-replied")
