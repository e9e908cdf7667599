"""Writes on the chosen projects: status, progress, inspections and satisfaction surveys.

A project's ``status`` is written here alone (``project_set_status``, ``project_reopen``,
``project_cancel`` and the move to "under construction" with the first progress); the
admin shows it read-only and changes it through ``project_set_status``. Every write
takes the acting user (``actor``), whom the history records name.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction

from deputies.models import Deputy

from ..models import (
    DONE_STATUSES,
    Inspection,
    ProgressPhoto,
    ProgressUpdate,
    Project,
    ProjectStatus,
    SatisfactionSurvey,
)


@transaction.atomic
def project_set_status(
    project: Project,
    status: str,
    *,
    reason: str = "",
    completion_date: datetime.date | None = None,
    first_use_date: datetime.date | None = None,
    actor=None,
) -> Project:
    """Change a project's status: cancelled needs a reason, in use its completion and first-use dates.

    A completed project or one in use is 100% complete.
    """
    project._history_user = actor
    project.status = status
    if reason:
        project.cancel_reason = reason
    if status != ProjectStatus.CANCELLED:
        project.cancel_reason = ""
    if completion_date:
        project.completion_date = completion_date
    if first_use_date:
        project.first_use_date = first_use_date
    if status in DONE_STATUSES:
        project.percent_complete = 100
    project.full_clean()
    project.save()
    return project


def project_reopen(project: Project, *, actor=None) -> None:
    """A cancelled project chosen again (a corrected vote): not started, without the reason it was cancelled."""
    project._history_user = actor
    project.status = ProjectStatus.NOT_STARTED
    project.cancel_reason = ""
    project.save()


def project_cancel(project: Project, *, reason: str, actor=None) -> None:
    """Cancel a project with the reason (a corrected vote no longer chooses it); its records are kept."""
    project._history_user = actor
    project.status = ProjectStatus.CANCELLED
    project.cancel_reason = reason
    project.save()


def project_sync_percent(project: Project, *, actor=None) -> None:
    """The project's percent complete follows its latest progress update that gives one.

    Posting progress to a project not yet started marks it under construction.
    """
    latest = project.updates.filter(percent__isnull=False).order_by("-date", "-pk").first()
    if latest is None or project.status in DONE_STATUSES or project.status == ProjectStatus.CANCELLED:
        return
    changed = ["percent_complete"]
    project.percent_complete = latest.percent
    if project.status == ProjectStatus.NOT_STARTED and latest.percent > 0:
        project.status = ProjectStatus.UNDER_CONSTRUCTION
        changed.append("status")
    project._history_user = actor
    project.save(update_fields=changed)


@transaction.atomic
def progress_post(
    project: Project,
    *,
    date: datetime.date,
    text: str,
    percent: int | None = None,
    actor=None,
    photos: Iterable[dict] = (),
) -> ProgressUpdate:
    """A dated progress update (with photos: dicts of image, alt_text, caption); the project follows it."""
    update = ProgressUpdate(project=project, date=date, text=text, percent=percent, posted_by=actor)
    update.full_clean()
    update._history_user = actor
    update.save()
    for photo in photos:
        item = ProgressPhoto(update=update, **photo)
        item.full_clean()
        item._history_user = actor
        item.save()
    project_sync_percent(project, actor=actor)
    return update


@transaction.atomic
def inspection_record(
    project: Project, *, date: datetime.date, deputies: Iterable[Deputy], findings: str, actor=None
) -> Inspection:
    """Deputies' inspection of a project with their findings."""
    inspection = Inspection(project=project, date=date, findings=findings)
    inspection.full_clean()
    inspection._history_user = actor
    inspection.save()
    inspection.deputies.set(list(deputies))
    return inspection


def survey_record(
    project: Project,
    *,
    date: datetime.date,
    satisfied: int,
    basically_satisfied: int,
    unsatisfied: int,
    actor=None,
) -> SatisfactionSurvey:
    """The deputies' satisfaction evaluation of a project (满意度测评)."""
    survey = SatisfactionSurvey.objects.filter(project=project, date=date).first()
    survey = survey or SatisfactionSurvey(project=project, date=date)
    survey.satisfied, survey.basically_satisfied, survey.unsatisfied = (
        satisfied,
        basically_satisfied,
        unsatisfied,
    )
    survey._history_user = actor
    survey.save()
    return survey
