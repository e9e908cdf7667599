"""Spreadsheet imports as township offices keep them.

Offices keep their ledgers in Excel with Chinese headers, a title row above
them, stray (also full-width) spaces and cells typed by hand. Every importer
of the platform is a django-import-export resource that mixes in
``OfficeSheetResource``: it finds the header row, normalises the headers to
the resource's column names (with aliases), and reports each error with the
row number as Excel shows it and the column's Chinese name. An import with
any error writes nothing (IMPORT_EXPORT_USE_TRANSACTIONS).
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.encoding import force_str
from django.utils.html import conditional_escape, format_html
from django.utils.translation import gettext as _
from import_export import resources, widgets
from import_export.formats.base_formats import XLSX
from openpyxl.utils import get_column_letter

SPACES = re.compile(r"[\s\u3000\u00a0]+")


def clean_header(value) -> str:
    """'出生 年月　' → '出生年月'; '（' → '('."""
    text = SPACES.sub("", str(value or ""))
    return text.replace("（", "(").replace("）", ")").replace("：", ":")


def clean_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return SPACES.sub(" ", str(value)).strip()


class TextWidget(widgets.CharWidget):
    """Text cells with stray spaces folded; numbers typed as text stay as written."""

    def clean(self, value, row=None, **kwargs):
        return clean_text(value)


class ChoiceWidget(widgets.Widget):
    """A Chinese label (or one of its aliases) → the choice's stored value."""

    def __init__(self, choices, aliases=None, label=""):
        self.lookup = {str(lbl): val for val, lbl in choices}
        self.lookup.update({val: val for val, _lbl in choices})
        self.lookup.update(aliases or {})
        self.choices = choices
        self.label = label

    def clean(self, value, row=None, **kwargs):
        text = clean_text(value).replace(" ", "")
        if not text:
            return ""
        if text in self.lookup:
            return self.lookup[text]
        allowed = "、".join(str(lbl) for _val, lbl in self.choices)
        raise ValueError(_("“%(value)s” is not one of: %(allowed)s.") % {"value": text, "allowed": allowed})

    def render(self, value, obj=None, **kwargs):
        return str(dict(self.choices).get(value, value or ""))


class BooleanTextWidget(widgets.Widget):
    TRUE = {"是", "√", "✓", "1", "true", "yes", "y", "x"}
    FALSE = {"否", "", "0", "false", "no", "n", "×"}

    def clean(self, value, row=None, **kwargs):
        text = clean_text(value).lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(_("Write 是 or 否, not “%(value)s”.") % {"value": text})

    def render(self, value, obj=None, **kwargs):
        return "是" if value else "否"


MONTH_PATTERNS = [
    re.compile(r"^(\d{4})\s*[.\-/年]\s*(\d{1,2})\s*(?:[.\-/月]\s*(?:(\d{1,2})\s*日?)?)?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})?$"),
]
DATE_HINT = "1975.03、1975年3月、1975-03-08"


def parse_month(value) -> datetime.date | None:
    """A year and month as offices write them → the first day of that month.

    Accepts Excel dates, 1975.03, 1975.3, 1975年3月, 1975-03, 197503. A number
    cell 1975.1 is what Excel makes of a typed 1975.10, so it means October;
    typed as text, 1975.1 is January.
    """
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.replace(day=1)
    if isinstance(value, float):
        # Excel keeps a typed 1975.03 as the number 1975.03, and 1975.10 as 1975.1.
        year_part, _dot, fraction = repr(value).partition(".")
        if fraction == "1":
            month = 10
        elif len(fraction) <= 2 and fraction.isdigit():
            month = int(fraction)
        else:
            month = 0
        return _month(int(year_part), month, value)
    text = clean_text(value).replace(" ", "")
    for pattern in MONTH_PATTERNS:
        match = pattern.match(text)
        if match:
            return _month(int(match.group(1)), int(match.group(2)), text)
    raise ValueError(
        _("Cannot read the date “%(value)s”; write it like %(hint)s.") % {"value": text, "hint": DATE_HINT}
    )


def _month(year: int, month: int, original) -> datetime.date:
    if not (1900 <= year <= 2100 and 1 <= month <= 12):
        raise ValueError(
            _("Cannot read the date “%(value)s”; write it like %(hint)s.")
            % {"value": original, "hint": DATE_HINT}
        )
    return datetime.date(year, month, 1)


def parse_date(value) -> datetime.date | None:
    """A full date as offices write it: Excel date, 2022-12-16, 2022.12.16, 2022年12月16日."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = clean_text(value).replace(" ", "")
    match = re.match(r"^(\d{4})[.\-/年](\d{1,2})[.\-/月](\d{1,2})日?$", text) or re.match(
        r"^(\d{4})(\d{2})(\d{2})$", text
    )
    if match:
        try:
            return datetime.date(*(int(g) for g in match.groups()))
        except ValueError:
            pass
    raise ValueError(
        _("Cannot read the date “%(value)s”; write it like %(hint)s.")
        % {"value": text, "hint": "2022-12-16、2022年12月16日"}
    )


class MonthWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return parse_month(value)

    def render(self, value, obj=None, **kwargs):
        return value.strftime("%Y.%m") if value else ""


class DateTextWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return parse_date(value)

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


def located(message: str, row: int | None = None, column: str = "") -> str:
    """A message with the row (as Excel numbers it) and the column it is about."""
    if row and column:
        return _("Row %(row)s, column “%(column)s”: %(error)s") % {
            "row": row,
            "column": column,
            "error": message,
        }
    if row:
        return _("Row %(row)s: %(error)s") % {"row": row, "error": message}
    return message


@dataclass(frozen=True)
class Notice:
    """What staff should see before confirming an import, though nothing is wrong with it:
    a column left out, a value tidied up, a name that another deputy has too."""

    message: str
    row: int | None = None  # as Excel numbers it
    column: str = ""

    def __str__(self):
        return located(self.message, self.row, self.column)


class SheetDiff(resources.Diff):
    """A row of the import preview without inline styles (the Content-Security-Policy refuses them):
    the value, or for a changed one the former value struck through and the new one."""

    def as_html(self):
        cells = []
        for before, after in zip(self.left, self.right, strict=True):
            before, after = force_str(before or ""), force_str(after or "")
            if self.new or before == after:
                cells.append(conditional_escape(after))
            else:
                cells.append(format_html("<del>{}</del> <ins>{}</ins>", before, after))
        return cells


def refuse_sheet(dataset, message: str):
    """Refuse the whole sheet: its rows are not read (each would only repeat the reason)."""
    for index in range(len(dataset) - 1, -1, -1):
        del dataset[index]
    raise ValidationError(message)


class OfficeSheetResource:
    """Mixin for a ModelResource fed by an office's spreadsheet.

    ``header_aliases`` maps other headers offices use to the resource's column
    names, e.g. {"手机号码": "联系电话"}. ``ignored_headers`` are read and dropped
    (序号). The header row is the first of the first ten rows holding all of
    ``required_headers``.

    Every column of the sheet is either imported or named in ``notices`` as not
    imported (with its letter), before anything is written; resources add their
    own notices with ``notice()``. Rows are numbered as Excel numbers them: the
    preview's rows (``row_result.number``), the invalid rows and the errors.
    """

    header_aliases: dict[str, str] = {}
    required_headers: tuple[str, ...] = ()
    ignored_headers: tuple[str, ...] = ("序号",)

    def get_diff_class(self):
        return SheetDiff

    def before_import(self, dataset, **kwargs):
        self.notices: list[Notice] = []
        self._notices_by_row: dict[int, list[Notice]] = defaultdict(list)
        self._excel_rows: list[int] = []
        aliases = {clean_header(k): v for k, v in self.header_aliases.items()}
        known = {f.column_name for f in self.get_import_fields()}

        def normalise(row):
            return [aliases.get(clean_header(cell), clean_header(cell)) for cell in row]

        raw = list(dataset.headers or [])
        headers = normalise(raw)
        header_row = 1
        if not set(self.required_headers) <= set(headers):
            for index, row in enumerate(dataset[:10]):
                candidate = normalise(row)
                if set(self.required_headers) <= set(candidate):
                    raw = list(row)
                    for _i in range(index + 1):
                        del dataset[0]
                    headers = candidate
                    header_row = index + 2
                    break
            else:
                missing = "、".join(h for h in self.required_headers if h not in headers)
                refuse_sheet(
                    dataset,
                    _("The sheet has no header row with the column(s) %(missing)s.") % {"missing": missing},
                )
        self._excel_rows = list(range(header_row + 1, header_row + 1 + len(dataset)))
        # Unknown columns are kept under their own (unique) names so that nothing shifts.
        seen, unique = set(), []
        for i, name in enumerate(headers):
            if name in known and name not in seen:
                unique.append(name)
            else:
                self._left_out(dataset, i, clean_text(raw[i]) if i < len(raw) else "", name, seen)
                kept = name and name not in seen and name not in self.ignored_headers
                unique.append(name if kept else f"__ignored_{i}")
            seen.add(name)
        dataset.headers = unique
        # Rows with nothing but a row number (trailing formatting, signatures) are not data.
        data_columns = [i for i, name in enumerate(unique) if not name.startswith("__ignored_")]
        for index in range(len(dataset) - 1, -1, -1):
            if all(clean_text(dataset[index][i]) == "" for i in data_columns):
                del dataset[index]
                del self._excel_rows[index]
        super().before_import(dataset, **kwargs)

    def _left_out(self, dataset, index: int, header: str, name: str, seen: set):
        """Say why the column at ``index`` is not imported (a blank column without a header needs no word)."""
        letter = get_column_letter(index + 1)
        values = {"letter": letter, "column": header}
        if not name:
            if any(clean_text(row[index]) for row in dataset if index < len(row)):
                self.notice(_("Column %(letter)s has no header: it is not imported.") % values)
            return
        if name in seen:
            message = _("Column %(letter)s “%(column)s” repeats an earlier column: it is not imported.")
        elif name in self.ignored_headers:
            message = _(
                "Column %(letter)s “%(column)s” is not imported: the platform numbers the rows itself."
            )
        else:
            message = _("Column %(letter)s “%(column)s” is not imported: the platform keeps no such column.")
        self.notice(message % values)

    def notice(self, message: str, *, row_number: int | None = None, column: str = ""):
        """Tell staff something in the preview; ``row_number`` counts data rows from 1 (import-export's)."""
        notice = Notice(message, self.excel_row(row_number) if row_number else None, column)
        self.notices.append(notice)
        self._notices_by_row[notice.row].append(notice)

    def excel_row(self, row_number: int) -> int:
        """import-export's row number (data rows from 1) → the row's number in Excel."""
        rows = getattr(self, "_excel_rows", [])
        return rows[row_number - 1] if 0 < row_number <= len(rows) else row_number + 1

    def after_import_row(self, row, row_result, **kwargs):
        super().after_import_row(row, row_result, **kwargs)
        row_result.number = self.excel_row(kwargs.get("row_number", 0))
        row_result.notices = self._notices_by_row.get(row_result.number, [])

    def after_import(self, dataset, result, **kwargs):
        """Number rows as Excel does, name columns in Chinese, show only the sheet's columns."""
        super().after_import(dataset, result, **kwargs)
        labels = {f.attribute: f.column_name for f in self.get_import_fields() if f.attribute}
        columns = result.diff_headers
        shown = [i for i, name in enumerate(columns) if name in set(dataset.headers or [])]
        result.diff_headers = [columns[i] for i in shown]
        for row in result.valid_rows():
            if row.diff is not None and len(row.diff) == len(columns):
                row.diff = [row.diff[i] for i in shown]
        for row in result.invalid_rows:
            row.number = self.excel_row(row.number)
            row.error_dict = {
                (labels.get(key, key) if key != NON_FIELD_ERRORS else key): messages
                for key, messages in row.error_dict.items()
            }
            # Each cell of the row with its column and whether it is one the errors are about.
            row.cells = [(columns[i], row.values[i], columns[i] in row.error_dict) for i in shown]
            row.reasons = [
                ("" if column == NON_FIELD_ERRORS else column, message)
                for column, messages in row.error_dict.items()
                for message in messages
            ]
            row.notices = self._notices_by_row.get(row.number, [])
        for row in result.error_rows:
            row.number = self.excel_row(row.number)
        result.notices = getattr(self, "notices", [])


@dataclass
class ImportReport:
    """What an import did, in the words staff read."""

    created: int = 0
    updated: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def read_sheet(content: bytes):
    """The first sheet of an .xlsx file as a tablib Dataset (first row as headers)."""
    try:
        return XLSX().create_dataset(content)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise ValidationError(
            _("This file is not an Excel workbook (.xlsx): %(error)s") % {"error": exc}
        ) from exc


def message_of(error) -> str:
    """An exception's message as staff read it (a ValidationError's first message)."""
    return str(getattr(error, "messages", [error])[0])


def sheet_errors(result) -> list[str]:
    """The errors no cell holds: the sheet's own (no header row), and unexpected ones by row."""
    messages = [message_of(error.error) for error in result.base_errors]
    messages += [
        located(message_of(error.error), row.number) for row in result.error_rows for error in row.errors
    ]
    return messages


def import_errors(result) -> list[str]:
    """Every error of an import, each naming its row as Excel numbers it and its column."""
    messages = sheet_errors(result)
    for row in result.invalid_rows:
        for column, errors in row.error_dict.items():
            messages += [
                located(message, row.number, "" if column == NON_FIELD_ERRORS else column)
                for message in errors
            ]
    return messages


def run_import(resource, content: bytes, *, dry_run: bool = False, **kwargs) -> ImportReport:
    """Import an .xlsx file through ``resource``; all rows or none."""
    report = ImportReport()
    try:
        dataset = read_sheet(content)
    except ValidationError as exc:
        report.errors.extend(exc.messages)
        return report
    result = resource.import_data(
        dataset,
        dry_run=dry_run,
        raise_errors=False,
        use_transactions=True,
        rollback_on_validation_errors=True,
        **kwargs,
    )
    report.errors = import_errors(result)
    report.notices = list(getattr(result, "notices", []))
    if not report.errors:
        report.created = result.totals.get("new", 0)
        report.updated = result.totals.get("update", 0)
        report.skipped = result.totals.get("skip", 0)
    return report
