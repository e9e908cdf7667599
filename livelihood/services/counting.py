"""The one count of a vote (domain.md §5): quorum, thresholds, ranking, ties, and the plan's choice.

``count_vote`` computes a vote's result from its ballots or totals; nothing else
computes one. ``plan_choice`` puts the results of a plan's confirmed vote and
the run-offs that settled its ties together into what the deputies chose.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .. import selectors
from ..models import Candidate, EntryMode, LivelihoodPlan, Vote

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
    """Compute a vote's result from its ballots or totals by the rules of domain.md §5.

    A run-off is counted by the same rules among its tied candidates, for the places left.
    """
    seats = vote.seats
    in_office = vote.deputies_in_office or 0
    present = vote.deputies_present or 0
    candidates = list(selectors.vote_candidates(vote))
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
                words = {"names": "、".join(str(c) for c in at_cut), "yes": cut, "places": places}
                if vote.is_runoff:
                    warnings.append(
                        _(
                            "%(names)s are tied again with %(yes)s yes votes for the last %(places)s "
                            "place(s): another run-off among them is needed."
                        )
                        % words
                    )
                else:
                    warnings.append(
                        _(
                            "%(names)s are tied with %(yes)s yes votes for the last %(places)s place(s): "
                            "a run-off vote among them is needed."
                        )
                        % words
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


# ---------------------------------------------------------------- the plan's choice


@dataclass(frozen=True)
class PlanChoice:
    """What the deputies chose for a plan: its confirmed vote and the run-offs that settled its ties."""

    plan: LivelihoodPlan
    rounds: list[VoteResult]

    @property
    def complete(self) -> bool:
        """Confirmed, and no tie is left for a run-off to settle."""
        return bool(self.rounds) and not self.rounds[-1].runoff_needed

    @property
    def chosen(self) -> list[Candidate]:
        """Those chosen in each round, in ranking order, the first round's first."""
        return [candidate for result in self.rounds for candidate in result.chosen]

    @property
    def on_ballot(self) -> list[Candidate]:
        return [row.candidate for row in self.rounds[0].rows] if self.rounds else []

    @property
    def pending_runoff(self) -> VoteResult | None:
        """The last round when its tie still waits for a run-off."""
        return self.rounds[-1] if self.rounds and self.rounds[-1].runoff_needed else None


def plan_choice(plan: LivelihoodPlan) -> PlanChoice:
    """The results of the plan's confirmed vote and of each run-off after it, in order."""
    return PlanChoice(plan=plan, rounds=[count_vote(vote) for vote in selectors.effective_rounds(plan)])
