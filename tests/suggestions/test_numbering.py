"""Yearly numbers YYYY-NNN: in order within a year, per year, never reused."""

import datetime
import threading

import pytest
from django.db import connection, connections

from suggestions.models import Suggestion, YearCounter
from suggestions.workflow import TransitionError, allocate_number

from .factories import register

pytestmark = pytest.mark.django_db


def test_numbers_run_in_order_within_each_year(staff, lead_deputy):
    numbers = [
        register(staff, lead_deputy=lead_deputy, received_on=day).number
        for day in (
            datetime.date(2022, 1, 14),
            datetime.date(2022, 3, 1),
            datetime.date(2023, 1, 5),
            datetime.date(2022, 12, 31),
        )
    ]
    assert numbers == ["2022-001", "2022-002", "2023-001", "2022-003"]


def test_a_deleted_suggestions_number_is_never_handed_out_again(staff, lead_deputy):
    register(staff, lead_deputy=lead_deputy)
    last = register(staff, lead_deputy=lead_deputy)
    assert last.number == "2022-002"
    last.delete()
    assert register(staff, lead_deputy=lead_deputy).number == "2022-003"


def test_an_imported_number_is_kept_and_the_counter_moves_past_it(staff, lead_deputy):
    assert allocate_number(2022, "2022-7") == "2022-007"
    assert YearCounter.objects.get(year=2022).last == 7
    assert register(staff, lead_deputy=lead_deputy).number == "2022-008"


@pytest.mark.parametrize("given", ["2021-003", "22-1", "2022-001"])
def test_a_given_number_of_another_year_a_bad_shape_or_taken_is_refused(staff, lead_deputy, given):
    register(staff, lead_deputy=lead_deputy)  # takes 2022-001
    with pytest.raises(TransitionError):
        allocate_number(2022, given)


@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="row locks need a server database (CI runs PostgreSQL)"
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_get_distinct_numbers(staff, lead_deputy):
    errors = []

    def work():
        try:
            for _i in range(5):
                register(staff, lead_deputy=lead_deputy)
        except Exception as exc:  # reported below, in the test's thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(Suggestion.objects.values_list("number", flat=True))
    assert numbers == [f"2022-{n:03d}" for n in range(1, 21)]
