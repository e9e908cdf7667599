"""The township, its congress terms and sessions."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .concurrency import VersionedModel
from .fields import done_by
from .numerals import chinese_ordinal, ordinal
from .townships import TownshipOwned, scoped_manager


class Township(VersionedModel):
    """乡镇/苏木: one township of the banner, whose presidium works in this installation."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    slug = models.SlugField(
        _("address name"),
        max_length=40,
        unique=True,
        help_text=_("Its public pages are under /t/<address name>/, e.g. wushenzhao."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("township")
        verbose_name_plural = _("townships")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.name


class AccountTownship(models.Model):
    """Which township an account belongs to; none: the banner's (an account without a row: the first township)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="township_link",
        verbose_name=_("account"),
    )
    township = models.ForeignKey(
        Township,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("township"),
        help_text=_("Empty for the banner's staff."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("account's township")
        verbose_name_plural = _("accounts' townships")

    def __str__(self):
        return f"{self.user}: {self.township or _('banner')}"


class TownshipProfile(TownshipOwned, VersionedModel):
    """The row describing a township and how the platform names itself (one per township)."""

    banner = models.CharField(_("banner / county"), max_length=50)
    city = models.CharField(_("city"), max_length=50)
    region = models.CharField(_("province / region"), max_length=50)
    presidium_address = models.CharField(_("presidium address"), max_length=200, blank=True)
    deputies_home_address = models.CharField(_("deputies' home address"), max_length=200, blank=True)
    office_contact = models.CharField(
        _("presidium office contact person"),
        max_length=50,
        blank=True,
        help_text=_("Printed on assignment notices and evaluation forms, with the office phone."),
    )
    office_phone = models.CharField(
        _("presidium office phone"),
        max_length=30,
        blank=True,
        help_text=_(
            "The office's number for units and deputies; printed documents only, never on public pages."
        ),
    )
    platform_title = models.CharField(
        _("platform title"),
        max_length=100,
        help_text=_(
            "Shown in every page header, e.g. “Wushenzhao Township People's Congress Presidium Platform”."
        ),
    )
    introduction = models.TextField(_("introduction"), blank=True)
    document_fonts = models.CharField(
        _("fonts of the printed documents"),
        max_length=10,
        choices=[
            ("gb2312", _("GB2312 fonts (FangSong_GB2312, KaiTi_GB2312, FZXiaoBiaoSong)")),
            ("windows", _("Windows default fonts (FangSong, KaiTi, STZhongsong)")),
        ],
        default="gb2312",
        help_text=_(
            "The faces the Word documents name. Choose the Windows fonts when the office's computers "
            "lack the GB2312 fonts official documents use."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("township profile")
        verbose_name_plural = _("township profile")
        constraints = [
            models.UniqueConstraint(fields=["township"], name="township_profile_one_per_township"),
        ]

    def __str__(self):
        return str(self.township)

    @classmethod
    def current(cls):
        """The profile of the township in scope, or an unsaved placeholder before staff fill it in."""
        from .townships import current, current_township_id

        township_id = current_township_id()
        scope = current()
        if scope is not None and scope.everywhere:  # the banner's own pages: named after the banner
            first = cls.objects.of_township(township_id).first()
            banner = first.banner if first else ""
            profile = cls(
                township=None,
                banner=banner,
                city=first.city if first else "",
                region=first.region if first else "",
                platform_title=str(
                    _("%(banner)s townships' people's congress platform") % {"banner": banner}
                ),
            )
            profile.several_townships = True
            return profile
        # ``several_townships``: whether pages link to the banner's list of townships (same query).
        others = Township.objects.exclude(pk=township_id)
        profile = (
            cls.objects.filter(township_id=township_id)
            .select_related("township")
            .annotate(several_townships=models.Exists(others))
            .first()
        )
        # The placeholder names no township: pages show the platform's general title, no extra query.
        return profile or cls(
            township=None, platform_title=str(_("Township People's Congress Presidium Platform"))
        )

    @property
    def name(self) -> str:
        """The township's name ("" on the placeholder)."""
        return self.township.name if self.township_id else ""

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


class Term(TownshipOwned, VersionedModel):
    """届: a five-year term of the township people's congress."""

    ordinal = models.PositiveSmallIntegerField(_("ordinal"), help_text=_("4 for the 4th term."))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    seats = models.PositiveSmallIntegerField(_("number of seats"))
    history = HistoricalRecords()

    objects = scoped_manager(TermQuerySet)

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["-ordinal"]
        constraints = [
            models.UniqueConstraint(
                fields=["township", "ordinal"],
                name="term_ordinal_unique_in_township",
                violation_error_message=_("The township already has a term with this ordinal."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gt=models.F("start_date")),
                name="term_ends_after_start",
                violation_error_message=_("The term must end after it starts."),
            ),
            models.CheckConstraint(condition=Q(seats__gt=0), name="term_has_seats"),
        ]

    def __str__(self):
        return _("Term %(ordinal)s") % {"ordinal": ordinal(self.ordinal)}


class Session(VersionedModel):
    """会议: a session of the congress, e.g. 第四届人民代表大会第三次会议."""

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("term"))
    ordinal = models.PositiveSmallIntegerField(_("ordinal"), help_text=_("3 for the 3rd session."))
    title = models.CharField(_("title"), max_length=100, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    deputies_present = models.PositiveSmallIntegerField(_("deputies present"), null=True, blank=True)
    history = HistoricalRecords()

    objects = scoped_manager(path="term__township")

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


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("day off (public holiday)")
    WORKDAY = "workday", _("working day (swapped for a holiday)")


class WorkCalendarDay(VersionedModel):
    """A day of the official holiday arrangement (节假日安排) for a year the ``chinesecalendar`` package
    does not know yet: a public holiday off, or a weekend day worked in exchange (调休).

    Read by ``congress.workdays``: a row here wins over the package, so staff may also correct it.
    """

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind of day"), max_length=10, choices=DayKind.choices)
    name = models.CharField(
        _("holiday"),
        max_length=50,
        blank=True,
        help_text=_("e.g. Spring Festival, National Day (the holiday it belongs to)."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("holiday arrangement day")
        verbose_name_plural = _("holiday arrangement")
        ordering = ["-date"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=DayKind.values), name="work_calendar_day_kind_known"),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    FINAL = "final", _("final")


class ReportDraft(TownshipOwned, VersionedModel):
    """人大工作报告: the presidium's annual work report, drafted from the records.

    The prose lives in its sections and is the staff's; the figures are
    placeholders bound to the registry, computed into ``figures`` when the
    draft is made or refreshed, and frozen there when it is finalised.
    """

    year = models.PositiveSmallIntegerField(_("year"), help_text=_("The year the report looks back on."))
    session = models.ForeignKey(
        Session,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="report_drafts",
        verbose_name=_("session"),
        help_text=_("The session of the congress the report is given at."),
    )
    title = models.CharField(_("title"), max_length=100, default="人大工作报告")
    speaker = models.CharField(
        _("speaker"),
        max_length=100,
        blank=True,
        help_text=_("As printed under the title: the speaker's titles and name."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    figures = models.JSONField(
        _("figures"),
        default=dict,
        blank=True,
        help_text=_("The figures as last computed from the records; frozen once the report is final."),
    )
    figures_computed_at = models.DateTimeField(_("figures computed at"), null=True, blank=True)
    finalised_at = models.DateTimeField(_("finalised at"), null=True, blank=True)
    finalised_by = done_by(_("finalised by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("work report")
        verbose_name_plural = _("work reports")
        ordering = ["-year", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["township", "year"],
                condition=Q(status="final"),
                name="report_draft_one_final_per_year",
                violation_error_message=_("This year already has a final work report."),
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(finalised_at__isnull=False),
                name="report_draft_final_has_date",
                violation_error_message=_("A final report records when it was finalised."),
            ),
        ]

    def __str__(self):
        return _("%(year)s %(title)s (%(status)s)") % {
            "year": self.year,
            "title": self.title,
            "status": self.get_status_display(),
        }

    @property
    def is_final(self) -> bool:
        return self.status == ReportStatus.FINAL


class SectionKind(models.TextChoices):
    SALUTATION = "salutation", _("salutation (flush left)")
    PARAGRAPHS = "paragraphs", _("paragraphs")
    PART = "part", _("part (numbered heading on its own line)")
    SUBPART = "subpart", _("subpart (numbered heading leading its first paragraph)")


class ReportSection(VersionedModel):
    """A block of the report's text; parts and subparts are numbered by their order."""

    draft = models.ForeignKey(
        ReportDraft, on_delete=models.CASCADE, related_name="sections", verbose_name=_("work report")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    key = models.SlugField(
        _("key"), max_length=50, blank=True, help_text=_("Which part of the template it came from.")
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=SectionKind.choices, default=SectionKind.PARAGRAPHS
    )
    heading = models.CharField(
        _("heading"),
        max_length=200,
        blank=True,
        help_text=_("Without its number: the numbers are added in order."),
    )
    text = models.TextField(
        _("text"),
        blank=True,
        help_text=_(
            "One paragraph per line. Figures are placeholders such as {{suggestions.collected}}: "
            "never type a number the records can give."
        ),
    )
    history = HistoricalRecords()

    objects = scoped_manager(path="draft__township")

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["draft", "order", "pk"]

    def __str__(self):
        return self.heading or self.text[:30]

    @property
    def paragraphs(self) -> list[str]:
        return [line.strip() for line in self.text.splitlines() if line.strip()]


class DataVersion(models.Model):
    """One row whose token changes with every saved domain record: cached public pages know when they are stale.

    Written only by ``congress.cache`` (see there); not a domain record, so it keeps no history.
    """

    token = models.CharField(_("token"), max_length=32, default="initial")
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data version")
        ordering = ["pk"]

    def __str__(self):
        return self.token


class RateCounter(models.Model):
    """Hits counted against a limit (``congress.limits``): one row per limit and client address.

    Not a domain record: no history, not in backups; rows whose window ended are removed.
    """

    key = models.CharField(_("key"), max_length=200, unique=True, help_text=_("The limit and the address."))
    count = models.PositiveIntegerField(_("count"), default=0)
    window_ends = models.DateTimeField(_("window ends"), db_index=True)

    class Meta:
        verbose_name = _("rate counter")
        verbose_name_plural = _("rate counters")
        ordering = ["key"]

    def __str__(self):
        return f"{self.key}: {self.count}"


class Submission(models.Model):
    """A one-time form token claimed by the post that used it (``congress.submissions``): a second post of
    the same form answers as the first did and writes nothing. Kept a day; not a domain record."""

    token = models.CharField(_("token"), max_length=32, unique=True)
    path = models.CharField(_("path"), max_length=200)
    # The account's id, not a foreign key: a claim is no record of the account (and a restore that
    # empties the accounts must not have to empty these first).
    user_pk = models.BigIntegerField(_("user"), null=True, blank=True)
    location = models.CharField(_("where it led"), max_length=500, blank=True)
    note = models.CharField(_("note"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.path} {self.created_at:%Y-%m-%d %H:%M}"


# Accounts run by the presidium office (congress/accounts/): defined there, registered with the app here.
from .accounts.models import Account, AccountEvent  # noqa: E402, F401
