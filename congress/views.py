from django.shortcuts import render

from deputies.selectors import presidium_of, roster_summary

from . import selectors


def home(request):
    """The public home page: the congress, its current term and presidium."""
    term = selectors.current_term()
    return render(
        request,
        "congress/home.html",
        {
            "term": term,
            "sessions": selectors.sessions_of(term)[:5],
            "presidium": presidium_of(term),
            "roster": roster_summary(term),
        },
    )
