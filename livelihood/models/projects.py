"""The chosen projects under way: progress, photos, inspections and satisfaction surveys."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from congress.concurrency import VersionedModel
from congress.townships import TownshipOwned, scoped_manager
from congress.uploads import PhotoField, random_upload_to
from deputies.models import Deputy

from .choices import DONE_STATUSES, WAN_YUAN, ProjectStatus
from .plans import Candidate, LivelihoodPlan


class Project(TownshipOwned, VersionedModel):
    """A chosen candidate under way: built, then in use (建成投用)."""

    candidate = models.OneToOneField(
        Candidate, on_delete=models.PROTECT, related_name="project", verbose_name=_("candidate project")
    )
    plan = models.ForeignKey(
        LivelihoodPlan, on_delete=models.PROTECT, related_name="projects", verbose_name=_("plan")
    )
    name = models.CharField(_("project name"), max_length=200)
    description = models.TextField(_("scope of works"), blank=True)
    responsible_unit = models.CharField(_("responsible unit"), max_length=200, blank=True)
    budget = models.DecimalField(
        _("budget"), max_digits=10, decimal_places=2, null=True, blank=True, help_text=WAN_YUAN
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.NOT_STARTED
    )
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    percent_complete = models.PositiveSmallIntegerField(
        _("percent complete"), default=0, validators=[MaxValueValidator(100)]
    )
    start_date = models.DateField(_("construction start"), null=True, blank=True)
    completion_date = models.DateField(_("completion date"), null=True, blank=True)
    first_use_date = models.DateField(_("first use date"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("livelihood project")
        verbose_name_plural = _("livelihood projects")
        ordering = ["-plan__year", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent_complete__lte=100),
                name="livelihood_project_percent_range",
                violation_error_message=_("The percent complete is between 0 and 100."),
            ),
            models.CheckConstraint(
                condition=~Q(status=ProjectStatus.CANCELLED) | ~Q(cancel_reason=""),
                name="livelihood_project_cancelled_has_reason",
                violation_error_message=_("A cancelled project needs the reason for cancelling."),
            ),
            models.CheckConstraint(
                condition=~Q(status=ProjectStatus.IN_USE)
                | Q(completion_date__isnull=False, first_use_date__isnull=False),
                name="livelihood_project_in_use_has_dates",
                violation_error_message=_("A project in use needs its completion date and first use date."),
            ),
            models.CheckConstraint(
                condition=~Q(status=ProjectStatus.COMPLETED) | Q(completion_date__isnull=False),
                name="livelihood_project_completed_has_date",
                violation_error_message=_("A completed project needs its completion date."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=DONE_STATUSES) | Q(percent_complete=100),
                name="livelihood_project_done_is_complete",
                # xgettext:no-python-format
                violation_error_message=_("A completed project or one in use is 100% complete."),
            ),
            models.CheckConstraint(
                condition=Q(first_use_date__isnull=True)
                | Q(completion_date__isnull=True)
                | Q(first_use_date__gte=models.F("completion_date")),
                name="livelihood_project_used_after_completion",
                violation_error_message=_("The first use cannot be before the completion."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("livelihood:project", args=[self.pk])

    @property
    def year(self) -> int:
        return self.plan.year

    def clean(self):
        errors = {}
        if self.status == ProjectStatus.CANCELLED and not self.cancel_reason.strip():
            errors["cancel_reason"] = _("A cancelled project needs the reason for cancelling.")
        if self.status == ProjectStatus.IN_USE:
            if not self.completion_date:
                errors["completion_date"] = _("A project in use needs its completion date.")
            if not self.first_use_date:
                errors["first_use_date"] = _("A project in use needs its first use date.")
        if self.status == ProjectStatus.COMPLETED and not self.completion_date:
            errors["completion_date"] = _("A completed project needs its completion date.")
        if self.status in DONE_STATUSES and self.percent_complete != 100:
            # xgettext:no-python-format
            errors["percent_complete"] = _("A completed project or one in use is 100% complete.")
        if errors:
            raise ValidationError(errors)


class ProgressUpdate(VersionedModel):
    """A dated step of a project's timeline, posted by staff or deputies."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="updates", verbose_name=_("livelihood project")
    )
    date = models.DateField(_("date"))
    text = models.TextField(_("progress"))
    percent = models.PositiveSmallIntegerField(
        _("percent complete"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_("The project's percent complete on this date, if known."),
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("posted by"),
    )
    history = HistoricalRecords()

    objects = scoped_manager(path="project__township")

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["project", "date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__isnull=True) | Q(percent__lte=100),
                name="livelihood_update_percent_range",
                violation_error_message=_("The percent complete is between 0 and 100."),
            ),
        ]

    def __str__(self):
        return f"{self.project} · {self.date:%Y-%m-%d}"


class ProgressPhoto(VersionedModel):
    """A photo of a progress update, shown publicly with its alt text."""

    update = models.ForeignKey(
        ProgressUpdate, on_delete=models.CASCADE, related_name="photos", verbose_name=_("progress update")
    )
    image = PhotoField(_("photo"), upload_to=random_upload_to("livelihood/progress"))
    alt_text = models.CharField(
        _("alt text"), max_length=200, help_text=_("What the photo shows, for screen readers.")
    )
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    history = HistoricalRecords()

    objects = scoped_manager(path="update__project__township")

    class Meta:
        verbose_name = _("progress photo")
        verbose_name_plural = _("progress photos")
        ordering = ["update", "pk"]

    def __str__(self):
        return self.caption or self.alt_text


class Inspection(VersionedModel):
    """视察: deputies inspect a project; a finding may later become a suggestion."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="inspections", verbose_name=_("livelihood project")
    )
    date = models.DateField(_("date"))
    deputies = models.ManyToManyField(
        Deputy, related_name="livelihood_inspections", blank=True, verbose_name=_("inspecting deputies")
    )
    findings = models.TextField(_("findings"))
    # Hook for the suggestions app: the number (YYYY-NNN) of the suggestion registered from a finding.
    suggestion_number = models.CharField(
        _("suggestion number"),
        max_length=20,
        blank=True,
        help_text=_("The suggestion registered from these findings, e.g. 2023-004."),
    )
    history = HistoricalRecords(m2m_fields=[deputies])

    objects = scoped_manager(path="project__township")

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["project", "date", "pk"]

    def __str__(self):
        return f"{self.project} · {self.date:%Y-%m-%d}"


class SatisfactionSurvey(VersionedModel):
    """满意度测评: the deputies' year-end evaluation of a project, as tallies per option."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="surveys", verbose_name=_("livelihood project")
    )
    date = models.DateField(_("date"))
    satisfied = models.PositiveSmallIntegerField(_("satisfied"), default=0)
    basically_satisfied = models.PositiveSmallIntegerField(_("basically satisfied"), default=0)
    unsatisfied = models.PositiveSmallIntegerField(_("unsatisfied"), default=0)
    history = HistoricalRecords()

    objects = scoped_manager(path="project__township")

    class Meta:
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")
        ordering = ["project", "date"]

    def __str__(self):
        return f"{self.project} · {self.date:%Y-%m-%d}"

    @property
    def total(self) -> int:
        return self.satisfied + self.basically_satisfied + self.unsatisfied

    @property
    def good(self) -> int:
        return self.satisfied + self.basically_satisfied
