"""The year at a glance on the admin's front page: figures, charts, supervision, units, receptions.

Every number is a registry figure linking to the records it counted; the
charts group a figure's records (receptions by month, activities by kind…).
The page runs a fixed number of queries whatever the amount of data.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib import admin
from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractMonth
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from congress.figures import (
    BREAKDOWNS,
    REGISTRY,
    Figure,
    batch,
    compute,
    group_figure,
    plain,
    records_url,
    unit_of,
)
from congress.models import Term

from . import charts

# Figures whose records mark a year as having data at all.
PROBES = (
    "suggestions.collected",
    "receptions.days",
    "activities.research_trips",
    "deliberations.count",
    "livelihood.voted",
    "duty_reports.count",
)
LOOK_BACK = 5

GROUPS = [
    (
        _("Deputies' duties"),
        [
            "deputies.in_office",
            "receptions.days",
            "receptions.visitors",
            "duty_reports.count",
            "activities.research_trips",
            "activities.research_participants",
            "activities.research_participation_rate",
            "activities.participation_rate",
            "deliberations.count",
            "deliberations.opinions",
            "posts.published",
        ],
    ),
    (
        _("Suggestions"),
        [
            "suggestions.collected",
            "suggestions.handed_down_deputy",
            "suggestions.handed_down_cppcc",
            "suggestions.replied",
            "suggestions.reply_rate",
            "suggestions.on_time_rate",
            "suggestions.resolution_rate",
            "suggestions.satisfaction_rate",
            "suggestions.contact_rate",
            "suggestions.overdue",
        ],
    ),
    (
        _("Livelihood projects"),
        [
            "livelihood.voted",
            "livelihood.in_use",
            "livelihood.average_progress",
            "livelihood.satisfaction_rate",
        ],
    ),
]
SUPERVISION_SHOWN = 10
STATE_COLOURS = {
    "registered": charts.GREY,
    "assigned": charts.GOLD,
    "in_handling": charts.GOLD,
    "replied": charts.RED,
    "evaluated": charts.RED,
    "closed": "#2e7d32",
    "rejected": charts.GREY,
}
GREEN = "#2e7d32"


def year_has_records(year: int) -> bool:
    return any(compute(code, year).value for code in PROBES if code in REGISTRY)


def default_year(today: datetime.date | None = None) -> int:
    """The current year; if it has no records yet, the latest of the last few that has."""
    today = today or timezone.localdate()
    for year in range(today.year, today.year - LOOK_BACK, -1):
        if year_has_records(year):
            return year
    return today.year


def year_choices(today: datetime.date | None = None) -> list[int]:
    """From the first term's first year to this year, newest first."""
    today = today or timezone.localdate()
    first = Term.objects.order_by("start_date").values_list("start_date", flat=True).first()
    start = min(first.year if first else today.year, today.year)
    return list(range(today.year, start - 1, -1))


def changelist_url(model, **lookups) -> str:
    """The admin list of ``model`` filtered by ``lookups``; "" if the model has no admin."""
    if model not in admin.site._registry:
        return ""
    try:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    except NoReverseMatch:
        return ""
    return f"{url}?{urlencode(lookups)}" if lookups else url


def change_url(obj) -> str:
    if type(obj) not in admin.site._registry:
        return ""
    try:
        return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    except NoReverseMatch:
        return ""


@dataclass
class Tile:
    code: str
    label: str
    text: str
    unit: str
    url: str
    detail: str = ""


def tile(code: str, year: int, figure: Figure) -> Tile:
    detail = ""
    if figure.is_rate and figure.denominator:
        detail = f"{figure.numerator} / {figure.denominator}"
    return Tile(
        code=code,
        label=str(REGISTRY[code].label),
        text=plain(figure),
        unit="" if figure.is_rate else unit_of(code),
        url=records_url(code, year),
        detail=detail,
    )


# ---- charts -----------------------------------------------------------------------------


def _records_with(figure: Figure, *names: str):
    """The figure's records if their model has these fields (the chart groups by them), else None."""
    if figure.records is None:
        return None
    fields = {f.name for f in figure.records.model._meta.get_fields()}
    return figure.records if set(names) <= fields else None


def suggestions_by_state(year: int) -> charts.SafeString:
    figure = compute("report.suggestions_by_state", year)
    if figure.records is None or not any(count for _label, count in figure.value.values()):
        return charts.SafeString("")
    model = figure.records.model
    bars = [
        charts.Bar(
            label=str(label),
            value=count,
            url=changelist_url(model, received_on__year=year, state__exact=state),
            colour=STATE_COLOURS.get(state, charts.RED),
        )
        for state, (label, count) in figure.value.items()
    ]
    return charts.horizontal_bars(bars, title=str(_("Suggestions by state")))


def month_label(year: int, month: int) -> str:
    """A chart's month as the reader writes it: 1月 in Chinese, Jan in English."""
    if (translation.get_language() or "").startswith("zh"):
        return f"{month}月"
    return date_format(datetime.date(year, month, 1), "M")


def receptions_by_month(year: int) -> charts.SafeString:
    records = _records_with(compute("receptions.visitors", year), "date", "visitors")
    if records is None:
        return charts.SafeString("")
    totals = dict(
        records.order_by()
        .annotate(month=ExtractMonth("date"))
        .values_list("month")
        .annotate(total=Sum("visitors"))
    )
    model = records.model
    bars = [
        charts.Bar(
            label=month_label(year, month),
            value=totals.get(month) or 0,
            url=changelist_url(model, date__year=year, date__month=month, confirmed__exact=1),
        )
        for month in range(1, 13)
    ]
    return charts.columns(bars, title=str(_("Voters received by month (person-times)")))


def activity_participation(year: int) -> charts.SafeString:
    if "activities.by_kind" not in REGISTRY:
        return charts.SafeString("")
    figure = compute("activities.by_kind", year)
    records = _records_with(figure, "kind", "attendances", "start_date")
    if records is None or not isinstance(figure.value, dict):
        return charts.SafeString("")
    present = dict(
        records.order_by()
        .values_list("kind")
        .annotate(n=Count("attendances", filter=Q(attendances__status="present")))
    )
    labels = figure.extra.get("labels", {})
    model = records.model
    bars = [
        charts.Bar(
            label=str(labels.get(kind, kind)),
            value=present.get(kind, 0),
            text=_("%(activities)s activities · %(present)s present")
            % {"activities": count, "present": present.get(kind, 0)},
            url=changelist_url(model, kind__exact=kind, start_date__year=year),
        )
        for kind, count in figure.value.items()
        if count
    ]
    return charts.horizontal_bars(bars, title=str(_("Activities by kind: deputies present (person-times)")))


def project_progress(year: int) -> charts.SafeString:
    if "livelihood.average_progress" not in REGISTRY:
        return charts.SafeString("")
    figure = compute("livelihood.average_progress", year)
    if _records_with(figure, "name", "percent_complete", "status") is None:
        return charts.SafeString("")
    bars = [
        charts.Bar(
            label=project.name,
            value=project.percent_complete,
            text=f"{project.percent_complete}% {project.get_status_display()}",
            url=change_url(project),
            colour=GREEN if project.percent_complete == 100 else charts.RED,
        )
        for project in figure.records
    ]
    return charts.horizontal_bars(bars, title=str(_("Progress of the livelihood projects")), maximum=100)


# ---- supervision, units, receptions ------------------------------------------------------


@dataclass
class Supervision:
    counts: dict[str, int] = field(default_factory=dict)
    items: list = field(default_factory=list)  # (suggestion, colour, url), most urgent first
    total: int = 0
    list_url: str = ""


def supervision(today: datetime.date) -> Supervision:
    """Open suggestions (any year) under 三色督办, coloured by the suggestions app's one rule, each with
    the latest supervision note of its supervising presidium member and how long ago it was.

    Three queries whatever the number of open items: the counts per colour (the bounds of
    ``suggestions.deadlines``), the most urgent items, which are the ones with the
    earliest deadlines (red before yellow before green), and their supervision notes.
    """
    from suggestions import deadlines
    from suggestions import supervision as supervision_notes
    from suggestions.models import Suggestion
    from suggestions.selectors import notes_prefetch

    open_items = Suggestion.objects.open().filter(current_round__isnull=False)
    counts = open_items.aggregate(
        **{colour: Count("pk", filter=bound) for colour, bound in deadlines.bounds(today).items()}
    )
    urgent = (
        open_items.with_lead_unit()
        .select_related("current_round", "lead_deputy")
        .prefetch_related(notes_prefetch())
        .order_by("current_round__deadline", "number")[:SUPERVISION_SHOWN]
    )
    result = Supervision(counts=counts, total=sum(counts.values()))
    for item in urgent:
        # The supervising member's latest note and how long ago (督办), for the panel's last column.
        item.latest_note_line = supervision_notes.summary(
            supervision_notes.latest_note(item), today, text=False
        )
    result.items = [(item, item.supervision_colour(today), change_url(item)) for item in urgent]
    result.list_url = changelist_url(Suggestion, state__in="assigned,in_handling")
    return result


# The breakdown of figures per lead unit the dashboard shows (the suggestions app registers it).
UNITS = "suggestions.by_lead_unit"


def unit_codes() -> tuple[str, ...]:
    """The figures the dashboard shows per unit, in their columns' order."""
    return BREAKDOWNS[UNITS].codes if UNITS in BREAKDOWNS else ()


@dataclass
class UnitRow:
    unit: object
    assigned: Figure
    cells: list[tuple[str, str]]  # (text, url to the records) per figure of the breakdown


def unit_figure(code: str, year: int, unit_pk: int) -> tuple[object, Figure] | None:
    """The per-unit variant of a figure for one lead unit: (unit, figure)."""
    return group_figure(UNITS, code, year, unit_pk)


def units(year: int) -> list[UnitRow]:
    if UNITS not in BREAKDOWNS:
        return []
    return [
        UnitRow(
            unit=group.key,
            assigned=group.size,
            cells=[
                (plain(group.figures[code]), f"{records_url(code, year)}?unit={group.key.pk}")
                for code in unit_codes()
            ],
        )
        for group in BREAKDOWNS[UNITS].compute(year)
    ]


def upcoming_receptions(today: datetime.date) -> list[tuple]:
    """(home, [dates]) for each deputies' home or liaison station with a fixed reception day."""
    from deputies.models import DeputiesHome
    from deputies.selectors import upcoming_receptions as upcoming

    homes = DeputiesHome.objects.filter(reception_day__isnull=False).order_by("kind", "name")
    return [(home, upcoming(home, today), change_url(home)) for home in homes]


# ---- the whole -----------------------------------------------------------------------------


@dataclass
class Dashboard:
    year: int
    years: list[int]
    groups: list[tuple[str, list[Tile]]]
    charts: list[tuple[str, charts.SafeString]]
    supervision: Supervision
    units: list
    receptions: list
    today: datetime.date


def build(year: int | None = None, today: datetime.date | None = None) -> Dashboard:
    # The figures share what they read (the year's suggestion counts: one statement for them all).
    with batch():
        return _build(year, today)


def _build(year: int | None, today: datetime.date | None) -> Dashboard:
    today = today or timezone.localdate()
    year = year or default_year(today)
    groups = []
    for title, codes in GROUPS:
        tiles = [tile(code, year, compute(code, year)) for code in codes if code in REGISTRY]
        if tiles:
            groups.append((title, tiles))
    drawn = [
        (_("Suggestions by state"), suggestions_by_state(year)),
        (_("Voters received by month"), receptions_by_month(year)),
        (_("Activity participation"), activity_participation(year)),
        (_("Progress of the livelihood projects"), project_progress(year)),
    ]
    years = year_choices(today)
    if year not in years:
        years = sorted({*years, year}, reverse=True)
    return Dashboard(
        year=year,
        years=years,
        groups=groups,
        charts=[(title, svg) for title, svg in drawn if svg],
        supervision=supervision(today),
        units=units(year),
        receptions=upcoming_receptions(today),
        today=today,
    )
