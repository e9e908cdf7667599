"""The workflow table of domain.md §4, checked transition by transition, state by state, role by role."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from suggestions import deadlines, services, workflow
from suggestions.choices import ContactForm, Rating, State, Transition
from suggestions.models import Evaluation, Round, Suggestion, SuggestionEvent
from suggestions.workflow import TransitionError

from .factories import register

pytestmark = pytest.mark.django_db

ACTORS = ["staff", "member", "lead_unit", "co_unit", "other_unit", "lead_deputy", "co_signer", "other_deputy"]

# Starting points: the states, with the evaluated state split by its rating.
STARTS = {
    "registered": dict(state=State.REGISTERED),
    "assigned": dict(state=State.ASSIGNED),
    "in_handling": dict(state=State.IN_HANDLING),
    "replied": dict(state=State.REPLIED),
    "evaluated_satisfied": dict(state=State.EVALUATED, rating=Rating.SATISFIED),
    "evaluated_unsatisfied": dict(state=State.EVALUATED, rating=Rating.UNSATISFIED),
    "closed": dict(state=State.CLOSED),
    "rejected": dict(state=State.REJECTED),
}

# domain.md §4, written out independently of workflow.ALLOWED: transition → {start: actors allowed}.
EXPECTED = {
    Transition.REJECT: {"registered": {"staff"}},
    Transition.ASSIGN: {"registered": {"staff"}},
    Transition.RETURN: {"assigned": {"lead_unit", "staff"}},  # staff take it back to re-assign it
    Transition.START: {"assigned": {"staff", "lead_unit"}},
    Transition.REPLY: {"assigned": {"staff", "lead_unit"}, "in_handling": {"staff", "lead_unit"}},
    Transition.EVALUATE: {"replied": {"staff", "lead_deputy"}},
    Transition.REHANDLE: {"evaluated_unsatisfied": {"staff"}},
    Transition.CLOSE: {"evaluated_satisfied": {"staff"}},
}
# The state allows the transition, but a rule of domain.md §4 does not: staff are refused, others forbidden.
RULED_OUT = {
    (Transition.CLOSE, "replied"): {"staff"},  # a deputy's reply is rated before closing
    (Transition.CLOSE, "evaluated_unsatisfied"): {"staff"},  # handled again instead
    (Transition.REHANDLE, "evaluated_satisfied"): {"staff"},  # only after 不满意
}
TO = {
    Transition.REJECT: State.REJECTED,
    Transition.ASSIGN: State.ASSIGNED,
    Transition.RETURN: State.REGISTERED,
    Transition.START: State.IN_HANDLING,
    Transition.REPLY: State.REPLIED,
    Transition.EVALUATE: State.EVALUATED,
    Transition.REHANDLE: State.IN_HANDLING,
    Transition.CLOSE: State.CLOSED,
}


def valid_data(transition, units):
    return {
        Transition.REJECT: {"reason": "不属于镇级职权"},
        Transition.ASSIGN: {"lead_unit": units["lead"], "supervisor_leader": "镇长"},
        Transition.RETURN: {"reason": "不属本单位职责"},
        Transition.START: {"form": ContactForm.PHONE},
        Transition.REPLY: {"text": "已办理。", "result_class": "A"},
        Transition.EVALUATE: {"rating": Rating.SATISFIED},
        Transition.REHANDLE: {},
        Transition.CLOSE: {},
    }[transition]


class Rollback(Exception):
    pass


def attempt(suggestion_pk, transition, actor, data):
    """Take the transition and undo it: "allowed", "forbidden" (role) or "refused" (state or rule)."""
    try:
        with transaction.atomic():
            event = workflow.apply(Suggestion.objects.get(pk=suggestion_pk), transition, actor=actor, **data)
            assert event.to_state == TO[transition]
            assert Suggestion.objects.get(pk=suggestion_pk).state == TO[transition]
            raise Rollback
    except Rollback:
        return "allowed"
    except PermissionDenied:
        return "forbidden"
    except TransitionError:
        return "refused"


@pytest.fixture
def actors(staff, member_user, unit_user, co_unit_user, other_unit, lead_user, co_signer_user, other_deputy):
    return {
        "staff": staff,
        "member": member_user,
        "lead_unit": unit_user,
        "co_unit": co_unit_user,
        "other_unit": other_unit.users.get(),
        "lead_deputy": lead_user,
        "co_signer": co_signer_user,
        "other_deputy": other_deputy.user,
    }


@pytest.mark.parametrize("transition", list(EXPECTED), ids=str)
@pytest.mark.parametrize("start", list(STARTS))
def test_each_transition_from_each_state_for_each_role(make, actors, unit, co_unit, transition, start):
    spec = dict(STARTS[start])
    if start == "assigned":  # within the unit's 7 working days to return it
        spec["assigned_on"] = timezone.localdate()
    suggestion = make(spec.pop("state"), co_units=[co_unit], **spec)
    if suggestion.state in (State.ASSIGNED, State.IN_HANDLING):
        services.co_opinion_submit(suggestion, actor=actors["co_unit"], text="同意主办单位意见。")
    allowed = EXPECTED[transition].get(start, set())
    data = valid_data(transition, {"lead": unit})
    outcomes = {name: attempt(suggestion.pk, transition, actor, data) for name, actor in actors.items()}
    ruled_out = RULED_OUT.get((transition, start), set())
    expected = {
        name: "allowed"
        if name in allowed
        else "refused"
        if name in ruled_out or not (allowed or ruled_out)
        else "forbidden"
        for name in ACTORS
    }
    assert outcomes == expected


def test_only_staff_register(lead_user, unit_user, staff, lead_deputy):
    for actor in (lead_user, unit_user):
        with pytest.raises(PermissionDenied):
            register(actor, lead_deputy=lead_deputy)
    assert Suggestion.objects.count() == 0
    suggestion = register(staff, lead_deputy=lead_deputy)
    assert suggestion.state == State.REGISTERED
    assert suggestion.events.get().transition == Transition.REGISTER


def test_a_registered_suggestion_cannot_be_registered_again(make, staff):
    suggestion = make()
    with pytest.raises(TransitionError):
        workflow.apply(suggestion, Transition.REGISTER, actor=staff)


def test_every_transition_is_logged_with_actor_time_and_states(make, staff):
    suggestion = make(State.CLOSED)
    events = list(suggestion.events.order_by("at", "pk"))
    assert [e.transition for e in events] == [
        Transition.REGISTER,
        Transition.ASSIGN,
        Transition.START,
        Transition.REPLY,
        Transition.EVALUATE,
        Transition.CLOSE,
    ]
    assert all(e.actor == staff and e.at for e in events)
    assert [(e.from_state, e.to_state) for e in events][1] == (State.REGISTERED, State.ASSIGNED)


def test_the_history_records_each_state_with_its_actor(make, staff):
    suggestion = make(State.REPLIED)
    rows = list(suggestion.history.order_by("history_date").values_list("state", "history_user"))
    # Setting the co-signers adds a row of its own; each state change is one row with its actor.
    states = [row for i, row in enumerate(rows) if i == 0 or rows[i - 1] != row]
    assert states == [
        (State.REGISTERED, staff.pk),
        (State.ASSIGNED, staff.pk),
        (State.IN_HANDLING, staff.pk),
        (State.REPLIED, staff.pk),
    ]


def test_the_workflow_rechecks_the_state_it_reads_under_lock(make, staff):
    """A stale copy of the row (another user changed it meanwhile) cannot take a transition twice."""
    suggestion = make(State.REPLIED)
    stale = Suggestion.objects.get(pk=suggestion.pk)
    workflow.apply(suggestion, Transition.EVALUATE, actor=staff, rating=Rating.SATISFIED)
    assert stale.state == State.REPLIED
    with pytest.raises(TransitionError):
        workflow.apply(stale, Transition.EVALUATE, actor=staff, rating=Rating.SATISFIED)
    assert Evaluation.objects.count() == 1


def test_assigning_defaults_the_deadline_to_three_months(make, staff, unit):
    suggestion = make()
    workflow.apply(
        suggestion,
        Transition.ASSIGN,
        actor=staff,
        lead_unit=unit,
        assigned_on=datetime.date(2022, 11, 30),
        supervisor_leader="镇长",
    )
    assert suggestion.current_round.deadline == datetime.date(2023, 2, 28)


def test_assigning_needs_a_lead_unit_and_a_supervisor(make, staff, unit):
    suggestion = make()
    with pytest.raises(TransitionError) as error:
        workflow.apply(suggestion, Transition.ASSIGN, actor=staff, lead_unit=unit)
    assert "supervisor_member" in error.value.message_dict
    with pytest.raises(TransitionError):
        workflow.apply(suggestion, Transition.ASSIGN, actor=staff, lead_unit=None, supervisor_leader="镇长")
    assert Suggestion.objects.get(pk=suggestion.pk).state == State.REGISTERED
    assert Round.objects.count() == 0


def test_a_presidium_member_may_supervise(make, staff, unit, chair):
    suggestion = make()
    workflow.apply(suggestion, Transition.ASSIGN, actor=staff, lead_unit=unit, supervisor_member=chair)
    assert suggestion.current_round.supervisor == "王宝平"


def test_rejecting_needs_a_reason(make, staff):
    suggestion = make()
    with pytest.raises(TransitionError):
        workflow.apply(suggestion, Transition.REJECT, actor=staff, reason=" ")
    workflow.apply(suggestion, Transition.REJECT, actor=staff, reason="属旗级事权")
    assert suggestion.events.last().note == "属旗级事权"


def test_a_returned_item_goes_back_to_staff_with_its_round_kept(make, unit_user, staff, other_unit):
    suggestion = make(State.ASSIGNED, assigned_on=timezone.localdate())
    with pytest.raises(TransitionError):
        workflow.apply(suggestion, Transition.RETURN, actor=unit_user, reason="")
    workflow.apply(suggestion, Transition.RETURN, actor=unit_user, reason="不属本单位职责")
    suggestion.refresh_from_db()
    assert suggestion.state == State.REGISTERED
    assert suggestion.current_round is None
    returned = suggestion.rounds.get()
    assert returned.returned_at and returned.return_reason == "不属本单位职责"
    workflow.apply(suggestion, Transition.ASSIGN, actor=staff, lead_unit=other_unit, supervisor_leader="镇长")
    assert [r.number for r in suggestion.rounds.all()] == [1, 2]


def test_starting_needs_a_contact_with_the_deputy(make, unit_user):
    suggestion = make(State.ASSIGNED)
    with pytest.raises(TransitionError):
        workflow.apply(suggestion, Transition.START, actor=unit_user, form="")
    workflow.apply(suggestion, Transition.START, actor=unit_user, form=ContactForm.IN_PERSON)
    contact = suggestion.current_round.contacts.get()
    assert contact.unit.name == "镇农业综合服务中心"
    assert contact.recorded_by == unit_user


def test_the_lead_unit_waits_for_the_co_units_opinions(make, unit_user, co_unit, staff):
    suggestion = make(State.IN_HANDLING, co_units=[co_unit])
    with pytest.raises(TransitionError) as error:
        workflow.apply(suggestion, Transition.REPLY, actor=unit_user, text="已办理。", result_class="A")
    assert "查汗庙嘎查" in str(error.value)
    # The office's own record of a finished item (its ledger, imported) is not held up; a reply staff
    # enter for the lead unit (代录, on_behalf_of=) is, as the unit's own is (tests/suggestions/test_on_behalf.py).
    workflow.apply(suggestion, Transition.REPLY, actor=staff, text="已办理。", result_class="A")
    assert Suggestion.objects.get(pk=suggestion.pk).state == State.REPLIED


def test_a_reply_needs_text_and_result_class(make, unit_user):
    suggestion = make(State.IN_HANDLING)
    with pytest.raises(TransitionError) as error:
        workflow.apply(suggestion, Transition.REPLY, actor=unit_user, text="", result_class="")
    assert set(error.value.message_dict) == {"text", "result_class"}


def test_the_deputy_evaluates_once_per_round_and_staff_enter_written_forms(make, lead_user, staff):
    own = make(State.REPLIED)
    workflow.apply(own, Transition.EVALUATE, actor=lead_user, rating=Rating.SATISFIED)
    assert own.current_round.evaluation.on_behalf is False
    with pytest.raises(TransitionError):
        workflow.apply(own, Transition.EVALUATE, actor=lead_user, rating=Rating.SATISFIED)
    written = make(State.REPLIED)
    workflow.apply(written, Transition.EVALUATE, actor=staff, rating=Rating.BASICALLY_SATISFIED)
    assert written.current_round.evaluation.on_behalf is True


def test_unsatisfied_needs_a_comment(make, lead_user):
    suggestion = make(State.REPLIED)
    with pytest.raises(TransitionError) as error:
        workflow.apply(suggestion, Transition.EVALUATE, actor=lead_user, rating=Rating.UNSATISFIED)
    assert "comment" in error.value.message_dict


def test_unsatisfied_reopens_handling_in_a_new_round_and_keeps_the_first(make, staff):
    suggestion = make(State.EVALUATED, rating=Rating.UNSATISFIED, assigned_on=datetime.date(2022, 3, 1))
    with pytest.raises(TransitionError):
        workflow.apply(suggestion, Transition.CLOSE, actor=staff)
    first = suggestion.current_round
    workflow.apply(suggestion, Transition.REHANDLE, actor=staff, assigned_on=datetime.date(2022, 5, 10))
    suggestion.refresh_from_db()
    assert suggestion.state == State.IN_HANDLING
    second = suggestion.current_round
    assert second.number == 2 and second != first
    assert second.deadline == datetime.date(2022, 8, 10)
    assert second.lead_unit == first.lead_unit and second.supervisor == "镇长"
    assert first.reply.text and first.evaluation.rating == Rating.UNSATISFIED
    # The new round is replied and rated on its own.
    workflow.apply(suggestion, Transition.REPLY, actor=staff, text="已重新办理。", result_class="A")
    workflow.apply(suggestion, Transition.EVALUATE, actor=staff, rating=Rating.SATISFIED)
    workflow.apply(suggestion, Transition.CLOSE, actor=staff)
    assert Suggestion.objects.get(pk=suggestion.pk).state == State.CLOSED


def test_a_satisfied_item_cannot_be_handled_again(make, staff):
    suggestion = make(State.EVALUATED, rating=Rating.BASICALLY_SATISFIED)
    with pytest.raises(TransitionError):
        workflow.apply(suggestion, Transition.REHANDLE, actor=staff)


def test_a_deputys_reply_is_not_closed_without_the_deputys_rating(make, staff):
    suggestion = make(State.REPLIED, assigned_on=datetime.date(2022, 1, 20))
    with pytest.raises(TransitionError):
        workflow.apply(suggestion, Transition.CLOSE, actor=staff)


def test_nothing_is_written_when_a_transition_fails(make, staff):
    suggestion = make(State.REPLIED)
    events = SuggestionEvent.objects.count()
    with pytest.raises(TransitionError):
        workflow.apply(suggestion, Transition.EVALUATE, actor=staff, rating="")
    assert SuggestionEvent.objects.count() == events
    assert Suggestion.objects.get(pk=suggestion.pk).state == State.REPLIED


def test_overdue_is_past_the_current_rounds_deadline_without_reply(make):
    today = datetime.date.today()
    late = make(
        State.IN_HANDLING,
        assigned_on=today - datetime.timedelta(days=100),
        deadline=today - datetime.timedelta(days=1),
    )
    due_today = make(State.ASSIGNED, assigned_on=today - datetime.timedelta(days=10), deadline=today)
    make(
        State.REPLIED,
        assigned_on=today - datetime.timedelta(days=100),
        deadline=today - datetime.timedelta(days=1),
        replied_on=today,
    )
    assert list(Suggestion.objects.overdue()) == [late]
    assert late.supervision_colour() == "red"
    assert due_today.supervision_colour() == "yellow"


def test_the_three_colours_of_supervision(make):
    today = datetime.date.today()
    green = make(State.ASSIGNED, assigned_on=today, deadline=today + datetime.timedelta(days=16))
    yellow = make(State.ASSIGNED, assigned_on=today, deadline=today + datetime.timedelta(days=15))
    replied = make(
        State.REPLIED, assigned_on=today, deadline=today + datetime.timedelta(days=3), replied_on=today
    )
    assert green.supervision_colour() == "green"
    assert yellow.supervision_colour() == "yellow"
    assert replied.supervision_colour() == ""


def test_the_three_colours_are_the_same_rule_in_the_database(make):
    """The bounds the ledger's filter and the dashboard count with give each item its own colour."""
    today = datetime.date.today()
    items = [
        make(State.ASSIGNED, assigned_on=today - datetime.timedelta(days=100), deadline=today + delta)
        for delta in (datetime.timedelta(days=d) for d in (-1, 0, 15, 16))
    ]
    for colour, bound in deadlines.bounds(today).items():
        found = set(Suggestion.objects.open().filter(bound))
        assert found == {item for item in items if item.supervision_colour(today) == colour}, colour


def test_available_transitions_follow_state_role_and_rules(make, staff, lead_user, unit_user):
    replied = make(State.REPLIED)
    assert workflow.available(replied, staff) == [Transition.EVALUATE]
    assert workflow.available(replied, lead_user) == [Transition.EVALUATE]
    assert workflow.available(replied, unit_user) == []
    assigned = make(State.ASSIGNED, assigned_on=timezone.localdate())
    assert set(workflow.available(assigned, unit_user)) == {
        Transition.RETURN,
        Transition.START,
        Transition.REPLY,
    }


def test_every_row_a_step_writes_names_its_actor_in_its_history(make, staff):
    suggestion = make(State.EVALUATED, rating=Rating.SATISFIED)
    round_ = suggestion.current_round
    for model, rows in [
        (Suggestion, suggestion.history.all()),
        (Round, round_.history.all()),
        (Evaluation, Evaluation.history.filter(round_id=round_.pk)),
        (
            type(round_.assignments.first()),
            type(round_.assignments.first()).history.filter(round_id=round_.pk),
        ),
    ]:
        assert rows and {row.history_user_id for row in rows} == {staff.pk}, model


def test_a_plan_decides_without_writing(make, staff, unit):
    suggestion = make()
    record = workflow.Record(Suggestion.objects.get(pk=suggestion.pk))
    plan = workflow.plan(
        record, Transition.ASSIGN, scope=workflow.Scope(staff), lead_unit=unit, supervisor_leader="镇长 巴图"
    )
    assert plan.state == State.ASSIGNED and [type(row).__name__ for row in plan.rows] == [
        "Round",
        "Assignment",
    ]
    assert all(row.pk is None for row in plan.rows)
    assert Suggestion.objects.get(pk=suggestion.pk).state == State.REGISTERED and Round.objects.count() == 0


def test_a_plan_refuses_in_words_what_the_workflow_refuses(make, staff):
    record = workflow.Record(make(State.EVALUATED, rating=Rating.UNSATISFIED))
    with pytest.raises(TransitionError, match="应重新办理"):  # in Chinese
        workflow.plan(record, Transition.CLOSE, scope=workflow.Scope(staff))


def test_a_blank_co_handling_opinion_does_not_count_as_given(make, unit, co_unit):
    suggestion = make(State.IN_HANDLING, co_units=[co_unit])
    assignment = suggestion.current_round.assignments.get(unit=co_unit)
    assignment.opinion = "   "
    assert workflow.waiting_co_units([assignment]) == [co_unit]
