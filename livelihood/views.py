"""Public pages of the livelihood projects: no sign-in, no personal data."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from congress.cache import public_page
from congress.figures import compute

from . import selectors, services
from .models import LivelihoodPlan

YEAR_FIGURES = ("livelihood.voted", "livelihood.in_use", "livelihood.average_progress")


def _year_page(request, plan):
    context = {"plan": plan, "years": selectors.plan_years()}
    if plan is not None:
        context.update(
            {
                "projects": list(selectors.projects_of(plan)),
                "announced": selectors.effective_vote(plan) is not None,
                "figures": {code.split(".")[1]: compute(code, plan.year) for code in YEAR_FIGURES},
            }
        )
        if not context["projects"]:
            context["candidates"] = list(selectors.ballot_candidates(plan) or plan.candidates.all())
    return render(request, "livelihood/year.html", context)


@public_page
def index(request):
    """The latest year's projects, with links to every year."""
    return _year_page(request, selectors.latest_plan())


@public_page
def year(request, year):
    """A year's projects with their status and progress."""
    plan = get_object_or_404(LivelihoodPlan.objects.select_related("session"), year=year)
    return _year_page(request, plan)


@public_page
def project(request, pk):
    """A project's timeline: progress with photos, inspections, completion and first use."""
    project = get_object_or_404(selectors.project_page(pk))
    return render(
        request,
        "livelihood/project.html",
        {"project": project, "satisfaction": selectors.project_satisfaction(project)},
    )


@public_page
def vote_result(request, year):
    """The announcement of the year's confirmed vote and of each run-off that settled a tie; a draft shows
    nothing."""
    plan = get_object_or_404(LivelihoodPlan, year=year)
    choice = services.plan_choice(plan)
    if not choice.rounds:
        raise Http404
    return render(
        request,
        "livelihood/vote_result.html",
        {"plan": plan, "vote": choice.rounds[0].vote, "choice": choice},
    )
