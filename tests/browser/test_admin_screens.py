"""The admin as staff meet it on a phone (375 px) and at a desk (1280 px), on the demo township.

The dashboard, the ledger, the roster, an activity's attendance (marked with the
toggles) and the report pages: none scrolls sideways, axe-core finds nothing
serious, and each is saved as a screenshot. At 1280 px every list column is
whole inside the window; at 375 px the lists and the inline rows are cards.
"""

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import Count

from congress.models import ReportDraft
from deputies.models import Activity, AttendanceStatus
from tests.browser import axe

WIDTHS = ["phone_page", "page"]  # 375 px and 1280 px (tests/browser/conftest.py)

# Each list cell that sticks out of the window, or is cut inside its column (its text wider than its box).
CLIPPED = """() => {
  const out = [];
  const list = document.querySelector('#changelist .results').getBoundingClientRect();
  const right = Math.min(list.right, window.innerWidth);
  for (const cell of document.querySelectorAll('#result_list th, #result_list td')) {
    const box = cell.getBoundingClientRect();
    if (box.width === 0) continue;
    if (box.right > right + 1 || cell.scrollWidth > cell.clientWidth + 1) {
      out.push(cell.className + ': ' + cell.innerText.trim().slice(0, 20));
    }
  }
  return out;
}"""


def fits(page):
    """No sideways scrolling: nothing is wider than the window."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} is {width} px wide"


@pytest.fixture
def look(request, screenshot):
    """look(page, step): the page fits the window, passes axe-core and is saved as a screenshot."""
    name = request.node.name.replace("[", "-").replace("]", "")

    def check(page, step):
        screenshot(page, step)  # first, to be seen when a check below fails
        fits(page)
        axe.check(page, f"{name}-{step}")

    return check


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


def whole_columns(page):
    assert page.evaluate(CLIPPED) == []


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("device", WIDTHS, ids=["375px", "1280px"])
def test_staff_work_the_admin_on_a_phone_and_at_a_desk(
    request, device, language, live_server, sign_in, look, demo
):
    page = request.getfixturevalue(device)
    phone, chinese = device == "phone_page", language == "zh-hans"
    missing = []
    page.on("response", lambda r: r.status == 404 and missing.append(r.url))
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )
    sign_in(page, "staff", "demo-2022")

    # The year at a glance: tiles, charts, the three-colour deadlines and the units.
    page.goto(live_server.url + "/admin/?year=2022")
    assert "2022" in page.locator("#dashboard-title").inner_text()
    look(page, "dashboard")

    # The ledger: number, title, state and deadline first; on a phone each item is a card.
    page.goto(live_server.url + "/admin/suggestions/suggestion/?year=2022")
    first = page.locator("#result_list tbody tr").first
    for column in ("field-number", "field-title_display", "field-state_display"):
        assert first.locator(f".{column}").is_visible()
    look(page, "ledger")
    if not phone:
        whole_columns(page)

    # The roster: 届 whole, 履职档案 and 代表码 in the window.
    page.goto(live_server.url + "/admin/deputies/deputy/")
    row = page.locator("#result_list tbody tr").first
    assert row.locator(".field-term").inner_text().startswith("第四届" if chinese else "Term")
    assert row.locator(".field-duty_record_link a").is_visible()
    assert row.locator(".field-code_card_link a").is_visible()
    look(page, "roster")
    if not phone:
        whole_columns(page)

    # The activity with the most deputies: marked with the toggles, saved, kept.
    activity = Activity.objects.annotate(n=Count("attendances")).order_by("-n").first()
    assert activity.n >= 60
    page.goto(live_server.url + f"/admin/deputies/activity/{activity.pk}/change/")
    rows = page.locator(".attendance-list tr.form-row.has_original")
    assert rows.count() == activity.n
    # A dense list: one line per deputy (the reason opens under a deputy marked absent).
    height = page.locator(".attendance-list tbody").bounding_box()["height"]
    assert height < 60 * activity.n, f"the attendance of {activity.n} deputies is {height} px tall"
    look(page, "attendance")
    target = rows.nth(0)
    marked = activity.attendances.get(pk=target.locator("input[name$='-id']").input_value())
    target.locator("label:has(input[value=absent])").click()
    reason = target.locator(".field-absence_reason input")
    assert reason.is_visible()
    reason.fill("外出放牧")
    with page.expect_navigation():
        page.click("input[name=_continue]")
    assert page.locator(".messagelist .success").count() == 1
    marked.refresh_from_db()
    assert marked.status == AttendanceStatus.ABSENT and marked.absence_reason == "外出放牧"
    look(page, "attendance-saved")

    # The work report: the draft's sections as cards, its preview.
    page.goto(live_server.url + "/admin/congress/reportdraft/add/?year=2022")
    look(page, "report-add")
    with page.expect_navigation():
        page.click("input[name=_save]")
    draft = ReportDraft.objects.get(year=2022)
    page.goto(live_server.url + f"/admin/congress/reportdraft/{draft.pk}/change/")
    look(page, "report-draft")
    page.goto(live_server.url + f"/admin/congress/reportdraft/{draft.pk}/preview/")
    fits(page)
    request.getfixturevalue("screenshot")(page, "report-preview")

    assert not [url for url in missing if url.endswith("favicon.ico") or "favicon" in url]
