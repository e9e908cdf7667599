"""Figures of the livelihood projects (domain.md §6).

The year of a project is its plan's year: the 2023 plan voted at the session
of 2022-12-16 counts for 2023. Satisfaction counts each project's latest
survey dated in the year.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg
from django.utils.translation import gettext_lazy as _

from congress.figures import PROJECTS, Figure, compute, figure

from . import selectors
from .models import DONE_STATUSES, CandidateStatus, Project, ProjectStatus


def voted_projects(year: int):
    """The projects chosen by the confirmed vote on the year's plan."""
    return Project.objects.filter(plan__year=year, candidate__status=CandidateStatus.CHOSEN).order_by("pk")


@figure("livelihood.voted", _("livelihood projects voted"), unit=PROJECTS)
def voted(year: int) -> Figure:
    """Projects chosen by the deputies' vote on the year's plan."""
    return Figure.count(voted_projects(year))


@figure("livelihood.in_use", _("built and in use"), unit=PROJECTS)
def in_use(year: int) -> Figure:
    """Of the year's voted projects, those built and in use."""
    return Figure.count(voted_projects(year).filter(status=ProjectStatus.IN_USE))


@figure("livelihood.completed", _("completed or in use"))
def completed(year: int) -> Figure:
    """Of the year's voted projects, those completed or in use."""
    return Figure.count(voted_projects(year).filter(status__in=DONE_STATUSES))


@figure("livelihood.average_progress", _("average progress"))
def average_progress(year: int) -> Figure:
    """The mean percent complete of the year's voted projects; "—" when there are none."""
    records = voted_projects(year)
    mean = records.aggregate(mean=Avg("percent_complete"))["mean"]
    value = None if mean is None else Decimal(mean).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return Figure(value=value, records=records, unit="%")


@figure("livelihood.satisfaction_rate", _("satisfaction with the livelihood projects"))
def satisfaction_rate(year: int) -> Figure:
    """(satisfied + basically satisfied) ÷ all answers, over each project's latest survey of the year."""
    return selectors.satisfaction_rate(selectors.surveys_of_year(year))


# The code stays under ``report.``: saved drafts and the report template name it.
@figure("report.projects_status", _("how far the year's livelihood projects are"))
def projects_status(year: int) -> Figure:
    """The state of the year's voted projects in words: 均已建成投用 when every one is in use."""
    voted, in_use = compute("livelihood.voted", year), compute("livelihood.in_use", year)
    if not voted.value:
        text = ""
    elif in_use.value == voted.value:
        text = "均已建成投用"
    elif not in_use.value:
        text = "正在加快推进"
    else:
        text = f"其中{in_use.value}项已建成投用，其余项目正在加快推进"
    return Figure(value=text, records=voted.records)
