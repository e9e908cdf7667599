"""履职积分: the weights staff set for each kind of duty in a deputy's duty record."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from congress.concurrency import VersionedModel
from congress.townships import TownshipOwned


class DutyPointItem(models.TextChoices):
    RECEPTION = "reception", _("reception day on duty")
    DUTY_REPORT = "duty_report", _("duty report to voters")
    STUDY = "study", _("study session attended")
    VOLUNTEER = "volunteer", _("volunteer service attended")
    INSPECTION = "inspection", _("inspection attended")
    RESEARCH_TRIP = "research_trip", _("research trip attended")
    SURVEY = "survey", _("local survey attended")
    TRAINING = "training", _("training attended")
    MEETING = "meeting", _("meeting attended")
    OTHER = "other", _("other activity attended")
    ABSENCE = "absence", _("absence from an activity")
    DELIBERATION = "deliberation", _("deliberation attended")
    OPINION = "opinion", _("opinion raised")


# Used for any item staff have not set.
DEFAULT_POINTS = {
    DutyPointItem.RECEPTION: Decimal("3"),
    DutyPointItem.DUTY_REPORT: Decimal("5"),
    DutyPointItem.STUDY: Decimal("1"),
    DutyPointItem.VOLUNTEER: Decimal("2"),
    DutyPointItem.INSPECTION: Decimal("2"),
    DutyPointItem.RESEARCH_TRIP: Decimal("3"),
    DutyPointItem.SURVEY: Decimal("2"),
    DutyPointItem.TRAINING: Decimal("1"),
    DutyPointItem.MEETING: Decimal("1"),
    DutyPointItem.OTHER: Decimal("1"),
    DutyPointItem.ABSENCE: Decimal("0"),
    DutyPointItem.DELIBERATION: Decimal("2"),
    DutyPointItem.OPINION: Decimal("2"),
}


class DutyPointWeight(TownshipOwned, VersionedModel):
    """Points a deputy earns for one item of duty work (negative for a penalty)."""

    item = models.CharField(_("item"), max_length=20, choices=DutyPointItem.choices)
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("duty point weight")
        verbose_name_plural = _("duty point weights")
        ordering = ["item"]
        constraints = [
            models.UniqueConstraint(
                fields=["township", "item"],
                name="dutypointweight_item_unique_in_township",
                violation_error_message=_("The township already has a weight for this item."),
            ),
        ]

    def __str__(self):
        return f"{self.get_item_display()}: {self.points}"
