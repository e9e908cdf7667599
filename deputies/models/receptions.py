"""接待选民 and 代表述职: the deputies meeting their voters."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from congress.concurrency import VersionedModel
from congress.fields import done_by
from congress.models import Term
from congress.townships import TownshipOwned, scoped_manager

from .homes import DeputiesHome
from .roster import Deputy


class ReceptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed=True)

    def in_year(self, year: int):
        return self.filter(date__year=year)


class Reception(TownshipOwned, VersionedModel):
    """A reception day (接待选民日): deputies on duty receive voters; ``visitors`` counts 人次.

    A reception a deputy logs in the portal stays unconfirmed until staff confirm it;
    figures count confirmed receptions only.
    """

    term = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="receptions", verbose_name=_("term")
    )
    home = models.ForeignKey(
        DeputiesHome,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="receptions",
        verbose_name=_("deputies' home"),
    )
    date = models.DateField(_("date"), db_index=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    deputies = models.ManyToManyField(
        Deputy, related_name="receptions_on_duty", verbose_name=_("deputies on duty"), blank=True
    )
    visitors = models.PositiveIntegerField(
        _("visitors (person-times)"),
        default=0,
        help_text=_("Person-times: every voter received counts once per visit."),
    )
    confirmed = models.BooleanField(
        _("confirmed"),
        default=True,
        help_text=_("Receptions logged by deputies in the portal count only once staff confirm them."),
    )
    logged_by = done_by(_("logged by"))
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords(m2m_fields=[deputies])

    objects = scoped_manager(ReceptionQuerySet)

    class Meta:
        verbose_name = _("reception of voters")
        verbose_name_plural = _("receptions of voters")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.place or self.home or ''}".strip()


class MatterCategory(models.TextChoices):
    INFRASTRUCTURE = "infrastructure", _("roads, water and infrastructure")
    AGRICULTURE = "agriculture", _("agriculture and animal husbandry")
    ECOLOGY = "ecology", _("ecology and environment")
    SOCIAL_SECURITY = "social_security", _("social security and assistance")
    HEALTH_EDUCATION = "health_education", _("health and education")
    GOVERNANCE = "governance", _("village affairs and governance")
    OTHER = "other", _("other")


class Outcome(models.TextChoices):
    ANSWERED = "answered", _("answered on the spot")
    PASSED_TO_UNIT = "passed_to_unit", _("passed to a unit")
    SUGGESTION = "suggestion", _("turned into a suggestion")
    PENDING = "pending", _("pending")


class ReceptionMatter(VersionedModel):
    """A matter a voter raised at a reception, and what became of it. The voter's details are private."""

    reception = models.ForeignKey(
        Reception, on_delete=models.CASCADE, related_name="matters", verbose_name=_("reception")
    )
    summary = models.TextField(_("summary"))
    category = models.CharField(
        _("category"), max_length=20, choices=MatterCategory.choices, default=MatterCategory.OTHER
    )
    voter_name = models.CharField(
        _("voter's name"), max_length=50, blank=True, help_text=_("Private: staff only.")
    )
    voter_contact = models.CharField(
        _("voter's contact"), max_length=100, blank=True, help_text=_("Private: staff only.")
    )
    may_contact = models.BooleanField(_("voter may be contacted"), default=False)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.PENDING)
    outcome_note = models.TextField(_("outcome note"), blank=True)
    history = HistoricalRecords()
    # Shown to presidium staff only, wherever the admin shows the record (congress/admin_guard.py).
    staff_only_fields = ("voter_name", "voter_contact")

    objects = scoped_manager(path="reception__township")

    class Meta:
        verbose_name = _("matter raised")
        verbose_name_plural = _("matters raised")
        ordering = ["reception", "pk"]

    def __str__(self):
        return self.summary[:40]


class DutyReportForm(models.TextChoices):
    ORAL = "oral", _("oral")
    WRITTEN = "written", _("written")


class DutyReport(TownshipOwned, VersionedModel):
    """代表述职: a deputy reports on their duties to the voters, who evaluate them."""

    deputy = models.ForeignKey(
        Deputy, on_delete=models.PROTECT, related_name="duty_reports", verbose_name=_("deputy")
    )
    date = models.DateField(_("date"), db_index=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    form = models.CharField(
        _("form"), max_length=10, choices=DutyReportForm.choices, default=DutyReportForm.ORAL
    )
    audience = models.PositiveIntegerField(_("audience size"), null=True, blank=True)
    satisfied = models.PositiveIntegerField(_("satisfied"), default=0)
    basically_satisfied = models.PositiveIntegerField(_("basically satisfied"), default=0)
    unsatisfied = models.PositiveIntegerField(_("unsatisfied"), default=0)
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("duty report")
        verbose_name_plural = _("duty reports")
        ordering = ["-date", "deputy__name"]

    def __str__(self):
        return f"{self.deputy} {self.date:%Y-%m-%d}"

    @property
    def evaluations(self) -> int:
        return self.satisfied + self.basically_satisfied + self.unsatisfied
