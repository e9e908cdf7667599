"""人大代表之家 and 代表联络站: where deputies receive voters."""

import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from congress.concurrency import VersionedModel
from congress.townships import TownshipOwned


class HomeKind(models.TextChoices):
    HOME = "home", _("deputies' home")
    STATION = "station", _("liaison station")


class DeputiesHome(TownshipOwned, VersionedModel):
    """A deputies' home or liaison station, with its public reception schedule."""

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=HomeKind.choices, default=HomeKind.HOME)
    address = models.CharField(_("address"), max_length=200)
    facilities = models.TextField(_("facilities"), blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    reception_schedule = models.TextField(
        _("reception schedule"),
        blank=True,
        help_text=_("Shown publicly, e.g. “deputies receive voters on the 10th of each month”."),
    )
    reception_day = models.PositiveSmallIntegerField(
        _("reception day of month"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text=_("A fixed reception day each month (1–28); leave empty if there is none."),
    )
    star_rating = models.PositiveSmallIntegerField(
        _("star rating"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    rated_on = models.DateField(_("rated on"), null=True, blank=True)
    rated_by = models.CharField(_("rated by"), max_length=100, blank=True)
    activity_rules = models.TextField(_("activity rules"), blank=True)
    is_public = models.BooleanField(_("shown publicly"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deputies' home")
        verbose_name_plural = _("deputies' homes and liaison stations")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["township", "name"],
                name="deputieshome_name_unique_in_township",
                violation_error_message=_("The township already has a deputies' home with this name."),
            ),
            models.CheckConstraint(
                condition=Q(star_rating__isnull=True) | Q(star_rating__gte=1, star_rating__lte=5),
                name="deputies_home_star_rating_1_to_5",
                violation_error_message=_("The star rating is from 1 to 5."),
            ),
            models.CheckConstraint(
                condition=Q(reception_day__isnull=True) | Q(reception_day__gte=1, reception_day__lte=28),
                name="deputies_home_reception_day_1_to_28",
                violation_error_message=_("The reception day is a day from 1 to 28."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def stars(self) -> str:
        return "★" * (self.star_rating or 0)

    def upcoming_reception_days(self, today: datetime.date, count: int = 3) -> list[datetime.date]:
        """The next ``count`` fixed reception days from ``today`` on (today included)."""
        if not self.reception_day:
            return []
        days = []
        year, month = today.year, today.month
        while len(days) < count:
            day = datetime.date(year, month, self.reception_day)
            if day >= today:
                days.append(day)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return days
