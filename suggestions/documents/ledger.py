"""建议办理台账: the ledger's rows as a Word table on landscape A4, for the archive."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm

from congress.word_layout import (
    LANDSCAPE,
    SMALL_TABLE_SIZE,
    Cell,
    OfficialDocument,
    chosen_fonts,
    document_date,
)

from ..choices import Rating, State
from .common import Office, reply_of

CENTER = WD_ALIGN_PARAGRAPH.CENTER
# (heading, width, centred): the 225 mm type width, cells padded 1 mm each side.
COLUMNS = [
    (gettext_lazy("No."), Mm(8), True),
    (gettext_lazy("Number"), Mm(18), True),
    (gettext_lazy("Title"), Mm(50), False),
    (gettext_lazy("Lead deputy or proposer"), Mm(17), True),
    (gettext_lazy("Lead unit"), Mm(26), False),
    (gettext_lazy("Co-handling units"), Mm(22), False),
    (gettext_lazy("Supervisor"), Mm(14), True),
    (gettext_lazy("Deadline"), Mm(22), True),
    (gettext_lazy("Reply (date, class)"), Mm(22), True),
    (gettext_lazy("Evaluation"), Mm(13), True),
    (gettext_lazy("State"), Mm(13), True),
]
CELL_MARGIN = Mm(1)


def _date(day) -> str:
    return day.isoformat() if day else ""


def row(index: int, suggestion, labels: dict) -> list[Cell]:
    """One item's line: its current round's units, deadline, reply and evaluation.

    ``labels`` are the states' and ratings' words, translated once for all the rows.
    """
    round_ = suggestion.current_round
    reply = reply_of(round_)
    evaluation = getattr(round_, "evaluation", None) if round_ is not None else None
    values = [
        str(index),
        suggestion.number,
        suggestion.title,
        suggestion.proposer,
        round_.lead_unit.name if round_ and round_.lead_unit else "",
        "、".join(a.unit.name for a in round_.co_assignments) if round_ else "",
        round_.supervisor if round_ else "",
        _date(round_.deadline) if round_ else "",
        f"{_date(reply.replied_on)}\n{reply.result_class}" if reply else "",
        labels[evaluation.rating] if evaluation else "",
        labels[suggestion.state],
    ]
    return [
        Cell(value, align=CENTER if centred else None)
        for value, (_heading, _width, centred) in zip(values, COLUMNS, strict=True)
    ]


def add_ledger(out: OfficialDocument, suggestions, *, office: Office, year: int | None, scope: str):
    """The title (the year's when one year is shown), what the rows are, then the table."""
    if year:
        title = _("%(township)s: ledger of deputies' suggestions, %(year)s") % {
            "township": office.township,
            "year": year,
        }
    else:
        title = _("%(township)s: ledger of deputies' suggestions") % {"township": office.township}
    out.title(title)
    labels = {value: str(label) for value, label in [*State.choices, *Rating.choices]}
    rows = [row(index, suggestion, labels) for index, suggestion in enumerate(suggestions, start=1)]
    facts = [scope] if scope else []
    facts.append(_("%(count)s items") % {"count": len(rows)})
    facts.append(_("as of %(date)s") % {"date": document_date(timezone.localdate())})
    out.subtitle("（" + "　".join(facts) + "）")
    if not rows:
        rows = [[Cell(_("No items."), span=len(COLUMNS), align=CENTER)]]
    out.table(
        [width for _heading, width, _c in COLUMNS],
        rows,
        head=[str(h) for h, _w, _c in COLUMNS],
        cell_margin=CELL_MARGIN,
    )


def ledger_document(title: str, author: str) -> OfficialDocument:
    return OfficialDocument(
        title=title, author=author, page=LANDSCAPE, table_size=SMALL_TABLE_SIZE, fonts=chosen_fonts()
    )
