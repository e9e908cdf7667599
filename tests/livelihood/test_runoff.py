"""The run-off (再次投票) of domain.md §5: a tie across the last place is settled by a vote of its own."""

import pytest
from django.db import IntegrityError, transaction

from livelihood import selectors, services
from livelihood.models import CandidateStatus, EntryMode, Project, ProjectStatus, Vote, VoteState

pytestmark = pytest.mark.django_db


@pytest.fixture
def tied(totals_vote):
    """A draft vote choosing 2 of 4: the first passes clearly, the 2nd and 3rd tie at 50 for the last place."""
    return totals_vote([60, 50, 50, 20])


def runoff_totals(runoff, yes, *, valid=64, invalid=0):
    """Totals of a run-off: ``yes`` maps each tied candidate to its yes votes; the rest vote no."""
    services.tallies_record(
        runoff, {c: (y, valid - y, 0) for c, y in yes.items()}, valid=valid, invalid=invalid
    )
    return runoff


def test_opening_a_run_off_confirms_the_tied_vote_and_drafts_a_vote_among_the_tied_only(
    tied, candidates, staff
):
    runoff = services.runoff_open(tied, actor=staff)

    tied.refresh_from_db()
    assert tied.state == VoteState.CONFIRMED and tied.confirmed_by == staff  # a round of its own, locked
    assert runoff.state == VoteState.DRAFT and runoff.runoff_of == tied
    assert list(selectors.vote_candidates(runoff)) == candidates[1:3]
    assert runoff.seats == runoff.places == 1
    assert (runoff.deputies_in_office, runoff.deputies_present) == (69, 64)
    assert runoff.session == tied.session and runoff.date == tied.date
    # Nothing is chosen until the run-off settles the tie.
    assert Project.objects.count() == 0
    assert {c.status for c in type(candidates[0]).objects.all()} == {CandidateStatus.ON_BALLOT}


def test_a_tied_vote_cannot_be_confirmed_without_its_run_off(tied, staff):
    with pytest.raises(services.VoteError, match="run-off|再次投票"):
        services.confirm_vote(tied, actor=staff)
    assert Vote.objects.get(pk=tied.pk).state == VoteState.DRAFT


def test_confirming_the_run_off_completes_the_plans_choice(tied, candidates, staff):
    runoff = runoff_totals(services.runoff_open(tied, actor=staff), {candidates[1]: 30, candidates[2]: 40})
    result = services.confirm_vote(runoff, actor=staff)

    assert result.chosen == [candidates[2]]
    choice = services.plan_choice(tied.plan)
    assert choice.complete and choice.chosen == [candidates[0], candidates[2]]
    projects = list(Project.objects.order_by("pk"))
    assert [p.candidate for p in projects] == [candidates[0], candidates[2]]  # first round's first
    assert all(p.status == ProjectStatus.NOT_STARTED for p in projects)
    statuses = [c.status for c in type(candidates[0]).objects.order_by("pk")]
    assert statuses == ["chosen", "not_chosen", "chosen", "not_chosen"]


def test_the_run_off_keeps_the_quorum_rule(tied, candidates, staff):
    runoff = services.runoff_open(tied, actor=staff)
    runoff.deputies_present = 46  # of 69: not more than two thirds
    runoff.save()
    runoff_totals(runoff, {candidates[1]: 40, candidates[2]: 6}, valid=46)
    result = services.count_vote(runoff)
    assert not result.quorum_met and result.chosen == []
    with pytest.raises(services.VoteError):
        services.confirm_vote(runoff, actor=staff)


@pytest.mark.parametrize(("yes", "chosen"), [(34, False), (35, True)])
def test_the_run_off_threshold_is_more_than_half_of_all_deputies_in_office(
    tied, candidates, staff, yes, chosen
):
    # 34 of 64 present is a majority of those present, but not of the 69 in office.
    runoff = runoff_totals(services.runoff_open(tied, actor=staff), {candidates[1]: yes, candidates[2]: 20})
    result = services.count_vote(runoff)
    assert (candidates[1] in result.chosen) is chosen
    services.confirm_vote(runoff, actor=staff)
    expected = [candidates[0], candidates[1]] if chosen else [candidates[0]]
    assert [p.candidate for p in Project.objects.order_by("pk")] == expected  # else the place stays empty


def test_a_run_off_by_ballots_is_invalid_when_it_marks_more_than_the_places_left(plan, candidates, staff):
    vote = services.vote_create(plan, entry_mode=EntryMode.BALLOTS, deputies_in_office=5, deputies_present=5)
    a, b, c, _d = candidates
    for marked in ([a, b], [a, c], [a, b], [a, c], [b, c]):
        services.ballot_add(vote, marked)
    runoff = services.runoff_open(vote, actor=staff)  # b and c tied at 3 for 1 place
    assert runoff.entry_mode == EntryMode.BALLOTS
    services.ballot_add(runoff, [b])
    services.ballot_add(runoff, [b, c])  # 2 yes for 1 place: invalid
    services.ballot_add(runoff, [b])
    services.ballot_add(runoff, [c])
    services.ballot_add(runoff, [b])
    result = services.count_vote(runoff)
    assert (result.valid_ballots, result.invalid_ballots) == (4, 1)
    assert {row.candidate: row.yes for row in result.rows} == {b: 3, c: 1}
    assert result.chosen == [b]


def test_a_run_off_for_two_places_among_three(plan, candidates, totals_vote, staff):
    plan.number_to_choose = 3
    plan.save()
    runoff = services.runoff_open(totals_vote([60, 50, 50, 50]), actor=staff)
    assert runoff.places == 2 and list(selectors.vote_candidates(runoff)) == candidates[1:]
    runoff_totals(runoff, {candidates[1]: 50, candidates[2]: 45, candidates[3]: 40})
    services.confirm_vote(runoff, actor=staff)
    assert services.plan_choice(plan).chosen == candidates[:3]


def test_a_run_off_that_ties_again_says_so_and_allows_another(tied, candidates, staff):
    first = runoff_totals(services.runoff_open(tied, actor=staff), {candidates[1]: 40, candidates[2]: 40})
    result = services.count_vote(first)
    assert result.runoff_needed and result.runoff_candidates == candidates[1:3]
    assert any("tied again" in w or "再次" in w for w in result.warnings)
    with pytest.raises(services.VoteError):
        services.confirm_vote(first, actor=staff)

    second = services.runoff_open(first, actor=staff)
    assert second.runoff_of == first and list(selectors.vote_candidates(second)) == candidates[1:3]
    assert Project.objects.count() == 0
    services.confirm_vote(runoff_totals(second, {candidates[1]: 41, candidates[2]: 39}), actor=staff)

    assert [r.vote for r in services.plan_choice(tied.plan).rounds] == [tied, first, second]
    assert [p.candidate for p in Project.objects.order_by("pk")] == [candidates[0], candidates[1]]


def test_a_vote_without_a_tie_has_no_run_off(totals_vote, staff):
    vote = totals_vote([60, 55, 50, 20])
    with pytest.raises(services.VoteError):
        services.runoff_open(vote, actor=staff)
    assert Vote.objects.get(pk=vote.pk).state == VoteState.DRAFT


def test_one_run_off_at_a_time_and_only_of_the_last_tie(tied, candidates, staff):
    runoff = services.runoff_open(tied, actor=staff)
    tied.refresh_from_db()
    with pytest.raises(services.VoteError):
        services.runoff_open(tied, actor=staff)  # a draft run-off is already open
    runoff.delete()  # a draft may be deleted; the tie is then settled by a new one
    again = services.runoff_open(tied, actor=staff)
    services.confirm_vote(runoff_totals(again, {candidates[1]: 50, candidates[2]: 10}), actor=staff)
    with pytest.raises(services.VoteError):
        services.runoff_open(tied, actor=staff)  # settled


def test_the_database_keeps_one_confirmed_run_off_per_tie(tied, candidates, staff):
    runoff = services.runoff_open(tied, actor=staff)
    services.confirm_vote(runoff_totals(runoff, {candidates[1]: 50, candidates[2]: 10}), actor=staff)
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(
            plan=tied.plan, session=tied.session, runoff_of=tied, places=1, state="confirmed",
            confirmed_at=runoff.confirmed_at,
        )  # fmt: skip


def test_a_correction_of_the_run_off_replaces_its_result(tied, candidates, staff):
    runoff = runoff_totals(services.runoff_open(tied, actor=staff), {candidates[1]: 40, candidates[2]: 30})
    services.confirm_vote(runoff, actor=staff)
    runoff.refresh_from_db()
    correction = services.vote_start_correction(runoff, reason="再次投票的计票单录反了")
    assert correction.runoff_of == tied and list(selectors.vote_candidates(correction)) == candidates[1:3]
    runoff_totals(correction, {candidates[1]: 30, candidates[2]: 40})
    services.confirm_vote(correction, actor=staff)

    assert [r.vote for r in services.plan_choice(tied.plan).rounds] == [tied, correction]
    assert Project.objects.get(candidate=candidates[2]).status == ProjectStatus.NOT_STARTED
    dropped = Project.objects.get(candidate=candidates[1])
    assert dropped.status == ProjectStatus.CANCELLED and "计票单录反了" in dropped.cancel_reason


def test_correcting_the_tied_vote_leaves_its_run_off_behind(tied, candidates, staff):
    runoff = runoff_totals(services.runoff_open(tied, actor=staff), {candidates[1]: 40, candidates[2]: 30})
    services.confirm_vote(runoff, actor=staff)
    tied.refresh_from_db()
    correction = services.vote_start_correction(tied, reason="第三个项目的赞成票应为45票")
    services.tallies_record(correction, {candidates[2]: (45, 19, 0)}, valid=64)
    services.confirm_vote(correction, actor=staff)  # no tie any more: chooses the first two

    assert [r.vote for r in services.plan_choice(tied.plan).rounds] == [correction]
    assert {p.candidate for p in Project.objects.exclude(status=ProjectStatus.CANCELLED)} == set(
        candidates[:2]
    )
