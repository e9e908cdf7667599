"""The vote rules of domain.md §5, at their edges."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from livelihood import selectors, services
from livelihood.models import (
    CandidateStatus,
    CandidateTally,
    EntryMode,
    Project,
    ProjectStatus,
    Vote,
    VoteLocked,
    VoteState,
)
from tests.factories import DeputyFactory

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------- quorum


@pytest.mark.parametrize(
    ("in_office", "present", "valid"),
    [(69, 46, False), (69, 47, True), (60, 40, False), (60, 41, True), (3, 2, False), (3, 3, True)],
)
def test_the_vote_needs_more_than_two_thirds_of_the_deputies_in_office_present(
    totals_vote, in_office, present, valid
):
    result = services.count_vote(totals_vote([present] * 4, in_office=in_office, present=present))
    assert result.quorum_met is valid
    assert result.is_valid is valid


def test_a_vote_without_quorum_chooses_nothing_and_says_why(totals_vote):
    result = services.count_vote(totals_vote([46, 46, 46, 46], in_office=69, present=46))
    assert result.chosen == []
    assert not any(row.passed for row in result.rows)
    assert any("46" in e and "69" in e and "47" in e for e in result.errors)


# ---------------------------------------------------------------- threshold


@pytest.mark.parametrize(("yes", "passed"), [(34, False), (35, True)])
def test_exactly_half_of_the_deputies_in_office_does_not_pass(totals_vote, candidates, yes, passed):
    result = services.count_vote(totals_vote([yes, 0, 0, 0], in_office=68, present=60))
    assert (candidates[0] in result.passed) is passed


def test_the_threshold_counts_the_deputies_in_office_not_those_present(totals_vote, candidates):
    # 34 of 50 present is a clear majority of those present, but not more than half of 69 in office.
    result = services.count_vote(totals_vote([34, 35, 0, 0], in_office=69, present=50))
    assert result.fewest_to_pass == 35
    assert result.passed == [candidates[1]]
    assert result.chosen == [candidates[1]]


# ---------------------------------------------------------------- ranking and ties


def test_the_top_n_of_the_passing_candidates_are_chosen_by_yes_votes(totals_vote, candidates):
    result = services.count_vote(totals_vote([40, 60, 50, 45]))
    assert result.chosen == [candidates[1], candidates[2]]
    assert [row.candidate for row in result.rows] == [candidates[i] for i in (1, 2, 3, 0)]
    assert [row.rank for row in result.rows] == [1, 2, 3, 4]
    assert not result.runoff_needed
    assert result.can_confirm


def test_a_tie_across_the_last_place_asks_for_a_run_off(totals_vote, candidates):
    result = services.count_vote(totals_vote([60, 50, 50, 20]))
    assert result.runoff_needed
    assert result.runoff_candidates == [candidates[1], candidates[2]]
    assert result.runoff_places == 1
    assert result.chosen == [candidates[0]]  # the tie is never broken silently
    assert not result.can_confirm
    assert any("run-off" in w or "再次投票" in w for w in result.warnings)


def test_a_tie_inside_the_chosen_places_needs_no_run_off(plan, candidates, totals_vote):
    plan.number_to_choose = 3
    plan.save()
    result = services.count_vote(totals_vote([50, 45, 45, 40]))
    assert not result.runoff_needed
    assert result.chosen == candidates[:3]
    assert [row.rank for row in result.rows] == [1, 2, 2, 4]


def test_a_tie_below_the_cut_line_needs_no_run_off(totals_vote, candidates):
    result = services.count_vote(totals_vote([60, 55, 40, 40]))
    assert not result.runoff_needed
    assert result.chosen == candidates[:2]


def test_fewer_passing_candidates_than_places_leaves_places_empty(totals_vote, candidates):
    result = services.count_vote(totals_vote([60, 30, 20, 10]))
    assert result.chosen == [candidates[0]]
    assert result.can_confirm
    assert result.warnings


def test_a_run_off_blocks_confirmation(totals_vote, staff, candidates):
    vote = totals_vote([60, 50, 50, 20])
    with pytest.raises(services.VoteError):
        services.confirm_vote(vote, actor=staff)
    vote.refresh_from_db()
    assert vote.state == VoteState.DRAFT
    assert Project.objects.count() == 0
    candidates[0].refresh_from_db()
    assert candidates[0].status == CandidateStatus.ON_BALLOT


# ---------------------------------------------------------------- ballots and totals


def test_a_ballot_marking_more_candidates_than_places_is_invalid(plan, candidates):
    vote = services.vote_create(plan, entry_mode=EntryMode.BALLOTS, deputies_in_office=5, deputies_present=5)
    a, b, c, _d = candidates
    services.ballot_add(vote, [a, b])
    services.ballot_add(vote, [a, b, c])  # 3 yes of 2 places
    services.ballot_add(vote, [a])
    services.ballot_add(vote, [])  # all no / abstain: valid
    services.ballot_add(vote, [b], spoiled=True)
    result = services.count_vote(vote)
    assert (result.valid_ballots, result.invalid_ballots, result.ballots_cast) == (3, 2, 5)
    yes = {row.candidate: row.yes for row in result.rows}
    assert yes == {a: 2, b: 1, c: 0, _d: 0}
    assert result.passed == []  # 2 of 5 in office is not more than half


def test_totals_that_do_not_add_up_to_the_valid_ballots_are_named(totals_vote, candidates, staff):
    vote = totals_vote([60, 50, 40, 30])
    CandidateTally.objects.filter(vote=vote, candidate=candidates[2]).update(abstain=3)
    result = services.count_vote(vote)
    assert len(result.errors) == 1
    assert candidates[2].name in result.errors[0] and "64" in result.errors[0] and "67" in result.errors[0]
    assert result.chosen == []
    with pytest.raises(services.VoteError):
        services.confirm_vote(vote, actor=staff)


def test_a_candidate_on_the_ballot_without_totals_is_named(plan, candidates):
    vote = services.vote_create(plan, deputies_in_office=69, deputies_present=64)
    services.tallies_record(vote, {candidates[0]: (60, 4, 0)}, valid=64)
    errors = services.count_vote(vote).errors
    assert [e for e in errors if candidates[1].name in e]


def test_more_ballots_than_deputies_present_is_an_error(totals_vote):
    result = services.count_vote(totals_vote([60, 50, 40, 30], present=64, valid=64, invalid=2))
    assert any("66" in e for e in result.errors)


def test_a_vote_counts_the_deputies_in_office_on_its_date_and_the_sessions_attendance(plan, term):
    DeputyFactory.create_batch(4, term=term)
    DeputyFactory(
        term=term, status="resigned", left_office=datetime.date(2022, 1, 1)
    )  # left before the session
    DeputyFactory(term=term, took_office=datetime.date(2022, 3, 1))  # by-election after it
    vote = services.vote_create(plan)
    assert vote.session == plan.session
    assert vote.date == datetime.date(2022, 1, 14)
    assert vote.deputies_in_office == 4
    assert vote.deputies_present == 64


def test_creating_a_vote_puts_the_plan_s_candidates_on_the_ballot(plan, candidates):
    services.vote_create(plan, deputies_in_office=69, deputies_present=64)
    assert set(selectors.ballot_candidates(plan)) == set(candidates)


def test_a_candidate_kept_off_the_ballot_is_not_counted(plan, candidates):
    services.ballot_set(plan, candidates[:3])
    vote = services.vote_create(plan, deputies_in_office=69, deputies_present=64)
    services.tallies_record(vote, {c: (60, 4, 0) for c in candidates[:3]}, valid=64)
    result = services.count_vote(vote)
    assert candidates[3] not in [row.candidate for row in result.rows]
    assert result.runoff_needed  # three tied for two places


# ---------------------------------------------------------------- confirming and locking


def test_confirming_locks_the_vote_marks_the_candidates_and_opens_the_projects(
    totals_vote, candidates, staff
):
    vote = totals_vote([40, 60, 50, 20])
    services.confirm_vote(vote, actor=staff)
    vote.refresh_from_db()
    assert vote.state == VoteState.CONFIRMED
    assert vote.confirmed_by == staff and vote.confirmed_at
    statuses = [c.status for c in type(candidates[0]).objects.order_by("pk")]
    assert statuses == ["not_chosen", "chosen", "chosen", "not_chosen"]
    projects = list(Project.objects.order_by("pk"))
    assert [p.candidate for p in projects] == [candidates[1], candidates[2]]  # in ranking order
    assert projects[0].status == ProjectStatus.NOT_STARTED
    assert projects[0].budget == candidates[1].estimated_investment
    assert projects[0].plan == candidates[1].plan


def test_a_vote_without_quorum_cannot_be_confirmed(totals_vote, staff):
    vote = totals_vote([46, 46, 46, 46], in_office=69, present=46)
    with pytest.raises(services.VoteError):
        services.confirm_vote(vote, actor=staff)
    assert Vote.objects.get(pk=vote.pk).state == VoteState.DRAFT


def test_a_confirmed_vote_is_never_edited(totals_vote, candidates, staff):
    vote = totals_vote([40, 60, 50, 20])
    services.confirm_vote(vote, actor=staff)
    vote.refresh_from_db()
    with pytest.raises(VoteLocked):
        services.tallies_record(vote, {candidates[0]: (64, 0, 0)}, valid=64)
    tally = vote.tallies.get(candidate=candidates[0])
    tally.yes = 64
    with pytest.raises(VoteLocked):
        tally.save()
    with pytest.raises(VoteLocked):
        tally.delete()
    vote.deputies_present = 69
    with pytest.raises(VoteLocked):
        vote.save()
    with pytest.raises(VoteLocked):
        services.confirm_vote(vote, actor=staff)
    assert CandidateTally.objects.get(pk=tally.pk).yes == 40


def test_a_plan_has_one_confirmed_result_and_a_second_vote_must_be_a_correction(totals_vote, staff):
    services.confirm_vote(totals_vote([40, 60, 50, 20]), actor=staff)
    second = totals_vote([40, 60, 50, 20])
    with pytest.raises(services.VoteError):
        services.confirm_vote(second, actor=staff)


def test_a_correction_is_a_new_linked_vote_that_replaces_the_result(totals_vote, candidates, staff):
    original = totals_vote([40, 60, 50, 20])
    services.confirm_vote(original, actor=staff)
    original.refresh_from_db()
    correction = services.vote_start_correction(original, reason="第三号项目的赞成票录入有误")
    assert correction.corrects == original and correction.state == VoteState.DRAFT
    assert correction.tallies.count() == 4  # starts from a copy
    services.tallies_record(correction, {candidates[2]: (30, 34, 0), candidates[0]: (55, 9, 0)}, valid=64)
    services.confirm_vote(correction, actor=staff)

    assert selectors.effective_vote(original.plan) == correction
    assert original.tallies.get(candidate=candidates[2]).yes == 50  # the original is untouched
    statuses = dict(type(candidates[0]).objects.values_list("pk", "status"))
    assert statuses[candidates[0].pk] == "chosen" and statuses[candidates[2].pk] == "not_chosen"
    dropped = Project.objects.get(candidate=candidates[2])
    assert dropped.status == ProjectStatus.CANCELLED
    assert "第三号项目" in dropped.cancel_reason
    assert Project.objects.get(candidate=candidates[0]).status == ProjectStatus.NOT_STARTED


def test_a_correction_needs_a_reason_and_a_confirmed_vote(totals_vote, staff):
    draft = totals_vote([40, 60, 50, 20])
    with pytest.raises(services.VoteError):
        services.vote_start_correction(draft, reason="录入有误")
    services.confirm_vote(draft, actor=staff)
    draft.refresh_from_db()
    with pytest.raises(services.VoteError):
        services.vote_start_correction(draft, reason="  ")


def test_the_database_refuses_a_correction_without_a_reason(plan, totals_vote, staff):
    original = totals_vote([40, 60, 50, 20])
    services.confirm_vote(original, actor=staff)
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(plan=plan, session=plan.session, corrects=original, correction_reason="")


def test_the_ballot_list_is_fixed_once_the_vote_is_confirmed(plan, totals_vote, candidates, staff):
    services.confirm_vote(totals_vote([40, 60, 50, 20]), actor=staff)
    with pytest.raises(services.VoteError):
        services.ballot_set(plan, candidates[:2])
