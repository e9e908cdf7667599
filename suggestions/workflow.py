"""The suggestion workflow (domain.md §4): one table, one planner per transition, the only writer of ``state``.

``ALLOWED`` says, for each transition, the states it starts from, the state it
leads to and who may take it. ``plan`` decides a transition without writing:
given a ``Record`` (the suggestion with its current round's assignments, reply
and evaluation), the actor's ``Scope`` and the input, it returns a ``Plan`` —
the new state, the rows to write and the event — or refuses in words
(``TransitionError``, or ``PermissionDenied`` for who may not). ``apply`` takes
one transition: lock and re-read, plan, write, log the event, notify after
commit. The ledger import and the scale data take the same plans for many
items in memory and write their rows in batches (``Plan.apply_to``, ``event_of``).

Who someone is for a given suggestion (staff, its lead unit, its lead deputy) is
worked out by ``Scope.reach`` (suggestions/reach.py); rules that look beyond the state (re-handling only
after 不满意, closing an external proposer's item only 30 days after the reply,
the co-handling units' opinions before the lead unit's reply) are the guards
and the planners' checks.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from congress.transitions import TransitionError  # noqa: F401  (callers catch workflow.TransitionError)

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
    default_deadline,
)
from .numbering import Numbers, allocate_number  # noqa: F401 (allocate_number: callers import it here)
from .reach import (  # noqa: F401 (callers read them here: workflow.Reach, workflow.reply_of, …)
    Reach,
    Record,
    Scope,
    as_record,
    evaluation_of,
    party_reach,
    reply_of,
    waiting_co_units,
)

# An external proposer's reply that nobody rates may be closed this long after the reply.
EXTERNAL_CLOSE_AFTER = time_limits.OUTSIDE_CLOSE_AFTER


# --- the table ---------------------------------------------------------------------------------------


def _return_guard(record: Record, reach: set[Reach]) -> str | None:
    # The unit returns within 7 working days of the assignment; staff may take it back to re-assign it.
    if Reach.STAFF in reach:
        return None
    return time_limits.return_refusal(record.suggestion)


def _rehandle_guard(record: Record, reach: set[Reach]) -> str | None:
    if record.evaluation is None or record.evaluation.rating != Rating.UNSATISFIED:
        return _("Only an item rated “unsatisfied” is handled again.")
    return None


def _close_guard(record: Record, reach: set[Reach]) -> str | None:
    if record.suggestion.state == State.EVALUATED:
        if record.evaluation is None or record.evaluation.rating not in GOOD_RATINGS:
            return _("The deputy is not satisfied: re-handle the item instead of closing it.")
        return None
    # Replied without an evaluation: only an external proposer's item, 30 days after the reply.
    reply = record.reply
    if not time_limits.has_outside_proposer(record.suggestion):
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
    guard: Callable[[Record, set[Reach]], str | None] | None = field(default=None)


ALLOWED: dict[Transition, Rule] = {
    # The banner registers what it hands down in the township (suggestions.handdowns).
    Transition.REGISTER: Rule(frozenset({None}), State.REGISTERED, frozenset({Reach.STAFF, Reach.BANNER})),
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


def natural_party(suggestion, transition: Transition):
    """Whose step a transition is: the current lead unit (start, reply, return), the lead deputy (evaluate)."""
    record = as_record(suggestion)
    step = PARTY_STEPS.get(Transition(transition))
    if step == Reach.LEAD_UNIT:
        return record.lead_unit if record.round else None
    if step == Reach.LEAD_DEPUTY:
        return record.suggestion.lead_deputy
    return None


def reach_of(actor, suggestion: Suggestion, on_behalf_of=None) -> set[Reach]:
    """What the actor is for this suggestion (``Scope.reach``)."""
    return Scope(actor).reach(Record(suggestion), on_behalf_of)


def _check(record: Record, transition: Transition, scope: Scope, on_behalf_of=None):
    """``(reach, None)`` when the actor may take the transition now, else ``(reach, the refusal)``."""
    rule = ALLOWED[transition]
    suggestion = record.suggestion
    state = suggestion.state if record.registered else None
    if state not in rule.sources:
        message = _("Suggestion %(number)s is “%(state)s”: “%(transition)s” is not possible now.") % {
            "number": suggestion.number,
            "state": State(state).label if state else "—",
            "transition": transition.label,
        }
        return set(), TransitionError(message)
    reach = scope.reach(record, on_behalf_of)
    if not rule.reach & reach:
        if on_behalf_of is not None and scope.staff:
            message = _("%(party)s cannot “%(transition)s” on this suggestion.") % {
                "party": on_behalf_of,
                "transition": transition.label,
            }
        else:
            message = _("You may not %(transition)s this suggestion.") % {"transition": transition.label}
        return reach, PermissionDenied(message)
    if rule.guard and (reason := rule.guard(record, reach)):
        return reach, TransitionError(reason)
    return reach, None


def refusal(suggestion: Suggestion, transition: Transition, actor, on_behalf_of=None) -> str | None:
    """Why the actor may not take the transition now (None when they may); checks state, reach, guard."""
    _reach, error = _check(Record(suggestion), Transition(transition), Scope(actor), on_behalf_of)
    if error is None:
        return None
    return error.messages[0] if isinstance(error, ValidationError) else str(error)


def available(suggestion: Suggestion, actor) -> list[Transition]:
    """The transitions the actor may take on the suggestion now (for buttons and menus)."""
    record, scope = Record(suggestion), Scope(actor)
    return [t for t in ALLOWED if t != Transition.REGISTER and _check(record, t, scope)[1] is None]


def on_behalf_label(party) -> str:
    """“由人大办代录（代镇农业综合服务中心）”: how a step staff entered for a party is named in records."""
    if party is None or party == "":
        return _("entered by the presidium office")
    return _("entered by the presidium office for %(party)s") % {"party": party}


# --- the plan of a step --------------------------------------------------------------------------


@dataclass
class Plan:
    """What one transition does, decided without writing.

    ``rows`` are the new rows in the order they are written (a round before its
    assignments); ``updated`` existing rows with the fields that change;
    ``fields`` the suggestion's own changes besides the state.
    """

    transition: Transition
    from_state: str
    state: State
    reason: str
    fields: dict = field(default_factory=dict)
    rows: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    co_signers: list = field(default_factory=list)
    note: str = ""
    data: dict = field(default_factory=dict)
    round: Round | None = None

    def apply_to(self, record: Record) -> None:
        """Move the record (in memory) to where the step leaves it."""
        suggestion = record.suggestion
        suggestion.state = self.state
        record.registered = True
        for name, value in self.fields.items():
            setattr(suggestion, name, value)
        if "current_round" in self.fields:
            record._assignments = [row for row in self.rows if isinstance(row, Assignment)]
            record._reply = record._evaluation = None
            if suggestion.current_round is not None:
                record._last_round = suggestion.current_round.number
        for row in self.rows:
            if isinstance(row, Reply):
                record._reply = row
            elif isinstance(row, Evaluation):
                record._evaluation = row


def plan(
    record: Record,
    transition: Transition,
    *,
    scope: Scope,
    numbers: Numbers | None = None,
    note: str = "",
    on_behalf_of=None,
    **data,
) -> Plan:
    """Decide ``transition`` on the record for the actor (``scope``): the plan, or the refusal raised.

    ``numbers`` hands out the yearly number on registering (``numbering.Numbers``).
    """
    transition = Transition(transition)
    reach, error = _check(record, transition, scope, on_behalf_of)
    if error is not None:
        raise error
    suggestion = record.suggestion
    rule = ALLOWED[transition]
    result = Plan(
        transition=transition,
        from_state=suggestion.state if record.registered else "",
        state=rule.target,
        reason=str(transition.label),
        note=note,
    )
    party = None
    on_behalf = False
    if transition in PARTY_STEPS:
        # Entered on behalf when staff name the party, or when the actor is not the party itself.
        on_behalf = on_behalf_of is not None or PARTY_STEPS[transition] not in reach
        party = on_behalf_of if on_behalf_of is not None else natural_party(record, transition)
        if on_behalf:  # the party is named in the event and the record; the reason stays one per step
            result.reason = f"{transition.label}（{on_behalf_label(None)}）"
    step = _PLANNERS[transition]
    kwargs = {"numbers": numbers} if transition == Transition.REGISTER else {}
    if transition in PARTY_STEPS:
        kwargs |= {"on_behalf": on_behalf, "party": party}
    result.data = step(result, record, scope=scope, reach=reach, note=note, **kwargs, **data)
    if on_behalf:
        result.data["on_behalf"] = True
        result.data["on_behalf_of"] = str(party or suggestion.external_proposer)
    result.note = result.data.pop("note", note)
    return result


def event_of(result: Plan, record: Record, *, actor, at=None) -> SuggestionEvent:
    """The workflow event of a planned step, unsaved (after ``apply_to``: the round is the one it left)."""
    return SuggestionEvent(
        suggestion=record.suggestion,
        transition=result.transition,
        from_state=result.from_state,
        to_state=result.state,
        round=result.round or record.suggestion.current_round,
        actor=actor,
        at=at or timezone.now(),
        note=result.note,
        data=result.data,
    )


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
    """Take ``transition`` on the suggestion as ``actor``: lock, plan, write, log the event, notify after commit.

    ``REGISTER`` takes an unsaved ``Suggestion``; every other transition re-reads
    the row under a lock and checks its state inside the transaction. ``at``
    dates the event when it happened earlier (a ledger import, the demo).
    ``on_behalf_of`` (a unit or a deputy): presidium staff enter the party's own
    step for it (代录), with its reach and under its rules (``Scope.reach``); the
    records and the event say so, with the staff member as the one who entered it.
    """
    transition = Transition(transition)
    if transition == Transition.REGISTER:
        if suggestion.pk is not None:
            raise TransitionError(_("This suggestion is already registered."))
        locked = suggestion
    else:
        locked = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    record = Record(locked)
    numbers = Numbers() if transition == Transition.REGISTER else None
    result = plan(
        record, transition, scope=Scope(actor), numbers=numbers, note=note, on_behalf_of=on_behalf_of, **data
    )
    if numbers is not None:
        numbers.save()
    _write(result, record, actor=actor)
    event = event_of(result, record, actor=actor, at=at)
    event.save()
    if locked is not suggestion:
        suggestion.state = locked.state
        suggestion.current_round = locked.current_round
        suggestion.key_supervision = locked.key_supervision

    from . import notifications

    if notifications.enabled():
        transaction.on_commit(lambda: notifications.notify(event))
    return event


def _write(result: Plan, record: Record, *, actor) -> None:
    """Save what the plan says, one row at a time, each history record naming the actor."""
    suggestion = record.suggestion
    suggestion._history_user = actor
    suggestion._change_reason = result.reason
    if result.transition == Transition.REGISTER:
        result.apply_to(record)
        suggestion.save()
        if result.co_signers:
            suggestion.co_signers.set(result.co_signers)
        return
    for row in result.rows:
        row._history_user = actor
        row.save()
    for row, fields in result.updated:
        row._history_user = actor
        row.save(update_fields=fields)
    result.apply_to(record)
    suggestion.save(keep_version=True)  # locked and re-read: staff's open edit pages still save


def noon(day: datetime.date) -> datetime.datetime:
    """An event time for something recorded as happening on ``day`` (imports, the demo)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


# --- what each transition writes besides the state ---------------------------------------------


def _register(
    result, record, *, scope, reach, numbers=None, co_signers=(), number: str | None = None, note=""
):
    suggestion = record.suggestion
    numbers = numbers if numbers is not None else Numbers()
    result.fields["number"] = numbers.next(suggestion.received_on.year, number)
    result.co_signers = list({d.pk: d for d in co_signers if d.pk != suggestion.lead_deputy_id}.values())
    return {"number": result.fields["number"], "source": suggestion.source}


def _reject(result, record, *, scope, reach, reason: str = "", note=""):
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


ROUND_FIELDS = ("lead_unit", "co_units", "assigned_on", "deadline", "supervisor_member", "supervisor_leader")


def _round_kwargs(fields: dict) -> dict:
    unknown = set(fields) - set(ROUND_FIELDS)
    if unknown:
        raise TypeError(f"unknown round fields: {sorted(unknown)}")
    return dict(fields)


def _new_round(
    result: Plan,
    record: Record,
    *,
    lead_unit,
    co_units=(),
    assigned_on: datetime.date | None = None,
    deadline: datetime.date | None = None,
    supervisor_member=None,
    supervisor_leader: str = "",
) -> dict:
    assigned_on, deadline, supervisor_leader = round_terms(
        lead_unit=lead_unit,
        supervisor_member=supervisor_member,
        supervisor_leader=supervisor_leader,
        assigned_on=assigned_on,
        deadline=deadline,
    )
    round_ = Round(
        suggestion=record.suggestion,
        number=record.last_round + 1,
        assigned_on=assigned_on,
        deadline=deadline,
        supervisor_member=supervisor_member,
        supervisor_leader=supervisor_leader,
    )
    co = list({u.pk: u for u in co_units if u.pk != lead_unit.pk}.values())
    result.rows += [
        round_,
        Assignment(round=round_, unit=lead_unit, role=AssignmentRole.LEAD),
        *(Assignment(round=round_, unit=unit, role=AssignmentRole.CO) for unit in co),
    ]
    co.sort(key=lambda unit: unit.name)  # as the lists show them (Assignment.Meta.ordering)
    result.fields["current_round"] = round_
    result.round = round_
    return {
        "round_number": round_.number,
        "lead_unit": str(lead_unit),
        "co_units": [str(unit) for unit in co],
        "deadline": round_.deadline.isoformat(),
        "supervisor": round_.supervisor,
    }


def _banner_terms(suggestion, round_fields: dict) -> dict:
    """A handed-down item's unit answers by the banner's deadline: it is the default, and no later one is set
    (unless the banner's deadline had passed before the assignment)."""
    banner_deadline = suggestion.banner_deadline
    assigned_on = round_fields.get("assigned_on") or timezone.localdate()
    if banner_deadline is None or banner_deadline < assigned_on:
        return round_fields
    deadline = round_fields.get("deadline")
    if deadline is None:
        return {**round_fields, "deadline": banner_deadline}
    if deadline > banner_deadline:
        raise TransitionError(
            {
                "deadline": _("The banner's deadline is %(date)s: the unit's deadline cannot be later.")
                % {"date": date_format(banner_deadline, "DATE_FORMAT")}
            }
        )
    return round_fields


def _assign(result, record, *, scope, reach, key_supervision: bool | None = None, note="", **round_fields):
    round_fields = _banner_terms(record.suggestion, _round_kwargs(round_fields))
    data = _new_round(result, record, **round_fields)
    if key_supervision is not None:
        result.fields["key_supervision"] = key_supervision
    return data


def _return(result, record, *, scope, reach, reason: str = "", note="", on_behalf=False, party=None):
    # Staff take it back from the unit to re-assign it; a return entered on the unit's behalf is the unit's.
    by_staff = Reach.LEAD_UNIT not in reach
    if not reason.strip():
        if by_staff:
            raise TransitionError({"reason": _("Say why the item is taken back for re-assignment.")})
        raise TransitionError({"reason": _("Say why the item is outside your unit's remit.")})
    round_ = record.round
    round_.returned_at = timezone.now()
    round_.return_reason = reason.strip()
    round_.returned_by = scope.actor
    round_.return_on_behalf = on_behalf
    result.updated.append((round_, ["returned_at", "return_reason", "returned_by", "return_on_behalf"]))
    result.fields["current_round"] = None
    result.round = round_
    return {"note": reason.strip(), "unit": str(record.lead_unit), "by_staff": by_staff}


def _start(
    result,
    record,
    *,
    scope,
    reach,
    form: str = "",
    contacted_on=None,
    note: str = "",
    on_behalf=False,
    party=None,
):
    if not form:
        raise TransitionError({"form": _("Record how the unit contacted the deputy.")})
    contact = Contact(
        round=record.round,
        unit=party if isinstance(party, HandlingUnit) and on_behalf else scope.unit_in(record, reach),
        form=form,
        contacted_on=contacted_on or timezone.localdate(),
        note=note,
        recorded_by=scope.actor,
        on_behalf=on_behalf,
    )
    result.rows.append(contact)
    return {"contact": contact.get_form_display(), "contacted_on": contact.contacted_on.isoformat()}


def _reply(
    result,
    record,
    *,
    scope,
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
    if Reach.STAFF not in reach and (waiting := waiting_co_units(record.assignments)):
        raise TransitionError(
            _("The co-handling units give their opinions before the reply: %(units)s.")
            % {"units": "、".join(str(unit) for unit in waiting)}
        )
    reply = Reply(
        round=record.round,
        text=text.strip(),
        result_class=result_class,
        replied_on=replied_on or timezone.localdate(),
        replied_by=scope.actor,
        on_behalf=on_behalf,
    )
    if attachment:
        reply.attachment = attachment
    result.rows.append(reply)
    return {
        "result_class": reply.result_class,
        "replied_on": reply.replied_on.isoformat(),
        "on_time": reply.on_time,
    }


def _evaluate(
    result,
    record,
    *,
    scope,
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
    if record.evaluation is not None:
        raise TransitionError(_("This round's reply has already been evaluated."))
    evaluation = Evaluation(
        round=record.round,
        rating=rating,
        comment=comment.strip(),
        evaluated_on=evaluated_on or timezone.localdate(),
        evaluated_by=scope.actor,
        on_behalf=on_behalf,
    )
    if form_scan:
        evaluation.form_scan = form_scan
    result.rows.append(evaluation)
    return {"rating": evaluation.rating, "on_behalf": evaluation.on_behalf, "note": evaluation.comment}


def _rehandle(result, record, *, scope, reach, note="", **round_fields):
    previous = record.round
    fields = _round_kwargs(round_fields)
    fields.setdefault("lead_unit", record.lead_unit)
    fields.setdefault("co_units", [a.unit for a in record.co_assignments])
    if "supervisor_member" not in fields and "supervisor_leader" not in fields:
        fields["supervisor_member"] = previous.supervisor_member
        fields["supervisor_leader"] = previous.supervisor_leader
    return _new_round(result, record, **fields)


def _close(result, record, *, scope, reach, reason: str = "", note=""):
    reason = (reason or note or "").strip()
    if (
        record.suggestion.state == State.REPLIED
    ):  # an outside proposer's reply nobody rated (the guard checked)
        if not reason:
            raise TransitionError(
                {"reason": _("Give the reason for closing the item without the proposer's evaluation.")}
            )
        return {"note": reason, "without_evaluation": True}
    return {"note": reason} if reason else {}


_PLANNERS: dict[Transition, Callable[..., dict]] = {
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
