"""The yearly plan (民生实事) and its candidate projects."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from congress.concurrency import VersionedModel
from congress.models import Session
from congress.townships import TownshipOwned, scoped_manager

from .choices import WAN_YUAN, CandidateStatus, Category, Origin


class LivelihoodPlan(TownshipOwned, VersionedModel):
    """民生实事: the year's plan, how many projects the deputies choose and the session that votes."""

    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(
        _("title"), max_length=100, blank=True, help_text=_("e.g. “Livelihood projects 2022”.")
    )
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
            models.UniqueConstraint(
                fields=["township", "year"],
                name="livelihoodplan_year_unique_in_township",
                violation_error_message=_("The township already has a plan for this year."),
            ),
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

    objects = scoped_manager(path="plan__township")

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
