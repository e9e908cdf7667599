"""The suggestion workflow (domain.md §4): one table, one function, the only writer of ``state``.

``ALLOWED`` says, for each transition, the states it starts from, the state it
leads to and who may take it; ``apply`` takes it. Who someone is for a given
suggestion (staff, its lead unit, its lead deputy) is worked out by
``reach_of``; rules that look beyond the state (re-handling only after
不满意, closing an external proposer's item only 30 days after the reply) are
the guards of the table.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress.roles import Role, has_role, is_staff_member

from . import time_limits
from .choices import GOOD_RATINGS, AssignmentRole, Rating, State, Transition
from .models import (
    Assignment,
    Contact,
    Evaluation,
    HandlingUnit,
    Reply,
    Round,
    Suggestion,
    SuggestionEvent,
    YearCounter,
    default_deadline,
)
from .selectors import unit_ids_of

# An external proposer's reply that nobody rates may be closed this long after the reply.
EXTERNAL_CLOSE_AFTER = time_limits.OUTSIDE_CLOSE_AFTER


class Reach(models.TextChoices):
    """Who the actor is for one suggestion."""

    STAFF = "staff", gettext_lazy("presidium staff")
    LEAD_UNIT = "lead_unit", gettext_lazy("the lead unit")
    CO_UNIT = "co_unit", gettext_lazy("a co-handling unit")
    LEAD_DEPUTY = "lead_deputy", gettext_lazy("the lead deputy")


class TransitionError(ValidationError):
    """A transition the suggestion's state or data does not allow; the message says why in words."""


def _return_guard(suggestion: Suggestion, reach: set[Reach]) -> str | None:
    # The unit returns within 7 working days of the assignment; staff may take it back to re-assign it.
    if Reach.STAFF in reach:
        return None
    return time_limits.return_refusal(suggestion)


def _rehandle_guard(suggestion: Suggestion, reach: set[Reach]) -> str | None:
    evaluation = evaluation_of(suggestion.current_round)
    if evaluation is None or evaluation.rating != Rating.UNSATISFIED:
        return _("Only an item rated “unsatisfied” is handled again.")
    return None


def _close_guard(suggestion: Suggestion, reach: set[Reach]) -> str | None:
    round_ = suggestion.current_round
    if suggestion.state == State.EVALUATED:
        evaluation = evaluation_of(round_)
        if evaluation is None or evaluation.rating not in GOOD_RATINGS:
            return _("The deputy is not satisfied: re-handle the item instead of closing it.")
        return None
    # Replied without an evaluation: only an external proposer's item, 30 days after the reply.
    reply = reply_of(round_)
    if not time_limits.has_outside_proposer(suggestion):
        return _("The lead deputy evaluates the reply before the item is closed.")
    if reply is None:
        return _("An external proposer's item is closed 30 days after the reply at the earliest.")
    if timezone.localdate() < time_limits.closable_from(reply.replied_on):
        return _(
            "An external proposer's item is closed 30 days after the reply at the earliest: on %(date)s."
        ) % {"date": date_format(time_limits.closable_from(reply.replied_on), "DATE_FORMAT")}
    return None


@dataclass(frozen=True)
class Rule:
    sources: frozenset
    target: State
    reach: frozenset
    guard: Callable[[Suggestion, set[Reach]], str | None] | None = field(default=None)


ALLOWED: dict[Transition, Rule] = {
    Transition.REGISTER: Rule(frozenset({None}), State.REGISTERED, frozenset({Reach.STAFF})),
    Transition.REJECT: Rule(frozenset({State.REGISTERED}), State.REJECTED, frozenset({Reach.STAFF})),
    Transition.ASSIGN: Rule(frozenset({State.REGISTERED}), State.ASSIGNED, frozenset({Reach.STAFF})),
    Transition.RETURN: Rule(
        frozenset({State.ASSIGNED}),
        State.REGISTERED,
        frozenset({Reach.LEAD_UNIT, Reach.STAFF}),
        _return_guard,
    ),
    Transition.START: Rule(
        frozenset({State.ASSIGNED}), State.IN_HANDLING, frozenset({Reach.STAFF, Reach.LEAD_UNIT})
    ),
    Transition.REPLY: Rule(
        frozenset({State.ASSIGNED, State.IN_HANDLING}),
        State.REPLIED,
        frozenset({Reach.STAFF, Reach.LEAD_UNIT}),
    ),
    Transition.EVALUATE: Rule(
        frozenset({State.REPLIED}), State.EVALUATED, frozenset({Reach.STAFF, Reach.LEAD_DEPUTY})
    ),
    Transition.REHANDLE: Rule(
        frozenset({State.EVALUATED}), State.IN_HANDLING, frozenset({Reach.STAFF}), _rehandle_guard
    ),
    Transition.CLOSE: Rule(
        frozenset({State.EVALUATED, State.REPLIED}), State.CLOSED, frozenset({Reach.STAFF}), _close_guard
    ),
}


# The steps that are a unit's or a deputy's own (who takes them, besides staff). Presidium staff take
# them *on behalf of* the party (代录, ``on_behalf_of=``) with the party's reach and under its rules.
PARTY_STEPS: dict[Transition, Reach] = {
    Transition.START: Reach.LEAD_UNIT,
    Transition.REPLY: Reach.LEAD_UNIT,
    Transition.RETURN: Reach.LEAD_UNIT,
    Transition.EVALUATE: Reach.LEAD_DEPUTY,
}


def party_reach(party, suggestion: Suggestion) -> set[Reach]:
    """What a handling unit or a deputy is for this suggestion: its current lead or co unit, its lead deputy."""
    from deputies.models import Deputy

    reach: set[Reach] = set()
    round_ = suggestion.current_round
    if isinstance(party, HandlingUnit) and round_ is not None:
        for assignment in round_.assignments.all():
            if assignment.unit_id == party.pk:
                reach.add(Reach.LEAD_UNIT if assignment.role == AssignmentRole.LEAD else Reach.CO_UNIT)
    elif isinstance(party, Deputy) and suggestion.lead_deputy_id and party.pk == suggestion.lead_deputy_id:
        reach.add(Reach.LEAD_DEPUTY)
    return reach


def natural_party(suggestion: Suggestion, transition: Transition):
    """Whose step a transition is: the current lead unit (start, reply, return), the lead deputy (evaluate)."""
    step = PARTY_STEPS.get(Transition(transition))
    if step == Reach.LEAD_UNIT:
        return suggestion.current_round.lead_unit if suggestion.current_round else None
    if step == Reach.LEAD_DEPUTY:
        return suggestion.lead_deputy
    return None


def reach_of(actor, suggestion: Suggestion, on_behalf_of=None) -> set[Reach]:
    """What the actor is for this suggestion: staff, its current lead or co unit, its lead deputy.

    With ``on_behalf_of`` (a handling unit or a deputy) presidium staff enter what that party did on
    paper or by phone (代录): they have the party's reach, not staff's, so the party's rules apply.
    Anyone else has no reach on anyone's behalf.
    """
    reach: set[Reach] = set()
    if actor is None or not actor.is_authenticated:
        return reach
    if on_behalf_of is not None:
        return party_reach(on_behalf_of, suggestion) if is_staff_member(actor) else reach
    if is_staff_member(actor):
        reach.add(Reach.STAFF)
    round_ = suggestion.current_round
    if round_ is not None and has_role(actor, Role.UNIT):
        unit_ids = unit_ids_of(actor)
        for assignment in round_.assignments.all():
            if assignment.unit_id in unit_ids:
                reach.add(Reach.LEAD_UNIT if assignment.role == AssignmentRole.LEAD else Reach.CO_UNIT)
    if suggestion.lead_deputy_id and has_role(actor, Role.DEPUTY):
        deputy = getattr(actor, "deputy", None)
        if deputy is not None and deputy.pk == suggestion.lead_deputy_id:
            reach.add(Reach.LEAD_DEPUTY)
    return reach


def refusal(suggestion: Suggestion, transition: Transition, actor, on_behalf_of=None) -> str | None:
    """Why the actor may not take the transition now (None when they may); checks state, reach, guard."""
    rule = ALLOWED[Transition(transition)]
    state = suggestion.state if suggestion.pk else None
    if state not in rule.sources:
        return _("Suggestion %(number)s is “%(state)s”: “%(transition)s” is not possible now.") % {
            "number": suggestion.number,
            "state": State(state).label if state else "—",
            "transition": Transition(transition).label,
        }
    reach = reach_of(actor, suggestion, on_behalf_of)
    if not rule.reach & reach:
        if on_behalf_of is not None and is_staff_member(actor):
            return _("%(party)s cannot “%(transition)s” on this suggestion.") % {
                "party": on_behalf_of,
                "transition": Transition(transition).label,
            }
        return _("You may not %(transition)s this suggestion.") % {"transition": Transition(transition).label}
    if rule.guard:
        return rule.guard(suggestion, reach)
    return None


def available(suggestion: Suggestion, actor) -> list[Transition]:
    """The transitions the actor may take on the suggestion now (for buttons and menus)."""
    return [t for t in ALLOWED if t != Transition.REGISTER and refusal(suggestion, t, actor) is None]


def on_behalf_label(party) -> str:
    """“由人大办代录（代镇农业综合服务中心）”: how a step staff entered for a party is named in records."""
    if party is None or party == "":
        return _("entered by the presidium office")
    return _("entered by the presidium office for %(party)s") % {"party": party}


@transaction.atomic
def apply(
    suggestion: Suggestion,
    transition: Transition,
    *,
    actor,
    note: str = "",
    at=None,
    on_behalf_of=None,
    **data,
) -> SuggestionEvent:
    """Take ``transition`` on the suggestion as ``actor``: check, write, log the event, notify after commit.

    ``REGISTER`` takes an unsaved ``Suggestion``; every other transition re-reads
    the row under a lock and checks its state inside the transaction. ``at``
    dates the event when it happened earlier (a ledger import, the demo).
    ``on_behalf_of`` (a unit or a deputy): presidium staff enter the party's own
    step for it (代录), with its reach and under its rules (``reach_of``); the
    records and the event say so, with the staff member as the one who entered it.
    """
    transition = Transition(transition)
    rule = ALLOWED[transition]
    if transition == Transition.REGISTER:
        if suggestion.pk is not None:
            raise TransitionError(_("This suggestion is already registered."))
        locked = suggestion
    else:
        locked = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    from_state = locked.state if locked.pk else ""
    if (from_state or None) not in rule.sources:
        raise TransitionError(refusal(locked, transition, actor, on_behalf_of))
    reach = reach_of(actor, locked, on_behalf_of)
    if not rule.reach & reach:
        raise PermissionDenied(refusal(locked, transition, actor, on_behalf_of))
    if rule.guard and (reason := rule.guard(locked, reach)):
        raise TransitionError(reason)

    locked._history_user = actor
    locked._change_reason = str(transition.label)
    party_data = {}
    if transition in PARTY_STEPS:
        # Entered on behalf when staff name the party, or when the actor is not the party itself.
        on_behalf = on_behalf_of is not None or PARTY_STEPS[transition] not in reach
        party = on_behalf_of if on_behalf_of is not None else natural_party(locked, transition)
        party_data = {"on_behalf": on_behalf, "party": party}
        if on_behalf:  # the party is named in the event and the record; the reason stays one per step
            locked._change_reason = f"{transition.label}（{on_behalf_label(None)}）"
    event_data = HANDLERS[transition](locked, actor=actor, reach=reach, note=note, **party_data, **data)
    if party_data.get("on_behalf"):
        event_data["on_behalf"] = True
        event_data["on_behalf_of"] = str(party_data["party"] or locked.external_proposer)
    note = event_data.pop("note", note)
    if transition != Transition.REGISTER:  # registering saved the new row already
        locked.state = rule.target
        locked.save(keep_version=True)  # locked and re-read: staff's open edit pages still save
    event = SuggestionEvent.objects.create(
        suggestion=locked,
        transition=transition,
        from_state=from_state,
        to_state=rule.target,
        round=event_data.pop("round", None) or locked.current_round,
        actor=actor,
        at=at or timezone.now(),
        note=note,
        data=event_data,
    )
    if locked is not suggestion:
        suggestion.state = locked.state
        suggestion.current_round = locked.current_round
        suggestion.key_supervision = locked.key_supervision

    from . import notifications

    if notifications.enabled():
        transaction.on_commit(lambda: notifications.notify(event))
    return event


def noon(day: datetime.date) -> datetime.datetime:
    """An event time for something recorded as happening on ``day`` (imports, the demo)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


# --- what each transition writes besides the state ---------------------------------------------


def _register(suggestion, *, actor, reach, co_signers=(), number: str | None = None, note=""):
    suggestion.number = allocate_number(suggestion.received_on.year, number)
    suggestion.state = State.REGISTERED
    suggestion.save()
    if co_signers:
        suggestion.co_signers.set([d for d in co_signers if d.pk != suggestion.lead_deputy_id])
    return {"number": suggestion.number, "source": suggestion.source}


def allocate_number(year: int, given: str | None = None) -> str:
    """The next YYYY-NNN of the year, from a per-year counter row locked for the transaction.

    ``given`` (an office ledger's own number, on import) is kept if unused, and
    the counter moves past it so that it is never handed out again.
    """
    counter, _created = YearCounter.objects.select_for_update().get_or_create(year=year)
    if given:
        try:
            given_year, sequence = (int(part) for part in given.split("-"))
        except ValueError:
            raise TransitionError(
                _("The number “%(number)s” is not like 2022-001.") % {"number": given}
            ) from None
        if given_year != year:
            raise TransitionError(
                _("The number %(number)s does not belong to the year received, %(year)s.")
                % {"number": given, "year": year}
            )
        number = f"{year}-{sequence:03d}"
        if Suggestion.objects.filter(number=number).exists():
            raise TransitionError(_("The number %(number)s is already taken.") % {"number": number})
        counter.last = max(counter.last, sequence)
    else:
        counter.last += 1
        number = f"{year}-{counter.last:03d}"
    counter.save(update_fields=["last"])
    return number


def _reject(suggestion, *, actor, reach, reason: str = "", note=""):
    if not reason.strip():
        raise TransitionError({"reason": _("Give the reason for not registering the item.")})
    return {"note": reason.strip()}


def round_terms(
    *, lead_unit, supervisor_member=None, supervisor_leader: str = "", assigned_on=None, deadline=None
) -> tuple[datetime.date, datetime.date, str]:
    """The rules of a new round (assign, re-handle): a lead unit, a supervisor, a deadline not before
    the assignment. Returns the assignment date, the deadline (default +3 months) and the leader's name."""
    if lead_unit is None:
        raise TransitionError({"lead_unit": _("Choose the lead unit.")})
    if supervisor_member is None and not (supervisor_leader or "").strip():
        raise TransitionError(
            {
                "supervisor_member": _(
                    "Name the supervisor: a presidium member or a principal township leader."
                )
            }
        )
    assigned_on = assigned_on or timezone.localdate()
    deadline = deadline or default_deadline(assigned_on)
    if deadline < assigned_on:
        raise TransitionError({"deadline": _("The deadline cannot be before the assignment.")})
    return assigned_on, deadline, (supervisor_leader or "").strip() if supervisor_member is None else ""


def _new_round(
    suggestion,
    *,
    lead_unit,
    co_units=(),
    assigned_on: datetime.date | None = None,
    deadline: datetime.date | None = None,
    supervisor_member=None,
    supervisor_leader: str = "",
) -> Round:
    assigned_on, deadline, supervisor_leader = round_terms(
        lead_unit=lead_unit,
        supervisor_member=supervisor_member,
        supervisor_leader=supervisor_leader,
        assigned_on=assigned_on,
        deadline=deadline,
    )
    last = suggestion.rounds.aggregate(last=Max("number"))["last"] or 0
    round_ = Round.objects.create(
        suggestion=suggestion,
        number=last + 1,
        assigned_on=assigned_on,
        deadline=deadline,
        supervisor_member=supervisor_member,
        supervisor_leader=supervisor_leader,
    )
    Assignment.objects.create(round=round_, unit=lead_unit, role=AssignmentRole.LEAD)
    for unit in {u.pk: u for u in co_units if u.pk != lead_unit.pk}.values():
        Assignment.objects.create(round=round_, unit=unit, role=AssignmentRole.CO)
    suggestion.current_round = round_
    return round_


def _round_data(round_: Round) -> dict:
    return {
        "round": round_,
        "round_number": round_.number,
        "lead_unit": str(round_.lead_unit),
        "co_units": [str(a.unit) for a in round_.co_assignments],
        "deadline": round_.deadline.isoformat(),
        "supervisor": round_.supervisor,
    }


def _assign(suggestion, *, actor, reach, key_supervision: bool | None = None, note="", **round_fields):
    round_ = _new_round(suggestion, **_round_kwargs(round_fields))
    if key_supervision is not None:
        suggestion.key_supervision = key_supervision
    return _round_data(round_)


ROUND_FIELDS = ("lead_unit", "co_units", "assigned_on", "deadline", "supervisor_member", "supervisor_leader")


def _round_kwargs(fields: dict) -> dict:
    unknown = set(fields) - set(ROUND_FIELDS)
    if unknown:
        raise TypeError(f"unknown round fields: {sorted(unknown)}")
    return dict(fields)


def _entered(record, actor) -> None:
    """Who entered the record, in its history (its ``on_behalf`` column says whether it was for someone)."""
    record._history_user = actor


def _return(suggestion, *, actor, reach, reason: str = "", note="", on_behalf=False, party=None):
    # Staff take it back from the unit to re-assign it; a return entered on the unit's behalf is the unit's.
    by_staff = Reach.LEAD_UNIT not in reach
    if not reason.strip():
        if by_staff:
            raise TransitionError({"reason": _("Say why the item is taken back for re-assignment.")})
        raise TransitionError({"reason": _("Say why the item is outside your unit's remit.")})
    round_ = suggestion.current_round
    round_.returned_at = timezone.now()
    round_.return_reason = reason.strip()
    round_.returned_by = actor
    round_.return_on_behalf = on_behalf
    _entered(round_, actor)
    round_.save(update_fields=["returned_at", "return_reason", "returned_by", "return_on_behalf"])
    suggestion.current_round = None
    return {"round": round_, "note": reason.strip(), "unit": str(round_.lead_unit), "by_staff": by_staff}


def _actor_unit(round_: Round, actor, reach):
    """The unit the actor acts for in this round (its lead unit when staff act)."""
    if Reach.LEAD_UNIT in reach or Reach.CO_UNIT in reach:
        unit_ids = unit_ids_of(actor)
        for assignment in round_.assignments.all():
            if assignment.unit_id in unit_ids:
                return assignment.unit
    return round_.lead_unit


def _start(
    suggestion,
    *,
    actor,
    reach,
    form: str = "",
    contacted_on=None,
    note: str = "",
    on_behalf=False,
    party=None,
):
    if not form:
        raise TransitionError({"form": _("Record how the unit contacted the deputy.")})
    round_ = suggestion.current_round
    contact = Contact(
        round=round_,
        unit=party if isinstance(party, HandlingUnit) and on_behalf else _actor_unit(round_, actor, reach),
        form=form,
        contacted_on=contacted_on or timezone.localdate(),
        note=note,
        recorded_by=actor,
        on_behalf=on_behalf,
    )
    _entered(contact, actor)
    contact.save()
    return {"contact": contact.get_form_display(), "contacted_on": contact.contacted_on.isoformat()}


def _reply(
    suggestion,
    *,
    actor,
    reach,
    text: str = "",
    result_class: str = "",
    replied_on=None,
    attachment=None,
    note="",
    on_behalf=False,
    party=None,
):
    errors = {}
    if not text.strip():
        errors["text"] = _("Write the reply.")
    if not result_class:
        errors["result_class"] = _("Choose the result class A, B, C or D.")
    if errors:
        raise TransitionError(errors)
    round_ = suggestion.current_round
    if Reach.STAFF not in reach:
        waiting = [str(a.unit) for a in round_.co_assignments if not a.opinion.strip()]
        if waiting:
            raise TransitionError(
                _("The co-handling units give their opinions before the reply: %(units)s.")
                % {"units": "、".join(waiting)}
            )
    reply = Reply(
        round=round_,
        text=text.strip(),
        result_class=result_class,
        replied_on=replied_on or timezone.localdate(),
        replied_by=actor,
        on_behalf=on_behalf,
    )
    if attachment:
        reply.attachment = attachment
    _entered(reply, actor)
    reply.save()
    return {
        "result_class": reply.result_class,
        "replied_on": reply.replied_on.isoformat(),
        "on_time": reply.on_time,
    }


def _evaluate(
    suggestion,
    *,
    actor,
    reach,
    rating: str = "",
    comment: str = "",
    evaluated_on=None,
    form_scan=None,
    note="",
    on_behalf=False,
    party=None,
):
    if not rating:
        raise TransitionError({"rating": _("Choose a rating.")})
    if rating == Rating.UNSATISFIED and not comment.strip():
        raise TransitionError({"comment": _("Say what is missing, so that the unit can handle it again.")})
    round_ = suggestion.current_round
    if Evaluation.objects.filter(round=round_).exists():
        raise TransitionError(_("This round's reply has already been evaluated."))
    evaluation = Evaluation(
        round=round_,
        rating=rating,
        comment=comment.strip(),
        evaluated_on=evaluated_on or timezone.localdate(),
        evaluated_by=actor,
        on_behalf=on_behalf,
    )
    if form_scan:
        evaluation.form_scan = form_scan
    _entered(evaluation, actor)
    evaluation.save()
    return {"rating": evaluation.rating, "on_behalf": evaluation.on_behalf, "note": evaluation.comment}


def _rehandle(suggestion, *, actor, reach, note="", **round_fields):
    previous = suggestion.current_round
    fields = _round_kwargs(round_fields)
    fields.setdefault("lead_unit", previous.lead_unit)
    fields.setdefault("co_units", [a.unit for a in previous.co_assignments])
    if "supervisor_member" not in fields and "supervisor_leader" not in fields:
        fields["supervisor_member"] = previous.supervisor_member
        fields["supervisor_leader"] = previous.supervisor_leader
    return _round_data(_new_round(suggestion, **fields))


def _close(suggestion, *, actor, reach, reason: str = "", note=""):
    reason = (reason or note or "").strip()
    if suggestion.state == State.REPLIED:  # an outside proposer's reply nobody rated (the guard checked)
        if not reason:
            raise TransitionError(
                {"reason": _("Give the reason for closing the item without the proposer's evaluation.")}
            )
        return {"note": reason, "without_evaluation": True}
    return {"note": reason} if reason else {}


HANDLERS: dict[Transition, Callable[..., dict]] = {
    Transition.REGISTER: _register,
    Transition.REJECT: _reject,
    Transition.ASSIGN: _assign,
    Transition.RETURN: _return,
    Transition.START: _start,
    Transition.REPLY: _reply,
    Transition.EVALUATE: _evaluate,
    Transition.REHANDLE: _rehandle,
    Transition.CLOSE: _close,
}


def reply_of(round_: Round | None) -> Reply | None:
    if round_ is None:
        return None
    try:
        return round_.reply
    except Reply.DoesNotExist:
        return None


def evaluation_of(round_: Round | None) -> Evaluation | None:
    if round_ is None:
        return None
    try:
        return round_.evaluation
    except Evaluation.DoesNotExist:
        return None
