"""Two staff members edit the annual report in two browsers at once: nobody's text is lost.

The finding this journey guards: each browser sends every section back, with
CR LF line breaks, so the later save wrote its stale copy of the other's section
over it. In real Chromium: different sections both stay; the same section is
refused for the later one, naming who changed it, with their text kept.
"""

from congress.models import ReportSection
from office.report import services as report_services
from tests.factories import PASSWORD, TownshipProfileFactory, UserFactory


def open_draft(browser_page, live_server, sign_in, username, draft):
    sign_in(browser_page, username, PASSWORD)
    browser_page.goto(live_server.url + f"/admin/congress/reportdraft/{draft.pk}/change/")


def save(browser_page):
    with browser_page.expect_navigation():
        browser_page.click("input[name=_continue]")


def test_two_staff_editing_the_report_at_once_lose_nothing(page, browser, live_server, sign_in, screenshot):
    TownshipProfileFactory()
    li = UserFactory(username="li", first_name="李娜", role="presidium_staff")
    UserFactory(username="zhao", first_name="赵敏", role="presidium_staff")
    draft = report_services.draft_create(year=2022, actor=li)
    other_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    other = other_context.new_page()
    try:
        open_draft(page, live_server, sign_in, "li", draft)
        open_draft(other, live_server, sign_in, "zhao", draft)

        # Different sections: both are kept.
        page.fill("#id_sections-1-text", "李娜改写的第一节。\n第二段。")
        save(page)
        other.fill("#id_sections-2-text", "赵敏改写的第二节。")
        save(other)
        assert other.locator(".messagelist .success").count() == 1
        texts = list(
            ReportSection.objects.filter(draft=draft).order_by("order", "pk").values_list("text", flat=True)
        )
        assert texts[1] == "李娜改写的第一节。\n第二段。"
        assert texts[2] == "赵敏改写的第二节。"

        # The same section: the later save is refused, naming who changed it, the text kept.
        page.reload()
        other.reload()
        page.fill("#id_sections-3-text", "李娜的第三节。")
        save(page)
        other.fill("#id_sections-3-text", "赵敏的第三节。")
        save(other)
        assert other.locator(".errornote").count() == 1
        assert "李娜" in other.locator(".inline-related .errorlist").first.inner_text()
        assert other.locator("#id_sections-3-text").input_value() == "赵敏的第三节。"
        screenshot(other, "refused")
        texts = list(
            ReportSection.objects.filter(draft=draft).order_by("order", "pk").values_list("text", flat=True)
        )
        assert texts[3] == "李娜的第三节。"
    finally:
        other_context.close()
