"""Writes of the vote: the ballot list, the draft, its ballots or totals, confirming, correcting, run-offs.

- ``confirm_vote`` locks a vote and, once the plan's choice is complete, is the
  only writer of the candidates' chosen / not chosen status and the only
  creator of projects.
- ``runoff_open`` settles a tie across the last place: it confirms the tied vote
  as a round of its own and opens a draft run-off among the tied candidates
  for the places left (again if a run-off ties again).
- ``ballot_set`` is the only writer of the candidate / on the ballot status.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from deputies.models import Deputy

from .. import selectors
from ..models import (
    Ballot,
    Candidate,
    CandidateStatus,
    CandidateTally,
    EntryMode,
    LivelihoodPlan,
    Project,
    ProjectStatus,
    Vote,
    VoteLocked,
    VoteState,
)
from . import projects
from .counting import PlanChoice, VoteResult, count_vote, plan_choice


class VoteError(ValidationError):
    """The vote cannot be confirmed (or changed) as it stands; the messages say why."""


# ---------------------------------------------------------------- the ballot list and the vote


@transaction.atomic
def ballot_set(plan: LivelihoodPlan, candidates: Iterable[Candidate], *, actor=None) -> None:
    """Put exactly ``candidates`` on the plan's ballot; the others go back to the candidate list."""
    if selectors.effective_vote(plan):
        raise VoteError(_("The vote on this plan is confirmed: its ballot can no longer change."))
    wanted = {c.pk for c in candidates}
    for candidate in plan.candidates.all():
        status = CandidateStatus.ON_BALLOT if candidate.pk in wanted else CandidateStatus.CANDIDATE
        if candidate.status != status:
            candidate.status = status
            candidate._history_user = actor
            candidate.save(update_fields=["status"])


def roster_count(session, date: datetime.date) -> int:
    """Deputies of the session's term in office on ``date``."""
    return Deputy.objects.filter(term=session.term).in_office(date).count()


def vote_prepare(vote: Vote, *, actor=None) -> Vote:
    """Fill what staff left empty: session, date, deputies in office and present; save the draft.

    A new vote puts all of the plan's candidates on the ballot unless staff already chose some.
    """
    if vote.is_locked:
        raise VoteLocked()
    if not vote.session_id and vote.plan.session_id:
        vote.session = vote.plan.session
    if vote.date is None:
        vote.date = vote.session.start_date
    if vote.deputies_in_office is None:
        vote.deputies_in_office = roster_count(vote.session, vote.date)
    if vote.deputies_present is None:
        vote.deputies_present = vote.session.deputies_present
    vote._history_user = actor
    vote.save()
    if not vote.is_runoff and not selectors.ballot_candidates(vote.plan).exists():
        ballot_set(vote.plan, vote.plan.candidates.all(), actor=actor)
    return vote


def vote_create(
    plan: LivelihoodPlan,
    *,
    session=None,
    date: datetime.date | None = None,
    entry_mode: str = EntryMode.TOTALS,
    deputies_in_office: int | None = None,
    deputies_present: int | None = None,
    actor=None,
) -> Vote:
    """A draft vote on ``plan``; what is not given comes from the plan, the session and the roster."""
    vote = Vote(
        plan=plan,
        session=session or plan.session,
        date=date,
        entry_mode=entry_mode,
        deputies_in_office=deputies_in_office,
        deputies_present=deputies_present,
    )
    return vote_prepare(vote, actor=actor)


@transaction.atomic
def tallies_record(
    vote: Vote, totals: dict[Candidate, tuple[int, int, int]], *, valid: int, invalid: int = 0, actor=None
) -> None:
    """Per-candidate totals (yes, no, abstain) and the number of valid and invalid ballots."""
    if vote.is_locked:
        raise VoteLocked()
    vote.entry_mode = EntryMode.TOTALS
    vote.valid_ballots = valid
    vote.invalid_ballots = invalid
    vote._history_user = actor
    vote.save()
    for candidate, (yes, no, abstain) in totals.items():
        tally = CandidateTally.objects.filter(vote=vote, candidate=candidate).first()
        tally = tally or CandidateTally(vote=vote, candidate=candidate)
        tally.yes, tally.no, tally.abstain = yes, no, abstain
        tally._history_user = actor
        tally.save()


@transaction.atomic
def ballot_add(vote: Vote, yes: Iterable[Candidate] = (), *, spoiled: bool = False, actor=None) -> Ballot:
    """One paper ballot with the candidates it marks yes."""
    if vote.is_locked:
        raise VoteLocked()
    number = (vote.ballots.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    ballot = Ballot(vote=vote, number=number, spoiled=spoiled)
    ballot._history_user = actor
    ballot.save(force_insert=True)
    ballot.yes.set(list(yes))
    return ballot


@transaction.atomic
def confirm_vote(vote: Vote, *, actor) -> VoteResult:
    """Lock the vote; once the plan's choice is complete, mark the candidates chosen or not chosen and
    open a project for each chosen one.

    Refused while the quorum fails, the totals do not add up or a tie needs a run-off
    (``runoff_open``), and for a vote that does not follow the plan's confirmed rounds.
    """
    vote = _locked(vote)
    if vote.is_locked:
        raise VoteLocked()
    result = count_vote(vote)
    if result.errors:
        raise VoteError(result.errors)
    if result.runoff_needed:
        raise VoteError(
            _("%(names)s are tied for the last place(s): open a run-off among them instead of confirming.")
            % {"names": "、".join(str(c) for c in result.runoff_candidates)}
        )
    _check_place(vote, selectors.effective_rounds(vote.plan))
    _confirm(vote, actor)
    choice = plan_choice(vote.plan)
    if choice.complete:
        _apply_choice(choice, reason=vote.correction_reason or _correction_reason(choice), actor=actor)
    return result


@transaction.atomic
def runoff_open(vote: Vote, *, actor) -> Vote:
    """Settle a tie across the last place: confirm the tied vote as a round of its own and open a draft
    run-off (再次投票) among the tied candidates, for the places left, with the same rules.

    A run-off that ties again is settled the same way, by another run-off.
    """
    vote = _locked(vote)
    result = count_vote(vote)
    if result.errors:
        raise VoteError(result.errors)
    if not result.runoff_needed:
        raise VoteError(_("No candidates are tied across the last place: confirm the vote instead."))
    rounds = selectors.effective_rounds(vote.plan)
    if vote.is_locked:
        if not rounds or rounds[-1].pk != vote.pk:
            raise VoteError(_("Only the plan's last tied vote is settled by a run-off."))
        if selectors.draft_runoff(vote) is not None:
            raise VoteError(_("A run-off of this vote is already open: enter its ballots or totals."))
    else:
        _check_place(vote, rounds)
        _confirm(vote, actor)
    return _follow_up(
        vote, actor=actor, candidates=result.runoff_candidates, runoff_of=vote, places=result.runoff_places
    )


def _follow_up(vote: Vote, *, actor=None, candidates, **fields) -> Vote:
    """A new draft at the same session, with the same attendance and entry mode (a run-off, a correction)."""
    draft = Vote(
        plan=vote.plan,
        session=vote.session,
        date=vote.date,
        deputies_in_office=vote.deputies_in_office,
        deputies_present=vote.deputies_present,
        entry_mode=vote.entry_mode,
        **fields,
    )
    draft._history_user = actor
    draft.save()
    draft.runoff_candidates.set(candidates)
    return draft


def _locked(vote: Vote) -> Vote:
    return Vote.objects.select_for_update().select_related("plan", "session").get(pk=vote.pk)


def _confirm(vote: Vote, actor) -> None:
    vote.state = VoteState.CONFIRMED
    vote.confirmed_by = actor
    vote.confirmed_at = timezone.now()
    vote._history_user = actor
    vote.save()


def _check_place(vote: Vote, rounds: list[Vote]) -> None:
    """Refuse a vote that does not follow the plan's confirmed rounds (``selectors.effective_rounds``)."""
    if vote.corrects_id is not None:
        if vote.corrects_id not in {r.pk for r in rounds}:
            raise VoteError(_("Only the plan's current confirmed vote can be corrected."))
    elif vote.runoff_of_id is not None:
        if not rounds or rounds[-1].pk != vote.runoff_of_id:
            raise VoteError(_("This run-off no longer follows the plan's last tied vote."))
    elif rounds:
        raise VoteError(_("This plan already has a confirmed vote; record a correction of it instead."))


def _correction_reason(choice: PlanChoice) -> str:
    corrections = [result.vote for result in choice.rounds if result.vote.correction_reason]
    return max(corrections, key=lambda v: v.confirmed_at).correction_reason if corrections else ""


def _apply_choice(choice: PlanChoice, *, reason: str, actor) -> None:
    chosen = {c.pk for c in choice.chosen}
    for candidate in choice.on_ballot:
        status = CandidateStatus.CHOSEN if candidate.pk in chosen else CandidateStatus.NOT_CHOSEN
        if candidate.status != status:
            candidate.status = status
            candidate._history_user = actor
            candidate.save(update_fields=["status"])
        project = Project.objects.filter(candidate=candidate).first()
        if status == CandidateStatus.CHOSEN:
            if project is None:
                opened = Project(
                    candidate=candidate,
                    plan=candidate.plan,
                    name=candidate.name,
                    description=candidate.description,
                    responsible_unit=candidate.responsible_unit,
                    budget=candidate.estimated_investment,
                    location=candidate.place,
                )
                opened._history_user = actor
                opened.save(force_insert=True)
            elif project.status == ProjectStatus.CANCELLED:
                projects.project_reopen(project, actor=actor)
        elif project is not None and project.status != ProjectStatus.CANCELLED:
            # A correction no longer chooses it: keep its records, cancel it with the reason.
            projects.project_cancel(
                project,
                reason=_("No longer chosen after the corrected vote: %(reason)s") % {"reason": reason},
                actor=actor,
            )


@transaction.atomic
def vote_start_correction(vote: Vote, *, reason: str, actor=None) -> Vote:
    """A new draft vote correcting a confirmed one, starting from a copy of its ballots or totals."""
    reason = (reason or "").strip()
    if not reason:
        raise VoteError(_("A correction needs a reason."))
    if not vote.is_locked:
        raise VoteError(_("Only a confirmed vote is corrected; edit the draft instead."))
    if vote not in selectors.effective_rounds(vote.plan):
        raise VoteError(_("Only the plan's current confirmed vote can be corrected."))
    if vote.corrections.filter(state=VoteState.DRAFT).exists():
        raise VoteError(_("A draft correction of this vote already exists."))
    correction = _follow_up(
        vote,
        actor=actor,
        candidates=vote.runoff_candidates.all(),
        valid_ballots=vote.valid_ballots,
        invalid_ballots=vote.invalid_ballots,
        corrects=vote,
        correction_reason=reason,
        runoff_of=vote.runoff_of,
        places=vote.places,
    )
    for tally in vote.tallies.all():
        copied = CandidateTally(
            vote=correction, candidate=tally.candidate, yes=tally.yes, no=tally.no, abstain=tally.abstain
        )
        copied._history_user = actor
        copied.save(force_insert=True)
    for ballot in vote.ballots.prefetch_related("yes"):
        copy = Ballot(vote=correction, number=ballot.number, spoiled=ballot.spoiled)
        copy._history_user = actor
        copy.save(force_insert=True)
        copy.yes.set(ballot.yes.all())
    return correction
