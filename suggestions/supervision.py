"""督办: the notes of the presidium member who supervises an item (领衔督办, domain.md §3).

The member named as supervisor of the item's current round writes them: the date, the form
(a visit, a meeting with the unit, a push on the deadline…) and what was done. Presidium
staff may record one on the member's behalf. Members write nothing else. The unit and staff
see the notes in the item's timeline; the item's admin page, the ledger export and the
dashboard show the latest one and how long ago it was.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from congress.roles import Role, has_role, is_staff_member

from .choices import State
from .models import Suggestion, SupervisionNote
from .selectors import NOTES_NEWEST_FIRST
from .workflow import TransitionError

# While a unit handles the item or its reply stands: not before the assignment, not once it is closed.
SUPERVISED_STATES = (State.ASSIGNED, State.IN_HANDLING, State.REPLIED, State.EVALUATED)


# --- who writes ---------------------------------------------------------------------------------


def supervised_by(user) -> QuerySet[Suggestion]:
    """The items whose current round the user supervises as a presidium member (their deputy's seat)."""
    if not user.is_authenticated or not has_role(user, Role.MEMBER):
        return Suggestion.objects.none()
    return Suggestion.objects.filter(current_round__supervisor_member__deputy__user=user)


def writable_by(user) -> QuerySet[Suggestion]:
    """The items on which the user may write a supervision note: staff any supervised item, a member
    those they supervise (anything else answers 404)."""
    if is_staff_member(user):
        items = Suggestion.objects.filter(current_round__supervisor_member__isnull=False)
    else:
        items = supervised_by(user)
    return items.filter(state__in=SUPERVISED_STATES)


def may_write(user, suggestion: Suggestion) -> bool:
    return writable_by(user).filter(pk=suggestion.pk).exists()


@transaction.atomic
def supervision_note_record(
    suggestion: Suggestion, *, actor, date: datetime.date, form: str, text: str
) -> SupervisionNote:
    """A supervision note on the item's current round, by its supervising member (or staff for them)."""
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if not may_write(actor, suggestion):
        raise PermissionDenied(
            _("Only the presidium member supervising this item writes its supervision notes.")
        )
    round_ = suggestion.current_round
    errors = {}
    if not (text or "").strip():
        errors["text"] = _("Write what was done.")
    if date is None:
        errors["date"] = _("Enter the date of the supervision.")
    elif date > timezone.localdate():
        errors["date"] = _("The date cannot be in the future.")
    elif date < round_.assigned_on:
        errors["date"] = _("The date cannot be before the assignment (%(date)s).") % {
            "date": date_format(round_.assigned_on, "DATE_FORMAT")
        }
    if errors:
        raise TransitionError(errors)
    member = round_.supervisor_member
    note = SupervisionNote(
        suggestion=suggestion,
        round=round_,
        member=member,
        date=date,
        form=form,
        text=text.strip(),
        recorded_by=actor,
        on_behalf=member.deputy.user_id != actor.pk,
    )
    note._history_user = actor
    note.full_clean()
    note.save()
    from . import notifications

    if notifications.enabled():
        transaction.on_commit(lambda: notifications.notify_supervision(note))
    return note


# --- reading them -------------------------------------------------------------------------------


def latest_note(suggestion: Suggestion) -> SupervisionNote | None:
    """The item's latest note (from ``selectors.notes_prefetch`` when the list fetched them)."""
    notes = getattr(suggestion, NOTES_NEWEST_FIRST, None)
    if notes is None:
        return suggestion.supervision_notes.select_related("member__deputy").order_by("-date", "-pk").first()
    return notes[0] if notes else None


def days_since(note: SupervisionNote, today: datetime.date | None = None) -> int:
    return ((today or timezone.localdate()) - note.date).days


def how_long_ago(note: SupervisionNote, today: datetime.date | None = None) -> str:
    days = days_since(note, today)
    if days <= 0:
        return _("today")
    return ngettext("%(days)s day ago", "%(days)s days ago", days) % {"days": days}


def summary(
    note: SupervisionNote | None, today: datetime.date | None = None, *, age: bool = True, text: bool = True
) -> str:
    """One line: 2023-09-20 实地察看（王宝平）：…… · 12天前 (a sheet leaves out the age, a narrow table the
    text); "—" without a note."""
    if note is None:
        return "—"
    words = {
        "date": note.date.isoformat(),
        "form": note.get_form_display(),
        "member": note.member.deputy.name,
        "text": note.text,
    }
    line = (
        _("%(date)s %(form)s (%(member)s): %(text)s") if text else _("%(date)s %(form)s (%(member)s)")
    ) % words
    return f"{line} · {how_long_ago(note, today)}" if age else line
