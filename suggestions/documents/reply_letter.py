"""答复函: the lead unit's reply recorded in the platform, laid out as a letter to the deputy for stamp and signature."""

from __future__ import annotations

from django.utils.translation import gettext as _
from docx.enum.text import WD_TAB_ALIGNMENT

from congress.word_layout import OfficialDocument

from ..models import Suggestion
from .common import Office, addressee, contact_line, kind_of, quoted_title, reply_of

THANKS = "感谢"


def add_reply_letter(out: OfficialDocument, suggestion: Suggestion, office: Office):
    round_ = suggestion.current_round
    reply = reply_of(round_)
    unit = round_.lead_unit
    # Top left the result class, top right the line for the leader who signs the letter off.
    marks = out.paragraph(style=out.styles.salutation)
    marks.paragraph_format.tab_stops.add_tab_stop(out.page.type_width, WD_TAB_ALIGNMENT.RIGHT)
    marks.add_run(_("Class %(class)s") % {"class": reply.result_class})
    marks.add_run("\t" + _("Signed off by: ") + "　" * 5)
    out.issuer(unit.name)
    out.title(
        _("Reply to %(kind)s No. %(number)s") % {"kind": kind_of(suggestion), "number": suggestion.number}
    )
    out.salutation(_("%(unit)s:") % {"unit": addressee(suggestion)})
    if round_.number > 1:
        opening = _(
            "We have received your opinion on the handling of %(title)s, handled it again, and reply as "
            "follows:"
        )
    else:
        opening = _("Your %(title)s has been received. We reply as follows:")
    out.body(opening % {"title": quoted_title(suggestion)})
    out.text(reply.text)
    if THANKS not in reply.text:
        out.body(_("Thank you for your care and support for our work."))
    out.signature(unit.name, reply.replied_on)
    contact = contact_line(unit.contact_person, unit.contact_phone)
    if contact:
        out.note(contact)
    out.blank()
    out.copy_to(_("Copy to: %(office)s.") % {"office": office.name})
