"""票决: the deputies' vote on a plan, its paper ballots or per-candidate totals."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from congress.concurrency import VersionedModel
from congress.models import Session
from congress.townships import TownshipOwned, scoped_manager

from .choices import EntryMode, VoteLocked, VoteState
from .plans import Candidate, LivelihoodPlan


class Vote(TownshipOwned, VersionedModel):
    """票决: the deputies' vote on a plan's candidates at a session.

    Entered either as each paper ballot (``Ballot`` rows) or as per-candidate
    totals (``CandidateTally`` rows). Confirming locks it; a correction is a
    new vote that names the one it corrects and why. A tie across the last
    place is settled by a run-off (再次投票): a vote of its own that names the
    tied vote, among the tied candidates only, for the places left.
    """

    plan = models.ForeignKey(
        LivelihoodPlan, on_delete=models.PROTECT, related_name="votes", verbose_name=_("plan")
    )
    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, related_name="livelihood_votes", verbose_name=_("session")
    )
    date = models.DateField(_("date"), null=True, blank=True, help_text=_("Empty: the session's first day."))
    deputies_in_office = models.PositiveSmallIntegerField(
        _("deputies in office"),
        null=True,
        blank=True,
        help_text=_("Empty: counted from the roster on the date of the vote."),
    )
    deputies_present = models.PositiveSmallIntegerField(
        _("deputies present"),
        null=True,
        blank=True,
        help_text=_("Empty: as recorded for the session."),
    )
    entry_mode = models.CharField(
        _("entry mode"), max_length=10, choices=EntryMode.choices, default=EntryMode.TOTALS
    )
    valid_ballots = models.PositiveSmallIntegerField(
        _("valid ballots"), null=True, blank=True, help_text=_("Totals entry only.")
    )
    invalid_ballots = models.PositiveSmallIntegerField(
        _("invalid ballots"), null=True, blank=True, help_text=_("Totals entry only.")
    )
    state = models.CharField(
        _("state"), max_length=10, choices=VoteState.choices, default=VoteState.DRAFT, editable=False
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True, editable=False)
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrects"),
        help_text=_("The confirmed vote this one corrects."),
    )
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    runoff_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="runoffs",
        verbose_name=_("run-off of"),
        help_text=_("The tied vote this run-off settles."),
    )
    places = models.PositiveSmallIntegerField(
        _("places to fill"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("A run-off: the places the tied vote left open."),
    )
    runoff_candidates = models.ManyToManyField(
        Candidate,
        blank=True,
        related_name="runoff_votes",
        verbose_name=_("tied candidates"),
        help_text=_("A run-off: the candidates tied across the last place, the only ones on its ballot."),
    )
    history = HistoricalRecords(m2m_fields=[runoff_candidates])

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["-plan__year", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(corrects__isnull=True) | ~Q(correction_reason=""),
                name="livelihood_vote_correction_has_reason",
                violation_error_message=_("A correction needs a reason."),
            ),
            models.UniqueConstraint(
                fields=["corrects"],
                condition=Q(state="confirmed"),
                name="livelihood_vote_corrected_once",
                violation_error_message=_("That vote has already been corrected."),
            ),
            models.CheckConstraint(
                condition=Q(state="draft") | Q(confirmed_at__isnull=False),
                name="livelihood_vote_confirmed_has_time",
            ),
            models.CheckConstraint(
                condition=Q(runoff_of__isnull=True) | Q(places__gt=0),
                name="livelihood_runoff_has_places",
                violation_error_message=_("A run-off fills at least one place."),
            ),
            models.UniqueConstraint(
                fields=["runoff_of"],
                condition=Q(state="confirmed", corrects__isnull=True),
                name="livelihood_vote_one_runoff",
                violation_error_message=_("That tie has already been settled by a run-off."),
            ),
        ]

    def __str__(self):
        label = _("Vote on %(plan)s") % {"plan": self.plan}
        if self.runoff_of_id:
            label = _("Run-off on %(plan)s") % {"plan": self.plan}
        if self.corrects_id:
            label = _("%(label)s (correction)") % {"label": label}
        return label

    def save(self, *args, **kwargs):
        # Only a draft is ever saved: confirm_vote saves the draft that becomes confirmed.
        if self.pk and Vote.objects.filter(pk=self.pk, state=VoteState.CONFIRMED).exists():
            raise VoteLocked()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.is_locked:
            raise VoteLocked()
        return super().delete(*args, **kwargs)

    @property
    def is_locked(self) -> bool:
        return self.state == VoteState.CONFIRMED

    @property
    def is_runoff(self) -> bool:
        return self.runoff_of_id is not None

    @property
    def seats(self) -> int:
        """How many candidates this vote chooses: the plan's N, or a run-off's places left."""
        return self.places if self.is_runoff else self.plan.number_to_choose


class VoteRowMixin:
    """Ballots and tallies of a confirmed vote are never edited."""

    def save(self, *args, **kwargs):
        if Vote.objects.filter(pk=self.vote_id, state=VoteState.CONFIRMED).exists():
            raise VoteLocked()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if Vote.objects.filter(pk=self.vote_id, state=VoteState.CONFIRMED).exists():
            raise VoteLocked()
        return super().delete(*args, **kwargs)


class Ballot(VoteRowMixin, VersionedModel):
    """One paper ballot: the candidates marked yes. More than N yes makes it invalid."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="ballots", verbose_name=_("vote"))
    number = models.PositiveIntegerField(_("ballot number"))
    yes = models.ManyToManyField(
        Candidate, related_name="yes_ballots", blank=True, verbose_name=_("marked yes")
    )
    spoiled = models.BooleanField(
        _("spoiled"), default=False, help_text=_("Blank, illegible or otherwise invalid.")
    )
    history = HistoricalRecords(m2m_fields=[yes])

    objects = scoped_manager(path="vote__township")

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        ordering = ["vote", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["vote", "number"],
                name="livelihood_ballot_number_unique_in_vote",
                violation_error_message=_("This vote already has a ballot with that number."),
            ),
        ]

    def __str__(self):
        return _("Ballot %(number)s") % {"number": self.number}


class CandidateTally(VoteRowMixin, VersionedModel):
    """A candidate's yes / no / abstain totals in a vote entered by totals."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="tallies", verbose_name=_("vote"))
    candidate = models.ForeignKey(
        Candidate, on_delete=models.PROTECT, related_name="tallies", verbose_name=_("candidate project")
    )
    yes = models.PositiveSmallIntegerField(_("in favour"), default=0)
    no = models.PositiveSmallIntegerField(_("against"), default=0)
    abstain = models.PositiveSmallIntegerField(_("abstentions"), default=0)
    history = HistoricalRecords()

    objects = scoped_manager(path="vote__township")

    class Meta:
        verbose_name = _("candidate totals")
        verbose_name_plural = _("candidate totals")
        ordering = ["vote", "candidate"]
        constraints = [
            models.UniqueConstraint(
                fields=["vote", "candidate"],
                name="livelihood_tally_once_per_candidate",
                violation_error_message=_("This candidate already has totals in this vote."),
            ),
        ]

    def __str__(self):
        return f"{self.candidate}: {self.yes}/{self.no}/{self.abstain}"

    @property
    def total(self) -> int:
        return self.yes + self.no + self.abstain
