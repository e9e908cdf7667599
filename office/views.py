from django.shortcuts import render

from congress import selectors
from congress.cache import public_page
from deputies.selectors import presidium_of, roster_summary

from . import overview


@public_page
def home(request):
    """The public home page: the congress, its term and presidium, recent work, projects and results.

    Every block reads a bounded list (office.overview), so the page's queries do not grow with the data.
    """
    term = selectors.current_term()
    return render(
        request,
        "congress/home.html",
        {
            "term": term,
            "sessions": selectors.sessions_of(term)[:3],
            "presidium": presidium_of(term),
            "roster": roster_summary(term),
            "activities": overview.recent_activities(),
            "posts": overview.latest_posts(),
            "projects": overview.projects_overview(),
            "homes": overview.homes_with_schedule(),
            "results": overview.latest_results(),
        },
    )


@public_page
def townships(request):
    """全旗乡镇: the banner's townships, each linking to its public pages (``/t/<slug>/``)."""
    return render(request, "office/townships.html", {"entries": overview.townships_overview()})
