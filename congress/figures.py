"""The registry of figures: every number the dashboard or the report shows.

Each figure is defined once, in its app's ``figures.py``, with the
``@figure`` decorator. A figure is a function of the year that returns a
``Figure``: its value and the records it counted, so that any page showing
the number can link to what lies behind it (domain.md §6).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from .numerals import chinese_ordinal

EMPTY = "—"


@dataclass(frozen=True)
class Figure:
    """A computed figure: a count, a rate or another value, with its records."""

    value: Any
    records: QuerySet | None = None
    numerator: int | None = None
    denominator: int | None = None
    unit: str = ""
    extra: dict = field(default_factory=dict)

    @classmethod
    def count(cls, records: QuerySet, unit: str = "") -> Figure:
        return cls(value=records.count(), records=records, unit=unit)

    @classmethod
    def total(cls, value: int | None, records: QuerySet, unit: str = "") -> Figure:
        return cls(value=value or 0, records=records, unit=unit)

    @classmethod
    def rate(cls, part: QuerySet | int, whole: QuerySet | int, records: QuerySet | None = None) -> Figure:
        """part ÷ whole as a percentage with two decimals; None (shown "—") when whole is 0."""
        numerator = part if isinstance(part, int) else part.count()
        denominator = whole if isinstance(whole, int) else whole.count()
        if records is None and not isinstance(whole, int):
            records = whole
        return cls(
            value=percent(numerator, denominator),
            records=records,
            numerator=numerator,
            denominator=denominator,
            unit="%",
        )

    @property
    def is_rate(self) -> bool:
        return self.unit == "%"

    def display(self) -> str:
        """As every page writes it (``plain``): 19, 89.55%, 100%, — when empty."""
        return plain(self)

    def __str__(self) -> str:
        return self.display()


def percent(numerator: int, denominator: int) -> Decimal | None:
    """60, 67 → Decimal('89.55'); rounded half up; None for an empty denominator."""
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class FigureDefinition:
    code: str
    label: str
    compute: Callable[[int], Figure]
    description: str = ""
    unit: str = ""

    def __call__(self, year: int) -> Figure:
        return self.compute(year)


REGISTRY: dict[str, FigureDefinition] = {}


def figure(code: str, label, *, unit="") -> Callable:
    """Register ``func(year) -> Figure`` under ``code`` (e.g. "receptions.visitors").

    ``unit`` is the measure word shown after the number on the dashboard and in lists (人次, 条…;
    the words are defined below): everything about a figure is in its definition.
    """

    def register(func: Callable[[int], Figure]) -> Callable[[int], Figure]:
        if code in REGISTRY and REGISTRY[code].compute is not func:
            raise ValueError(f"Figure {code} is defined twice")
        REGISTRY[code] = FigureDefinition(
            code=code, label=label, compute=func, description=func.__doc__ or "", unit=unit
        )
        return func

    return register


def compute(code: str, year: int) -> Figure:
    return REGISTRY[code](year)


# ---- breakdowns: registered figures computed per group (per lead unit…) -------------------------


@dataclass(frozen=True)
class Group:
    """One group of a breakdown (a handling unit): its size and its own value of each figure."""

    key: Any  # a model instance: its pk names the group in links (?unit=<pk>)
    size: Figure
    figures: dict[str, Figure]


@dataclass(frozen=True)
class Breakdown:
    name: str
    label: str
    codes: tuple[str, ...]  # registered figures it gives per group, in display order
    compute: Callable[[int], list[Group]]


BREAKDOWNS: dict[str, Breakdown] = {}


def breakdown(name: str, label, *, codes: tuple[str, ...]) -> Callable:
    """Register ``func(year) -> [Group]``: the figures ``codes`` computed for each group at once."""

    def register(func: Callable[[int], list[Group]]) -> Callable[[int], list[Group]]:
        BREAKDOWNS[name] = Breakdown(name=name, label=label, codes=tuple(codes), compute=func)
        return func

    return register


def group_figure(name: str, code: str, year: int, key_pk: int) -> tuple[Any, Figure] | None:
    """(group, figure) of one group of a breakdown, by its key's pk; None when there is none."""
    found = BREAKDOWNS.get(name)
    if found is None or code not in found.codes:
        return None
    for group in found.compute(year):
        if group.key.pk == key_pk:
            return group.key, group.figures[code]
    return None


# What several figures read in common (the year's suggestion counts: one statement for a dozen
# figures), computed once inside ``batch()``: the dashboard, a report's figures.
_batch: ContextVar[dict | None] = ContextVar("congress.figures.batch", default=None)


@contextmanager
def batch(memo: dict | None = None):
    """Inside it, ``shared(key, …)`` computes each key once (kept in ``memo``, or for the block)."""
    token = _batch.set({} if memo is None else memo)
    try:
        yield
    finally:
        _batch.reset(token)


def shared(key, compute_value: Callable[[], Any]):
    """``compute_value()``, computed once per ``key`` inside ``batch()``, every time outside it."""
    memo = _batch.get()
    if memo is None:
        return compute_value()
    if key not in memo:
        memo[key] = compute_value()
    return memo[key]


# The years a figure can be asked for: from the first congresses of the People's Republic to far ahead.
# Outside them a date cannot even be built (year 0, 99999), so pages answer 404 or fall back.
YEARS = range(1950, 2200)


def parse_year(value) -> int | None:
    """``value`` (a query parameter, a URL argument) as a year of ``YEARS``, or None."""
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return year if year in YEARS else None


def year_bounds(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    """The start of the year and of the next, as aware datetimes in the local time zone."""
    tz = timezone.get_current_timezone()
    return (
        datetime.datetime(year, 1, 1, tzinfo=tz),
        datetime.datetime(year + 1, 1, 1, tzinfo=tz),
    )


def year_end(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


# ---- presentation: how the dashboard and the report write a figure --------------------

PERSON_TIMES = gettext_lazy("person-times")
PERSONS = gettext_lazy("persons")
TIMES = gettext_lazy("times")
ITEMS = gettext_lazy("items")
CASES = gettext_lazy("cases")
PROJECTS = gettext_lazy("projects")


def unit_of(code: str) -> str:
    """The measure word its definition declares (``@figure(unit=…)``): 人次, 条…; "" for none."""
    definition = REGISTRY.get(code)
    return str(definition.unit) if definition else ""


def rate_text(value) -> str:
    """Decimal('89.55') → "89.55%", Decimal('100.00') → "100%" (as the seed writes it); None → "—"."""
    if value is None:
        return EMPTY
    text = f"{Decimal(value):.2f}"
    return (text[:-3] if text.endswith(".00") else text) + "%"


def approx(value: int, word: str = "多") -> str:
    """A count as a report writes it round: 83 → "80多", 32 → "30余" (word="余"), 80 → "80", 7 → "7"."""
    value = int(value)
    step = 10 if value < 1000 else 100
    base = value // step * step
    if value < 10 or base == value:
        return str(value)
    return f"{base}{word}"


def record_name(record) -> str:
    for attribute in ("name", "title"):
        text = getattr(record, attribute, None)
        if isinstance(text, str) and text:
            return text
    return str(record)


def joined(figure: Figure, field_name: str = "") -> str:
    """The records' names (or the distinct values of one of their fields) joined by 、."""
    if figure.records is None:
        return ""
    if field_name:
        values = figure.records.values_list(field_name, flat=True)
    else:
        values = (record_name(record) for record in figure.records)
    seen: list[str] = []
    for value in values:
        if value not in (None, "") and str(value) not in seen:
            seen.append(str(value))
    return "、".join(seen)


PLACE_PREFIX = re.compile(r"^(.+?[市盟])(.+)$")


def places(figure: Figure, field_name: str = "") -> str:
    """Distinct places of the records, each city named once: 巴彦淖尔市五原县、杭锦后旗、鄂尔多斯市鄂托克前旗."""
    names = [name for name in joined(figure, field_name or "destination").split("、") if name]
    by_city: dict[str, list[str]] = {}
    for name in names:
        match = PLACE_PREFIX.match(name)
        city, place = (match[1], match[2]) if match else ("", name)
        if place not in by_city.setdefault(city, []):
            by_city[city].append(place)
    return "、".join(city + "、".join(towns) for city, towns in by_city.items())


def plain(figure: Figure) -> str:
    """The number as the dashboard and the report write it: 19, 89.55%, 100%, — when empty."""
    value = figure.value
    if value is None:
        return EMPTY
    if figure.is_rate:
        return rate_text(value)
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value)


def _approx(figure: Figure, argument: str) -> str:
    if figure.value is None or figure.is_rate or not isinstance(figure.value, int | Decimal):
        return plain(figure)
    return approx(int(figure.value), argument or "多")


def _chinese(figure: Figure, argument: str) -> str:
    value = figure.value
    if isinstance(value, int) and 0 < value < 100:
        return chinese_ordinal(value)
    return plain(figure)


# Formats a report placeholder may name: {{receptions.visitors|approx}} → 80多,
# {{deliberations.opinions|approx:余}} → 30余, {{livelihood.voted|join}} → the names joined
# by 、, {{activities.research_trips|places}} → the destinations, {{report.home_star_rating|cn}} → 五.
FORMATS: dict[str, Callable[[Figure, str], str]] = {
    "": lambda figure, argument: plain(figure),
    "approx": _approx,
    "join": lambda figure, argument: joined(figure, argument),
    "cn": _chinese,
    "places": places,
}


def formatted(figure: Figure, fmt: str = "", argument: str = "") -> str:
    return FORMATS[fmt](figure, argument)


def records_url(code: str, year: int) -> str:
    """The staff page listing the records a figure counted (served by the report draft's admin)."""
    return reverse("admin:congress_figure_records", kwargs={"code": code, "year": year})
