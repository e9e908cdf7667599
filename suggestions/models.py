"""Suggestions (建议、批评和意见), the units that handle them, and each round of handling.

The ``state`` of a suggestion and its ``current_round`` are written by
``suggestions.workflow`` only; every other model here is a record of what
happened in a round (assignment, contact, reply, evaluation).
"""

import calendar
import datetime

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from congress.concurrency import VersionedModel
from congress.fields import done_by
from congress.models import Session
from congress.townships import TownshipOwned, scoped_manager
from congress.uploads import attachment_validators, random_upload_to
from deputies.models import Deputy, PresidiumMembership

from . import deadlines
from .choices import (
    OPEN_STATES,
    AssignmentRole,
    Category,
    ContactForm,
    Rating,
    ResultClass,
    Source,
    State,
    Transition,
    UnitKind,
)
from .notices import render

DEFAULT_HANDLING_MONTHS = 3


def add_months(date: datetime.date, months: int) -> datetime.date:
    """2022-11-30 + 3 months → 2023-02-28 (the last day when the month is shorter)."""
    month_index = date.month - 1 + months
    year, month = date.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(date.day, calendar.monthrange(year, month)[1]))


def default_deadline(start: datetime.date | None = None) -> datetime.date:
    return add_months(start or timezone.localdate(), DEFAULT_HANDLING_MONTHS)


def entered_on_behalf(verbose_name=None) -> models.BooleanField:
    """由人大办代录: a unit's or a deputy's step that presidium staff entered for them (from paper or a
    phone call), through the same workflow step; the record's "recorded by" names the staff member."""
    return models.BooleanField(
        verbose_name or _("entered by the presidium office"),
        default=False,
        help_text=_("Presidium staff entered it for the unit or the deputy, from paper or a phone call."),
    )


class HandlingUnit(TownshipOwned, VersionedModel):
    """承办单位: a township department, an affiliated unit, a gacha/community or a banner department."""

    name = models.CharField(_("unit name"), max_length=100)
    kind = models.CharField(
        _("kind"), max_length=30, choices=UnitKind.choices, default=UnitKind.TOWNSHIP_DEPARTMENT
    )
    contact_person = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(
        _("contact phone"), max_length=30, blank=True, help_text=_("Private: staff only.")
    )
    users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="handling_units",
        verbose_name=_("user accounts"),
        help_text=_("The unit's accounts for the handling-unit portal (give them the handling-unit role)."),
    )
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords(m2m_fields=[users])

    class Meta:
        verbose_name = _("handling unit")
        verbose_name_plural = _("handling units")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["township", "name"],
                name="handlingunit_name_unique_in_township",
                violation_error_message=_("The township already has a handling unit with this name."),
            ),
        ]

    def __str__(self):
        return self.name


class YearCounter(TownshipOwned, models.Model):
    """The last sequence number a township handed out in a year: numbers are never reused."""

    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("yearly number counter")
        verbose_name_plural = _("yearly number counters")
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["township", "year"], name="year_counter_one_per_township")
        ]

    def __str__(self):
        return f"{self.year}: {self.last}"


class SuggestionQuerySet(models.QuerySet):
    def in_year(self, year: int):
        """Registered in the year: the year of the date received (Asia/Shanghai)."""
        return self.filter(received_on__year=year)

    def of_deputy(self, deputy):
        """Suggestions the deputy leads or co-signed."""
        # An IN over the union of two index lookups: "lead OR EXISTS(co-signed)" reads every suggestion.
        led = Suggestion.objects.filter(lead_deputy=deputy).order_by().values("pk")
        co_signed = Suggestion.co_signers.through.objects.filter(deputy=deputy).values("suggestion_id")
        return self.filter(pk__in=led.union(co_signed))

    def of_unit_user(self, user):
        """Suggestions assigned (as lead or co-handling unit, in any round) to a unit of the user."""
        # From the user's units to their assignments (indexed), not a check of every suggestion; the
        # units as a subquery of their own, so that PostgreSQL plans it before joining the list's tables.
        units = HandlingUnit.users.through.objects.filter(user=user).values("handlingunit_id")
        return self.filter(pk__in=Round.objects.filter(assignments__unit__in=units).values("suggestion_id"))

    def open(self):
        return self.filter(state__in=OPEN_STATES)

    def overdue(self, today: datetime.date | None = None):
        """超期: past the current round's deadline with no reply in that round."""
        today = today or timezone.localdate()
        return self.open().filter(deadlines.past(today), current_round__reply__isnull=True)

    def with_lead_unit(self):
        """Annotates ``lead_unit_name``: the lead unit of the current round."""
        lead = Assignment.objects.filter(round=OuterRef("current_round"), role=AssignmentRole.LEAD).order_by()
        return self.annotate(lead_unit_name=models.Subquery(lead.values("unit__name")[:1]))


class Suggestion(TownshipOwned, VersionedModel):
    """建议、批评和意见: one item, tracked from registration until the proposer is satisfied."""

    number = models.CharField(
        _("number"), max_length=12, editable=False, help_text=_("YYYY-NNN, never reused.")
    )
    title = models.CharField(_("suggestion title"), max_length=200)
    content = models.TextField(_("content"))
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, default=Category.OTHER
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.SESSION)
    lead_deputy = models.ForeignKey(
        Deputy,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="suggestions_led",
        verbose_name=_("lead deputy"),
    )
    co_signers = models.ManyToManyField(
        Deputy, blank=True, related_name="suggestions_co_signed", verbose_name=_("co-signing deputies")
    )
    external_proposer = models.CharField(
        _("external proposer"),
        max_length=200,
        blank=True,
        help_text=_("For items handed down by the banner: the banner deputy or CPPCC member."),
    )
    received_on = models.DateField(
        _("received on"),
        default=timezone.localdate,
        help_text=_("Its year is the number's year."),
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggestions",
        verbose_name=_("session"),
    )
    reception_matter = models.ForeignKey(
        "deputies.ReceptionMatter",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggestions",
        verbose_name=_("reception matter"),
        help_text=_("The matter raised at a reception that this suggestion comes from."),
    )
    opinion = models.OneToOneField(
        "deputies.Opinion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggestion",
        verbose_name=_("deliberation opinion"),
        help_text=_("The opinion raised at a deliberation that this suggestion comes from."),
    )
    # 交办: an item the banner handed down to the township (a banner deputy's suggestion or a banner
    # CPPCC member's proposal), written by ``handdowns.hand_down`` only; the proposer is ``external_proposer``.
    handed_down_on = models.DateField(_("handed down on"), null=True, blank=True, editable=False)
    handed_down_by = done_by(_("handed down by"), editable=False)
    banner_deadline = models.DateField(
        _("banner's deadline"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The deadline the banner set; the unit's deadline is not later."),
    )
    public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Show the item and its handling result on the public results page."),
    )
    key_supervision = models.BooleanField(_("key supervision"), default=False)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.REGISTERED, editable=False
    )
    current_round = models.ForeignKey(
        "Round",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("current round"),
    )
    history = HistoricalRecords(m2m_fields=[co_signers])

    objects = scoped_manager(SuggestionQuerySet)

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        ordering = ["-received_on", "-number"]
        indexes = [
            # The year's figures (dashboard, report, ledger summary) read these columns only: on
            # PostgreSQL an index-only scan of the year instead of a visit to every row.
            models.Index(
                fields=["received_on"],
                include=["current_round", "state", "source"],
                name="suggestion_year_figures",
            ),
            # The same for one township's year (every request is one township's; the banner's comparison
            # counts each township in turn): the township's year, not every township's, is scanned.
            models.Index(
                fields=["township", "received_on"],
                include=["current_round", "state", "source"],
                name="suggestion_township_year",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["township", "number"],
                name="suggestion_number_unique_in_township",
                violation_error_message=_("The township already has an item with this number."),
            ),
            models.CheckConstraint(
                condition=Q(lead_deputy__isnull=False) | ~Q(external_proposer=""),
                name="suggestion_has_a_proposer",
                violation_error_message=_(
                    "Name the lead deputy, or the external proposer of a handed-down item."
                ),
            ),
            models.CheckConstraint(condition=Q(state__in=State.values), name="suggestion_state_is_known"),
            models.CheckConstraint(
                condition=Q(banner_deadline__isnull=True) | Q(banner_deadline__gte=models.F("received_on")),
                name="suggestion_banner_deadline_after_receipt",
                violation_error_message=_("The banner's deadline cannot be before the date received."),
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.title}" if self.number else self.title

    @property
    def proposer(self) -> str:
        return self.lead_deputy.name if self.lead_deputy_id else self.external_proposer

    @property
    def is_open(self) -> bool:
        """Assigned or in handling: a unit is working on it and the deadline runs."""
        return self.state in OPEN_STATES

    @property
    def is_handed_down(self) -> bool:
        return self.lead_deputy_id is None

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        round_ = self.current_round
        return self.state in OPEN_STATES and round_ is not None and round_.deadline < today

    def supervision_colour(self, today: datetime.date | None = None) -> str:
        """三色督办: "red" overdue, "yellow" due within 15 days, "green" on schedule, "" otherwise."""
        today = today or timezone.localdate()
        if self.state not in OPEN_STATES or self.current_round is None:
            return ""
        return deadlines.colour(self.current_round.deadline, today)


class SuggestionAttachment(VersionedModel):
    """A file of the suggestion (the deputy's written form, photos); served only through a checked view."""

    suggestion = models.ForeignKey(
        Suggestion, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("suggestion")
    )
    file = models.FileField(
        _("file"), upload_to=random_upload_to("suggestions"), validators=attachment_validators()
    )
    description = models.CharField(_("file description"), max_length=200, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    history = HistoricalRecords()

    objects = scoped_manager(path="suggestion__township")

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["suggestion_id", "uploaded_at"]

    def __str__(self):
        return self.description or self.file.name.rsplit("/", 1)[-1]


class Round(models.Model):
    """办理轮次: one assignment of the item to units with a deadline; re-handling opens the next."""

    suggestion = models.ForeignKey(
        Suggestion, on_delete=models.CASCADE, related_name="rounds", verbose_name=_("suggestion")
    )
    number = models.PositiveSmallIntegerField(_("round"), default=1)
    assigned_on = models.DateField(_("assigned on"), default=timezone.localdate)
    deadline = models.DateField(_("deadline"))
    supervisor_member = models.ForeignKey(
        PresidiumMembership,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervised_rounds",
        verbose_name=_("supervising presidium member"),
    )
    supervisor_leader = models.CharField(
        _("supervising township leader"),
        max_length=100,
        blank=True,
        help_text=_("A principal township leader, e.g. the township head."),
    )
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    return_reason = models.TextField(_("reason for returning"), blank=True)
    returned_by = done_by(_("return recorded by"))
    return_on_behalf = entered_on_behalf(_("return entered by the presidium office"))
    reminder_sent_on = models.DateField(_("deadline reminder sent on"), null=True, blank=True, editable=False)
    overdue_notice_sent_on = models.DateField(
        _("overdue notice sent on"), null=True, blank=True, editable=False
    )
    close_notice_sent_on = models.DateField(
        _("closing notice sent on"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When staff were told an outside proposer's unrated reply may be closed."),
    )
    history = HistoricalRecords()

    objects = scoped_manager(path="suggestion__township")

    class Meta:
        verbose_name = _("handling round")
        verbose_name_plural = _("handling rounds")
        ordering = ["suggestion_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["suggestion", "number"], name="round_number_unique_per_suggestion"
            ),
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("assigned_on")),
                name="round_deadline_after_assignment",
                violation_error_message=_("The deadline cannot be before the assignment."),
            ),
        ]

    def __str__(self):
        return _("%(number)s, round %(round)s") % {"number": self.suggestion.number, "round": self.number}

    @property
    def supervisor(self) -> str:
        if self.supervisor_member_id:
            return self.supervisor_member.deputy.name
        return self.supervisor_leader

    @property
    def lead_assignment(self):
        return next((a for a in self.assignments.all() if a.role == AssignmentRole.LEAD), None)

    @property
    def lead_unit(self):
        lead = self.lead_assignment
        return lead.unit if lead else None

    @property
    def co_assignments(self):
        return [a for a in self.assignments.all() if a.role == AssignmentRole.CO]


class Assignment(models.Model):
    """交办: a unit's part in a round, as lead (主办) or co-handling unit (协办) with its opinion."""

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("round")
    )
    unit = models.ForeignKey(
        HandlingUnit, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("handling unit")
    )
    role = models.CharField(
        _("lead or co-handling"), max_length=10, choices=AssignmentRole.choices, default=AssignmentRole.LEAD
    )
    opinion = models.TextField(_("co-handling opinion"), blank=True)
    opinion_on = models.DateField(_("opinion given on"), null=True, blank=True)
    opinion_by = done_by(_("opinion given by"))
    opinion_on_behalf = entered_on_behalf(_("opinion entered by the presidium office"))
    history = HistoricalRecords()

    objects = scoped_manager(path="round__suggestion__township")

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["round_id", "-role", "unit__name"]  # the lead unit first
        constraints = [
            models.UniqueConstraint(fields=["round", "unit"], name="assignment_unit_once_per_round"),
            models.UniqueConstraint(
                fields=["round"],
                condition=Q(role=AssignmentRole.LEAD),
                name="assignment_one_lead_unit_per_round",
                violation_error_message=_("A round has exactly one lead unit."),
            ),
        ]

    def __str__(self):
        return f"{self.unit} ({self.get_role_display()})"


class Contact(models.Model):
    """见面: the unit meets or calls the deputy, before, during or after handling."""

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("round")
    )
    unit = models.ForeignKey(
        HandlingUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name=_("handling unit"),
    )
    form = models.CharField(
        _("form"), max_length=20, choices=ContactForm.choices, default=ContactForm.IN_PERSON
    )
    contacted_on = models.DateField(_("date"), default=timezone.localdate)
    note = models.TextField(_("note"), blank=True)
    recorded_by = done_by(_("recorded by"))
    on_behalf = entered_on_behalf()
    history = HistoricalRecords()

    objects = scoped_manager(path="round__suggestion__township")

    class Meta:
        verbose_name = _("contact with the deputy")
        verbose_name_plural = _("contacts with the deputy")
        ordering = ["round_id", "contacted_on", "pk"]

    def __str__(self):
        return f"{self.contacted_on:%Y-%m-%d} {self.get_form_display()}"


class Reply(models.Model):
    """答复: the lead unit's reply in a round, with its result class A–D."""

    round = models.OneToOneField(
        Round, on_delete=models.CASCADE, related_name="reply", verbose_name=_("round")
    )
    text = models.TextField(_("reply"))
    result_class = models.CharField(_("result class"), max_length=1, choices=ResultClass.choices)
    replied_on = models.DateField(_("replied on"), default=timezone.localdate)
    attachment = models.FileField(
        _("attachment"),
        upload_to=random_upload_to("replies"),
        validators=attachment_validators(),
        blank=True,
    )
    replied_by = done_by(_("recorded by"))
    on_behalf = entered_on_behalf()
    history = HistoricalRecords()

    objects = scoped_manager(path="round__suggestion__township")

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["replied_on", "pk"]
        # The public results and the home page list the latest replies first.
        indexes = [models.Index(fields=["-replied_on"], name="reply_replied_on_desc")]
        constraints = [
            models.CheckConstraint(
                condition=Q(result_class__in=ResultClass.values), name="reply_result_class_known"
            )
        ]

    def __str__(self):
        return f"{self.round}: {self.result_class}"

    @property
    def on_time(self) -> bool:
        return self.replied_on <= self.round.deadline


class Evaluation(models.Model):
    """测评: the lead deputy's rating of a round's reply (once per round)."""

    round = models.OneToOneField(
        Round, on_delete=models.CASCADE, related_name="evaluation", verbose_name=_("round")
    )
    rating = models.CharField(_("rating"), max_length=20, choices=Rating.choices)
    comment = models.TextField(_("comment"), blank=True)
    evaluated_on = models.DateField(_("evaluated on"), default=timezone.localdate)
    evaluated_by = done_by(_("entered by"))
    on_behalf = entered_on_behalf()
    form_scan = models.FileField(
        _("scan of the evaluation form"),
        upload_to=random_upload_to("evaluations"),
        validators=attachment_validators(),
        blank=True,
        help_text=_("The deputy's signed paper form, when staff enter the rating from it (PDF or a photo)."),
    )
    history = HistoricalRecords()

    objects = scoped_manager(path="round__suggestion__township")

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["evaluated_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(rating__in=Rating.values), name="evaluation_rating_known")
        ]

    def __str__(self):
        return f"{self.round}: {self.get_rating_display()}"


class SuggestionEvent(models.Model):
    """One transition of the workflow: what, who, when. Written only by ``workflow.apply``.

    The event log is itself the audit trail, so it keeps no separate history.
    """

    suggestion = models.ForeignKey(
        Suggestion, on_delete=models.CASCADE, related_name="events", verbose_name=_("suggestion")
    )
    transition = models.CharField(_("transition"), max_length=20, choices=Transition.choices)
    from_state = models.CharField(_("from"), max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=20, choices=State.choices)
    round = models.ForeignKey(
        Round,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("round"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="suggestion_events",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)

    objects = scoped_manager(path="suggestion__township")

    class Meta:
        verbose_name = _("workflow event")
        verbose_name_plural = _("workflow events")
        ordering = ["suggestion_id", "at", "pk"]

    def __str__(self):
        return f"{self.suggestion.number} {self.get_transition_display()}"


class Notification(models.Model):
    """An in-app notice for one user (also sent by e-mail where the user has an address)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("user"),
    )
    # The notice as sent (the platform's language, as the e-mail said it); a notice written
    # since the English switch also keeps its message and words, and is shown in the reader's
    # language (``shown``). Older notices have only their text.
    text = models.CharField(_("text"), max_length=300)
    message = models.CharField(_("message"), max_length=300, blank=True, editable=False)
    params = models.JSONField(_("words of the message"), default=dict, blank=True, editable=False)
    link = models.CharField(_("link"), max_length=300, blank=True)
    read = models.BooleanField(_("read"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read"])]

    def __str__(self):
        return self.shown

    @property
    def shown(self) -> str:
        """The notice in the language active now (its stored text where it has no message)."""
        if not self.message:
            return self.text
        return render(self.message, self.params)


# --- kept in modules of their own, imported here so that Django finds them: 督办记录 (the supervising
# presidium members' notes) and 社情民意 (voters' opinions, suggestions.opinions) ---------------------

from .opinions.models import VoterOpinion  # noqa: E402, F401
from .supervision_models import SupervisionNote  # noqa: E402, F401
