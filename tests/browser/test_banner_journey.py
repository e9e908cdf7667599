"""A 旗人大代表建议 handed down by the banner, handled by 乌审召镇, rated by its deputy, followed by the banner.

Banner staff (1280 px) hand the item down; 乌审召镇's staff assign it in the admin; its lead unit replies
in its portal on a phone; the banner deputy who made it, on the township's roster, rates the reply on a
phone (375 px); the banner sees it closed and the comparison move. 图克镇's staff, guessing the item's
address, get 404 everywhere.
"""

import datetime

from django.utils import timezone

from congress.roles import Role
from congress.townships import place_account, scoped
from suggestions.choices import State
from suggestions.models import Suggestion
from tests.factories import DeputyFactory, TermFactory, TownshipFactory, TownshipProfileFactory, UserFactory
from tests.suggestions.factories import HandlingUnitFactory


def satisfaction(page, live_server, year):
    """The 满意率 of 乌审召镇 on the banner's comparison."""
    page.goto(f"{live_server.url}/banner/?year={year}")
    row = page.locator("tbody tr", has_text="乌审召镇")
    return row.locator("td.banner-figure[data-label*='满意率'] .banner-number").inner_text().strip()


def submit(page, selector="input[name=_transition]"):
    with page.expect_navigation():
        page.click(selector)


def test_the_banner_hands_an_item_down_and_follows_it_to_the_rating(
    page, phone_page, browser, live_server, sign_in, screenshot, password
):
    wushenzhao = TownshipProfileFactory().township
    tuke = TownshipFactory()
    banner = UserFactory(username="qi-renda", role=Role.BANNER)
    place_account(banner, banner=True)
    UserFactory(username="renda", role=Role.STAFF)  # 乌审召镇's staff (an account without a link: the first)
    tuke_staff = UserFactory(username="tuke-renda", role=Role.STAFF)
    place_account(tuke_staff, tuke.pk)
    with scoped(wushenzhao):
        term = TermFactory()
        deputy_user = UserFactory(username="qiqige", role=Role.DEPUTY)
        DeputyFactory(term=term, name="其其格", is_banner_deputy=True, user=deputy_user)
        unit_user = UserFactory(username="nongye", role=Role.UNIT)
        unit = HandlingUnitFactory(name="镇农业综合服务中心")
        unit.users.add(unit_user)
    today = timezone.localdate()

    # The banner hands the suggestion down to 乌审召镇, naming the banner deputy on its roster.
    sign_in(page, "qi-renda", password)
    before = satisfaction(page, live_server, today.year)
    page.goto(live_server.url + "/banner/handdowns/new/")
    page.select_option("select[name=township]", label="乌审召镇")
    page.check("input[name=source][value=banner_deputy]")
    page.select_option("select[name=lead_deputy]", label="乌审召镇 · 其其格")
    page.fill("input[name=title]", "关于修缮乌审召镇至嘎查牧道的建议")
    page.fill("textarea[name=content]", "雨季牧道泥泞，牧民出行和运输困难，建议修缮。")
    page.fill("input[name=deadline]", (today + datetime.timedelta(days=60)).isoformat())
    screenshot(page, "banner-hand-down")
    submit(page, "main button:text-is('交办')")
    item = Suggestion.objects.every_township().get()
    assert (item.township_id, item.state, item.source) == (wushenzhao.pk, State.REGISTERED, "banner_deputy")

    # 乌审召镇's staff assign it to their unit: the unit's deadline is the banner's.
    staff_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    staff_page = staff_context.new_page()
    sign_in(staff_page, "renda", password)
    staff_page.goto(f"{live_server.url}/admin/suggestions/suggestion/{item.pk}/change/")
    with staff_page.expect_navigation():
        staff_page.click(".object-tools a:text-is('交办')")
    staff_page.select_option("#id_lead_unit", label="镇农业综合服务中心")
    staff_page.fill("#id_supervisor_leader", "镇长")
    submit(staff_page)
    item.refresh_from_db()
    assert item.state == State.ASSIGNED and item.current_round.deadline == item.banner_deadline

    # The unit replies in its portal, on a phone.
    sign_in(phone_page, "nongye", password, admin=False)
    phone_page.goto(f"{live_server.url}/suggestions/unit/{item.pk}/")
    phone_page.fill("textarea[name=reply-text]", "已完成牧道修缮3公里。")
    phone_page.select_option("select[name=reply-result_class]", "A")
    with phone_page.expect_navigation():
        phone_page.click("button:text-is('提交答复')")
    item.refresh_from_db()
    assert item.state == State.REPLIED

    # The banner deputy rates the reply on a phone.
    phone_page.context.clear_cookies()
    sign_in(phone_page, "qiqige", password, admin=False)
    phone_page.goto(live_server.url + "/suggestions/mine/")
    with phone_page.expect_navigation():
        phone_page.click("a:text-is('测评')")
    phone_page.check("label:text-is('满意')")
    with phone_page.expect_navigation():
        phone_page.click("button:text-is('提交测评')")
    screenshot(phone_page, "deputy-rated")
    item.refresh_from_db()
    assert item.state == State.EVALUATED

    # 乌审召镇's staff close it (办结).
    staff_page.goto(f"{live_server.url}/admin/suggestions/suggestion/{item.pk}/change/")
    with staff_page.expect_navigation():
        staff_page.click(".object-tools a:text-is('办结')")
    submit(staff_page)
    item.refresh_from_db()
    assert item.state == State.CLOSED

    # The banner sees it closed, with the reply and the rating.
    page.goto(live_server.url + "/banner/handdowns/")
    row = page.locator("tr", has_text="关于修缮乌审召镇至嘎查牧道的建议")
    assert "乌审召镇" in row.inner_text() and "满意" in row.inner_text()
    screenshot(page, "banner-follow")
    # …and the comparison move: 乌审召镇's satisfaction now counts the rated item.
    assert before != "100%" and satisfaction(page, live_server, today.year) == "100%"
    screenshot(page, "banner-comparison")

    # 图克镇's staff, guessing the item's addresses, get 404.
    staff_context.clear_cookies()
    sign_in(staff_page, "tuke-renda", password)
    for path in (
        f"/admin/suggestions/suggestion/{item.pk}/change/",
        f"/admin/suggestions/suggestion/{item.pk}/history/",
        f"/admin/suggestions/suggestion/{item.pk}/delete/",
    ):
        response = staff_page.goto(live_server.url + path)
        assert response.status == 404, path
    staff_context.close()
