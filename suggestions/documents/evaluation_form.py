"""代表建议办理情况征询意见表: the form a deputy marks on paper; staff then enter the rating on their behalf."""

from __future__ import annotations

from django.utils.translation import gettext as _
from docx.shared import Mm

from congress.word_layout import BODY_SIZE, Cell, OfficialDocument, document_date

from ..choices import Rating
from ..models import Suggestion
from .common import Office, kind_of, label, numbered, proposer_label, reply_of, units

WIDTHS = (Mm(26), Mm(52), Mm(26), Mm(52))
ROW = Mm(11)  # a form's rows are for reading and writing by hand
SUMMARY_LENGTH = 150  # characters of the reply on the form; the letter has it all
BOX = "□"


def summary(text: str, length: int = SUMMARY_LENGTH) -> str:
    """The reply in one paragraph, cut at ``length`` characters with “……（详见答复函）”."""
    flat = "".join(line.strip() for line in text.splitlines())
    if len(flat) <= length:
        return flat
    return flat[:length] + _("… (see the reply letter)")


def choices() -> str:
    """□满意　　□基本满意　　□不满意: the three ratings, in the workflow's order."""
    return "　　".join(f"{BOX}{label}" for label in Rating.labels)


def add_evaluation_form(out: OfficialDocument, suggestion: Suggestion, office: Office):
    round_ = suggestion.current_round
    reply = reply_of(round_)
    lead, co = units(round_)
    out.title(_("Consultation form on the handling of a %(kind)s") % {"kind": kind_of(suggestion)})
    out.paragraph(numbered(suggestion), out.styles.number)
    out.table(
        WIDTHS,
        [
            [label(_("Title")), Cell(suggestion.title, span=3)],
            [
                label(proposer_label(suggestion)),
                suggestion.proposer,
                label(_("Received on")),
                document_date(suggestion.received_on),
            ],
            [label(_("Lead unit")), lead, label(_("Co-handling units")), co],
            [
                label(_("Replied on")),
                document_date(reply.replied_on),
                label(_("Result class")),
                reply.get_result_class_display(),
            ],
            [label(_("Summary of the reply")), Cell(summary(reply.text), span=3)],
            [label(_("Your evaluation")), Cell(choices(), span=3, size=BODY_SIZE)],
            [label(_("Comments and suggestions")), Cell("", span=3)],
            [
                label(_("Signature")),
                "",
                label(_("Date")),
                _("        year      month      day"),
            ],
        ],
        heights=[ROW, ROW, ROW, ROW, Mm(24), Mm(16), Mm(64), Mm(16)],
    )
    note = _(
        "Note: please tick (√) one box, and return the form to %(office)s. The office enters your "
        "evaluation in the platform on your behalf."
    ) % {"office": office.name}
    if office.contact:
        note += office.contact.join(("（", "）"))
    out.paragraph(note, out.styles.table_text)
