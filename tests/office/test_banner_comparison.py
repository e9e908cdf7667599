"""The banner's comparison of the townships (domain.md §10): each township's own figures side by side,
the records behind each, the workbook, and who may see them."""

import io
from decimal import Decimal
from urllib.parse import unquote

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from congress import townships
from congress.roles import Role
from office.banner import comparison
from suggestions.choices import Rating
from tests.factories import DeputyFactory, UserFactory
from tests.office.helpers import YEAR, township_year, two_townships_with_a_year

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def staff(db):
    return UserFactory(username="renda-staff", role=Role.STAFF, password=None)


@pytest.fixture
def two_townships(staff):
    return two_townships_with_a_year(staff)


@pytest.fixture
def banner_client(client, db):
    user = UserFactory(username="banner-staff", role=Role.BANNER, password=None)
    townships.place_account(user, banner=True)
    client.force_login(user)
    return client


def values(table):
    return {row.township: {cell.code: cell.value for cell in row.cells} for row in table.rows}


def test_each_township_shows_its_own_figures_not_the_sum(two_townships, banner_client):
    response = banner_client.get(reverse("banner:index"), {"year": YEAR})
    assert response.status_code == 200
    assert values(response.context["table"]) == {
        "乌审召镇": {
            "suggestions.collected": 4,
            "suggestions.satisfaction_rate": Decimal("50.00"),
            "suggestions.on_time_rate": Decimal("100.00"),
            "receptions.visitors": 30,
            "activities.research_participation_rate": Decimal("25.00"),
            "livelihood.voted": 2,
            "livelihood.in_use": 1,
        },
        "图克镇": {
            "suggestions.collected": 1,
            "suggestions.satisfaction_rate": Decimal("100.00"),
            "suggestions.on_time_rate": Decimal("100.00"),
            "receptions.visitors": 12,
            "activities.research_participation_rate": Decimal("100.00"),
            "livelihood.voted": 1,
            "livelihood.in_use": 1,
        },
    }
    page = response.content.decode()
    assert "乡镇对比" in page
    assert "50%" in page and "2 / 4" in page  # the rate and its part of its whole
    assert reverse("banner:records", args=["tuke", YEAR, "receptions.visitors"]) in page


def test_the_page_opens_on_the_latest_year_with_records(two_townships, banner_client):
    response = banner_client.get(reverse("banner:index"))
    assert response.context["year"] == YEAR
    assert YEAR in response.context["years"]


def test_a_figure_drills_down_to_that_township_s_records_only(two_townships, banner_client):
    response = banner_client.get(reverse("banner:records", args=["tuke", YEAR, "suggestions.collected"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "图克建议0" in page
    assert "乌审召建议" not in page
    assert "2022-03-01" in page  # each record with its date


def test_the_drill_down_shows_no_personal_data(two_townships, banner_client):
    address = reverse("banner:records", args=["wushenzhao", YEAR, "activities.research_participation_rate"])
    page = banner_client.get(address).content.decode()
    with townships.scoped(two_townships[0]):
        researcher = DeputyFactory._meta.model.objects.filter(attendances__isnull=False).get()
    assert researcher.name in page
    assert researcher.phone not in page


def test_unknown_townships_figures_and_years_answer_404(two_townships, banner_client):
    for args in (["nowhere", YEAR, "suggestions.collected"], ["tuke", YEAR, "deputies.in_office"]):
        assert banner_client.get(reverse("banner:records", args=args)).status_code == 404
    assert banner_client.get(reverse("banner:index"), {"year": "abc"}).status_code == 404


def test_a_township_s_staff_and_other_accounts_are_refused(two_townships, client):
    staff_of_tuke = UserFactory(username="tuke-staff", role=Role.STAFF, password=None)
    townships.place_account(staff_of_tuke, two_townships[1].pk)
    addresses = [
        reverse("banner:index"),
        reverse("banner:export", args=[YEAR]),
        reverse("banner:records", args=["tuke", YEAR, "suggestions.collected"]),
    ]
    for address in addresses:
        assert client.get(address).status_code == 302  # to sign in
    client.force_login(staff_of_tuke)
    for address in addresses:
        assert client.get(address).status_code == 403
    for address in (reverse("admin:index"), reverse("home")):
        assert "乡镇对比" not in client.get(address).content.decode()


def test_the_workbook_holds_each_township_s_numbers(two_townships, banner_client):
    response = banner_client.get(reverse("banner:export", args=[YEAR]))
    assert response.status_code == 200
    assert "乡镇对比-2022.xlsx" in unquote(response["Content-Disposition"])
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "乡镇对比-2022"
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "乡镇"
    assert rows[0][2] == "满意率（%）"
    assert rows[1] == ("乌审召镇", 4, 50, 100, 30, 25, 2, 1)
    assert rows[2] == ("图克镇", 1, 100, 100, 12, 100, 1, 1)


def test_the_workbook_neutralises_text_that_looks_like_a_formula(two_townships, banner_client):
    type(two_townships[1]).objects.filter(pk=two_townships[1].pk).update(name="=HYPERLINK(1)")
    response = banner_client.get(reverse("banner:export", args=[YEAR]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=3, column=1).value == "'=HYPERLINK(1)"


def test_the_comparison_costs_the_same_queries_with_more_records(two_townships, staff, settings):
    settings.PAGE_CACHE = False
    with CaptureQueriesContext(connection) as before:
        comparison.comparison(YEAR)
    for township in two_townships:
        with townships.scoped(township):
            township_year(
                staff,
                prefix=f"{township.slug}-more",
                ratings=[Rating.SATISFIED] * 3,
                visitors=5,
                deputies=3,
                researchers=2,
                projects=0,
            )
    with CaptureQueriesContext(connection) as after:
        table = comparison.comparison(YEAR)
    assert values(table)["图克镇"]["suggestions.collected"] == 4
    assert len(after) == len(before)


def test_the_banner_s_link_is_on_the_admin_front_page_and_in_the_menu_for_its_staff(
    two_townships, banner_client
):
    for address in (reverse("admin:index"), reverse("home")):
        page = banner_client.get(address).content.decode()
        assert f'href="{reverse("banner:index")}"' in page and "乡镇对比" in page


# ---- the admin, seen by the banner's staff ----------------------------------------------------


def test_the_banner_s_staff_see_each_row_s_township_in_the_admin(two_townships, banner_client):
    page = banner_client.get(reverse("admin:suggestions_suggestion_changelist")).content.decode()
    assert "column-township" in page
    assert "township__id__exact" in page  # the filter by township
    assert "图克建议0" in page and "乌审召建议0" in page
    filtered = banner_client.get(
        reverse("admin:suggestions_suggestion_changelist"), {"township__id__exact": two_townships[1].pk}
    ).content.decode()
    assert "图克建议0" in filtered and "乌审召建议0" not in filtered


def test_a_township_s_staff_see_their_lists_unchanged(two_townships, client):
    staff_of_tuke = UserFactory(username="tuke-staff", role=Role.STAFF, password=None)
    townships.place_account(staff_of_tuke, two_townships[1].pk)
    client.force_login(staff_of_tuke)
    page = client.get(reverse("admin:suggestions_suggestion_changelist")).content.decode()
    assert "图克建议0" in page and "乌审召建议0" not in page
    assert "column-township" not in page
    assert "township__id__exact" not in page


def test_a_repeat_of_the_comparison_costs_only_the_data_version(
    staff, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE = True
    # As if committed: the new data version taken, nothing of the test's transaction left unsaved.
    with django_capture_on_commit_callbacks(execute=True):
        two_townships_with_a_year(staff)
    connection.run_on_commit.clear()
    first = comparison.comparison(YEAR)
    with CaptureQueriesContext(connection) as repeat:
        again = comparison.comparison(YEAR)
    assert again == first
    assert len(repeat) <= 1  # the data version's token
