"""Staff record a reception day and a research trip with attendance in the admin; the figures follow.

And a deputy logs a reception on the phone and finds it awaiting confirmation in their duty record.
"""

import pytest
from django.utils import timezone

from congress.figures import compute
from deputies.models import Attendance, Reception
from tests.deputies.factories import DeputiesHomeFactory
from tests.factories import DeputyFactory, TownshipProfileFactory, UserFactory


def pick(page, select_id, text):
    """Choose ``text`` in an admin autocomplete (select2) field."""
    page.click(f"#{select_id} + .select2 .select2-selection")
    page.fill(".select2-container--open .select2-search__field", text)
    page.click(f".select2-results__option:has-text('{text}')")


@pytest.mark.parametrize("device", ["phone_page", "page"], ids=["375px", "1280px"])
def test_staff_record_a_reception_and_a_research_trip_and_the_figures_change(
    request, device, live_server, sign_in, screenshot, term, password
):
    page = request.getfixturevalue(device)
    TownshipProfileFactory()
    DeputiesHomeFactory()
    for name in ["乌云其其格", "巴特尔", "斯琴", "阿拉坦"]:
        DeputyFactory(term=term, name=name)
    UserFactory(username="renda", role="presidium_staff")
    year = timezone.localdate().year
    assert compute("receptions.visitors", year).value == 0

    sign_in(page, "renda", password)

    # A reception day with a matter raised.
    page.goto(live_server.url + "/admin/deputies/reception/add/")
    assert (
        page.input_value("#id_date").replace("/", "-") == timezone.localdate().isoformat()
    )  # today by default
    page.fill("#id_place", "乌审召镇人大代表之家")
    pick(page, "id_deputies", "乌云其其格")
    pick(page, "id_deputies", "巴特尔")
    page.fill("#id_visitors", "7")
    page.fill("#id_matters-0-summary", "巷道雨天积水，希望硬化")
    page.select_option("#id_matters-0-category", "infrastructure")
    page.fill("#id_matters-0-voter_name", "张某某")
    page.select_option("#id_matters-0-outcome", "suggestion")
    screenshot(page, "reception-form")
    with page.expect_navigation():
        page.click("input[name=_save]")
    assert page.locator(".messagelist .success").count() == 1
    screenshot(page, "reception-list")
    reception = Reception.objects.get()
    assert reception.confirmed and reception.matters.count() == 1
    assert compute("receptions.visitors", year).value == 7
    assert compute("receptions.days", year).value == 1

    # A research trip: save and invite everyone in office, then mark attendance in the one list.
    page.goto(live_server.url + "/admin/deputies/activity/add/")
    page.select_option("#id_kind", "research_trip")
    page.fill("#id_title", "赴五原县学习考察乡村振兴工作")
    page.fill("#id_destination", "巴彦淖尔市五原县")
    with page.expect_navigation():
        page.click("input[name=_invite_all]")
    assert page.locator(".messagelist .success").count() >= 1
    rows = page.locator(".attendance-list tr.has_original")
    assert rows.count() == 4
    screenshot(page, "activity-invited")
    # Marked with the toggles (出席 / 缺席), one tap each.
    for index in range(3):
        rows.nth(index).get_by_text("出席", exact=True).click()
    rows.nth(3).get_by_text("缺席", exact=True).click()
    page.fill("#id_attendances-3-absence_reason", "春季接羔")
    screenshot(page, "activity-attendance")
    with page.expect_navigation():
        page.click("input[name=_save]")
    assert page.locator(".messagelist .success").count() == 1
    screenshot(page, "activity-list")

    assert Attendance.objects.filter(status="present").count() == 3
    assert compute("activities.research_trips", year).value == 1
    assert compute("activities.research_participants", year).value == 3
    assert compute("activities.research_participation_rate", year).display() == "75%"

    # The staff's duty records page shows the year.
    page.goto(live_server.url + f"/deputies/records/?year={year}")
    assert "乌云其其格" in page.locator(".records-table").inner_text()
    screenshot(page, "records")


def test_a_deputy_logs_a_reception_on_the_phone(phone_page, live_server, sign_in, screenshot, term, password):
    TownshipProfileFactory()
    user = UserFactory(username="wuyun", role="deputy")
    DeputyFactory(term=term, name="乌云其其格", user=user)
    page = phone_page

    sign_in(page, "wuyun", password, admin=False)
    page.goto(live_server.url + "/deputies/me/receptions/new/")
    page.fill("#id_date", timezone.localdate().isoformat())
    page.fill("#id_place", "查汗庙嘎查党群服务中心")
    page.fill("#id_visitors", "0")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert page.locator(".invalid-feedback").count() == 1  # the error names the field, in Chinese
    screenshot(page, "log-error")
    page.fill("#id_visitors", "5")
    page.fill("#id_matters_summary", "牧户反映春季防火宣传不到位")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert page.locator(".badge", has_text="待确认").count() == 1
    screenshot(page, "my-record")
    assert not Reception.objects.get().confirmed
