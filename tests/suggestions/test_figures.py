"""Each figure of domain.md §6 on small hand-made data: the latest round counts, empty years show —."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from congress.figures import REGISTRY, compute
from suggestions import workflow
from suggestions.choices import ContactForm, Rating, Source, State, Transition
from suggestions.figures import figures_by_unit

pytestmark = pytest.mark.django_db

D = datetime.date
CODES = [
    "suggestions.collected",
    "suggestions.collected_by_source",
    "suggestions.handed_down_deputy",
    "suggestions.handed_down_cppcc",
    "suggestions.replied",
    "suggestions.reply_rate",
    "suggestions.on_time_rate",
    "suggestions.resolution_rate",
    "suggestions.satisfaction_rate",
    "suggestions.strict_satisfaction_rate",
    "suggestions.first_round_satisfaction_rate",
    "suggestions.contact_rate",
    "suggestions.by_result_class",
    "suggestions.overdue",
]
RATES = [code for code in CODES if code.endswith("_rate")]


def test_every_figure_of_the_spec_is_registered():
    assert set(CODES) <= set(REGISTRY)


@pytest.mark.parametrize("code", RATES)
def test_rates_of_an_empty_year_show_a_dash(code):
    figure = compute(code, 2030)
    assert figure.value is None
    assert figure.display() == "—"


BREAKDOWNS = ["suggestions.collected_by_source", "suggestions.by_result_class"]


@pytest.mark.parametrize("code", sorted(set(CODES) - set(RATES) - set(BREAKDOWNS)))
def test_counts_of_an_empty_year_are_zero(code):
    assert compute(code, 2030).value == 0


@pytest.mark.parametrize("code", BREAKDOWNS)
def test_breakdowns_of_an_empty_year_are_zero_without_shares(code):
    figure = compute(code, 2030)
    assert set(figure.value.values()) == {0}
    assert "%" not in figure.display()


def test_collected_counts_deputies_sources_of_the_year_and_not_rejected(make):
    for source in ("session", "between_sessions", "reception", "deliberation"):
        make(register_fields={"source": source, "received_on": D(2022, 5, 1)})
    make(register_fields={"source": "session", "received_on": D(2023, 1, 2)})  # another year
    make(State.REJECTED, register_fields={"source": "session", "received_on": D(2022, 5, 1)})
    make(
        register_fields={
            "external_proposer": "旗政协委员",
            "source": "banner_cppcc",
            "received_on": D(2022, 5, 1),
        }
    )
    make(register_fields={"source": "voter_opinion", "received_on": D(2022, 5, 1)})
    figure = compute("suggestions.collected", 2022)
    assert figure.value == 4
    assert {s.source for s in figure.records} == {"session", "between_sessions", "reception", "deliberation"}
    by_source = compute("suggestions.collected_by_source", 2022).value
    assert dict(by_source) == {"session": 1, "between_sessions": 1, "reception": 1, "deliberation": 1}
    assert "25%" in str(by_source)


def test_handed_down_items_count_when_closed(make):
    banner = {"external_proposer": "旗人大代表", "source": Source.BANNER_DEPUTY, "received_on": D(2022, 2, 1)}
    cppcc = {"external_proposer": "旗政协委员", "source": Source.BANNER_CPPCC, "received_on": D(2022, 2, 1)}
    make(State.CLOSED, register_fields=banner, assigned_on=D(2022, 2, 2))
    make(State.REPLIED, register_fields=banner, assigned_on=D(2022, 2, 2))  # not completed yet
    make(State.CLOSED, register_fields=cppcc, assigned_on=D(2022, 2, 2))
    make(State.CLOSED, register_fields=cppcc, assigned_on=D(2022, 2, 2))
    assert compute("suggestions.handed_down_deputy", 2022).value == 1
    assert compute("suggestions.handed_down_cppcc", 2022).value == 2
    assert compute("suggestions.collected", 2022).value == 0


@pytest.fixture
def year_2022(make, staff, lead_user):
    """Five items of 2022: two satisfied (A, on time), one basically satisfied (B, late), one re-handled
    (C 不满意 first, A satisfied second), one still in handling; plus one only registered."""
    received = {"received_on": D(2022, 1, 14)}
    a1 = make(State.EVALUATED, register_fields=received, rating=Rating.SATISFIED)
    a2 = make(State.CLOSED, register_fields=received, rating=Rating.SATISFIED)
    late = make(
        State.EVALUATED,
        register_fields=received,
        deadline=D(2022, 3, 1),
        replied_on=D(2022, 3, 2),
        result_class="B",
        rating=Rating.BASICALLY_SATISFIED,
    )
    twice = make(State.EVALUATED, register_fields=received, result_class="C", rating=Rating.UNSATISFIED)
    workflow.apply(twice, Transition.REHANDLE, actor=staff, assigned_on=D(2022, 4, 1))
    workflow.apply(
        twice, Transition.REPLY, actor=staff, text="已重新办理。", result_class="A", replied_on=D(2022, 5, 1)
    )
    workflow.apply(twice, Transition.EVALUATE, actor=lead_user, rating=Rating.SATISFIED)
    open_item = make(State.ASSIGNED, register_fields=received)  # no contact, no reply
    make(register_fields=received)
    return {"a1": a1, "a2": a2, "late": late, "twice": twice, "open": open_item}


def test_replied_and_reply_rate(year_2022):
    assert compute("suggestions.replied", 2022).value == 4
    rate = compute("suggestions.reply_rate", 2022)
    assert (rate.numerator, rate.denominator, rate.display()) == (4, 5, "80%")


def test_on_time_rate_counts_the_latest_rounds_reply(year_2022):
    rate = compute("suggestions.on_time_rate", 2022)
    assert (rate.numerator, rate.denominator) == (3, 4)
    assert rate.value == Decimal("75.00")


def test_resolution_rate_counts_class_a_of_the_latest_round(year_2022):
    rate = compute("suggestions.resolution_rate", 2022)
    assert (rate.numerator, rate.denominator) == (3, 4)  # the re-handled item is A now, not C


def test_satisfaction_rates_count_the_latest_round(year_2022):
    satisfaction = compute("suggestions.satisfaction_rate", 2022)
    strict = compute("suggestions.strict_satisfaction_rate", 2022)
    assert (satisfaction.numerator, satisfaction.denominator, satisfaction.display()) == (4, 4, "100%")
    assert (strict.numerator, strict.denominator, strict.display()) == (3, 4, "75%")


def test_first_round_satisfaction_shows_the_re_handling(year_2022):
    first = compute("suggestions.first_round_satisfaction_rate", 2022)
    assert (first.numerator, first.denominator, first.display()) == (3, 4, "75%")


def test_an_item_being_handled_again_leaves_the_latest_round_figures(make, staff):
    item = make(State.EVALUATED, register_fields={"received_on": D(2022, 1, 14)}, rating=Rating.UNSATISFIED)
    assert compute("suggestions.satisfaction_rate", 2022).display() == "0%"
    workflow.apply(item, Transition.REHANDLE, actor=staff)
    assert compute("suggestions.replied", 2022).value == 0
    assert compute("suggestions.satisfaction_rate", 2022).display() == "—"
    assert compute("suggestions.first_round_satisfaction_rate", 2022).display() == "0%"


def test_contact_rate_counts_replied_items_with_a_contact(make, staff):
    received = {"received_on": D(2022, 1, 14)}
    make(State.REPLIED, register_fields=received)  # started with a contact
    no_contact = make(State.ASSIGNED, register_fields=received)
    workflow.apply(no_contact, Transition.REPLY, actor=staff, text="已办理。", result_class="A")
    rate = compute("suggestions.contact_rate", 2022)
    assert (rate.numerator, rate.denominator) == (1, 2)


def test_by_result_class_counts_and_shares(year_2022):
    figure = compute("suggestions.by_result_class", 2022)
    assert dict(figure.value) == {"A": 3, "B": 1, "C": 0, "D": 0}
    assert figure.value.share("A").display() == "75%"
    assert "75%" in figure.display()


def test_overdue_counts_open_items_past_the_deadline_now(make):
    today = datetime.date.today()
    received = {"received_on": today.replace(month=1, day=1)}
    make(
        State.IN_HANDLING,
        register_fields=received,
        assigned_on=received["received_on"],
        deadline=received["received_on"],
    )
    make(State.ASSIGNED, register_fields=received, assigned_on=today, deadline=today)
    figure = compute("suggestions.overdue", today.year)
    assert figure.value == (1 if received["received_on"] < today else 0)


def test_per_unit_figures_group_by_the_latest_rounds_lead_unit(year_2022, other_unit, staff):
    open_item = year_2022["open"]
    workflow.apply(open_item, Transition.START, actor=staff, form=ContactForm.PHONE)
    rows = {row.unit.name: row for row in figures_by_unit(2022)}
    assert set(rows) == {"镇农业综合服务中心"}
    row = rows["镇农业综合服务中心"]
    assert (row.assigned.value, row.replied.value) == (5, 4)
    assert row.reply_rate.display() == "80%"
    assert row.on_time_rate.display() == "75%"
    assert row.satisfaction_rate.display() == "100%"
    assert row.assigned.records.count() == 5
    assert figures_by_unit(2030) == []


def test_per_unit_figures_follow_a_re_assignment(make, staff, unit_user, other_unit):
    item = make(
        State.ASSIGNED, register_fields={"received_on": D(2022, 1, 14)}, assigned_on=timezone.localdate()
    )
    workflow.apply(item, Transition.RETURN, actor=unit_user, reason="不属本单位职责")
    workflow.apply(item, Transition.ASSIGN, actor=staff, lead_unit=other_unit, supervisor_leader="镇长")
    assert [row.unit for row in figures_by_unit(2022)] == [other_unit]


def test_each_set_counted_in_one_pass_is_the_set_its_records_list(year_2022, django_assert_num_queries):
    """One statement counts every set of the year (``year_counts``); each figure's records are that set."""
    from congress.figures import batch
    from suggestions.figures import conditions, registered, year_counts

    with django_assert_num_queries(1):
        counts = year_counts(2022)
    for name, condition in conditions().items():
        assert counts[name] == registered(2022).filter(condition).count(), name
    rate = compute("suggestions.reply_rate", 2022)
    assert rate.denominator == rate.records.count()
    with batch(), django_assert_num_queries(1):
        for code in ("suggestions.replied", "suggestions.reply_rate", "suggestions.satisfaction_rate"):
            compute(code, 2022)
