"""The figures of suggestion handling (domain.md §6), each defined once.

Year = the calendar year of the date received (the number's year). Rejected
items never count. The **latest round** of an item is what counts: an item
handled again is replied, on time, resolved and rated by its current round;
only ``first_round_satisfaction_rate`` looks at the first rating.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from congress.figures import CASES, ITEMS, Figure, Group, breakdown, figure, shared

from .choices import DEPUTY_SOURCES, GOOD_RATINGS, AssignmentRole, Rating, ResultClass, Source, State
from .models import Contact, Evaluation, HandlingUnit, Suggestion

# --- the sets every figure starts from ----------------------------------------------------------
#
# Each set is defined once, as a condition on the year's registered suggestions: the figures
# count it in one pass over the year (``year_counts``, conditional aggregation), and the page
# of the records behind a figure lists the same set (``registered(year).filter(condition)``).

ASSIGNED = Q(current_round__isnull=False)  # handed to a unit: the latest round exists, not returned
REPLIED = ASSIGNED & Q(current_round__reply__isnull=False)  # the latest round has a reply
EVALUATED = REPLIED & Q(current_round__evaluation__isnull=False)  # the latest round's reply was rated
ON_TIME = Q(current_round__reply__replied_on__lte=F("current_round__deadline"))
WELL_RATED = Q(current_round__evaluation__rating__in=GOOD_RATINGS)
COLLECTED = Q(source__in=DEPUTY_SOURCES)


def registered(year: int):
    """Suggestions received in the year and not rejected."""
    return Suggestion.objects.in_year(year).exclude(state=State.REJECTED)


def assigned(year: int):
    """Registered items handed to a unit (their latest round exists and was not returned)."""
    return registered(year).filter(ASSIGNED)


def replied(year: int):
    """Items whose latest round has a reply (replied, evaluated or closed)."""
    return registered(year).filter(REPLIED)


def evaluated(year: int):
    """Items whose latest round's reply has been rated."""
    return registered(year).filter(EVALUATED)


def on_time(items):
    return items.filter(ON_TIME)


def well_rated(items):
    return items.filter(WELL_RATED)


def _contacted():
    return Exists(Contact.objects.filter(round__suggestion=OuterRef("pk")))


def conditions() -> dict[str, Q]:
    """What ``year_counts`` counts: each name's set, as a condition on ``registered(year)``."""
    found = {
        "collected": COLLECTED,
        "handed_down_deputy": Q(source=Source.BANNER_DEPUTY, state=State.CLOSED),
        "handed_down_cppcc": Q(source=Source.BANNER_CPPCC, state=State.CLOSED),
        "assigned": ASSIGNED,
        "replied": REPLIED,
        "on_time": REPLIED & ON_TIME,
        "evaluated": EVALUATED,
        "well_rated": EVALUATED & WELL_RATED,
        "satisfied": EVALUATED & Q(current_round__evaluation__rating=Rating.SATISFIED),
        "contacted": REPLIED & Q(_contacted()),
    }
    found |= {f"source:{source}": COLLECTED & Q(source=source) for source in DEPUTY_SOURCES}
    found |= {
        f"class:{cls}": REPLIED & Q(current_round__reply__result_class=cls) for cls in ResultClass.values
    }
    return found


def year_counts(year: int) -> dict[str, int]:
    """Every set of ``conditions()`` counted in one statement over the year's suggestions.

    Inside ``congress.figures.batch()`` (the dashboard, the report) once for all the figures.
    """

    def count():
        return registered(year).aggregate(**{name: Count("pk", filter=q) for name, q in conditions().items()})

    return shared(("suggestions.year_counts", year), count)


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
    return Figure(value=year_counts(year)["collected"], records=registered(year).filter(COLLECTED))


@figure("suggestions.collected_by_source", _("deputies' suggestions by source"))
def collected_by_source(year: int) -> Figure:
    """``suggestions.collected`` split by source."""
    counts = year_counts(year)
    parts = {source: counts[f"source:{source}"] for source in DEPUTY_SOURCES}
    labels = {source: Source(source).label for source in DEPUTY_SOURCES}
    items = registered(year).filter(COLLECTED)
    return Figure(value=Breakdown(parts, labels, sum(parts.values())), records=items)


@figure("suggestions.handed_down_deputy", _("banner deputies' suggestions completed"), unit=CASES)
def handed_down_deputy(year: int) -> Figure:
    """Banner deputies' suggestions handed down, received in the year and closed."""
    condition = conditions()["handed_down_deputy"]
    return Figure(value=year_counts(year)["handed_down_deputy"], records=registered(year).filter(condition))


@figure("suggestions.handed_down_cppcc", _("banner CPPCC proposals completed"), unit=CASES)
def handed_down_cppcc(year: int) -> Figure:
    """Banner CPPCC members' proposals handed down, received in the year and closed."""
    condition = conditions()["handed_down_cppcc"]
    return Figure(value=year_counts(year)["handed_down_cppcc"], records=registered(year).filter(condition))


@figure("suggestions.replied", _("suggestions replied"), unit=CASES)
def replied_count(year: int) -> Figure:
    """Items whose latest round is replied or later."""
    return Figure(value=year_counts(year)["replied"], records=replied(year))


def _rate(year: int, part: str, whole: str, records) -> Figure:
    counts = year_counts(year)
    return Figure.rate(counts[part], counts[whole], records=records)


@figure("suggestions.reply_rate", _("reply rate"))
def reply_rate(year: int) -> Figure:
    """Replied ÷ assigned."""
    return _rate(year, "replied", "assigned", assigned(year))


@figure("suggestions.on_time_rate", _("on-time reply rate"))
def on_time_rate(year: int) -> Figure:
    """Replies dated on or before their round's deadline ÷ replies (latest rounds)."""
    return _rate(year, "on_time", "replied", replied(year))


@figure("suggestions.resolution_rate", _("resolution rate"))
def resolution_rate(year: int) -> Figure:
    """Class A (solved or basically solved) ÷ replied."""
    return _rate(year, f"class:{ResultClass.A}", "replied", replied(year))


@figure("suggestions.satisfaction_rate", _("satisfaction rate"))
def satisfaction_rate(year: int) -> Figure:
    """(Satisfied + basically satisfied) ÷ evaluated, latest round."""
    return _rate(year, "well_rated", "evaluated", evaluated(year))


@figure("suggestions.strict_satisfaction_rate", _("strict satisfaction rate"))
def strict_satisfaction_rate(year: int) -> Figure:
    """Satisfied ÷ evaluated, latest round."""
    return _rate(year, "satisfied", "evaluated", evaluated(year))


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
    return _rate(year, "contacted", "replied", replied(year))


@figure("suggestions.by_result_class", _("results by class A/B/C/D"))
def by_result_class(year: int) -> Figure:
    """Count and share of each result class among replied items (latest round)."""
    counts = year_counts(year)
    parts = {cls: counts[f"class:{cls}"] for cls in ResultClass.values}
    labels = {cls: _("class %(class)s") % {"class": cls} for cls in ResultClass.values}
    return Figure(value=Breakdown(parts, labels, sum(parts.values())), records=replied(year))


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


UNIT_SETS = {
    "assigned": ASSIGNED,
    "replied": REPLIED,
    "on_time": REPLIED & ON_TIME,
    "evaluated": EVALUATED,
    "well_rated": EVALUATED & WELL_RATED,
}


def _by_lead_unit(year: int) -> dict[str, dict[int, int]]:
    """Each set of ``UNIT_SETS`` counted per lead unit of the latest round, in one statement."""
    led = registered(year).filter(current_round__assignments__role=AssignmentRole.LEAD)
    rows = led.values("current_round__assignments__unit").annotate(
        **{name: Count("pk", distinct=True, filter=q) for name, q in UNIT_SETS.items()}
    )
    counts = {name: {} for name in UNIT_SETS}
    for row in rows:
        unit = row["current_round__assignments__unit"]
        for name in UNIT_SETS:
            if row[name]:
                counts[name][unit] = row[name]
    return counts


def figures_by_unit(year: int) -> list[UnitFigures]:
    """The handling figures grouped by the lead unit of each item's latest round (one query, and the units)."""
    sets = {name: registered(year).filter(q) for name, q in UNIT_SETS.items()}
    counts = _by_lead_unit(year)
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
