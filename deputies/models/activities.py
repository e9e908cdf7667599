"""代表活动: study sessions, volunteer service, inspections, research trips… with attendance."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from congress.concurrency import VersionedModel
from congress.models import Term
from congress.townships import TownshipOwned, scoped_manager
from congress.uploads import attachment_validators, random_upload_to

from .roster import Deputy, by_constituency


class ActivityKind(models.TextChoices):
    STUDY = "study", _("study session")
    VOLUNTEER = "volunteer", _("volunteer service")
    INSPECTION = "inspection", _("inspection")
    RESEARCH_TRIP = "research_trip", _("research trip")
    SURVEY = "survey", _("local survey")
    TRAINING = "training", _("training")
    MEETING = "meeting", _("meeting attendance")
    OTHER = "other", _("other")


# Kinds that count as research (调研) in the figures: trips out and visits inside the banner.
RESEARCH_KINDS = (ActivityKind.RESEARCH_TRIP, ActivityKind.SURVEY)


class Activity(TownshipOwned, VersionedModel):
    """An activity of deputies, with whom it invited and who was there."""

    term = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="activities", verbose_name=_("term")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=200)
    start_date = models.DateField(_("start date"), db_index=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    destination = models.CharField(
        _("destination"), max_length=200, blank=True, help_text=_("e.g. Wuyuan County, Bayannur City")
    )
    subject = models.CharField(
        _("topic"),
        max_length=100,
        blank=True,
        help_text=_(
            "What the activity looked into, as the annual report names it, e.g. rural revitalisation"
        ),
    )
    organizer = models.CharField(_("organizer"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    outcome_document = models.FileField(
        _("outcome document"),
        upload_to=random_upload_to("deputies/activities"),
        validators=attachment_validators(),
        blank=True,
        help_text=_("e.g. the research report (PDF, Word or Excel)."),
    )
    outcome_summary = models.TextField(_("outcome summary"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deputies' activity")
        verbose_name_plural = _("deputies' activities")
        ordering = ["-start_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="activity_ends_after_start",
                violation_error_message=_("The activity cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.start_date:%Y-%m-%d} {self.title}"


class AttendanceStatus(models.TextChoices):
    INVITED = "invited", _("invited")
    PRESENT = "present", _("present")
    ABSENT = "absent", _("absent")


class AttendanceReply(models.TextChoices):
    """The deputy's answer to an invitation, before the activity (the status records what happened)."""

    NONE = "", _("not yet answered")
    ATTENDING = "attending", _("will attend")
    DECLINED = "declined", _("asks for leave")


class Attendance(VersionedModel):
    """A deputy invited to an activity, and whether they were there."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("activity")
    )
    deputy = models.ForeignKey(
        Deputy, on_delete=models.PROTECT, related_name="attendances", verbose_name=_("deputy")
    )
    status = models.CharField(
        _("attendance"), max_length=10, choices=AttendanceStatus.choices, default=AttendanceStatus.INVITED
    )
    absence_reason = models.CharField(_("reason for absence"), max_length=200, blank=True)
    reply = models.CharField(
        _("deputy's reply"), max_length=10, choices=AttendanceReply.choices, default="", blank=True
    )
    reply_note = models.CharField(_("reason given for leave"), max_length=200, blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    history = HistoricalRecords()

    objects = scoped_manager(path="activity__township")

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["activity", *by_constituency("deputy__")]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "deputy"],
                name="attendance_once_per_activity",
                violation_error_message=_("This deputy is already on this activity's list."),
            ),
        ]

    def __str__(self):
        return f"{self.deputy} · {self.get_status_display()}"
