"""The time limits of the workflow (domain.md §4), one definition each.

- Return (退办): a unit returns an item outside its remit within 7 working days of the
  assignment (weekends and public holidays off, adjusted working days on: ``congress.workdays``).
  After that only staff take it back to assign it elsewhere.
- Closing an outside proposer's item: an item without a lead deputy (a banner deputy's
  suggestion, a banner CPPCC proposal, a voters' opinion nobody took up) that stays replied
  without an evaluation may be closed by staff 30 days after the reply, with the reason.
"""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from congress.workdays import add_workdays

from .choices import State
from .models import Round, Suggestion

RETURN_WORKING_DAYS = 7
OUTSIDE_CLOSE_AFTER = datetime.timedelta(days=30)


# --- return -------------------------------------------------------------------------------------


def return_deadline(round_: Round) -> datetime.date:
    """The last day the lead unit may return the round's item: the 7th working day after the assignment."""
    return add_workdays(round_.assigned_on, RETURN_WORKING_DAYS)


def return_refusal(suggestion: Suggestion, today: datetime.date | None = None) -> str | None:
    """Why the lead unit may no longer return the item (the date the time ran out), or None."""
    round_ = suggestion.current_round
    if round_ is None:
        return None
    last = return_deadline(round_)
    if (today or timezone.localdate()) <= last:
        return None
    return _(
        "The time to return this item ran out on %(date)s (%(days)s working days after the assignment). "
        "If another unit should handle it, ask the presidium's office to re-assign it."
    ) % {"date": date_format(last, "DATE_FORMAT"), "days": RETURN_WORKING_DAYS}


# --- closing an outside proposer's item ------------------------------------------------------------


def has_outside_proposer(suggestion: Suggestion) -> bool:
    """No lead deputy rates the reply: the proposer is outside the township's congress."""
    return suggestion.lead_deputy_id is None


def closable_from(replied_on: datetime.date) -> datetime.date:
    """The first day an outside proposer's unrated reply may be closed: 30 days after the reply."""
    return replied_on + OUTSIDE_CLOSE_AFTER


def awaiting_close(today: datetime.date | None = None) -> QuerySet[Suggestion]:
    """Outside proposers' items replied at least 30 days ago and still not evaluated: staff may close them."""
    today = today or timezone.localdate()
    return Suggestion.objects.filter(
        state=State.REPLIED,
        lead_deputy__isnull=True,
        current_round__evaluation__isnull=True,
        current_round__reply__replied_on__lte=today - OUTSIDE_CLOSE_AFTER,
    )
