"""The livelihood figures (domain.md §6) and per-project satisfaction."""

import datetime
from decimal import Decimal

import pytest

from congress.figures import REGISTRY, compute
from livelihood import selectors, services
from livelihood.models import ProjectStatus
from tests.factories import SessionFactory

from .helpers import chosen_projects

pytestmark = pytest.mark.django_db

CODES = [
    "livelihood.voted",
    "livelihood.in_use",
    "livelihood.completed",
    "livelihood.average_progress",
    "livelihood.satisfaction_rate",
]


def put_in_use(project, day=1):
    services.project_set_status(
        project,
        ProjectStatus.IN_USE,
        completion_date=datetime.date(project.plan.year, 9, day),
        first_use_date=datetime.date(project.plan.year, 10, day),
    )


def test_every_livelihood_figure_is_registered():
    assert set(CODES) <= set(REGISTRY)


def test_the_figures_of_a_year_with_nothing_show_zero_or_a_dash(db):
    assert compute("livelihood.voted", 2022).value == 0
    assert compute("livelihood.average_progress", 2022).display() == "—"
    assert compute("livelihood.satisfaction_rate", 2022).display() == "—"


def test_voted_counts_the_projects_chosen_by_the_year_s_plan(staff):
    projects = chosen_projects(staff, year=2022, count=3)
    # The 2023 plan is voted in December 2022: its projects count for 2023.
    later = SessionFactory(
        ordinal=3, start_date=datetime.date(2022, 12, 16), end_date=datetime.date(2022, 12, 16)
    )
    chosen_projects(staff, year=2023, count=2, session=later)
    figure = compute("livelihood.voted", 2022)
    assert figure.value == 3
    assert set(figure.records) == set(projects)
    assert compute("livelihood.voted", 2023).value == 2


def test_in_use_completed_and_average_progress(staff):
    a, b, c, d = chosen_projects(staff, count=4)
    put_in_use(a)
    services.project_set_status(b, ProjectStatus.COMPLETED, completion_date=datetime.date(2022, 9, 1))
    services.progress_post(c, date=datetime.date(2022, 6, 1), text="主体施工", percent=45)
    services.project_set_status(d, ProjectStatus.CANCELLED, reason="并入旗级项目")
    assert compute("livelihood.in_use", 2022).value == 1
    assert compute("livelihood.completed", 2022).value == 2
    # (100 + 100 + 45 + 0) / 4
    average = compute("livelihood.average_progress", 2022)
    assert average.value == Decimal("61.25")
    assert average.display() == "61.25%"


def test_satisfaction_counts_satisfied_and_basically_satisfied_over_all_answers(staff):
    a, b = chosen_projects(staff, count=2)
    services.survey_record(
        a, date=datetime.date(2022, 12, 16), satisfied=50, basically_satisfied=10, unsatisfied=2
    )
    services.survey_record(
        b, date=datetime.date(2022, 12, 16), satisfied=40, basically_satisfied=0, unsatisfied=5
    )
    figure = compute("livelihood.satisfaction_rate", 2022)
    assert (figure.numerator, figure.denominator) == (100, 107)
    assert figure.display() == "93.46%"
    per_project = selectors.satisfaction_by_project(2022)
    assert per_project[a.pk].display() == "96.77%"  # 60 / 62
    assert per_project[b.pk].display() == "88.89%"  # 40 / 45


def test_a_project_s_satisfaction_is_its_latest_survey(staff):
    (project,) = chosen_projects(staff, count=1)
    services.survey_record(
        project, date=datetime.date(2022, 7, 1), satisfied=10, basically_satisfied=0, unsatisfied=10
    )
    services.survey_record(
        project, date=datetime.date(2022, 12, 16), satisfied=60, basically_satisfied=0, unsatisfied=0
    )
    assert selectors.project_satisfaction(project).display() == "100%"
    assert compute("livelihood.satisfaction_rate", 2022).display() == "100%"


def test_a_survey_nobody_answered_shows_a_dash(staff):
    (project,) = chosen_projects(staff, count=1)
    services.survey_record(
        project, date=datetime.date(2022, 12, 16), satisfied=0, basically_satisfied=0, unsatisfied=0
    )
    assert selectors.project_satisfaction(project).display() == "—"
