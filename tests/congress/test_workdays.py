"""Working days: weekends and public holidays off, adjusted working days (调休) on; the staff's table
covers a year the chinesecalendar package does not know yet."""

import datetime

import pytest

from congress import workdays
from congress.models import DayKind, WorkCalendarDay

pytestmark = pytest.mark.django_db
D = datetime.date


def test_a_friday_assignment_counts_seven_working_days_over_the_weekends():
    assert D(2023, 11, 3).weekday() == 4  # a Friday
    assert workdays.add_workdays(D(2023, 11, 3), 7) == D(2023, 11, 14)


def test_the_national_day_week_is_off_and_its_adjusted_weekend_is_worked():
    # 2023: 29 September – 6 October off; Saturday 7 and Sunday 8 October worked in exchange.
    assert not workdays.is_workday(D(2023, 10, 2))
    assert workdays.is_workday(D(2023, 10, 7)) and workdays.is_workday(D(2023, 10, 8))
    # Friday 22 September: 25–28 September, 7, 8 and 9 October.
    assert workdays.add_workdays(D(2023, 9, 22), 7) == D(2023, 10, 9)


def test_a_year_the_package_does_not_know_counts_weekends_only_until_staff_enter_its_holidays():
    assert not workdays.package_knows(2027)
    # Thursday 31 December 2026: without the 2027 arrangement, Friday 1 January is a working day.
    assert workdays.add_workdays(D(2026, 12, 31), 7) == D(2027, 1, 11)
    WorkCalendarDay.objects.create(date=D(2027, 1, 1), kind=DayKind.HOLIDAY, name="元旦")
    assert workdays.add_workdays(D(2026, 12, 31), 7) == D(2027, 1, 12)


def test_the_table_holds_adjusted_working_days_too():
    # A made-up Spring Festival arrangement for 2027: Sunday 7 February worked, 8–12 February off.
    WorkCalendarDay.objects.create(date=D(2027, 2, 7), kind=DayKind.WORKDAY, name="春节")
    for day in range(8, 13):
        WorkCalendarDay.objects.create(date=D(2027, 2, day), kind=DayKind.HOLIDAY, name="春节")
    # Friday 5 February: Sunday 7, then 15–19 and 22 February.
    assert workdays.add_workdays(D(2027, 2, 5), 7) == D(2027, 2, 22)


def test_a_row_of_the_table_wins_over_the_package():
    assert workdays.is_workday(D(2023, 11, 3))
    WorkCalendarDay.objects.create(date=D(2023, 11, 3), kind=DayKind.HOLIDAY, name="更正")
    assert not workdays.is_workday(D(2023, 11, 3))
    assert workdays.add_workdays(D(2023, 11, 2), 1) == D(2023, 11, 6)


def test_counting_past_the_days_read_at_once_still_uses_the_table():
    # A long run of days off (10 weeks) pushes the count past the days read in one query.
    first = D(2027, 3, 2)
    WorkCalendarDay.objects.bulk_create(
        WorkCalendarDay(date=first + datetime.timedelta(days=n), kind=DayKind.HOLIDAY) for n in range(70)
    )
    WorkCalendarDay.objects.create(date=D(2027, 5, 12), kind=DayKind.HOLIDAY)
    # Monday 1 March: 11, 13, 14, 17 and 18 May.
    assert workdays.add_workdays(D(2027, 3, 1), 5) == D(2027, 5, 18)
