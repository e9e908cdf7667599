"""Working days (工作日): Monday to Friday, less the public holidays, plus the weekend days worked in
exchange (调休), as the State Council arranges them each year.

The ``chinesecalendar`` package knows the arrangement of each year up to its release; a year it does
not know yet is covered by the ``WorkCalendarDay`` rows staff enter in the admin (节假日安排). A row
always wins, so staff may also correct the package. A day neither knows is a working day from Monday
to Friday.
"""

from __future__ import annotations

import datetime

import chinese_calendar
from chinese_calendar.constants import holidays as package_holidays

from .models import DayKind, WorkCalendarDay

FIRST_YEAR, LAST_YEAR = min(package_holidays).year, max(package_holidays).year


def package_knows(year: int) -> bool:
    """Whether the installed ``chinesecalendar`` has the holiday arrangement of ``year``."""
    return FIRST_YEAR <= year <= LAST_YEAR


def is_workday(day: datetime.date, table: dict[datetime.date, str] | None = None) -> bool:
    """Whether ``day`` is a working day; ``table`` is the staff's rows (date → kind), read if not given."""
    if table is None:
        table = _table(day, day)
    if day in table:
        return table[day] == DayKind.WORKDAY
    if package_knows(day.year):
        return chinese_calendar.is_workday(day)
    return day.weekday() < 5


def add_workdays(start: datetime.date, count: int) -> datetime.date:
    """The ``count``-th working day after ``start`` (``start`` itself does not count)."""
    # Holidays last a week or so at most: this span usually holds ``count`` working days with room to spare.
    span = datetime.timedelta(days=count * 3 + 30)
    last = start + span
    table = _table(start, last)
    day, found = start, 0
    while found < count:
        day += datetime.timedelta(days=1)
        if day > last:
            last = day + span
            table.update(_table(day, last))
        if is_workday(day, table):
            found += 1
    return day


def _table(first: datetime.date, last: datetime.date) -> dict[datetime.date, str]:
    return dict(WorkCalendarDay.objects.filter(date__range=(first, last)).values_list("date", "kind"))
