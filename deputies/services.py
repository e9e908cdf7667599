"""Writes of the deputies' duty work: each change goes through one function here."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from .models import (
    Activity,
    Attendance,
    AttendanceReply,
    AttendanceStatus,
    Deputy,
    Outcome,
    Reception,
    ReceptionMatter,
)


@transaction.atomic
def attendance_reply(attendance: Attendance, *, actor, reply: str, note: str = "") -> Attendance:
    """The deputy answers an invitation before the activity: they will attend, or ask for leave (with a reason).

    Only while the activity has not ended and staff have not yet recorded what happened; the
    answer may be changed until then. It informs staff; the attendance itself is theirs to record.
    """
    locked = (
        Attendance.objects.select_for_update(of=("self",)).select_related("activity").get(pk=attendance.pk)
    )
    activity = locked.activity
    if (
        activity.end_date or activity.start_date
    ) < timezone.localdate() or locked.status != AttendanceStatus.INVITED:
        raise ValidationError(_("This activity is over: the presidium office has recorded the attendance."))
    if reply == AttendanceReply.DECLINED and not note.strip():
        raise ValidationError({"note": _("Say why you cannot attend.")})
    locked.reply = AttendanceReply(reply)
    locked.reply_note = note.strip() if reply == AttendanceReply.DECLINED else ""
    locked.replied_at = timezone.now()
    locked._history_user = actor
    locked.save(update_fields=["reply", "reply_note", "replied_at"])
    return locked


@transaction.atomic
def reception_log(
    *,
    deputy: Deputy,
    actor,
    date: datetime.date,
    place: str,
    visitors: int,
    matters_summary: str = "",
) -> Reception:
    """A deputy logs a reception they held: saved unconfirmed, with the deputy on duty, for staff to confirm."""
    reception = Reception(
        term=deputy.term,
        date=date,
        place=place,
        visitors=visitors,
        confirmed=False,
        logged_by=actor,
    )
    reception._history_user = actor
    reception.save(force_insert=True)
    reception.deputies.add(deputy)
    if matters_summary.strip():
        matter = ReceptionMatter(
            reception=reception, summary=matters_summary.strip(), outcome=Outcome.PENDING
        )
        matter._history_user = actor
        matter.save(force_insert=True)
    return reception


@transaction.atomic
def receptions_confirm(*, receptions, actor) -> int:
    """Staff confirm receptions logged in the portal, so that the figures count them; returns how many changed."""
    changed = 0
    for reception in receptions.select_for_update(of=("self",)).filter(confirmed=False):
        reception.confirmed = True
        reception._history_user = actor
        reception.save(update_fields=["confirmed"])
        changed += 1
    return changed


@transaction.atomic
def activity_invite_all(*, activity: Activity, actor) -> int:
    """Invite every deputy of the activity's term in office on its start date; returns how many were added."""
    already = Attendance.objects.filter(activity=activity).values("deputy")
    deputies = (
        Deputy.objects.filter(term=activity.term).in_office(activity.start_date).exclude(pk__in=already)
    )
    rows = [
        Attendance(activity=activity, deputy=deputy, status=AttendanceStatus.INVITED) for deputy in deputies
    ]
    bulk_create_with_history(rows, Attendance, default_user=actor)
    return len(rows)


@transaction.atomic
def attendance_mark_invited_present(*, activity: Activity, actor) -> int:
    """Mark everyone still only invited as present (staff then mark the few absent); returns how many."""
    changed = 0
    for attendance in activity.attendances.select_for_update(of=("self",)).filter(
        status=AttendanceStatus.INVITED
    ):
        attendance.status = AttendanceStatus.PRESENT
        attendance._history_user = actor
        attendance.save(update_fields=["status"])
        changed += 1
    return changed
