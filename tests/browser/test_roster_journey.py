"""Staff sign in, add a deputy in the admin, and find the deputy in the roster."""

from deputies.models import Deputy
from tests.factories import ConstituencyFactory, TownshipProfileFactory, UserFactory


def test_staff_add_a_deputy_and_find_it_in_the_roster(page, live_server, sign_in, screenshot, term, password):
    TownshipProfileFactory()
    ConstituencyFactory(name="查汗庙嘎查选区")
    UserFactory(username="renda", role="presidium_staff")

    sign_in(page, "renda", password)
    assert page.locator("#site-name").inner_text() == "乌审召镇人大主席团工作平台"
    screenshot(page, "admin-index")

    page.goto(live_server.url + "/admin/deputies/deputy/add/")
    page.fill("#id_name", "斯琴高娃")
    page.select_option("#id_gender", "female")
    page.fill("#id_ethnicity", "蒙古族")
    page.fill("#id_birth_month", "1978-04-01")
    page.select_option("#id_political_affiliation", "cpc")
    page.fill("#id_occupation", "查汗庙嘎查牧民")
    # Autocomplete: type part of the constituency name and pick it.
    page.click("#id_constituency + .select2 .select2-selection")
    page.fill(".select2-search__field", "查汗")
    page.click(".select2-results__option:has-text('查汗庙嘎查选区')")
    page.fill("#id_phone", "13912340000")
    with page.expect_navigation():
        page.click("input[name=_save]")
    assert page.locator(".messagelist .success").count() == 1

    page.fill("#searchbar", "斯琴")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    row = page.locator("#result_list tbody tr")
    assert row.count() == 1
    assert "斯琴高娃" in row.inner_text()
    assert "查汗庙嘎查选区" in row.inner_text()
    screenshot(page, "roster")

    deputy = Deputy.objects.get(name="斯琴高娃")
    assert deputy.term == term  # the current term is the default
    assert deputy.took_office == term.start_date
