"""The figures of suggestion handling (domain.md §6), each defined once.

Year = the calendar year of the date received (the number's year). Rejected
items never count. The **latest round** of an item is what counts: an item
handled again is replied, on time, resolved and rated by its current round;
only ``first_round_satisfaction_rate`` looks at the first rating.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Subquery
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from congress.figures import CASES, ITEMS, Figure, Group, breakdown, figure

from .choices import DEPUTY_SOURCES, GOOD_RATINGS, AssignmentRole, Rating, ResultClass, Source, State
from .models import Contact, Evaluation, HandlingUnit, Suggestion

# --- the sets every figure starts from ----------------------------------------------------------


def registered(year: int):
    """Suggestions received in the year and not rejected."""
    return Suggestion.objects.in_year(year).exclude(state=State.REJECTED)


def assigned(year: int):
    """Registered items handed to a unit (their latest round exists and was not returned)."""
    return registered(year).filter(current_round__isnull=False)


def replied(year: int):
    """Items whose latest round has a reply (replied, evaluated or closed)."""
    return assigned(year).filter(current_round__reply__isnull=False)


def evaluated(year: int):
    """Items whose latest round's reply has been rated."""
    return replied(year).filter(current_round__evaluation__isnull=False)


def on_time(items):
    return items.filter(current_round__reply__replied_on__lte=F("current_round__deadline"))


def well_rated(items):
    return items.filter(current_round__evaluation__rating__in=GOOD_RATINGS)


class Breakdown(dict):
    """A figure made of parts ({"A": 17, "B": 2}); printed as the report writes it."""

    def __init__(self, parts: dict, labels: dict, total: int):
        super().__init__(parts)
        self.labels = labels
        self.total = total

    def share(self, key) -> Figure:
        return Figure.rate(self[key], self.total)

    def __str__(self):
        return "；".join(
            f"{self.labels[key]} {count}（{self.share(key).display()}）"
            if self.total
            else f"{self.labels[key]} 0"
            for key, count in self.items()
        )


# --- the figures ------------------------------------------------------------------------------


@figure("suggestions.collected", _("deputies' suggestions collected"), unit=ITEMS)
def collected(year: int) -> Figure:
    """Suggestions from this township's deputies (during and between sessions, receptions, deliberations)."""
    return Figure.count(registered(year).filter(source__in=DEPUTY_SOURCES))


@figure("suggestions.collected_by_source", _("deputies' suggestions by source"))
def collected_by_source(year: int) -> Figure:
    """``suggestions.collected`` split by source."""
    items = registered(year).filter(source__in=DEPUTY_SOURCES)
    counts = dict(items.values_list("source").annotate(n=Count("pk")))
    parts = {source: counts.get(source, 0) for source in DEPUTY_SOURCES}
    labels = {source: Source(source).label for source in DEPUTY_SOURCES}
    return Figure(value=Breakdown(parts, labels, sum(parts.values())), records=items)


@figure("suggestions.handed_down_deputy", _("banner deputies' suggestions completed"), unit=CASES)
def handed_down_deputy(year: int) -> Figure:
    """Banner deputies' suggestions handed down, received in the year and closed."""
    return Figure.count(registered(year).filter(source=Source.BANNER_DEPUTY, state=State.CLOSED))


@figure("suggestions.handed_down_cppcc", _("banner CPPCC proposals completed"), unit=CASES)
def handed_down_cppcc(year: int) -> Figure:
    """Banner CPPCC members' proposals handed down, received in the year and closed."""
    return Figure.count(registered(year).filter(source=Source.BANNER_CPPCC, state=State.CLOSED))


@figure("suggestions.replied", _("suggestions replied"), unit=CASES)
def replied_count(year: int) -> Figure:
    """Items whose latest round is replied or later."""
    return Figure.count(replied(year))


@figure("suggestions.reply_rate", _("reply rate"))
def reply_rate(year: int) -> Figure:
    """Replied ÷ assigned."""
    return Figure.rate(replied(year), assigned(year))


@figure("suggestions.on_time_rate", _("on-time reply rate"))
def on_time_rate(year: int) -> Figure:
    """Replies dated on or before their round's deadline ÷ replies (latest rounds)."""
    items = replied(year)
    return Figure.rate(on_time(items), items)


@figure("suggestions.resolution_rate", _("resolution rate"))
def resolution_rate(year: int) -> Figure:
    """Class A (solved or basically solved) ÷ replied."""
    items = replied(year)
    return Figure.rate(items.filter(current_round__reply__result_class=ResultClass.A), items)


@figure("suggestions.satisfaction_rate", _("satisfaction rate"))
def satisfaction_rate(year: int) -> Figure:
    """(Satisfied + basically satisfied) ÷ evaluated, latest round."""
    items = evaluated(year)
    return Figure.rate(well_rated(items), items)


@figure("suggestions.strict_satisfaction_rate", _("strict satisfaction rate"))
def strict_satisfaction_rate(year: int) -> Figure:
    """Satisfied ÷ evaluated, latest round."""
    items = evaluated(year)
    return Figure.rate(items.filter(current_round__evaluation__rating=Rating.SATISFIED), items)


@figure("suggestions.first_round_satisfaction_rate", _("first-round satisfaction rate"))
def first_round_satisfaction_rate(year: int) -> Figure:
    """As the satisfaction rate, over each item's first rated round: re-handling shows here."""
    first_rating = Evaluation.objects.filter(round__suggestion=OuterRef("pk")).order_by("round__number")
    items = registered(year).annotate(first_rating=Subquery(first_rating.values("rating")[:1]))
    rated = items.filter(first_rating__isnull=False)
    return Figure.rate(rated.filter(first_rating__in=GOOD_RATINGS), rated)


@figure("suggestions.contact_rate", _("contact rate"))
def contact_rate(year: int) -> Figure:
    """Replied items with at least one recorded contact with the deputy ÷ replied items."""
    items = replied(year)
    contacted = Contact.objects.filter(round__suggestion=OuterRef("pk"))
    return Figure.rate(items.filter(Exists(contacted)), items)


@figure("suggestions.by_result_class", _("results by class A/B/C/D"))
def by_result_class(year: int) -> Figure:
    """Count and share of each result class among replied items (latest round)."""
    items = replied(year)
    counts = dict(items.values_list("current_round__reply__result_class").annotate(n=Count("pk")))
    parts = {cls: counts.get(cls, 0) for cls in ResultClass.values}
    labels = {cls: _("class %(class)s") % {"class": cls} for cls in ResultClass.values}
    return Figure(value=Breakdown(parts, labels, sum(parts.values())), records=items)


@figure("suggestions.overdue", _("overdue without reply"), unit=CASES)
def overdue(year: int) -> Figure:
    """Items of the year past their current round's deadline with no reply, as of today."""
    return Figure.count(registered(year).overdue())


# --- per handling unit ---------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitFigures:
    unit: HandlingUnit
    assigned: Figure
    replied: Figure
    reply_rate: Figure
    on_time_rate: Figure
    satisfaction_rate: Figure


def _by_lead_unit(items) -> dict[int, int]:
    led = items.filter(current_round__assignments__role=AssignmentRole.LEAD)
    return dict(led.values_list("current_round__assignments__unit").annotate(n=Count("pk", distinct=True)))


def figures_by_unit(year: int) -> list[UnitFigures]:
    """The handling figures grouped by the lead unit of each item's latest round (five queries)."""
    sets = {
        "assigned": assigned(year),
        "replied": replied(year),
        "on_time": on_time(replied(year)),
        "evaluated": evaluated(year),
        "well_rated": well_rated(evaluated(year)),
    }
    counts = {name: _by_lead_unit(items) for name, items in sets.items()}
    units = HandlingUnit.objects.filter(pk__in=counts["assigned"]).order_by("kind", "name")
    rows = []
    for unit in units:

        def of(name, unit=unit):
            # Built when a page asks for the records: the dashboard shows 200 units' numbers only.
            return SimpleLazyObject(
                lambda: sets[name].filter(
                    current_round__assignments__unit=unit,
                    current_round__assignments__role=AssignmentRole.LEAD,
                )
            )

        n = {name: counts[name].get(unit.pk, 0) for name in sets}
        rows.append(
            UnitFigures(
                unit=unit,
                assigned=Figure(value=n["assigned"], records=of("assigned")),
                replied=Figure(value=n["replied"], records=of("replied")),
                reply_rate=Figure.rate(n["replied"], n["assigned"], records=of("assigned")),
                on_time_rate=Figure.rate(n["on_time"], n["replied"], records=of("replied")),
                satisfaction_rate=Figure.rate(n["well_rated"], n["evaluated"], records=of("evaluated")),
            )
        )
    return rows


@breakdown(
    "suggestions.by_lead_unit",
    _("by lead unit"),
    codes=("suggestions.reply_rate", "suggestions.on_time_rate", "suggestions.satisfaction_rate"),
)
def by_lead_unit(year: int) -> list[Group]:
    """The rates per lead unit of the items' latest rounds (the dashboard's table of units)."""
    return [
        Group(
            key=row.unit,
            size=row.assigned,
            figures={
                "suggestions.reply_rate": row.reply_rate,
                "suggestions.on_time_rate": row.on_time_rate,
                "suggestions.satisfaction_rate": row.satisfaction_rate,
            },
        )
        for row in figures_by_unit(year)
    ]


# The code stays under ``report.``: saved drafts and the dashboard's chart name it.
@figure("report.suggestions_by_state", _("suggestions by state"))
def suggestions_by_state(year: int) -> Figure:
    """The year's suggestions (every source, rejected included) counted per state: {state: (label, n)}."""
    items = Suggestion.objects.in_year(year)
    counts = dict(items.order_by().values_list("state").annotate(n=Count("pk")))
    value = {state.value: (state.label, counts.get(state.value, 0)) for state in State}
    return Figure(value=value, records=items)
