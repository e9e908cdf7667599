"""Staff pages behind the dashboard's numbers."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from congress.figures import REGISTRY, compute, parse_year, plain, unit_of
from congress.roles import is_presidium

from .panels import change_url, unit_figure

PER_PAGE = 100


def can_see_figures(user) -> bool:
    """Presidium staff and members (and superusers) see every record, so every figure's records."""
    return user.is_active and is_presidium(user)


def _related(records):
    """Fetch each record's foreign keys with it: str() of a row often names them."""
    fields = [
        field.name
        for field in records.model._meta.concrete_fields
        if field.many_to_one and field.related_model is not records.model
    ]
    return records.select_related(*fields)


def figure_records(request, code: str, year: int):
    """The records a figure counted for a year, a page at a time, each linking to its admin page."""
    if not can_see_figures(request.user):
        raise PermissionDenied
    if code not in REGISTRY or parse_year(year) is None:
        raise Http404
    definition = REGISTRY[code]
    title = f"{definition.label} · {year}"
    if request.GET.get("unit"):
        try:
            found = unit_figure(code, year, int(request.GET["unit"]))
        except ValueError:
            found = None
        if found is None:
            raise Http404
        unit, figure = found
        title = f"{unit} · {title}"
    else:
        figure = compute(code, year)
    page = None
    rows = []
    query = ""
    if figure.records is not None:
        records = _related(figure.records)
        if not records.ordered:
            records = records.order_by("pk")
        page = Paginator(records, PER_PAGE).get_page(request.GET.get("page"))
        params = request.GET.copy()
        params.pop("page", None)
        query = params.urlencode()
        rows = [(record, change_url(record)) for record in page.object_list]
    context = {
        **admin.site.each_context(request),
        "title": title,
        "definition": definition,
        "figure": figure,
        "value": plain(figure),
        "unit": unit_of(code) if not figure.is_rate else "",
        "year": year,
        "page": page,
        "rows": rows,
        "query": query,
        "model_name": figure.records.model._meta.verbose_name_plural if figure.records is not None else "",
    }
    return render(request, "congress/dashboard/figure_records.html", context)
