"""Spreadsheets in the tests, built and read in one place.

``xlsx()`` builds a workbook as the office sends one (an optional title row above the headers, merged
across them as Word-minded offices do); ``sheet_of()`` and ``read()`` open one the platform sends back.
"""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl


def _book(rows, headers, title: str | None, merge_title: bool) -> openpyxl.Workbook:
    book = openpyxl.Workbook()
    sheet = book.active
    if title:
        sheet.append([title])
        if merge_title:
            sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    if headers is not None:
        sheet.append(headers)
    for row in rows:
        sheet.append(row)
    return book


def xlsx(rows, headers=None, *, title: str | None = None, merge_title: bool = False) -> bytes:
    """The bytes of a one-sheet workbook: ``title`` (if any), ``headers`` (if any), then ``rows``."""
    buffer = io.BytesIO()
    _book(rows, headers, title, merge_title).save(buffer)
    return buffer.getvalue()


def save_xlsx(path: Path, rows, headers=None, *, title: str | None = None) -> str:
    """``xlsx()`` written to ``path`` (a browser test uploads it); returns the path as text."""
    _book(rows, headers, title, merge_title=False).save(path)
    return str(path)


def sheet_of(content: bytes):
    """The active sheet of a workbook the platform sent."""
    return openpyxl.load_workbook(io.BytesIO(content)).active


def read(content: bytes) -> list[list]:
    """Every row of the active sheet as values, empty cells as ""."""
    return [
        [cell if cell is not None else "" for cell in row]
        for row in sheet_of(content).iter_rows(values_only=True)
    ]
