"""The contact system of a term: presidium members ↔ deputies, deputies ↔ voters."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from congress.concurrency import VersionedModel
from congress.models import Term
from congress.townships import TownshipOwned

from .roster import Deputy, PresidiumMembership


class PresidiumContact(TownshipOwned, VersionedModel):
    """主席团联系代表: a presidium member keeps in touch with a deputy during a term."""

    term = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="presidium_contacts", verbose_name=_("term")
    )
    presidium_member = models.ForeignKey(
        PresidiumMembership,
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("presidium member"),
    )
    deputy = models.ForeignKey(
        Deputy,
        on_delete=models.CASCADE,
        related_name="presidium_contacts",
        verbose_name=_("deputy contacted"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("presidium contact")
        verbose_name_plural = _("presidium contacts")
        ordering = ["term", "presidium_member__deputy__name", "deputy__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["presidium_member", "deputy"],
                name="presidium_contact_unique",
                violation_error_message=_("This presidium member already contacts this deputy."),
            ),
        ]

    def __str__(self):
        return f"{self.presidium_member.deputy} → {self.deputy}"


class VoterContact(TownshipOwned, VersionedModel):
    """代表联系选民: a deputy's contact point among the voters (a 嘎查 or 社区, or a group of households)."""

    term = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="voter_contacts", verbose_name=_("term")
    )
    deputy = models.ForeignKey(
        Deputy, on_delete=models.CASCADE, related_name="voter_contacts", verbose_name=_("deputy")
    )
    contact_point = models.CharField(
        _("contact point"),
        max_length=100,
        help_text=_("The village (gacha) or community, or the group of households, e.g. Chaganmiao Gacha."),
    )
    households = models.PositiveIntegerField(_("households"), null=True, blank=True)
    voters = models.PositiveIntegerField(_("voters"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True, help_text=_("Staff only: never shown publicly."))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("voter contact")
        verbose_name_plural = _("voter contacts")
        ordering = ["term", "deputy__name", "contact_point"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "deputy", "contact_point"],
                name="voter_contact_unique_point",
                violation_error_message=_("This deputy already has this contact point in this term."),
            ),
            models.CheckConstraint(
                condition=Q(voters__isnull=True) | Q(voters__gt=0),
                name="voter_contact_voters_positive",
            ),
        ]

    def __str__(self):
        return f"{self.deputy} · {self.contact_point}"
