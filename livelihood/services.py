"""Writes of the livelihood app and the one count of a vote (domain.md §5).

- ``count_vote`` computes a vote's result from its ballots or totals: quorum,
  valid and invalid ballots, each candidate's yes votes, who passed, the
  ranking, the chosen and any run-off. Nothing else computes a result.
- ``confirm_vote`` locks a vote and is the only writer of the candidates'
  chosen / not chosen status and the only creator of projects.
- ``ballot_set`` is the only writer of the candidate / on the ballot status.
- Projects change status through ``project_set_status`` and progress through
  ``progress_post``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from deputies.models import Deputy

from . import selectors
from .models import (
    DONE_STATUSES,
    Ballot,
    Candidate,
    CandidateStatus,
    CandidateTally,
    EntryMode,
    Inspection,
    LivelihoodPlan,
    ProgressPhoto,
    ProgressUpdate,
    Project,
    ProjectStatus,
    SatisfactionSurvey,
    Vote,
    VoteLocked,
    VoteState,
)


class VoteError(ValidationError):
    """The vote cannot be confirmed (or changed) as it stands; the messages say why."""


# ---------------------------------------------------------------- the thresholds


def quorum_met(present: int, in_office: int) -> bool:
    """The vote is valid only if more than two thirds of the deputies in office are present."""
    return in_office > 0 and present * 3 > in_office * 2


def fewest_for_quorum(in_office: int) -> int:
    return in_office * 2 // 3 + 1


def passes(yes: int, in_office: int) -> bool:
    """A candidate passes with more than half of all deputies in office (not of those present)."""
    return in_office > 0 and yes * 2 > in_office


def fewest_to_pass(in_office: int) -> int:
    return in_office // 2 + 1


# ---------------------------------------------------------------- the result


@dataclass(frozen=True)
class CandidateResult:
    candidate: Candidate
    yes: int
    no: int | None = None
    abstain: int | None = None
    passed: bool = False
    rank: int | None = None
    chosen: bool = False
    in_runoff: bool = False


@dataclass(frozen=True)
class VoteResult:
    """What a vote decided, or why it cannot decide yet."""

    vote: Vote
    seats: int
    in_office: int
    present: int
    ballots_cast: int
    valid_ballots: int
    invalid_ballots: int
    quorum_met: bool
    rows: list[CandidateResult]
    chosen: list[Candidate] = field(default_factory=list)
    runoff_candidates: list[Candidate] = field(default_factory=list)
    runoff_places: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def runoff_needed(self) -> bool:
        return bool(self.runoff_candidates)

    @property
    def fewest_for_quorum(self) -> int:
        return fewest_for_quorum(self.in_office)

    @property
    def fewest_to_pass(self) -> int:
        return fewest_to_pass(self.in_office)

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def can_confirm(self) -> bool:
        return not self.errors and not self.runoff_needed

    @property
    def passed(self) -> list[Candidate]:
        return [row.candidate for row in self.rows if row.passed]


def count_vote(vote: Vote) -> VoteResult:
    """Compute a vote's result from its ballots or totals by the rules of domain.md §5."""
    plan = vote.plan
    seats = plan.number_to_choose
    in_office = vote.deputies_in_office or 0
    present = vote.deputies_present or 0
    candidates = list(selectors.ballot_candidates(plan))
    errors: list[str] = []
    warnings: list[str] = []

    if not vote.deputies_in_office:
        errors.append(_("The number of deputies in office is missing."))
    if vote.deputies_present is None:
        errors.append(_("The number of deputies present is missing."))
    elif present > in_office:
        errors.append(
            _("%(present)s deputies present is more than the %(in_office)s in office.")
            % {"present": present, "in_office": in_office}
        )
    met = quorum_met(present, in_office)
    if vote.deputies_present is not None and in_office and not met:
        errors.append(
            _(
                "Only %(present)s of %(in_office)s deputies in office are present; more than two thirds "
                "(at least %(needed)s) must be present: the vote is invalid."
            )
            % {"present": present, "in_office": in_office, "needed": fewest_for_quorum(in_office)}
        )
    if not candidates:
        errors.append(_("No candidate is on the ballot."))

    if vote.entry_mode == EntryMode.BALLOTS:
        counts, valid, invalid = _count_ballots(vote, seats)
        tallies = {}
        if valid + invalid == 0:
            errors.append(_("No ballot has been entered."))
    else:
        tallies = {t.candidate_id: t for t in vote.tallies.all()}
        counts = {pk: t.yes for pk, t in tallies.items()}
        valid, invalid = vote.valid_ballots or 0, vote.invalid_ballots or 0
        if vote.valid_ballots is None:
            errors.append(_("Enter the number of valid ballots."))
        else:
            for candidate in candidates:
                tally = tallies.get(candidate.pk)
                if tally is None:
                    errors.append(_("%(candidate)s has no totals.") % {"candidate": candidate})
                elif tally.total != valid:
                    errors.append(
                        _(
                            "%(candidate)s: yes %(yes)s + no %(no)s + abstain %(abstain)s = %(total)s, "
                            "but there are %(valid)s valid ballots."
                        )
                        % {
                            "candidate": candidate,
                            "yes": tally.yes,
                            "no": tally.no,
                            "abstain": tally.abstain,
                            "total": tally.total,
                            "valid": valid,
                        }
                    )
    cast = valid + invalid
    if vote.deputies_present is not None and cast > present:
        errors.append(
            _("%(cast)s ballots were counted but only %(present)s deputies are present.")
            % {"cast": cast, "present": present}
        )

    passed_ids = {c.pk for c in candidates if passes(counts.get(c.pk, 0), in_office)}
    chosen: list[Candidate] = []
    runoff: list[Candidate] = []
    ranks: dict[int, int] = {}
    places = 0
    if not errors:
        ranking = sorted((c for c in candidates if c.pk in passed_ids), key=lambda c: -counts.get(c.pk, 0))
        for position, candidate in enumerate(ranking, start=1):
            earlier = ranking[position - 2] if position > 1 else None
            same = earlier is not None and counts.get(earlier.pk, 0) == counts.get(candidate.pk, 0)
            ranks[candidate.pk] = ranks[earlier.pk] if same else position
        if len(ranking) <= seats:
            chosen = ranking
            if len(ranking) < seats:
                warnings.append(
                    _("Only %(passed)s candidates passed: %(empty)s of the %(seats)s places stay empty.")
                    % {"passed": len(ranking), "empty": seats - len(ranking), "seats": seats}
                )
        else:
            cut = counts.get(ranking[seats - 1].pk, 0)
            above = [c for c in ranking if counts.get(c.pk, 0) > cut]
            at_cut = [c for c in ranking if counts.get(c.pk, 0) == cut]
            if len(above) + len(at_cut) == seats:
                chosen = above + at_cut
            else:
                chosen = above
                runoff = at_cut
                places = seats - len(above)
                warnings.append(
                    _(
                        "%(names)s are tied with %(yes)s yes votes for the last %(places)s place(s): "
                        "a run-off vote among them is needed."
                    )
                    % {"names": "、".join(str(c) for c in at_cut), "yes": cut, "places": places}
                )

    chosen_ids = {c.pk for c in chosen}
    runoff_ids = {c.pk for c in runoff}
    rows = [
        CandidateResult(
            candidate=c,
            yes=counts.get(c.pk, 0),
            no=tallies[c.pk].no if c.pk in tallies else None,
            abstain=tallies[c.pk].abstain if c.pk in tallies else None,
            passed=c.pk in passed_ids and met,
            rank=ranks.get(c.pk),
            chosen=c.pk in chosen_ids,
            in_runoff=c.pk in runoff_ids,
        )
        for c in candidates
    ]
    rows.sort(key=lambda r: (r.rank is None, r.rank or 0, -r.yes, r.candidate.pk))
    return VoteResult(
        vote=vote,
        seats=seats,
        in_office=in_office,
        present=present,
        ballots_cast=cast,
        valid_ballots=valid,
        invalid_ballots=invalid,
        quorum_met=met,
        rows=rows,
        chosen=chosen,
        runoff_candidates=runoff,
        runoff_places=places,
        errors=errors,
        warnings=warnings,
    )


def ballot_is_valid(marked_yes: int, seats: int, spoiled: bool = False) -> bool:
    """A ballot marking more than N candidates yes is invalid (as is a spoiled one)."""
    return not spoiled and marked_yes <= seats


def _count_ballots(vote: Vote, seats: int) -> tuple[dict[int, int], int, int]:
    counts: dict[int, int] = {}
    valid = invalid = 0
    for ballot in vote.ballots.prefetch_related("yes"):
        marked = [c.pk for c in ballot.yes.all()]
        if ballot_is_valid(len(marked), seats, ballot.spoiled):
            valid += 1
            for pk in marked:
                counts[pk] = counts.get(pk, 0) + 1
        else:
            invalid += 1
    return counts, valid, invalid


# ---------------------------------------------------------------- the ballot list and the vote


@transaction.atomic
def ballot_set(plan: LivelihoodPlan, candidates: Iterable[Candidate]) -> None:
    """Put exactly ``candidates`` on the plan's ballot; the others go back to the candidate list."""
    if selectors.effective_vote(plan):
        raise VoteError(_("The vote on this plan is confirmed: its ballot can no longer change."))
    wanted = {c.pk for c in candidates}
    for candidate in plan.candidates.all():
        status = CandidateStatus.ON_BALLOT if candidate.pk in wanted else CandidateStatus.CANDIDATE
        if candidate.status != status:
            candidate.status = status
            candidate.save(update_fields=["status"])


def roster_count(session, date: datetime.date) -> int:
    """Deputies of the session's term in office on ``date``."""
    return Deputy.objects.filter(term=session.term).in_office(date).count()


def vote_prepare(vote: Vote) -> Vote:
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
    vote.save()
    if not selectors.ballot_candidates(vote.plan).exists():
        ballot_set(vote.plan, vote.plan.candidates.all())
    return vote


def vote_create(
    plan: LivelihoodPlan,
    *,
    session=None,
    date: datetime.date | None = None,
    entry_mode: str = EntryMode.TOTALS,
    deputies_in_office: int | None = None,
    deputies_present: int | None = None,
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
    return vote_prepare(vote)


@transaction.atomic
def tallies_record(
    vote: Vote, totals: dict[Candidate, tuple[int, int, int]], *, valid: int, invalid: int = 0
) -> None:
    """Per-candidate totals (yes, no, abstain) and the number of valid and invalid ballots."""
    if vote.is_locked:
        raise VoteLocked()
    vote.entry_mode = EntryMode.TOTALS
    vote.valid_ballots = valid
    vote.invalid_ballots = invalid
    vote.save()
    for candidate, (yes, no, abstain) in totals.items():
        CandidateTally.objects.update_or_create(
            vote=vote, candidate=candidate, defaults={"yes": yes, "no": no, "abstain": abstain}
        )


@transaction.atomic
def ballot_add(vote: Vote, yes: Iterable[Candidate] = (), *, spoiled: bool = False) -> Ballot:
    """One paper ballot with the candidates it marks yes."""
    if vote.is_locked:
        raise VoteLocked()
    number = (vote.ballots.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    ballot = Ballot.objects.create(vote=vote, number=number, spoiled=spoiled)
    ballot.yes.set(list(yes))
    return ballot


@transaction.atomic
def confirm_vote(vote: Vote, *, actor) -> VoteResult:
    """Lock the vote, mark the candidates chosen or not chosen and open a project for each chosen one.

    Refused while the quorum fails, the totals do not add up or a run-off is needed.
    """
    vote = Vote.objects.select_for_update().select_related("plan", "session").get(pk=vote.pk)
    if vote.is_locked:
        raise VoteLocked()
    result = count_vote(vote)
    if result.errors:
        raise VoteError(result.errors)
    if result.runoff_needed:
        raise VoteError(
            _("%(names)s are tied for the last place(s): hold a run-off vote before confirming.")
            % {"names": "、".join(str(c) for c in result.runoff_candidates)}
        )
    current = selectors.effective_vote(vote.plan)
    if vote.corrects_id is None and current is not None:
        raise VoteError(_("This plan already has a confirmed vote; record a correction of it instead."))
    if vote.corrects_id is not None and (current is None or current.pk != vote.corrects_id):
        raise VoteError(_("Only the plan's current confirmed vote can be corrected."))

    vote.state = VoteState.CONFIRMED
    vote.confirmed_by = actor
    vote.confirmed_at = timezone.now()
    vote.save()
    _apply_result(result, reason=vote.correction_reason)
    return result


def _apply_result(result: VoteResult, *, reason: str) -> None:
    chosen = {c.pk for c in result.chosen}
    for row in result.rows:
        candidate = row.candidate
        status = CandidateStatus.CHOSEN if candidate.pk in chosen else CandidateStatus.NOT_CHOSEN
        if candidate.status != status:
            candidate.status = status
            candidate.save(update_fields=["status"])
        project = Project.objects.filter(candidate=candidate).first()
        if status == CandidateStatus.CHOSEN:
            if project is None:
                Project.objects.create(
                    candidate=candidate,
                    plan=candidate.plan,
                    name=candidate.name,
                    description=candidate.description,
                    responsible_unit=candidate.responsible_unit,
                    budget=candidate.estimated_investment,
                    location=candidate.place,
                )
            elif project.status == ProjectStatus.CANCELLED:
                project.status = ProjectStatus.NOT_STARTED
                project.cancel_reason = ""
                project.save()
        elif project is not None and project.status != ProjectStatus.CANCELLED:
            # A correction no longer chooses it: keep its records, cancel it with the reason.
            project.status = ProjectStatus.CANCELLED
            project.cancel_reason = _("No longer chosen after the corrected vote: %(reason)s") % {
                "reason": reason
            }
            project.save()


@transaction.atomic
def vote_start_correction(vote: Vote, *, reason: str) -> Vote:
    """A new draft vote correcting a confirmed one, starting from a copy of its ballots or totals."""
    reason = (reason or "").strip()
    if not reason:
        raise VoteError(_("A correction needs a reason."))
    if not vote.is_locked:
        raise VoteError(_("Only a confirmed vote is corrected; edit the draft instead."))
    if selectors.effective_vote(vote.plan) != vote:
        raise VoteError(_("Only the plan's current confirmed vote can be corrected."))
    if vote.corrections.filter(state=VoteState.DRAFT).exists():
        raise VoteError(_("A draft correction of this vote already exists."))
    correction = Vote.objects.create(
        plan=vote.plan,
        session=vote.session,
        date=vote.date,
        deputies_in_office=vote.deputies_in_office,
        deputies_present=vote.deputies_present,
        entry_mode=vote.entry_mode,
        valid_ballots=vote.valid_ballots,
        invalid_ballots=vote.invalid_ballots,
        corrects=vote,
        correction_reason=reason,
    )
    for tally in vote.tallies.all():
        CandidateTally.objects.create(
            vote=correction, candidate=tally.candidate, yes=tally.yes, no=tally.no, abstain=tally.abstain
        )
    for ballot in vote.ballots.prefetch_related("yes"):
        copy = Ballot.objects.create(vote=correction, number=ballot.number, spoiled=ballot.spoiled)
        copy.yes.set(ballot.yes.all())
    return correction


# ---------------------------------------------------------------- projects


@transaction.atomic
def project_set_status(
    project: Project,
    status: str,
    *,
    reason: str = "",
    completion_date: datetime.date | None = None,
    first_use_date: datetime.date | None = None,
) -> Project:
    """Change a project's status: cancelled needs a reason, in use its completion and first-use dates.

    A completed project or one in use is 100% complete.
    """
    project.status = status
    if reason:
        project.cancel_reason = reason
    if status != ProjectStatus.CANCELLED:
        project.cancel_reason = ""
    if completion_date:
        project.completion_date = completion_date
    if first_use_date:
        project.first_use_date = first_use_date
    if status in DONE_STATUSES:
        project.percent_complete = 100
    project.full_clean()
    project.save()
    return project


def project_sync_percent(project: Project) -> None:
    """The project's percent complete follows its latest progress update that gives one.

    Posting progress to a project not yet started marks it under construction.
    """
    latest = project.updates.filter(percent__isnull=False).order_by("-date", "-pk").first()
    if latest is None or project.status in DONE_STATUSES or project.status == ProjectStatus.CANCELLED:
        return
    changed = ["percent_complete"]
    project.percent_complete = latest.percent
    if project.status == ProjectStatus.NOT_STARTED and latest.percent > 0:
        project.status = ProjectStatus.UNDER_CONSTRUCTION
        changed.append("status")
    project.save(update_fields=changed)


@transaction.atomic
def progress_post(
    project: Project,
    *,
    date: datetime.date,
    text: str,
    percent: int | None = None,
    actor=None,
    photos: Iterable[dict] = (),
) -> ProgressUpdate:
    """A dated progress update (with photos: dicts of image, alt_text, caption); the project follows it."""
    update = ProgressUpdate(project=project, date=date, text=text, percent=percent, posted_by=actor)
    update.full_clean()
    update.save()
    for photo in photos:
        item = ProgressPhoto(update=update, **photo)
        item.full_clean()
        item.save()
    project_sync_percent(project)
    return update


@transaction.atomic
def inspection_record(
    project: Project, *, date: datetime.date, deputies: Iterable[Deputy], findings: str
) -> Inspection:
    """Deputies' inspection of a project with their findings."""
    inspection = Inspection(project=project, date=date, findings=findings)
    inspection.full_clean()
    inspection.save()
    inspection.deputies.set(list(deputies))
    return inspection


def survey_record(
    project: Project, *, date: datetime.date, satisfied: int, basically_satisfied: int, unsatisfied: int
) -> SatisfactionSurvey:
    """The deputies' satisfaction evaluation of a project (满意度测评)."""
    survey, _created = SatisfactionSurvey.objects.update_or_create(
        project=project,
        date=date,
        defaults={
            "satisfied": satisfied,
            "basically_satisfied": basically_satisfied,
            "unsatisfied": unsatisfied,
        },
    )
    return survey
