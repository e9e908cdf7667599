"""三色督办 (three-colour supervision) and the deadline reminders: the bounds, defined once.

An open item's current round is red when its deadline has passed, yellow when it falls within
``YELLOW_DAYS``, green otherwise. ``Suggestion.supervision_colour``, ``SuggestionQuerySet.overdue``,
the ledger's filter, the dashboard and the reminders all take their bounds from here. Pure: no
model is imported, so that the models themselves can use it.
"""

from __future__ import annotations

import datetime

from django.db.models import Q

# Yellow when the deadline is this close (days, the deadline included).
YELLOW_DAYS = 15
# Staff and the lead unit are reminded this many days before a deadline.
REMINDER_DAYS = 7

RED, YELLOW, GREEN = "red", "yellow", "green"
DEADLINE = "current_round__deadline"


def colour(deadline: datetime.date, today: datetime.date) -> str:
    """The colour of a round due on ``deadline`` (for an open item)."""
    days_left = (deadline - today).days
    if days_left < 0:
        return RED
    if days_left <= YELLOW_DAYS:
        return YELLOW
    return GREEN


def past(today: datetime.date, field: str = DEADLINE) -> Q:
    """Rows whose ``field`` (a deadline) is before ``today``."""
    return Q(**{f"{field}__lt": today})


def due_within(today: datetime.date, days: int, field: str = DEADLINE) -> Q:
    """Rows due from ``today`` to ``days`` days ahead, both included."""
    return Q(**{f"{field}__gte": today, f"{field}__lte": today + datetime.timedelta(days=days)})


def bounds(today: datetime.date, field: str = DEADLINE) -> dict[str, Q]:
    """{colour: the condition on ``field``} for each of the three colours, red first."""
    return {
        RED: past(today, field),
        YELLOW: due_within(today, YELLOW_DAYS, field),
        GREEN: Q(**{f"{field}__gt": today + datetime.timedelta(days=YELLOW_DAYS)}),
    }
