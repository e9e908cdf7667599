"""The duty record (履职档案): counts, duty points under the staff's weights, the staff list and export."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from deputies import selectors
from deputies.models import ActivityKind, AttendanceStatus, DeputyStatus, DutyPointItem, DutyPointWeight
from tests.factories import DeputyFactory
from tests.spreadsheets import sheet_of

from .factories import (
    ActivityFactory,
    DeliberationFactory,
    DutyReportFactory,
    OpinionFactory,
    ReceptionFactory,
    VoterContactFactory,
    attend,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def weights(**points):
    for item, value in points.items():
        DutyPointWeight.objects.update_or_create(item=item, defaults={"points": Decimal(value)})


@pytest.fixture
def busy_deputy(term):
    """A deputy's 2022: 2 receptions on duty (+1 unconfirmed), 1 duty report, a trip, an absence, 2 opinions."""
    deputy = DeputyFactory(term=term, name="乌云其其格")
    ReceptionFactory(term=term, deputies=[deputy], date=D(2022, 1, 10))
    ReceptionFactory(term=term, deputies=[deputy], date=D(2022, 12, 31))
    ReceptionFactory(term=term, deputies=[deputy], date=D(2022, 3, 3), confirmed=False)
    ReceptionFactory(term=term, deputies=[deputy], date=D(2023, 1, 1))
    DutyReportFactory(deputy=deputy, date=D(2022, 6, 21))
    attend(ActivityFactory(term=term, kind=ActivityKind.RESEARCH_TRIP), [deputy])
    attend(ActivityFactory(term=term, kind=ActivityKind.STUDY), [deputy], AttendanceStatus.ABSENT, "春季接羔")
    deliberation = DeliberationFactory(term=term)
    deliberation.deputies.add(deputy)
    OpinionFactory.create_batch(2, deliberation=deliberation, raised_by=deputy)
    return deputy


def test_the_record_counts_each_item_of_the_year(busy_deputy):
    counts = selectors.duty_record(busy_deputy, 2022).counts
    assert counts == {
        DutyPointItem.RECEPTION: 2,
        DutyPointItem.DUTY_REPORT: 1,
        DutyPointItem.RESEARCH_TRIP: 1,
        DutyPointItem.ABSENCE: 1,
        DutyPointItem.DELIBERATION: 1,
        DutyPointItem.OPINION: 2,
    }


def test_duty_points_are_counts_times_the_staff_s_weights(busy_deputy):
    weights(reception=3, duty_report=5, research_trip=4, absence=-1, deliberation=2, opinion="1.5", study=1)
    # 2×3 + 5 + 4 − 1 + 2 + 2×1.5
    assert selectors.duty_record(busy_deputy, 2022).points == Decimal("19")


def test_changing_a_weight_changes_the_points(busy_deputy):
    weights(opinion=2)
    before = selectors.duty_record(busy_deputy, 2022).points
    weights(opinion=5)
    assert selectors.duty_record(busy_deputy, 2022).points == before + 2 * 3


def test_an_item_without_a_weight_row_uses_the_default(busy_deputy):
    DutyPointWeight.objects.all().delete()
    from deputies.models.points import DEFAULT_POINTS

    assert selectors.duty_record(busy_deputy, 2022).points == (
        2 * DEFAULT_POINTS[DutyPointItem.RECEPTION]
        + DEFAULT_POINTS[DutyPointItem.DUTY_REPORT]
        + DEFAULT_POINTS[DutyPointItem.RESEARCH_TRIP]
        + DEFAULT_POINTS[DutyPointItem.ABSENCE]
        + DEFAULT_POINTS[DutyPointItem.DELIBERATION]
        + 2 * DEFAULT_POINTS[DutyPointItem.OPINION]
    )


def test_the_record_lists_unconfirmed_receptions_apart(busy_deputy):
    record = selectors.duty_record(busy_deputy, 2022)
    assert [r.date for r in record.receptions] == [D(2022, 1, 10), D(2022, 12, 31)]
    assert [r.date for r in record.pending_receptions] == [D(2022, 3, 3)]


def test_the_record_shows_activities_by_kind_with_absences(busy_deputy):
    rows = selectors.duty_record(busy_deputy, 2022).activities_by_kind
    assert [(r["kind"], r["present"], r["absent"]) for r in rows] == [
        ("study", 0, 1),
        ("research_trip", 1, 0),
    ]


def test_staff_read_any_deputy_s_record_page(staff_client, busy_deputy):
    response = staff_client.get(reverse("deputies:record", args=[busy_deputy.pk, 2022]))
    assert response.status_code == 200
    assert response.context["record"].deputy == busy_deputy
    assert "春季接羔" in response.content.decode()


def test_the_staff_list_shows_every_deputy_of_the_year_with_points(staff_client, busy_deputy, term):
    DeputyFactory(term=term, status=DeputyStatus.RESIGNED, left_office=D(2022, 6, 30), name="冯文斌")
    DeputyFactory(term=term, status=DeputyStatus.RESIGNED, left_office=D(2021, 12, 1), name="早已离任")
    response = staff_client.get(reverse("deputies:records"), {"year": 2022})
    names = [row.deputy.name for row in response.context["rows"]]
    assert sorted(names) == sorted(["乌云其其格", "冯文斌"])


def test_the_staff_list_pages_a_large_roster_and_page_two_holds_the_rest(staff_client, term, monkeypatch):
    monkeypatch.setattr("deputies.views.RECORDS_PER_PAGE", 3)
    DeputyFactory.create_batch(5, term=term)
    first = staff_client.get(reverse("deputies:records"), {"year": 2022})
    second = staff_client.get(reverse("deputies:records"), {"year": 2022, "page": 2})
    shown = [row.deputy.pk for row in first.context["rows"]] + [
        row.deputy.pk for row in second.context["rows"]
    ]
    assert len(first.context["rows"]) == 3
    assert sorted(shown) == sorted(term.deputies.values_list("pk", flat=True))
    assert "page=2" in first.content.decode()


def test_the_staff_list_runs_a_fixed_number_of_queries(staff_client, term, django_assert_num_queries):
    def load():
        staff_client.get(reverse("deputies:records"), {"year": 2022})

    DeputyFactory(term=term)
    load()  # warm up the session and the user's roles
    with django_assert_num_queries(13) as small:
        load()
    for deputy in DeputyFactory.create_batch(5, term=term):
        ReceptionFactory(term=term, deputies=[deputy])
        VoterContactFactory(deputy=deputy)
    with django_assert_num_queries(len(small.captured_queries)):
        load()


def test_staff_export_all_records_of_a_year_as_xlsx(staff_client, busy_deputy):
    VoterContactFactory(deputy=busy_deputy, contact_point="查汗庙嘎查第一牧业社")
    response = staff_client.get(reverse("deputies:records_export", args=[2022]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = sheet_of(response.content)
    headers = [c.value for c in sheet[1]]
    row = dict(zip(headers, [c.value for c in sheet[2]], strict=True))
    assert row["姓名"] == "乌云其其格"
    assert row["接待选民（次）"] == 2
    assert row["提出意见（条）"] == 2
    assert row["联系选民点"] == "查汗庙嘎查第一牧业社"
    assert row["履职积分"] == float(selectors.duty_record(busy_deputy, 2022).points)


@pytest.mark.parametrize("name", ["records", "record", "records_export"])
def test_deputies_cannot_open_the_staff_record_pages(client, deputy_user, busy_deputy, name):
    client.force_login(deputy_user)
    args = {"records": [], "record": [busy_deputy.pk, 2022], "records_export": [2022]}[name]
    assert client.get(reverse(f"deputies:{name}", args=args)).status_code == 404
