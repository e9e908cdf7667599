"""Factories for the suggestion tests: units, and items walked through the workflow to a state."""

import datetime

import factory

from suggestions import workflow
from suggestions.choices import ContactForm, Rating, Source, State, Transition, UnitKind
from suggestions.models import HandlingUnit, Suggestion
from tests.factories import DeputyFactory, TermFactory

D = datetime.date


class HandlingUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HandlingUnit
        django_get_or_create = ("name",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"镇直部门{n:02d}")
    kind = UnitKind.TOWNSHIP_DEPARTMENT
    contact_person = "联络员"
    contact_phone = "13900001111"

    @factory.post_generation
    def users(unit, create, extracted, **kwargs):
        if create and extracted:
            unit.users.add(*extracted)


def register(actor, *, co_signers=(), **fields) -> Suggestion:
    """A registered suggestion (a deputy's, unless an external proposer is given)."""
    fields.setdefault("title", "关于修缮嘎查道路的建议")
    fields.setdefault("content", "道路坑洼，出行不便。")
    fields.setdefault("source", Source.SESSION)
    fields.setdefault("received_on", D(2022, 1, 14))
    if "external_proposer" not in fields and "lead_deputy" not in fields:
        fields["lead_deputy"] = DeputyFactory(term=TermFactory())
    suggestion = Suggestion(**fields)
    workflow.apply(suggestion, Transition.REGISTER, actor=actor, co_signers=list(co_signers))
    return suggestion


# The path of an item through the workflow, one step per state.
PATH = [State.REGISTERED, State.ASSIGNED, State.IN_HANDLING, State.REPLIED, State.EVALUATED, State.CLOSED]


def advance(
    suggestion,
    state,
    *,
    actor,
    unit,
    co_units=(),
    assigned_on=None,
    deadline=None,
    replied_on=None,
    result_class="A",
    rating=Rating.SATISFIED,
    comment="",
):
    """Walk a suggestion along PATH to ``state`` as ``actor`` (staff), with the given round data."""
    assigned_on = assigned_on or D(2022, 1, 20)
    if state == State.REJECTED:
        workflow.apply(suggestion, Transition.REJECT, actor=actor, reason="不属于镇级职权")
        return suggestion
    target = PATH.index(state)
    steps = {
        State.ASSIGNED: lambda: workflow.apply(
            suggestion,
            Transition.ASSIGN,
            actor=actor,
            lead_unit=unit,
            co_units=list(co_units),
            assigned_on=assigned_on,
            deadline=deadline,
            supervisor_leader="镇长",
        ),
        State.IN_HANDLING: lambda: workflow.apply(
            suggestion, Transition.START, actor=actor, form=ContactForm.PHONE, contacted_on=assigned_on
        ),
        State.REPLIED: lambda: workflow.apply(
            suggestion,
            Transition.REPLY,
            actor=actor,
            text="已办理。",
            result_class=result_class,
            replied_on=replied_on or assigned_on + datetime.timedelta(days=30),
        ),
        State.EVALUATED: lambda: workflow.apply(
            suggestion,
            Transition.EVALUATE,
            actor=actor,
            rating=rating,
            comment=comment or ("还没有解决。" if rating == Rating.UNSATISFIED else ""),
        ),
        State.CLOSED: lambda: workflow.apply(suggestion, Transition.CLOSE, actor=actor),
    }
    while PATH.index(suggestion.state) < target:
        steps[PATH[PATH.index(suggestion.state) + 1]]()
    return suggestion
