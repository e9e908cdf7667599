"""代录: what presidium staff enter for a unit or a deputy who answered on paper or by phone.

Five kinds of entry, each through the very write the party itself would make
(``workflow.apply`` or the service) with ``on_behalf_of=`` the party, so the
party's rules hold: a co-handling unit's opinion, a contact with the deputy
(见面), the lead unit's reply (with its attachment) and its return (退办), the
lead deputy's rating of the reply (with the scan of the paper form). The
records say “由人大办代录” with the staff member who entered them; the figures
count them like any other.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from . import services, workflow
from .choices import OPEN_STATES, State, Transition
from .forms import ContactRecordForm, ReasonForm, ReplyForm, StaffCoOpinionForm, StaffEvaluationForm

HANDLING_STATES = (State.ASSIGNED, State.IN_HANDLING, State.REPLIED, State.EVALUATED)


class Entry(models.TextChoices):
    CO_OPINION = "co_opinion", _("co-handling unit's opinion")
    CONTACT = "contact", _("contact with the deputy")
    REPLY = "reply", _("reply")
    RETURN = "return", _("return to the office")
    EVALUATION = "evaluation", _("deputy's rating of the reply")


# The kinds that are a workflow transition of the party (the others are services).
TRANSITIONS = {
    Entry.REPLY: Transition.REPLY,
    Entry.RETURN: Transition.RETURN,
    Entry.EVALUATION: Transition.EVALUATE,
}

FORMS = {
    Entry.CO_OPINION: StaffCoOpinionForm,
    Entry.CONTACT: ContactRecordForm,
    Entry.REPLY: ReplyForm,
    Entry.RETURN: ReasonForm,
    Entry.EVALUATION: StaffEvaluationForm,
}


def parties(suggestion, entry: Entry) -> list:
    """For whom staff may make this entry now: the units of the current round, or the lead deputy.

    Empty when the entry is not possible in the item's state (or for an external proposer's rating,
    which staff record as the office, without a deputy to act for).
    """
    round_ = suggestion.current_round
    entry = Entry(entry)
    if entry == Entry.EVALUATION:
        return [suggestion.lead_deputy] if suggestion.lead_deputy_id else []
    if round_ is None:
        return []
    if entry == Entry.CO_OPINION:
        return [a.unit for a in round_.co_assignments] if suggestion.state in OPEN_STATES else []
    if entry == Entry.CONTACT:
        return [a.unit for a in round_.assignments.all()] if suggestion.state in HANDLING_STATES else []
    return [round_.lead_unit] if round_.lead_unit else []


def refusal(suggestion, entry: Entry, actor, party=None) -> str | None:
    """Why staff cannot make this entry now (None when they can)."""
    entry = Entry(entry)
    candidates = parties(suggestion, entry)
    if entry in TRANSITIONS:
        party = party or (candidates[0] if candidates else None)
        return workflow.refusal(suggestion, TRANSITIONS[entry], actor, party)
    if not candidates:
        if entry == Entry.CO_OPINION:
            return _("This item has no co-handling unit waiting to give an opinion now.")
        return _("Contacts are recorded while the item is being handled.")
    return None


def available(suggestion, actor) -> list[Entry]:
    """The entries staff can make on the item now (the change page's 代录 buttons)."""
    return [entry for entry in Entry if refusal(suggestion, entry, actor) is None]


def waiting_for(suggestion) -> list:
    """The co-handling units whose opinion the reply still waits for."""
    round_ = suggestion.current_round
    return workflow.waiting_co_units(round_.assignments.all()) if round_ else []


def enter(suggestion, entry: Entry, *, actor, party, **data):
    """Make the entry for ``party`` (a unit or the lead deputy; None only for an external proposer's rating)."""
    entry = Entry(entry)
    if entry == Entry.CO_OPINION:
        return services.co_opinion_submit(suggestion, actor=actor, on_behalf_of=party, **data)
    if entry == Entry.CONTACT:
        return services.contact_record(suggestion, actor=actor, on_behalf_of=party, **data)
    return workflow.apply(suggestion, TRANSITIONS[entry], actor=actor, on_behalf_of=party, **data)
