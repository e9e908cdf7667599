"""The banner's comparison on a phone (375 px) and at a desk (1280 px): nothing scrolls sideways, axe-core
finds nothing serious, and a number opens the township's records."""

import pytest

from congress import townships
from congress.roles import Role
from tests.browser import axe
from tests.factories import PASSWORD, UserFactory
from tests.office.helpers import YEAR, two_townships_with_a_year


@pytest.mark.parametrize("device", ["phone_page", "page"], ids=["375px", "1280px"])
def test_the_banner_compares_the_townships_on_a_phone_and_at_a_desk(
    request, device, live_server, sign_in, screenshot
):
    page = request.getfixturevalue(device)
    two_townships_with_a_year(UserFactory(username="renda-staff", role=Role.STAFF))
    banner = UserFactory(username="banner-staff", role=Role.BANNER)
    townships.place_account(banner, banner=True)
    sign_in(page, "banner-staff", PASSWORD)
    page.click("text=乡镇对比")  # from the admin's front page
    page.goto(f"{live_server.url}/banner/?year={YEAR}")
    screenshot(page, "comparison")
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    axe.check(page, f"banner-comparison-{device}")
    assert page.locator(".banner-table tbody tr").count() == 2
    page.click(f"a[href='/banner/tuke/{YEAR}/suggestions.collected/']")
    screenshot(page, "records")
    assert "图克建议0" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
