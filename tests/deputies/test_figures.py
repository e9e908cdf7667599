"""Each duty-work figure counts what domain.md §6 says, and nothing else."""

import datetime
from decimal import Decimal

import pytest

from congress.figures import REGISTRY, compute
from deputies.models import ActivityKind, AttendanceStatus, DeputyStatus
from tests.factories import DeputyFactory, TermFactory

from .factories import (
    ActivityFactory,
    DeliberationFactory,
    DutyReportFactory,
    OpinionFactory,
    ReceptionFactory,
    attend,
)

pytestmark = pytest.mark.django_db

D = datetime.date
CODES = [
    "deputies.in_office",
    "receptions.visitors",
    "receptions.days",
    "duty_reports.count",
    "activities.research_trips",
    "activities.research_participants",
    "activities.research_participation_rate",
    "activities.participants",
    "activities.participation_rate",
    "activities.by_kind",
    "deliberations.count",
    "deliberations.opinions",
]


def test_every_duty_figure_is_registered_under_its_code():
    assert set(CODES) <= set(REGISTRY)


# ---- deputies in office ----


def test_in_office_counts_deputies_on_31_december(term):
    DeputyFactory(term=term)
    DeputyFactory(term=term, status=DeputyStatus.RESIGNED, left_office=D(2022, 6, 30))
    DeputyFactory(
        term=term, status=DeputyStatus.RESIGNED, left_office=D(2023, 1, 1)
    )  # still in office on 31 Dec
    DeputyFactory(term=term, took_office=D(2023, 1, 1))  # joined the next day
    assert compute("deputies.in_office", 2022).value == 2


def test_in_office_counts_a_deputy_who_joined_mid_year(term):
    DeputyFactory(term=term, took_office=D(2022, 7, 1))
    assert compute("deputies.in_office", 2022).value == 1
    assert compute("deputies.in_office", 2021).value == 0


def test_in_office_leaves_out_deputies_of_a_term_that_ended(db):
    old = TermFactory(ordinal=3, start_date=D(2016, 9, 1), end_date=D(2021, 9, 21))
    DeputyFactory(term=old, took_office=old.start_date)
    assert compute("deputies.in_office", 2020).value == 1
    assert compute("deputies.in_office", 2022).value == 0


# ---- receptions ----


def test_reception_visitors_add_up_the_year_s_confirmed_reception_days(term):
    ReceptionFactory(term=term, date=D(2022, 1, 1), visitors=6)
    ReceptionFactory(term=term, date=D(2022, 12, 31), visitors=7)
    ReceptionFactory(term=term, date=D(2021, 12, 31), visitors=100)
    ReceptionFactory(term=term, date=D(2023, 1, 1), visitors=100)
    figure = compute("receptions.visitors", 2022)
    assert figure.value == 13
    assert figure.records.count() == 2


def test_unconfirmed_receptions_are_not_counted(term):
    ReceptionFactory(term=term, visitors=5)
    ReceptionFactory(term=term, visitors=9, confirmed=False)
    assert compute("receptions.visitors", 2022).value == 5
    assert compute("receptions.days", 2022).value == 1


def test_a_year_without_receptions_has_zero_visitors(term):
    assert compute("receptions.visitors", 2022).display() == "0"
    assert compute("receptions.days", 2022).value == 0


# ---- duty reports ----


def test_duty_reports_count_by_the_date_held(term):
    deputy = DeputyFactory(term=term)
    DutyReportFactory(deputy=deputy, date=D(2022, 12, 31))
    DutyReportFactory(deputy=deputy, date=D(2023, 1, 1))
    DutyReportFactory(deputy=deputy, date=D(2022, 1, 1))
    assert compute("duty_reports.count", 2022).value == 2


# ---- activities ----


def test_research_trips_count_only_trips_of_the_year(term):
    ActivityFactory(
        term=term, kind=ActivityKind.RESEARCH_TRIP, start_date=D(2022, 12, 31), end_date=D(2023, 1, 2)
    )
    ActivityFactory(term=term, kind=ActivityKind.RESEARCH_TRIP, start_date=D(2023, 1, 1))
    ActivityFactory(term=term, kind=ActivityKind.SURVEY, start_date=D(2022, 5, 1))
    assert compute("activities.research_trips", 2022).value == 1
    assert compute("activities.research_trips", 2023).value == 1


def test_research_participants_are_distinct_deputies_present_at_trips_and_surveys(term):
    a, b, c, d = DeputyFactory.create_batch(4, term=term)
    trip = ActivityFactory(term=term, kind=ActivityKind.RESEARCH_TRIP)
    survey = ActivityFactory(term=term, kind=ActivityKind.SURVEY)
    study = ActivityFactory(term=term, kind=ActivityKind.STUDY)
    attend(trip, [a, b])
    attend(survey, [b, c])  # b counted once
    attend(study, [d])  # not research
    figure = compute("activities.research_participants", 2022)
    assert figure.value == 3
    assert set(figure.records) == {a, b, c}


def test_absent_and_merely_invited_deputies_are_not_participants(term):
    a, b, c = DeputyFactory.create_batch(3, term=term)
    trip = ActivityFactory(term=term)
    attend(trip, [a])
    attend(trip, [b], AttendanceStatus.ABSENT, "生病住院")
    attend(trip, [c], AttendanceStatus.INVITED)
    assert compute("activities.research_participants", 2022).value == 1
    assert compute("activities.participants", 2022).value == 1


def test_participation_counts_the_activity_s_year_not_the_next(term):
    deputy = DeputyFactory(term=term)
    attend(ActivityFactory(term=term, start_date=D(2023, 1, 1)), [deputy])
    assert compute("activities.research_participants", 2022).value == 0
    assert compute("activities.research_participants", 2023).value == 1


def test_research_participation_rate_is_participants_over_deputies_in_office(term):
    deputies = DeputyFactory.create_batch(67, term=term)
    attend(ActivityFactory(term=term), deputies[:60])
    figure = compute("activities.research_participation_rate", 2022)
    assert figure.value == Decimal("89.55")
    assert (figure.numerator, figure.denominator) == (60, 67)
    assert figure.display() == "89.55%"


def test_a_deputy_who_left_mid_year_counts_as_participant_but_not_in_office(term):
    stayed = DeputyFactory(term=term)
    left = DeputyFactory(term=term, status=DeputyStatus.RESIGNED, left_office=D(2022, 6, 30))
    attend(ActivityFactory(term=term, start_date=D(2022, 4, 1)), [stayed, left])
    figure = compute("activities.participation_rate", 2022)
    assert (figure.numerator, figure.denominator) == (2, 1)


def test_rates_show_a_dash_for_a_year_without_deputies(db):
    assert compute("activities.research_participation_rate", 2019).display() == "—"
    assert compute("activities.participation_rate", 2019).display() == "—"


def test_participants_count_every_kind_of_activity(term):
    a, b = DeputyFactory.create_batch(2, term=term)
    attend(ActivityFactory(term=term, kind=ActivityKind.STUDY), [a])
    attend(ActivityFactory(term=term, kind=ActivityKind.VOLUNTEER), [a, b])
    assert compute("activities.participants", 2022).value == 2
    assert compute("activities.participation_rate", 2022).display() == "100%"


def test_activities_by_kind_lists_every_kind(term):
    ActivityFactory(term=term, kind=ActivityKind.STUDY)
    ActivityFactory(term=term, kind=ActivityKind.STUDY)
    ActivityFactory(term=term, kind=ActivityKind.VOLUNTEER, start_date=D(2021, 12, 31))
    value = compute("activities.by_kind", 2022).value
    assert value["study"] == 2
    assert value["volunteer"] == 0
    assert set(value) == {kind.value for kind in ActivityKind}


# ---- deliberations ----


def test_deliberations_and_their_opinions_count_by_the_deliberation_s_date(term):
    this_year = DeliberationFactory(term=term, date=D(2022, 12, 31))
    next_year = DeliberationFactory(term=term, date=D(2023, 1, 1))
    OpinionFactory.create_batch(3, deliberation=this_year)
    OpinionFactory.create_batch(2, deliberation=next_year)
    assert compute("deliberations.count", 2022).value == 1
    assert compute("deliberations.opinions", 2022).value == 3
    assert compute("deliberations.opinions", 2023).value == 2
