"""What every printed suggestion document says the same way: who raised it, its kind, units, the office."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _

from congress.models import TownshipProfile
from congress.word_layout import Cell, document_date

from ..choices import AssignmentRole, Source
from ..models import Round, Suggestion


@dataclass(frozen=True)
class Office:
    """The presidium's office as printed: its name for the head and signature, and its contact."""

    township: str
    name: str
    contact: str

    @classmethod
    def current(cls) -> Office:
        profile = TownshipProfile.current()
        return cls(
            township=profile.name,
            name=_("%(township)s People's Congress Presidium") % {"township": profile.name},
            contact=contact_line(profile.office_contact, profile.office_phone),
        )


def contact_line(person: str, phone: str) -> str:
    """联系人：…；联系电话：… with whichever of the two is known ("" when neither is)."""
    parts = []
    if person:
        parts.append(_("Contact: %(person)s") % {"person": person})
    if phone:
        parts.append(_("Phone: %(phone)s") % {"phone": phone})
    return "；".join(parts)


def kind_of(suggestion: Suggestion) -> str:
    """代表建议, 旗人大代表建议 or 旗政协委员提案: what the documents call the item."""
    if suggestion.source == Source.BANNER_CPPCC:
        return _("banner CPPCC member's proposal")
    if suggestion.source == Source.BANNER_DEPUTY:
        return _("banner deputy's suggestion")
    return _("deputy's suggestion")


def quoted_title(suggestion: Suggestion) -> str:
    """The title between book-title marks: 《关于……的建议》."""
    return f"《{suggestion.title.strip('《》')}》"


def proposer_label(suggestion: Suggestion) -> str:
    """领衔代表 for a deputy's item, 提出人 for one handed down."""
    return _("Proposer") if suggestion.is_handed_down else _("Lead deputy")


def addressee(suggestion: Suggestion) -> str:
    """Who letters and forms are addressed to: 乌云其其格代表, or the external proposer as given."""
    if suggestion.lead_deputy_id:
        return _("%(name)s, deputy") % {"name": suggestion.lead_deputy.name}
    return suggestion.external_proposer


def raised_by(suggestion: Suggestion, township: str) -> str:
    """乌云其其格代表在乌审召镇第四届人民代表大会第二次会议期间提出的 / 乌云其其格代表于2022年3月8日提出的."""
    if suggestion.session_id:
        return _("%(who)s raised during %(township)s %(session)s") % {
            "who": addressee(suggestion),
            "township": township,
            "session": suggestion.session,
        }
    return _("%(who)s raised on %(date)s") % {
        "who": addressee(suggestion),
        "date": document_date(suggestion.received_on),
    }


def co_signers_text(suggestion: Suggestion) -> str:
    return "、".join(d.name for d in suggestion.co_signers.all()) or _("none")


def numbered(suggestion: Suggestion) -> str:
    """编号：2022-003, with the round when the item is handled again: 编号：2022-003（第2轮办理）."""
    text = _("No. %(number)s") % {"number": suggestion.number}
    round_ = suggestion.current_round
    if round_ is not None and round_.number > 1:
        text += _(" (handling round %(round)s)") % {"round": round_.number}
    return text


def units(round_: Round) -> tuple[str, str]:
    """(lead unit, co-handling units) of a round, "无" when there is no co-handling unit."""
    lead = round_.lead_unit
    co = "、".join(a.unit.name for a in round_.co_assignments)
    return (lead.name if lead else "—"), (co or _("none"))


def supervisor_text(suggestion: Suggestion, round_: Round) -> str:
    text = round_.supervisor or "—"
    if suggestion.key_supervision:
        text += _(" (key supervision)")
    return text


def reply_of(round_: Round | None):
    if round_ is None:
        return None
    try:
        return round_.reply
    except ObjectDoesNotExist:
        return None


def ordered_assignments(round_: Round):
    """The lead unit first, then the co-handling units by name."""
    return sorted(round_.assignments.all(), key=lambda a: (a.role != AssignmentRole.LEAD, a.unit.name))


def label(text: str) -> Cell:
    """A label cell of a form table (黑体, centred)."""
    return Cell(text, head=True)
