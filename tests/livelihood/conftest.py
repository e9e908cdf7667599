import pytest

from livelihood import services
from livelihood.models import EntryMode

from .factories import CandidateFactory, PlanFactory


@pytest.fixture
def plan(db, term):
    """The 2022 plan: choose 2 of 4 candidates (small enough to read every test's numbers)."""
    plan = PlanFactory(number_to_choose=2, session__term=term)
    CandidateFactory.create_batch(4, plan=plan)
    return plan


@pytest.fixture
def candidates(plan):
    return list(plan.candidates.order_by("pk"))


@pytest.fixture
def totals_vote(plan, candidates):
    """totals_vote([yes, ...], in_office=69, present=64, valid=None) → a draft vote with those totals.

    Each candidate's no + abstain make up the rest of the valid ballots (default: all present).
    """

    def make(yes, *, in_office=69, present=64, valid=None, invalid=0):
        valid = present - invalid if valid is None else valid
        vote = services.vote_create(
            plan, entry_mode=EntryMode.TOTALS, deputies_in_office=in_office, deputies_present=present
        )
        totals = {c: (y, valid - y, 0) for c, y in zip(candidates, yes, strict=True)}
        services.tallies_record(vote, totals, valid=valid, invalid=invalid)
        return vote

    return make


@pytest.fixture
def staff(db):
    from tests.factories import UserFactory

    # No password: hashing one costs a second; tests sign in with force_login.
    return UserFactory(username="renda-staff", role="presidium_staff", password=None)
