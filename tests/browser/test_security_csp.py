"""Under the Content-Security-Policy (no 'unsafe-inline') every page works: no violation, no script error.

The public pages and the admin's working pages (changelist, change form with
inlines, autocomplete, date picker, import and export, history, revert) are
opened at 1280 px and used a little; every ``securitypolicyviolation`` event,
console error and page error is collected and must stay empty.
"""

import pytest

from congress.models import Term
from tests.factories import (
    ConstituencyFactory,
    DeputyFactory,
    PresidiumMembershipFactory,
    SessionFactory,
    TownshipProfileFactory,
    UserFactory,
)

COLLECT = """
window.__problems = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__problems.push(`CSP ${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.fixture
def watched(page):
    """The page, collecting CSP violations, console errors and uncaught exceptions."""
    problems = []
    page.add_init_script(COLLECT)
    page.on(
        "console",
        lambda msg: (
            msg.type == "error"
            and not msg.text.startswith("Failed to load resource")  # reported with its address below
            and problems.append(f"console: {msg.text}")
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on(
        "response",
        lambda r: (
            r.status >= 400
            and not r.url.endswith("/favicon.ico")  # the browser asks on its own; no page links it
            and r.request.resource_type != "document"
            and problems.append(f"{r.status} {r.url}")
        ),
    )

    def check(where):
        found = problems + page.evaluate("window.__problems || []")
        problems.clear()
        assert found == [], f"{where}: {found}"

    page.check = check
    return page


@pytest.fixture
def records(term):
    TownshipProfileFactory()
    constituency = ConstituencyFactory(name="查汗庙嘎查选区")
    deputy = DeputyFactory(term=term, name="斯琴高娃", constituency=constituency)
    PresidiumMembershipFactory(term=term, deputy=deputy, role="chair")
    SessionFactory(term=term, ordinal=3)
    deputy.occupation = "牧民"
    deputy.save()
    return {"deputy": deputy, "term": term}


def test_public_pages_run_under_the_policy(watched, live_server, records, screenshot):
    deputy = records["deputy"]
    public = [
        "/",
        "/deputies/",
        f"/deputies/{deputy.pk}/",
        "/deputies/home/",
        "/projects/",
        "/suggestions/results/",
    ]
    for path in [*public, "/accounts/login/"]:
        response = watched.goto(live_server.url + path)
        assert "default-src 'self'" in response.headers["content-security-policy"]
        watched.check(path)
    # The sign-in form posts (form-action 'self'); the fifth failure locks with a message in Chinese.
    for _ in range(5):
        watched.fill("input[name=username]", "nobody")
        watched.fill("input[name=password]", "wrong-password")
        with watched.expect_navigation():
            watched.keyboard.press("Enter")
    assert "登录失败次数过多" in watched.locator("form .alert").inner_text()
    watched.check("sign-in post")
    screenshot(watched, "locked")


def test_admin_pages_run_under_the_policy(watched, live_server, sign_in, records, password, screenshot):
    UserFactory(username="renda", role="presidium_staff")
    deputy, term = records["deputy"], records["term"]
    sign_in(watched, "renda", password)
    watched.check("admin index")

    pages = {
        "changelist": "/admin/deputies/deputy/?q=斯琴",
        "filters": "/admin/deputies/deputy/?status__exact=active",
        "import": "/admin/deputies/deputy/import/",
        "export": "/admin/deputies/deputy/export/",
        "history": f"/admin/deputies/deputy/{deputy.pk}/history/",
        "term with inlines": f"/admin/congress/term/{term.pk}/change/",
        "session list": "/admin/congress/session/",
        "term history": f"/admin/congress/term/{term.pk}/history/",
        "password": "/admin/password_change/",
    }
    for name, path in pages.items():
        watched.goto(live_server.url + path)
        watched.check(name)

    revert = deputy.history.order_by("history_date").first()
    watched.goto(live_server.url + f"/admin/deputies/deputy/{deputy.pk}/history/{revert.history_id}/")
    watched.check("revert form")

    # A change form with inlines, autocomplete and date pickers, used.
    watched.goto(live_server.url + f"/admin/deputies/deputy/{deputy.pk}/change/")
    watched.click("#id_constituency + .select2 .select2-selection")
    watched.fill(".select2-search__field", "查汗")
    watched.wait_for_selector(".select2-results__option:has-text('查汗庙嘎查选区')")
    watched.keyboard.press("Escape")
    watched.locator(".field-took_office .date-icon").click()
    watched.locator(".calendarbox:visible").wait_for()
    screenshot(watched, "date-picker")
    watched.keyboard.press("Escape")
    add_row = watched.locator(".add-row a").first
    if add_row.count():
        add_row.click()
    watched.check("deputy change form")

    watched.goto(live_server.url + "/admin/congress/session/add/")
    watched.click("#id_term + .select2 .select2-selection")
    watched.wait_for_selector(".select2-results__option")
    watched.keyboard.press("Escape")
    watched.check("session add form")
    screenshot(watched, "session-add")
    assert Term.objects.count() == 1
