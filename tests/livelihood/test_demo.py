"""The demo township's livelihood projects match the seed report."""

import pytest
from django.db import transaction

from congress.figures import compute
from congress.townships import first_township_id, scoped
from livelihood import demo, selectors, services
from livelihood.models import LivelihoodPlan, ProgressUpdate, Project, ProjectStatus, Vote
from tests.demo import SEED_PROJECTS_2022 as SEED_PROJECTS
from tests.demo import load_demo


@pytest.fixture(scope="module")
def demo_db(django_db_setup, django_db_blocker):
    """The demo, loaded once for this module inside a transaction that is rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        with scoped(first_township_id()):
            demo.load()  # a second run changes nothing
        yield
        transaction.set_rollback(True)


@pytest.fixture
def db_demo(demo_db, db, first_township_scope):
    """乌审召镇's records (the demo's second township, 图克镇, has a plan of its own)."""
    return None


def test_the_six_2022_projects_of_the_seed_were_voted_among_more_candidates(db_demo):
    plan = LivelihoodPlan.objects.get(year=2022)
    assert plan.candidates.count() > 6
    vote = selectors.effective_vote(plan)
    result = services.count_vote(vote)
    assert (result.in_office, result.present, vote.session.ordinal) == (69, 64, 2)
    assert [c.name for c in result.chosen] == SEED_PROJECTS
    assert compute("livelihood.voted", 2022).value == 6


def test_the_six_2022_projects_are_all_built_and_in_use(db_demo):
    projects = Project.objects.filter(plan__year=2022)
    assert sorted(p.name for p in projects) == sorted(SEED_PROJECTS)
    for project in projects:
        assert project.status == ProjectStatus.IN_USE
        assert project.percent_complete == 100
        assert project.completion_date.year == 2022 and project.first_use_date >= project.completion_date
        assert project.updates.count() >= 3
    assert compute("livelihood.in_use", 2022).value == 6
    assert compute("livelihood.average_progress", 2022).display() == "100%"
    assert compute("livelihood.satisfaction_rate", 2022).value is not None


def test_the_2023_plan_was_voted_at_the_third_session_and_is_under_way(db_demo):
    plan = LivelihoodPlan.objects.get(year=2023)
    vote = selectors.effective_vote(plan)
    assert vote.session.start_date.isoformat() == "2022-12-16"
    assert services.count_vote(vote).in_office == 67
    statuses = set(Project.objects.filter(plan=plan).values_list("status", flat=True))
    assert ProjectStatus.DELAYED in statuses and ProjectStatus.UNDER_CONSTRUCTION in statuses
    assert len(statuses) >= 4


def test_the_2023_vote_tied_for_the_last_place_and_a_run_off_settled_it(db_demo):
    plan = LivelihoodPlan.objects.get(year=2023)
    choice = services.plan_choice(plan)
    first, runoff = choice.rounds
    assert [c.name for c in first.runoff_candidates] == [
        "镇区冬季供暖管网改造项目",
        "惠泽社区健身步道建设项目",
    ]
    assert runoff.vote.runoff_of == first.vote and runoff.seats == 1
    assert (runoff.valid_ballots, runoff.invalid_ballots) == (61, 1)
    assert [c.name for c in runoff.chosen] == ["镇区冬季供暖管网改造项目"]
    assert choice.complete and len(choice.chosen) == 6
    assert sorted(Project.objects.filter(plan=plan).values_list("candidate", flat=True)) == sorted(
        c.pk for c in choice.chosen
    )
    assert compute("livelihood.voted", 2023).value == 6


def test_loading_the_demo_again_adds_nothing(db_demo):
    assert Vote.objects.count() == 3
    assert ProgressUpdate.objects.filter(project__plan__year=2022).count() == 23
