"""The deputy roster of a term and its presidium."""

import datetime
import re
from collections import defaultdict

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Replace
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from congress.concurrency import VersionedModel
from congress.models import Term
from congress.numerals import ordinal_in
from congress.townships import TownshipOwned, scoped_manager
from congress.uploads import PhotoField, random_upload_to


def by_constituency(prefix: str = "") -> list:
    """Deputies in the order of their constituencies (第一选区 … 第十二选区), then by name."""
    return [
        F(f"{prefix}constituency__sort_order").asc(nulls_last=True),
        f"{prefix}constituency__name",
        f"{prefix}name",
    ]


class Constituency(TownshipOwned, VersionedModel):
    """选区."""

    name = models.CharField(_("name"), max_length=100)
    description = models.CharField(_("area covered"), max_length=200, blank=True)
    sort_order = models.PositiveIntegerField(
        _("list order"),
        null=True,
        blank=True,
        help_text=_(
            "Lists show constituencies in this order. Left empty, it is the number in the name "
            "(Constituency 3 → 3), or after the last one."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("constituency")
        verbose_name_plural = _("constituencies")
        ordering = [F("sort_order").asc(nulls_last=True), "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["township", "name"],
                name="constituency_name_unique_in_township",
                violation_error_message=_("The township already has a constituency with this name."),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        renamed = self.pk is not None and (
            Constituency._base_manager.filter(pk=self.pk).exclude(name=self.name).exists()
        )
        if self.sort_order is None:
            self.sort_order = ordinal_in(self.name) or next_sort_order()
        super().save(*args, **kwargs)
        if renamed:  # the hints of namesakes name their constituency
            refresh_namesakes(self.deputies.exclude(namesake_hint="").values_list("term_id", "name"))


def next_sort_order() -> int:
    """After the last constituency: where one without a number in its name goes."""
    last = Constituency.objects.aggregate(last=models.Max("sort_order"))["last"]
    return (last or 0) + 1


class Gender(models.TextChoices):
    MALE = "male", _("male")
    FEMALE = "female", _("female")


class PoliticalAffiliation(models.TextChoices):
    CPC = "cpc", _("CPC member")
    CPC_PROBATIONARY = "cpc_probationary", _("CPC probationary member")
    CYL = "cyl", _("Communist Youth League member")
    DEMOCRATIC_PARTY = "democratic_party", _("democratic party member")
    NON_PARTY = "non_party", _("non-party personage")
    MASSES = "masses", _("ordinary citizen")


class DeputyStatus(models.TextChoices):
    ACTIVE = "active", _("in office")
    RESIGNED = "resigned", _("resigned")
    REMOVED = "removed", _("removed")
    DECEASED = "deceased", _("deceased")


class DeputyQuerySet(models.QuerySet):
    def in_office(self, date: datetime.date | None = None):
        """Deputies whose time in office covers ``date`` (default: today)."""
        date = date or timezone.localdate()
        return self.filter(
            Q(took_office__lte=date),
            Q(left_office__isnull=True) | Q(left_office__gt=date),
        )

    def active(self):
        return self.filter(status=DeputyStatus.ACTIVE)


# Whitespace of any kind (ordinary, full-width U+3000, no-break U+00A0, tabs) inside a name.
NAME_SPACES = re.compile(r"\s+")


def without_spaces(field: str):
    """The database's copy of a text field with the spaces (ordinary, full-width, no-break) taken out."""
    expression = models.F(field)
    for space in (" ", "\u3000", "\u00a0"):
        expression = Replace(expression, models.Value(space), models.Value(""))
    return expression


def normalise_name(value: str) -> str:
    """A name without spaces inside ('罗　宝音' → '罗宝音'); between two Latin letters one space stays."""
    parts = NAME_SPACES.split((value or "").strip())
    name = parts[0]
    for part in parts[1:]:
        latin = name[-1:].isascii() and name[-1:].isalnum() and part[:1].isascii() and part[:1].isalnum()
        name += (" " if latin else "") + part
    return name


class Deputy(TownshipOwned, VersionedModel):
    """人大代表: a deputy of one term, in office from took_office until left_office."""

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="deputies", verbose_name=_("term"))
    name = models.CharField(_("name"), max_length=50, db_index=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    ethnicity = models.CharField(_("ethnicity"), max_length=20, blank=True)
    birth_month = models.DateField(
        _("birth month"), null=True, blank=True, help_text=_("Only the year and month are kept.")
    )
    political_affiliation = models.CharField(
        _("political affiliation"), max_length=20, choices=PoliticalAffiliation.choices, blank=True
    )
    education = models.CharField(_("education"), max_length=20, blank=True)
    occupation = models.CharField(_("employer and position"), max_length=200, blank=True)
    deputy_group = models.CharField(
        _("deputy group"), max_length=50, blank=True, help_text=_("The deputies' group, e.g. Group 1.")
    )
    constituency = models.ForeignKey(
        Constituency,
        on_delete=models.PROTECT,
        related_name="deputies",
        verbose_name=_("constituency"),
        null=True,
        blank=True,
    )
    is_banner_deputy = models.BooleanField(_("also banner deputy"), default=False)
    is_city_deputy = models.BooleanField(_("also city deputy"), default=False)
    is_region_deputy = models.BooleanField(_("also region deputy"), default=False)
    phone = models.CharField(
        _("phone"), max_length=30, blank=True, help_text=_("Private: never shown publicly.")
    )
    id_number = models.CharField(
        _("ID number"), max_length=18, blank=True, help_text=_("Private: never shown publicly.")
    )
    photo = PhotoField(_("photo"), upload_to=random_upload_to("deputies/photos"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=DeputyStatus.choices, default=DeputyStatus.ACTIVE
    )
    took_office = models.DateField(_("took office"))
    left_office = models.DateField(
        _("left office"),
        null=True,
        blank=True,
        help_text=_("The effective date of resignation, removal or death."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deputy",
        verbose_name=_("user account"),
    )
    notes = models.TextField(_("notes"), blank=True)
    namesake_hint = models.CharField(
        _("namesake hint"),
        max_length=150,
        blank=True,
        editable=False,
        help_text=_(
            "Kept by the platform: birth month and constituency, shown after the name while another "
            "deputy of the term has the same name."
        ),
    )
    # The hint follows the other deputies of the name; a change of it is nobody's edit.
    history = HistoricalRecords(excluded_fields=["namesake_hint"])

    objects = scoped_manager(DeputyQuerySet)

    class Meta:
        verbose_name = _("deputy")
        verbose_name_plural = _("deputies")
        ordering = ["term", *by_constituency()]
        constraints = [
            models.CheckConstraint(
                condition=(Q(status=DeputyStatus.ACTIVE) & Q(left_office__isnull=True))
                | (~Q(status=DeputyStatus.ACTIVE) & Q(left_office__isnull=False)),
                name="deputy_left_office_iff_not_active",
                violation_error_message=_(
                    "A deputy in office has no leaving date; a deputy who resigned, was removed or died needs one."
                ),
            ),
            models.CheckConstraint(
                condition=Q(left_office__isnull=True) | Q(left_office__gte=models.F("took_office")),
                name="deputy_leaves_after_taking_office",
                violation_error_message=_("The leaving date cannot be before the date of taking office."),
            ),
        ]
        indexes = [models.Index(fields=["took_office", "left_office"])]

    def __str__(self):
        """The name; with birth month and constituency while another deputy of the term has the same name."""
        if not self.namesake_hint:
            return self.name
        return _("%(name)s (%(hint)s)") % {"name": self.name, "hint": self.namesake_hint}

    def clean(self):
        super().clean()
        self.name = normalise_name(self.name)

    def save(self, *args, **kwargs):
        previous = getattr(self, "_namesake_key", None)
        super().save(*args, **kwargs)
        fields = kwargs.get("update_fields")
        if fields is None or {"name", "term", "birth_month", "constituency"} & set(fields):
            hints = refresh_namesakes({previous, (self.term_id, self.name)} - {None})
            self.namesake_hint = hints.get(self.pk, self.namesake_hint)
        self._namesake_key = (self.term_id, self.name)

    def delete(self, *args, **kwargs):
        key = (self.term_id, self.name)
        result = super().delete(*args, **kwargs)
        refresh_namesakes([key])
        return result

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        if "name" in field_names and "term_id" in field_names:
            instance._namesake_key = (instance.term_id, instance.name)
        return instance

    def get_absolute_url(self):
        return reverse("deputies:detail", args=[self.pk])

    def is_in_office(self, date: datetime.date | None = None) -> bool:
        date = date or timezone.localdate()
        return self.took_office <= date and (self.left_office is None or self.left_office > date)

    @property
    def levels(self) -> list[str]:
        """The other congresses the deputy sits in, e.g. ['旗人大代表']."""
        return [
            str(label)
            for flag, label in [
                (self.is_banner_deputy, _("banner deputy")),
                (self.is_city_deputy, _("city deputy")),
                (self.is_region_deputy, _("region deputy")),
            ]
            if flag
        ]


def namesake_hints(deputies: list[Deputy]) -> dict[int, str]:
    """Hints that tell deputies of one name apart: birth month and constituency (and work if still alike)."""

    def hint(deputy, *extra):
        month = deputy.birth_month.strftime("%Y.%m") if deputy.birth_month else ""
        parts = [p for p in (month, str(deputy.constituency or ""), *extra) if p]
        return "，".join(parts) or f"#{deputy.pk}"

    hints = {d.pk: hint(d) for d in deputies}
    for more in (lambda d: [d.occupation[:40]], lambda d: [d.occupation[:40], f"#{d.pk}"]):
        alike = defaultdict(list)
        for deputy in deputies:
            alike[hints[deputy.pk]].append(deputy)
        for group in alike.values():
            if len(group) > 1:
                for deputy in group:
                    hints[deputy.pk] = hint(deputy, *more(deputy))[:150]
    return hints


def refresh_namesakes(keys) -> dict[int, str]:
    """Give each deputy of the (term id, name) ``keys`` its hint: empty for a name no one else of the
    term has. Returns {deputy pk: hint} of those keys (the hint is stored: lists read no more rows)."""
    condition = Q(pk__in=[])
    for term_id, name in set(keys):
        condition |= Q(term_id=term_id, name=name)
    groups = defaultdict(list)
    for deputy in Deputy._base_manager.filter(condition).select_related("constituency"):
        groups[(deputy.term_id, deputy.name)].append(deputy)
    hints, changed = {}, []
    for group in groups.values():
        group_hints = namesake_hints(group) if len(group) > 1 else {}
        for deputy in group:
            hints[deputy.pk] = group_hints.get(deputy.pk, "")
            if deputy.namesake_hint != hints[deputy.pk]:
                deputy.namesake_hint = hints[deputy.pk]
                changed.append(deputy)
    if changed:
        Deputy._base_manager.bulk_update(changed, ["namesake_hint"])
    return hints


class PresidiumRole(models.TextChoices):
    CHAIR = "chair", _("chair")
    VICE_CHAIR = "vice_chair", _("vice-chair")
    MEMBER = "member", _("member")


class PresidiumMembership(TownshipOwned, VersionedModel):
    """A deputy's seat on the presidium (人大主席团) of a term, with their duty division."""

    term = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="presidium_memberships", verbose_name=_("term")
    )
    deputy = models.ForeignKey(
        Deputy, on_delete=models.PROTECT, related_name="presidium_memberships", verbose_name=_("deputy")
    )
    role = models.CharField(
        _("role"), max_length=20, choices=PresidiumRole.choices, default=PresidiumRole.MEMBER
    )
    title = models.CharField(
        _("title"),
        max_length=100,
        blank=True,
        help_text=_(
            "As it is printed, e.g. “member of the township Party committee, chair of the people's congress”."
        ),
    )
    duty_division = models.TextField(_("duty division"), blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("presidium membership")
        verbose_name_plural = _("presidium")
        ordering = [
            "term",
            models.Case(
                models.When(role=PresidiumRole.CHAIR, then=0),
                models.When(role=PresidiumRole.VICE_CHAIR, then=1),
                default=2,
            ),
            "deputy__name",
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "deputy"],
                condition=Q(end_date__isnull=True),
                name="presidium_one_current_seat_per_deputy",
                violation_error_message=_("This deputy already sits on the presidium of this term."),
            ),
            models.UniqueConstraint(
                fields=["term"],
                condition=Q(role=PresidiumRole.CHAIR, end_date__isnull=True),
                name="presidium_one_current_chair",
                violation_error_message=_("The presidium of this term already has a chair."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="presidium_membership_ends_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()} {self.deputy}"
