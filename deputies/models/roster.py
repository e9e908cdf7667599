"""The deputy roster of a term and its presidium."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from congress.concurrency import VersionedModel
from congress.models import Term
from congress.uploads import photo_validators, random_upload_to


class Constituency(VersionedModel):
    """选区."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.CharField(_("area covered"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("constituency")
        verbose_name_plural = _("constituencies")
        ordering = ["name"]

    def __str__(self):
        return self.name


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


class Deputy(VersionedModel):
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
    photo = models.ImageField(
        _("photo"), upload_to=random_upload_to("deputies/photos"), validators=photo_validators(), blank=True
    )
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
    history = HistoricalRecords()

    objects = DeputyQuerySet.as_manager()

    class Meta:
        verbose_name = _("deputy")
        verbose_name_plural = _("deputies")
        ordering = ["term", "constituency__name", "name"]
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
        return self.name

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


class PresidiumRole(models.TextChoices):
    CHAIR = "chair", _("chair")
    VICE_CHAIR = "vice_chair", _("vice-chair")
    MEMBER = "member", _("member")


class PresidiumMembership(VersionedModel):
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
        _("title"), max_length=100, blank=True, help_text=_("As it is printed, e.g. 镇党委委员、人大主席.")
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
