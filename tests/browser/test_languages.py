"""One language at a time, in the browser: the pages this branch changed, in Chinese and in English,
at 375 and 1280 px, on the demo; nothing wider than the window, the top menu whole, and
screenshots under var/test-output/screenshots/ to look at."""

import io

import pytest
from django.core.management import call_command

from .conftest import DESKTOP, PHONE, _page

LANGUAGES = ["zh-hans", "en"]


def in_language(browser, live_server, viewport, language):
    options = {"is_mobile": True, "has_touch": True} if viewport is PHONE else {}
    context, page = _page(browser, viewport, **options)
    host = live_server.url.split("//", 1)[1].split(":", 1)[0]
    context.add_cookies([{"name": "django_language", "value": language, "domain": host, "path": "/"}])
    return context, page


def sign_in(page, live_server, username, *, admin):
    page.goto(live_server.url + ("/admin/login/" if admin else "/accounts/login/"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "demo-2022")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def widest(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.fixture
def demo(live_server):
    call_command("load_demo", stdout=io.StringIO())


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_signed_in_top_menu_fits_1280_px(browser, live_server, demo, screenshot, language):
    context, page = in_language(browser, live_server, DESKTOP, language)
    sign_in(page, live_server, "deputy", admin=False)
    page.goto(live_server.url + "/")
    switch = page.locator(".nav-account button[name=language]")
    sign_out = page.locator(".nav-account form[action$='logout/'] button")
    for item in (switch, sign_out):
        box = item.bounding_box()
        assert box is not None and box["x"] + box["width"] <= DESKTOP["width"], box
    assert widest(page) <= DESKTOP["width"]
    screenshot(page, f"home-{language}")
    context.close()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375", "1280"])
def test_the_deputy_s_pages_read_in_one_language(browser, live_server, demo, screenshot, language, viewport):
    context, page = in_language(browser, live_server, viewport, language)
    sign_in(page, live_server, "deputy", admin=False)
    for step, path in [
        ("portal", "/portal/"),
        ("record", "/deputies/me/"),
        ("notices", "/suggestions/notifications/"),
    ]:
        response = page.goto(live_server.url + path)
        if response is None or response.status != 200:
            continue
        assert widest(page) <= viewport["width"] + 1, step
        text = page.locator("main").inner_text()
        if language == "en":
            assert "月" not in text.replace("中文", ""), step  # dates as English writes them
        screenshot(page, f"{step}-{language}-{viewport['width']}")
    context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_ledger_export_page_names_its_columns_as_the_sheet_does(
    browser, live_server, demo, screenshot, language
):
    context, page = in_language(browser, live_server, DESKTOP, language)
    sign_in(page, live_server, "staff", admin=True)
    page.goto(live_server.url + "/admin/suggestions/suggestion/export/")
    labels = page.locator("form label").all_inner_texts()
    assert "编号" in labels and not [label for label in labels if "(" in label and "编号" in label]
    screenshot(page, f"ledger-export-{language}")
    page.goto(live_server.url + "/admin/congress/reportdraft/")
    screenshot(page, f"report-drafts-{language}")
    context.close()


def test_the_report_preview_prints_page_numbers_on_the_outer_edge(browser, live_server, demo, tmp_path):
    from office.report.services import draft_create

    draft = draft_create(year=2022)
    context, page = in_language(browser, live_server, DESKTOP, "zh-hans")
    sign_in(page, live_server, "staff", admin=True)
    page.goto(live_server.url + f"/admin/congress/reportdraft/{draft.pk}/preview/")
    pdf = tmp_path / "preview.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    assert pdf.stat().st_size > 1000
    context.close()
