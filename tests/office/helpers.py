"""A year of a township's work, for the banner's pages (tests/office and tests/browser)."""

import datetime

from congress import townships
from deputies.models import ActivityKind
from livelihood import services
from livelihood.models import ProjectStatus
from suggestions.choices import Rating, State
from tests.deputies.factories import ActivityFactory, ReceptionFactory, attend
from tests.factories import DeputyFactory, TermFactory, TownshipFactory, first_township
from tests.livelihood.helpers import chosen_projects
from tests.suggestions.factories import HandlingUnitFactory, advance, register

D = datetime.date
YEAR = 2022


def township_year(staff, *, prefix, ratings, visitors, deputies, researchers, projects):
    """A year of one township's work, made in the scope in force: its suggestions rated ``ratings``,
    one confirmed reception of ``visitors``, ``deputies`` in office of whom ``researchers`` went on
    a research trip, and ``projects`` voted (the first of them in use)."""
    term = TermFactory()
    unit = HandlingUnitFactory(name=f"{prefix}农业综合服务中心")
    roster = DeputyFactory.create_batch(deputies, term=term)
    for number, rating in enumerate(ratings):
        item = register(
            staff, lead_deputy=roster[0], title=f"{prefix}建议{number}", received_on=D(YEAR, 3, 1)
        )
        advance(item, State.EVALUATED, actor=staff, unit=unit, rating=rating, replied_on=D(YEAR, 3, 20))
    ReceptionFactory(term=term, date=D(YEAR, 5, 10), visitors=visitors, place=f"{prefix}代表之家")
    trip = ActivityFactory(term=term, kind=ActivityKind.RESEARCH_TRIP, start_date=D(YEAR, 4, 12))
    attend(trip, roster[:researchers])
    if projects:
        project = chosen_projects(staff, year=YEAR, count=projects)[0]
        services.project_set_status(
            project, ProjectStatus.IN_USE, completion_date=D(YEAR, 9, 1), first_use_date=D(YEAR, 10, 1)
        )


def two_townships_with_a_year(staff):
    """乌审召镇 (the first township) and 图克镇, each with a year of its own work."""
    first, tuke = first_township(), TownshipFactory()
    with townships.scoped(first):
        township_year(
            staff,
            prefix="乌审召",
            ratings=[Rating.SATISFIED, Rating.UNSATISFIED, Rating.BASICALLY_SATISFIED, Rating.UNSATISFIED],
            visitors=30,
            deputies=4,
            researchers=1,
            projects=2,
        )
    with townships.scoped(tuke):
        township_year(
            staff,
            prefix="图克",
            ratings=[Rating.SATISFIED],
            visitors=12,
            deputies=2,
            researchers=2,
            projects=1,
        )
    return first, tuke
