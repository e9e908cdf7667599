"""Every township's figures of a year side by side, each computed in that township's scope.

A figure is never counted again here: the registered figure (``congress.figures.compute``) runs
inside ``townships.scoped(township)``, so its scoped managers see that township's records alone.
The table is kept (``congress.cache.kept``) per data version: a repeat costs nothing, and the
first costs a fixed number of statements per township, whatever the number of records.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import tablib
from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress import townships
from congress.cache import kept
from congress.figures import REGISTRY, Figure, batch, compute, plain, unit_of
from congress.models import Township
from congress.spreadsheets import sheet_title, xlsx
from office.dashboard.panels import year_choices, year_has_records

# The figures compared (domain.md §10), in the table's order.
CODES = (
    "suggestions.collected",
    "suggestions.satisfaction_rate",
    "suggestions.on_time_rate",
    "receptions.visitors",
    "activities.research_participation_rate",
    "livelihood.voted",
    "livelihood.in_use",
)
# Where a figure's own label says too little beside the others (the dashboard shows 占比 under the
# research trips), the comparison's heading for it.
HEADINGS = {
    "activities.research_participation_rate": gettext_lazy("research participation rate"),
}


def label_of(code: str) -> str:
    return str(HEADINGS.get(code) or REGISTRY[code].label)


@dataclass(frozen=True)
class Column:
    code: str
    label: str
    unit: str  # 人次, 项…; "%" for a rate

    @property
    def heading(self) -> str:
        """The page's heading: the label with its measure word (a rate's cells carry their %)."""
        return with_unit(self.label, "" if self.unit == "%" else self.unit)


def with_unit(label: str, unit: str) -> str:
    """满意率（%）, 接待选民人次（人次）: as a table's heading names its unit."""
    return _("%(label)s (%(unit)s)") % {"label": label, "unit": unit} if unit else label


@dataclass(frozen=True)
class Cell:
    code: str
    label: str
    value: int | Decimal | None  # the figure's value (a rate's percentage; None: nothing to divide)
    text: str  # as every page writes it: 19, 89.55%, —
    detail: str = ""  # a rate's part of its whole: 17 / 19


@dataclass(frozen=True)
class Row:
    township: str
    slug: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Comparison:
    year: int
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]


def codes() -> tuple[str, ...]:
    """The compared figures the installed apps register."""
    return tuple(code for code in CODES if code in REGISTRY)


def columns() -> tuple[Column, ...]:
    return tuple(
        Column(code=code, label=label_of(code), unit=unit_of(code) or _unit_of_value(code))
        for code in codes()
    )


def _unit_of_value(code: str) -> str:
    # Rates declare no measure word: their values are percentages.
    return "%" if code.endswith("_rate") else ""


def cell(code: str, figure: Figure) -> Cell:
    detail = f"{figure.numerator} / {figure.denominator}" if figure.is_rate and figure.denominator else ""
    return Cell(code=code, label=label_of(code), value=figure.value, text=plain(figure), detail=detail)


def township_row(township: Township, year: int) -> Row:
    """One township's figures of ``year``, computed in its scope (and sharing what they read)."""
    # A batch of its own: what the figures share (the year's suggestion counts) is the township's.
    with townships.scoped(township), batch():
        cells = tuple(cell(code, compute(code, year)) for code in codes())
    return Row(township=township.name, slug=township.slug, cells=cells)


def comparison(year: int) -> Comparison:
    """Every township's row of ``year`` (townships in their order), kept per data version."""

    def build() -> Comparison:
        rows = tuple(
            township_row(township, year) for township in Township.objects.order_by("sort_order", "pk")
        )
        return Comparison(year=year, columns=columns(), rows=rows)

    return kept(("banner-comparison", year), build)


def township_records(township: Township, code: str, year: int, page_number, per_page: int):
    """A compared figure of one township and a page of the records it counted, read in its scope."""
    with townships.scoped(township):
        figure = compute(code, year)
        if figure.records is None:
            return figure, None
        records = _with_related(figure.records)
        if not records.ordered:
            records = records.order_by("pk")
        page = Paginator(records, per_page).get_page(page_number)
        page.object_list = list(page.object_list)
    return figure, page


def _with_related(records):
    """Each record's foreign keys fetched with it: ``str()`` of a row often names them."""
    fields = [
        field.name
        for field in records.model._meta.concrete_fields
        if field.many_to_one and field.related_model is not records.model
    ]
    return records.select_related(*fields)


# ---- years ---------------------------------------------------------------------------------


def years(today: datetime.date | None = None) -> list[int]:
    """From the first term of any township to this year, newest first."""
    with townships.scoped(townships.EVERYWHERE):
        return year_choices(today)


def latest_year(today: datetime.date | None = None) -> int:
    """The latest year any township has records of (this year when none has), kept per data version."""
    today = today or timezone.localdate()

    def find() -> int:
        with townships.scoped(townships.EVERYWHERE):
            for year in year_choices(today):
                with batch():
                    if year_has_records(year):
                        return year
        return today.year

    return kept(("banner-latest-year", today.year), find)


# ---- the workbook --------------------------------------------------------------------------


def _sheet_value(cell: Cell):
    if cell.value is None:
        return cell.text  # —: nothing to divide
    if isinstance(cell.value, Decimal):
        return float(cell.value)
    return cell.value


def workbook_name(year: int) -> str:
    return f"{_('Township comparison')}-{year}"


def workbook(year: int) -> bytes:
    """The comparison of ``year`` as .xlsx: a row per township, a column per figure (rates in %)."""
    table = comparison(year)
    headers = [_("Township")] + [with_unit(column.label, column.unit) for column in table.columns]
    data = tablib.Dataset(headers=headers, title=sheet_title(workbook_name(year)))
    for row in table.rows:
        data.append([row.township, *(_sheet_value(cell) for cell in row.cells)])
    return xlsx(data)
