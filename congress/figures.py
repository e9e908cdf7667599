"""The registry of figures: every number the dashboard or the report shows.

Each figure is defined once, in its app's ``figures.py``, with the
``@figure`` decorator. A figure is a function of the year that returns a
``Figure``: its value and the records it counted, so that any page showing
the number can link to what lies behind it (domain.md §6).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

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
        if self.value is None:
            return EMPTY
        if self.is_rate:
            return f"{self.value:.2f}%"
        return f"{self.value}"

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

    def __call__(self, year: int) -> Figure:
        return self.compute(year)


REGISTRY: dict[str, FigureDefinition] = {}


def figure(code: str, label) -> Callable:
    """Register ``func(year) -> Figure`` under ``code`` (e.g. "receptions.visitors")."""

    def register(func: Callable[[int], Figure]) -> Callable[[int], Figure]:
        if code in REGISTRY and REGISTRY[code].compute is not func:
            raise ValueError(f"Figure {code} is defined twice")
        REGISTRY[code] = FigureDefinition(
            code=code, label=label, compute=func, description=func.__doc__ or ""
        )
        return func

    return register


def compute(code: str, year: int) -> Figure:
    return REGISTRY[code](year)


def year_bounds(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    """The start of the year and of the next, as aware datetimes in the local time zone."""
    tz = timezone.get_current_timezone()
    return (
        datetime.datetime(year, 1, 1, tzinfo=tz),
        datetime.datetime(year + 1, 1, 1, tzinfo=tz),
    )


def year_end(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)
