"""The township, its congress terms and sessions."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .numerals import chinese_ordinal


class TownshipProfile(models.Model):
    """The single row describing the township and how the platform names itself."""

    township = models.CharField(_("township"), max_length=50)
    banner = models.CharField(_("banner / county"), max_length=50)
    city = models.CharField(_("city"), max_length=50)
    region = models.CharField(_("province / region"), max_length=50)
    presidium_address = models.CharField(_("presidium address"), max_length=200, blank=True)
    deputies_home_address = models.CharField(_("deputies' home address"), max_length=200, blank=True)
    platform_title = models.CharField(
        _("platform title"),
        max_length=100,
        help_text=_("Shown in every page header, e.g. 乌审召镇人大主席团工作平台."),
    )
    introduction = models.TextField(_("introduction"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("township profile")
        verbose_name_plural = _("township profile")
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="township_profile_single_row"),
        ]

    def __str__(self):
        return self.township

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def current(cls):
        """The profile, or an unsaved placeholder before staff fill it in."""
        return cls.objects.filter(pk=1).first() or cls(
            township="", platform_title=str(_("Township People's Congress Presidium Platform"))
        )

    @property
    def full_name(self):
        return f"{self.region}{self.city}{self.banner}{self.township}"


class TermQuerySet(models.QuerySet):
    def covering(self, date: datetime.date):
        return self.filter(start_date__lte=date).filter(Q(end_date__isnull=True) | Q(end_date__gte=date))

    def current(self):
        return (
            self.covering(timezone.localdate()).order_by("-ordinal").first()
            or self.order_by("-ordinal").first()
        )


class Term(models.Model):
    """届: a five-year term of the township people's congress."""

    ordinal = models.PositiveSmallIntegerField(_("ordinal"), unique=True, help_text=_("4 for 第四届."))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    seats = models.PositiveSmallIntegerField(_("number of seats"))
    history = HistoricalRecords()

    objects = TermQuerySet.as_manager()

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["-ordinal"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gt=models.F("start_date")),
                name="term_ends_after_start",
                violation_error_message=_("The term must end after it starts."),
            ),
            models.CheckConstraint(condition=Q(seats__gt=0), name="term_has_seats"),
        ]

    def __str__(self):
        return _("Term %(ordinal)s") % {"ordinal": chinese_ordinal(self.ordinal)}


class Session(models.Model):
    """会议: a session of the congress, e.g. 第四届人民代表大会第三次会议."""

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("term"))
    ordinal = models.PositiveSmallIntegerField(_("ordinal"), help_text=_("3 for 第三次会议."))
    title = models.CharField(_("title"), max_length=100, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    deputies_present = models.PositiveSmallIntegerField(_("deputies present"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["-start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "ordinal"],
                name="session_ordinal_unique_in_term",
                violation_error_message=_("This term already has a session with that number."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="session_ends_after_start",
                violation_error_message=_("The session cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.title or self.default_title()

    def save(self, *args, **kwargs):
        if not self.title:
            self.title = self.default_title()
        super().save(*args, **kwargs)

    def default_title(self):
        return f"第{chinese_ordinal(self.term.ordinal)}届人民代表大会第{chinese_ordinal(self.ordinal)}次会议"

    def clean(self):
        term = getattr(self, "term", None)
        if term and self.start_date:
            if self.start_date < term.start_date or (term.end_date and self.start_date > term.end_date):
                raise ValidationError({"start_date": _("The session must fall within its term.")})
