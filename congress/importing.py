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
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from import_export import widgets
from import_export.formats.base_formats import XLSX

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


class OfficeSheetResource:
    """Mixin for a ModelResource fed by an office's spreadsheet.

    ``header_aliases`` maps other headers offices use to the resource's column
    names, e.g. {"手机号码": "联系电话"}. ``ignored_headers`` are read and dropped
    (序号). The header row is the first of the first ten rows holding all of
    ``required_headers``.
    """

    header_aliases: dict[str, str] = {}
    required_headers: tuple[str, ...] = ()
    ignored_headers: tuple[str, ...] = ("序号",)

    def before_import(self, dataset, **kwargs):
        self._header_row = 1
        aliases = {clean_header(k): v for k, v in self.header_aliases.items()}
        known = {f.column_name for f in self.get_import_fields()}

        def normalise(row):
            names = []
            for cell in row:
                name = clean_header(cell)
                names.append(aliases.get(name, name))
            return names

        headers = normalise(dataset.headers or [])
        if not set(self.required_headers) <= set(headers):
            for index, row in enumerate(dataset[:10]):
                candidate = normalise(row)
                if set(self.required_headers) <= set(candidate):
                    for _i in range(index + 1):
                        del dataset[0]
                    headers = candidate
                    self._header_row = index + 2
                    break
            else:
                missing = "、".join(h for h in self.required_headers if h not in headers)
                raise ValidationError(
                    _("The sheet has no header row with the column(s) %(missing)s.") % {"missing": missing}
                )
        # Unknown columns are kept under their own (unique) names so that nothing shifts.
        seen = set()
        unique = []
        for i, name in enumerate(headers):
            if not name or name in seen or (name not in known and name in self.ignored_headers):
                name = f"__ignored_{i}"
            seen.add(name)
            unique.append(name)
        dataset.headers = unique
        # Rows that are entirely empty (trailing formatting, signatures) are not data.
        for index in range(len(dataset) - 1, -1, -1):
            if all(clean_text(v) == "" for v in dataset[index]):
                del dataset[index]
        super().before_import(dataset, **kwargs)

    def after_import(self, dataset, result, **kwargs):
        """Number rows as Excel does and name columns in Chinese."""
        super().after_import(dataset, result, **kwargs)
        offset = getattr(self, "_header_row", 1)
        labels = {f.attribute: f.column_name for f in self.get_import_fields() if f.attribute}
        for row in result.invalid_rows:
            row.number += offset
            row.error_dict = {
                (labels.get(key, key) if key != NON_FIELD_ERRORS else key): messages
                for key, messages in row.error_dict.items()
            }
        for row in result.error_rows:
            row.number += offset


@dataclass
class ImportReport:
    """What an import did, in the words staff read."""

    created: int = 0
    updated: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)

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
    for error in result.base_errors:
        report.errors.append(str(getattr(error.error, "messages", [error.error])[0]))
    for row in result.error_rows:
        for error in row.errors:
            report.errors.append(_("Row %(row)s: %(error)s") % {"row": row.number, "error": error.error})
    for row in result.invalid_rows:
        for column, messages in row.error_dict.items():
            for message in messages:
                if column == NON_FIELD_ERRORS:
                    report.errors.append(_("Row %(row)s: %(error)s") % {"row": row.number, "error": message})
                else:
                    report.errors.append(
                        _("Row %(row)s, column “%(column)s”: %(error)s")
                        % {"row": row.number, "column": column, "error": message}
                    )
    if not report.errors:
        report.created = result.totals.get("new", 0)
        report.updated = result.totals.get("update", 0)
        report.skipped = result.totals.get("skip", 0)
    return report
