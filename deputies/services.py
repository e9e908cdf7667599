"""Writes of the deputies' duty work: each change goes through one function here."""

import datetime

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from .models import Activity, Attendance, AttendanceStatus, Deputy, Outcome, Reception, ReceptionMatter


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
    reception = Reception.objects.create(
        term=deputy.term,
        date=date,
        place=place,
        visitors=visitors,
        confirmed=False,
        logged_by=actor,
    )
    reception.deputies.add(deputy)
    if matters_summary.strip():
        ReceptionMatter.objects.create(
            reception=reception, summary=matters_summary.strip(), outcome=Outcome.PENDING
        )
    return reception


@transaction.atomic
def receptions_confirm(*, receptions) -> int:
    """Staff confirm receptions logged in the portal, so that the figures count them; returns how many changed."""
    changed = 0
    for reception in receptions.select_for_update(of=("self",)).filter(confirmed=False):
        reception.confirmed = True
        reception.save(update_fields=["confirmed"])
        changed += 1
    return changed


@transaction.atomic
def activity_invite_all(*, activity: Activity) -> int:
    """Invite every deputy of the activity's term in office on its start date; returns how many were added."""
    already = Attendance.objects.filter(activity=activity).values("deputy")
    deputies = (
        Deputy.objects.filter(term=activity.term).in_office(activity.start_date).exclude(pk__in=already)
    )
    rows = [
        Attendance(activity=activity, deputy=deputy, status=AttendanceStatus.INVITED) for deputy in deputies
    ]
    bulk_create_with_history(rows, Attendance)
    return len(rows)


@transaction.atomic
def attendance_mark_invited_present(*, activity: Activity) -> int:
    """Mark everyone still only invited as present (staff then mark the few absent); returns how many."""
    changed = 0
    for attendance in activity.attendances.select_for_update(of=("self",)).filter(status=AttendanceStatus.INVITED):
        attendance.status = AttendanceStatus.PRESENT
        attendance.save(update_fields=["status"])
        changed += 1
    return changed
