"""听取和审议专项工作报告: the presidium hears a report of 一府两院 and the deputies raise opinions."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from congress.concurrency import VersionedModel
from congress.models import Session, Term
from congress.townships import TownshipOwned, scoped_manager

from .roster import Deputy


class ReportingBody(models.TextChoices):
    GOVERNMENT = "government", _("township government")
    TRIBUNAL = "tribunal", _("people's court tribunal")
    PROCURATORATE = "procuratorate", _("procuratorate office")


class Deliberation(TownshipOwned, VersionedModel):
    """The hearing and deliberation of a special work report, with the opinions raised."""

    term = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="deliberations", verbose_name=_("term")
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deliberations",
        verbose_name=_("session"),
        help_text=_("If it was heard at a session of the congress."),
    )
    meeting = models.CharField(
        _("meeting"),
        max_length=200,
        blank=True,
        help_text=_("Otherwise the meeting, e.g. a presidium meeting."),
    )
    reporting_body = models.CharField(
        _("reporting body"), max_length=20, choices=ReportingBody.choices, default=ReportingBody.GOVERNMENT
    )
    subject = models.CharField(_("subject"), max_length=200)
    date = models.DateField(_("date"), db_index=True)
    deputies = models.ManyToManyField(
        Deputy, related_name="deliberations", verbose_name=_("deputies present"), blank=True
    )
    headcount = models.PositiveSmallIntegerField(
        _("number of deputies present"),
        null=True,
        blank=True,
        help_text=_("When the names of those present are not recorded."),
    )
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords(m2m_fields=[deputies])

    class Meta:
        verbose_name = _("deliberation of a work report")
        verbose_name_plural = _("deliberations of work reports")
        ordering = ["-date", "subject"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.subject}"


class Opinion(VersionedModel):
    """An opinion raised at a deliberation (the suggestions app turns it into a suggestion)."""

    deliberation = models.ForeignKey(
        Deliberation, on_delete=models.CASCADE, related_name="opinions", verbose_name=_("deliberation")
    )
    text = models.TextField(_("opinion"))
    raised_by = models.ForeignKey(
        Deputy,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opinions",
        verbose_name=_("raised by"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    objects = scoped_manager(path="deliberation__township")

    class Meta:
        verbose_name = _("opinion")
        verbose_name_plural = _("opinions")
        ordering = ["deliberation", "order", "pk"]

    def __str__(self):
        return self.text[:40]
