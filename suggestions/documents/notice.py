"""交办通知书: the presidium's notice assigning an item to one unit, as lead or co-handling unit."""

from __future__ import annotations

from django.utils.translation import gettext as _
from docx.shared import Mm

from congress.word_layout import Cell, OfficialDocument, document_date

from ..choices import AssignmentRole
from ..models import Assignment, Suggestion
from .common import (
    Office,
    addressee,
    co_signers_text,
    kind_of,
    label,
    numbered,
    proposer_label,
    quoted_title,
    raised_by,
    supervisor_text,
    units,
)

# A form table of four columns on the 156 mm type width: label, value, label, value.
WIDTHS = (Mm(26), Mm(52), Mm(26), Mm(52))


def add_notice(out: OfficialDocument, suggestion: Suggestion, assignment: Assignment, office: Office):
    """One unit's notice: head, title, the unit, what to do by when, the item's facts, signature, contact."""
    round_ = suggestion.current_round
    lead, co = units(round_)
    out.issuer(office.name, numbered(suggestion))
    out.title(_("Assignment notice of a %(kind)s") % {"kind": kind_of(suggestion)})
    out.salutation(_("%(unit)s:") % {"unit": assignment.unit.name})
    item = {
        "raised": raised_by(suggestion, office.township),
        "title": quoted_title(suggestion),
        "number": suggestion.number,
        "deadline": document_date(round_.deadline),
        "to": addressee(suggestion),
    }
    if assignment.role == AssignmentRole.LEAD:
        text = (
            _(
                "%(raised)s %(title)s (No. %(number)s) has been studied by the presidium and is assigned to "
                "your unit as the lead unit"
            )
            % item
        )
        if round_.co_assignments:
            text += _(", with %(co)s as co-handling units") % {"co": co}
        text += (
            _(
                ". Please handle it carefully, keep in touch with %(to)s before, during and after the "
                "handling, reply to %(to)s in writing by %(deadline)s and send a copy of the reply letter "
                "to the presidium."
            )
            % item
        )
    else:
        text = _(
            "%(raised)s %(title)s (No. %(number)s) has been studied by the presidium and is assigned to "
            "%(lead)s as the lead unit, with your unit as a co-handling unit. Please work with the lead "
            "unit, give it your unit's written opinion in good time, and help it reply by %(deadline)s."
        ) % {**item, "lead": lead}
    out.body(text)
    out.table(
        WIDTHS,
        [
            _proposer_row(suggestion),
            [label(_("Lead unit")), Cell(lead, span=3)],
            [label(_("Co-handling units")), Cell(co, span=3)],
            [
                label(_("Assigned on")),
                document_date(round_.assigned_on),
                label(_("Deadline")),
                document_date(round_.deadline),
            ],
            [label(_("Supervisor")), Cell(supervisor_text(suggestion, round_), span=3)],
            [label(_("Content")), Cell(suggestion.content.strip(), span=3)],
        ],
    )
    out.body(_("Notice hereby given."))
    out.signature(office.name, round_.assigned_on)
    if office.contact:
        out.note(office.contact)


def _proposer_row(suggestion: Suggestion) -> list:
    if suggestion.is_handed_down:
        return [label(proposer_label(suggestion)), Cell(suggestion.external_proposer, span=3)]
    return [
        label(proposer_label(suggestion)),
        suggestion.lead_deputy.name,
        label(_("Co-signing deputies")),
        co_signers_text(suggestion),
    ]
