"""Livelihood projects (民生实事项目): the yearly plan, its candidates, the deputies' vote
(票决) and the chosen projects until they are built and in use.

The rules of the vote live in ``services.py`` (``count_vote``, ``confirm_vote``);
the models hold what the database can: choices, ranges and the rules of a
project's status (domain.md §5).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from congress.concurrency import VersionedModel
from congress.models import Session
from congress.uploads import photo_validators, random_upload_to
from deputies.models import Deputy

# ---------------------------------------------------------------- choices


class Category(models.TextChoices):
    ROADS = "roads", _("roads and transport")
    WATER = "water", _("water supply and drainage")
    HOUSING = "housing", _("housing and living environment")
    CULTURE = "culture", _("culture and sports")
    SAFETY = "safety", _("public safety")
    EDUCATION_HEALTH = "education_health", _("education and health")
    ELDERLY = "elderly", _("elderly and social services")
    OTHER = "other", _("other")


class Origin(models.TextChoices):
    DEPUTIES = "deputies", _("proposed by deputies")
    VOTERS = "voters", _("proposed by voters")
    GOVERNMENT = "government", _("proposed by the government")


class CandidateStatus(models.TextChoices):
    CANDIDATE = "candidate", _("candidate")
    ON_BALLOT = "on_ballot", _("on the ballot")
    CHOSEN = "chosen", _("chosen")
    NOT_CHOSEN = "not_chosen", _("not chosen")


class EntryMode(models.TextChoices):
    TOTALS = "totals", _("per-candidate totals")
    BALLOTS = "ballots", _("each paper ballot")


class VoteState(models.TextChoices):
    DRAFT = "draft", _("draft")
    CONFIRMED = "confirmed", _("confirmed")


class ProjectStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("not started")
    UNDER_CONSTRUCTION = "under_construction", _("under construction")
    COMPLETED = "completed", _("completed")
    IN_USE = "in_use", _("built and in use")
    DELAYED = "delayed", _("delayed")
    CANCELLED = "cancelled", _("cancelled")


DONE_STATUSES = (ProjectStatus.COMPLETED, ProjectStatus.IN_USE)

WAN_YUAN = _("10,000 yuan")


class VoteLocked(ValidationError):
    """A confirmed vote and its ballots or totals are never edited: a correction is a new vote."""

    def __init__(self):
        super().__init__(
            _("This vote is confirmed and locked; record a correction vote instead."), code="locked"
        )


# ---------------------------------------------------------------- plan and candidates


class LivelihoodPlan(VersionedModel):
    """民生实事: the year's plan, how many projects the deputies choose and the session that votes."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    title = models.CharField(_("title"), max_length=100, blank=True, help_text=_("e.g. 2022年民生实事."))
    number_to_choose = models.PositiveSmallIntegerField(
        _("number of projects to choose"), help_text=_("How many projects the deputies choose (N).")
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.PROTECT,
        related_name="livelihood_plans",
        verbose_name=_("voting session"),
        null=True,
        blank=True,
    )
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("livelihood plan")
        verbose_name_plural = _("livelihood plans")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(number_to_choose__gt=0),
                name="livelihood_plan_chooses_some",
                violation_error_message=_("The plan must choose at least one project."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="livelihood_plan_year_range",
                violation_error_message=_("Enter a year between 2000 and 2100."),
            ),
        ]

    def __str__(self):
        return self.title or self.default_title()

    def save(self, *args, **kwargs):
        if not self.title:
            self.title = self.default_title()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("livelihood:year", args=[self.year])

    def default_title(self):
        return f"{self.year}年民生实事"


class Candidate(VersionedModel):
    """A candidate project of a plan, put to the deputies' vote.

    Its status is written only by the vote services (``services.py``).
    """

    plan = models.ForeignKey(
        LivelihoodPlan, on_delete=models.CASCADE, related_name="candidates", verbose_name=_("plan")
    )
    name = models.CharField(_("project name"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, blank=True)
    description = models.TextField(_("scope of works"), blank=True)
    place = models.CharField(
        _("construction site"), max_length=100, blank=True, help_text=_("The gacha or community.")
    )
    estimated_investment = models.DecimalField(
        _("estimated investment"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=WAN_YUAN,
    )
    funding_source = models.CharField(_("funding source"), max_length=200, blank=True)
    responsible_unit = models.CharField(_("responsible unit"), max_length=200, blank=True)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned completion"), null=True, blank=True)
    origin = models.CharField(_("origin"), max_length=20, choices=Origin.choices, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=CandidateStatus.choices,
        default=CandidateStatus.CANDIDATE,
        editable=False,
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("candidate project")
        verbose_name_plural = _("candidate projects")
        ordering = ["plan", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "name"],
                name="livelihood_candidate_name_unique_in_plan",
                violation_error_message=_("This plan already has a candidate with that name."),
            ),
            models.CheckConstraint(
                condition=Q(estimated_investment__isnull=True) | Q(estimated_investment__gte=0),
                name="livelihood_candidate_investment_not_negative",
                violation_error_message=_("The estimated investment cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(planned_start__isnull=True)
                | Q(planned_end__isnull=True)
                | Q(planned_end__gte=models.F("planned_start")),
                name="livelihood_candidate_ends_after_start",
                violation_error_message=_("The planned completion cannot be before the planned start."),
            ),
        ]

    def __str__(self):
        return self.name


# ---------------------------------------------------------------- the vote


class Vote(VersionedModel):
    """票决: the deputies' vote on a plan's candidates at a session.

    Entered either as each paper ballot (``Ballot`` rows) or as per-candidate
    totals (``CandidateTally`` rows). Confirming locks it; a correction is a
    new vote that names the one it corrects and why.
    """

    plan = models.ForeignKey(
        LivelihoodPlan, on_delete=models.PROTECT, related_name="votes", verbose_name=_("plan")
    )
    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, related_name="livelihood_votes", verbose_name=_("session")
    )
    date = models.DateField(_("date"), null=True, blank=True, help_text=_("Empty: the session's first day."))
    deputies_in_office = models.PositiveSmallIntegerField(
        _("deputies in office"),
        null=True,
        blank=True,
        help_text=_("Empty: counted from the roster on the date of the vote."),
    )
    deputies_present = models.PositiveSmallIntegerField(
        _("deputies present"),
        null=True,
        blank=True,
        help_text=_("Empty: as recorded for the session."),
    )
    entry_mode = models.CharField(
        _("entry mode"), max_length=10, choices=EntryMode.choices, default=EntryMode.TOTALS
    )
    valid_ballots = models.PositiveSmallIntegerField(
        _("valid ballots"), null=True, blank=True, help_text=_("Totals entry only.")
    )
    invalid_ballots = models.PositiveSmallIntegerField(
        _("invalid ballots"), null=True, blank=True, help_text=_("Totals entry only.")
    )
    state = models.CharField(
        _("state"), max_length=10, choices=VoteState.choices, default=VoteState.DRAFT, editable=False
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True, editable=False)
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrects"),
        help_text=_("The confirmed vote this one corrects."),
    )
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["-plan__year", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(corrects__isnull=True) | ~Q(correction_reason=""),
                name="livelihood_vote_correction_has_reason",
                violation_error_message=_("A correction needs a reason."),
            ),
            models.UniqueConstraint(
                fields=["corrects"],
                condition=Q(state="confirmed"),
                name="livelihood_vote_corrected_once",
                violation_error_message=_("That vote has already been corrected."),
            ),
            models.CheckConstraint(
                condition=Q(state="draft") | Q(confirmed_at__isnull=False),
                name="livelihood_vote_confirmed_has_time",
            ),
        ]

    def __str__(self):
        label = _("Vote on %(plan)s") % {"plan": self.plan}
        if self.corrects_id:
            label = _("%(label)s (correction)") % {"label": label}
        return label

    def save(self, *args, **kwargs):
        # Only a draft is ever saved: confirm_vote saves the draft that becomes confirmed.
        if self.pk and Vote.objects.filter(pk=self.pk, state=VoteState.CONFIRMED).exists():
            raise VoteLocked()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.is_locked:
            raise VoteLocked()
        return super().delete(*args, **kwargs)

    @property
    def is_locked(self) -> bool:
        return self.state == VoteState.CONFIRMED


class VoteRowMixin:
    """Ballots and tallies of a confirmed vote are never edited."""

    def save(self, *args, **kwargs):
        if Vote.objects.filter(pk=self.vote_id, state=VoteState.CONFIRMED).exists():
            raise VoteLocked()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if Vote.objects.filter(pk=self.vote_id, state=VoteState.CONFIRMED).exists():
            raise VoteLocked()
        return super().delete(*args, **kwargs)


class Ballot(VoteRowMixin, VersionedModel):
    """One paper ballot: the candidates marked yes. More than N yes makes it invalid."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="ballots", verbose_name=_("vote"))
    number = models.PositiveIntegerField(_("ballot number"))
    yes = models.ManyToManyField(
        Candidate, related_name="yes_ballots", blank=True, verbose_name=_("marked yes")
    )
    spoiled = models.BooleanField(
        _("spoiled"), default=False, help_text=_("Blank, illegible or otherwise invalid.")
    )
    history = HistoricalRecords(m2m_fields=[yes])

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        ordering = ["vote", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["vote", "number"],
                name="livelihood_ballot_number_unique_in_vote",
                violation_error_message=_("This vote already has a ballot with that number."),
            ),
        ]

    def __str__(self):
        return _("Ballot %(number)s") % {"number": self.number}


class CandidateTally(VoteRowMixin, VersionedModel):
    """A candidate's yes / no / abstain totals in a vote entered by totals."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="tallies", verbose_name=_("vote"))
    candidate = models.ForeignKey(
        Candidate, on_delete=models.PROTECT, related_name="tallies", verbose_name=_("candidate project")
    )
    yes = models.PositiveSmallIntegerField(_("in favour"), default=0)
    no = models.PositiveSmallIntegerField(_("against"), default=0)
    abstain = models.PositiveSmallIntegerField(_("abstentions"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("candidate totals")
        verbose_name_plural = _("candidate totals")
        ordering = ["vote", "candidate"]
        constraints = [
            models.UniqueConstraint(
                fields=["vote", "candidate"],
                name="livelihood_tally_once_per_candidate",
                violation_error_message=_("This candidate already has totals in this vote."),
            ),
        ]

    def __str__(self):
        return f"{self.candidate}: {self.yes}/{self.no}/{self.abstain}"

    @property
    def total(self) -> int:
        return self.yes + self.no + self.abstain


# ---------------------------------------------------------------- projects


class Project(VersionedModel):
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
    image = models.ImageField(
        _("photo"), upload_to=random_upload_to("livelihood/progress"), validators=photo_validators()
    )
    alt_text = models.CharField(
        _("alt text"), max_length=200, help_text=_("What the photo shows, for screen readers.")
    )
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    history = HistoricalRecords()

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
