"""The ledger in the admin: filters, three colours, registering, transitions with their forms."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from suggestions.choices import Rating, State, Transition
from suggestions.models import Suggestion
from tests.security.forms import admin_change_data

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:suggestions_suggestion_changelist")
ADD = reverse("admin:suggestions_suggestion_add")


def transition_url(item, transition):
    return reverse("admin:suggestions_suggestion_transition", args=[item.pk, transition])


@pytest.fixture
def admin_client_(client, staff):
    client.force_login(staff)
    return client


def test_staff_register_a_suggestion_in_one_form(admin_client_, lead_deputy, co_signer):
    response = admin_client_.post(
        ADD,
        {
            "title": "关于修缮嘎查道路的建议",
            "content": "道路坑洼。",
            "category": "infrastructure",
            "source": "session",
            "lead_deputy": lead_deputy.pk,
            "co_signers": [co_signer.pk],
            "received_on": "2022-01-14",
            "attachments-TOTAL_FORMS": "0",
            "attachments-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    item = Suggestion.objects.get()
    assert (item.number, item.state) == ("2022-001", State.REGISTERED)
    assert list(item.co_signers.all()) == [co_signer]
    assert item.events.get().transition == Transition.REGISTER


def test_editing_an_item_never_writes_its_state(admin_client_, make, lead_user):
    item = make(State.REPLIED)
    page = admin_client_.get(reverse("admin:suggestions_suggestion_change", args=[item.pk]))
    # Meanwhile the deputy rates the reply; then staff save their (older) page.
    from suggestions import workflow

    workflow.apply(item, Transition.EVALUATE, actor=lead_user, rating=Rating.SATISFIED)
    data = admin_change_data(page, title="改过的标题")
    response = admin_client_.post(reverse("admin:suggestions_suggestion_change", args=[item.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    item.refresh_from_db()
    assert item.title == "改过的标题"
    assert item.state == State.EVALUATED
    assert item.history.first().state == State.EVALUATED  # the history row of the edit, too


def test_the_ledger_shows_filters_units_and_three_colours(admin_client_, make):
    today = datetime.date.today()
    make(
        State.IN_HANDLING,
        assigned_on=today - datetime.timedelta(days=100),
        deadline=today - datetime.timedelta(days=1),
    )
    make(State.ASSIGNED, assigned_on=today, deadline=today + datetime.timedelta(days=5))
    make(State.ASSIGNED, assigned_on=today, deadline=today + datetime.timedelta(days=60))
    html = admin_client_.get(CHANGELIST).content.decode()
    for colour in ("red", "yellow", "green"):
        assert f"supervision-{colour}" in html
    assert "镇农业综合服务中心" in html
    for parameter in (
        "year=",
        "source__exact=",
        "state__exact=",
        "unit=",
        "supervisor=",
        "overdue=",
        "key_supervision__exact=",
    ):
        assert parameter in html
    red = admin_client_.get(CHANGELIST + "?overdue=red")
    assert red.context["cl"].result_count == 1


def test_each_row_shows_its_own_current_lead_unit(make, staff, unit, other_unit, unit_user):
    from suggestions import workflow

    registered = make()
    assigned = make(State.ASSIGNED)
    returned = make(State.ASSIGNED, assigned_on=timezone.localdate())
    workflow.apply(returned, Transition.RETURN, actor=unit_user, reason="不属本单位")
    moved = make(State.ASSIGNED)
    workflow.apply(moved, Transition.RETURN, actor=staff, reason="改由镇综治办办理")  # staff re-assign it
    workflow.apply(moved, Transition.ASSIGN, actor=staff, lead_unit=other_unit, supervisor_leader="镇长")
    names = dict(Suggestion.objects.with_lead_unit().values_list("pk", "lead_unit_name"))
    assert names == {
        registered.pk: None,
        assigned.pk: unit.name,
        returned.pk: None,
        moved.pk: other_unit.name,
    }


@pytest.mark.parametrize(
    ("query", "count"),
    [
        ("year=2022", 2),
        ("year=2023", 1),
        ("state__exact=assigned", 1),
        ("source__exact=reception", 1),
        ("key_supervision__exact=1", 1),
    ],
)
def test_the_ledger_filters(admin_client_, make, unit, query, count):
    make(State.ASSIGNED, register_fields={"key_supervision": True})
    make(register_fields={"source": "reception"})
    make(register_fields={"received_on": datetime.date(2023, 2, 1)})
    assert admin_client_.get(f"{CHANGELIST}?{query}").context["cl"].result_count == count


def test_the_ledger_filters_by_unit_and_supervisor(admin_client_, make, other_unit, chair, staff):
    from suggestions import workflow

    led = make()
    workflow.apply(led, Transition.ASSIGN, actor=staff, lead_unit=other_unit, supervisor_member=chair)
    make(State.ASSIGNED)
    assert admin_client_.get(f"{CHANGELIST}?unit={other_unit.pk}").context["cl"].result_count == 1
    assert admin_client_.get(f"{CHANGELIST}?supervisor={chair.pk}").context["cl"].result_count == 1
    assert admin_client_.get(f"{CHANGELIST}?supervisor=leader").context["cl"].result_count == 1


def test_the_ledger_takes_the_same_queries_for_more_items(admin_client_, make, django_assert_num_queries):
    make(State.ASSIGNED)
    admin_client_.get(CHANGELIST)
    with django_assert_num_queries(QUERIES_LEDGER) as few:
        admin_client_.get(CHANGELIST)
    for state in (State.REPLIED, State.CLOSED, State.REGISTERED, State.IN_HANDLING, State.REJECTED):
        make(state)
    with django_assert_num_queries(len(few.captured_queries)):
        admin_client_.get(CHANGELIST)


QUERIES_LEDGER = 17  # no second COUNT for "(N total)"; +3: what the office entered (代录); sessions apart;
# the summary of the year: its counts in one statement, and the overdue items (issue 17: 8 → 2)


def test_the_ledger_shows_the_years_figures(admin_client_, make):
    make(State.EVALUATED, rating=Rating.SATISFIED)
    make(State.EVALUATED, rating=Rating.UNSATISFIED)
    html = admin_client_.get(CHANGELIST + "?year=2022").content.decode()
    assert "满意率" in html and "50%" in html
    assert "—" in admin_client_.get(CHANGELIST + "?year=2030").content.decode()


def test_the_change_page_shows_the_timeline_and_the_possible_transitions(admin_client_, make, staff):
    from suggestions import workflow

    item = make(State.EVALUATED, rating=Rating.UNSATISFIED)
    workflow.apply(item, Transition.REHANDLE, actor=staff)
    html = admin_client_.get(reverse("admin:suggestions_suggestion_change", args=[item.pk])).content.decode()
    assert "第1轮办理" in html and "第2轮办理" in html
    assert "不满意" in html
    # The lead unit's reply is entered for it (代录), under its rules.
    assert reverse("admin:suggestions_suggestion_on_behalf", args=[item.pk, "reply"]) in html
    assert transition_url(item, "reply") not in html
    assert transition_url(item, "close") not in html


def test_staff_assign_with_units_deadline_and_supervisor(admin_client_, make, unit, co_unit, chair):
    item = make()
    url = transition_url(item, "assign")
    assert admin_client_.get(url).status_code == 200
    response = admin_client_.post(
        url,
        {
            "lead_unit": unit.pk,
            "co_units": [co_unit.pk],
            "assigned_on": "2022-01-20",
            "deadline": "",
            "supervisor_member": chair.pk,
            "key_supervision": "on",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.state == State.ASSIGNED and item.key_supervision
    assert item.current_round.deadline == datetime.date(2022, 4, 20)
    assert [a.unit for a in item.current_round.co_assignments] == [co_unit]


@pytest.mark.parametrize("partial", ["2022-04", "2022-04-", "2022/4", "04/20"])
def test_a_partial_deadline_is_refused_on_its_field_never_read_as_the_default(
    admin_client_, make, unit, chair, partial
):
    item = make()
    response = admin_client_.post(
        transition_url(item, "assign"),
        {
            "lead_unit": unit.pk,
            "assigned_on": "2022-01-20",
            "deadline": partial,
            "supervisor_member": chair.pk,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["deadline"] == [
        "请填写完整的日期（年、月、日），例如 2022-06-30。"
    ]
    assert Suggestion.objects.get(pk=item.pk).state == State.REGISTERED


def test_the_assign_form_takes_the_admins_date_box_with_its_calendar(admin_client_, make):
    html = admin_client_.get(transition_url(make(), "assign")).content.decode()
    assert 'type="date"' not in html
    assert 'name="deadline"' in html and "vDateField" in html
    assert "admin/js/admin/DateTimeShortcuts.js" in html and "admin/js/core.js" in html
    assert reverse("admin:jsi18n") in html


def test_a_transition_form_shows_the_workflows_refusal(admin_client_, make):
    item = make(State.IN_HANDLING)
    response = admin_client_.post(
        transition_url(item, "evaluate"), {"rating": "satisfied", "evaluated_on": "2022-05-01"}
    )
    assert response.status_code == 200
    assert "办理中" in response.content.decode()
    assert Suggestion.objects.get(pk=item.pk).state == State.IN_HANDLING


def test_staff_reply_evaluate_for_the_deputy_rehandle_and_close(admin_client_, make):
    item = make(State.IN_HANDLING)
    admin_client_.post(
        transition_url(item, "reply"), {"text": "已答复。", "result_class": "C", "replied_on": "2022-03-01"}
    )
    admin_client_.post(
        transition_url(item, "evaluate"),
        {"rating": "unsatisfied", "comment": "没有时间表", "evaluated_on": "2022-03-10"},
    )
    item.refresh_from_db()
    assert item.current_round.evaluation.on_behalf
    response = admin_client_.get(transition_url(item, "rehandle"))
    assert response.context["form"].initial["lead_unit"].name == "镇农业综合服务中心"
    admin_client_.post(
        transition_url(item, "rehandle"),
        {
            "lead_unit": item.current_round.lead_unit.pk,
            "assigned_on": "2022-03-15",
            "supervisor_leader": "镇长",
        },
    )
    item.refresh_from_db()
    assert (item.state, item.current_round.number) == (State.IN_HANDLING, 2)
    admin_client_.post(
        transition_url(item, "reply"), {"text": "已解决。", "result_class": "A", "replied_on": "2022-05-01"}
    )
    admin_client_.post(
        transition_url(item, "evaluate"), {"rating": "satisfied", "evaluated_on": "2022-05-10"}
    )
    admin_client_.post(transition_url(item, "close"), {"note": ""})
    assert Suggestion.objects.get(pk=item.pk).state == State.CLOSED


def test_staff_reject_with_a_reason(admin_client_, make):
    item = make()
    assert admin_client_.post(transition_url(item, "reject"), {"reason": ""}).status_code == 200
    admin_client_.post(transition_url(item, "reject"), {"reason": "属旗级事权"})
    assert Suggestion.objects.get(pk=item.pk).state == State.REJECTED


def test_the_assign_action_asks_once_and_assigns_every_selected_item(admin_client_, make, unit):
    items = [make(), make()]
    ids = [str(i.pk) for i in items]
    form = admin_client_.post(CHANGELIST, {"action": "transition_assign", "_selected_action": ids})
    assert form.status_code == 200
    assert "lead_unit" in form.content.decode()
    response = admin_client_.post(
        CHANGELIST,
        {
            "action": "transition_assign",
            "_selected_action": ids,
            "apply": "1",
            "lead_unit": unit.pk,
            "assigned_on": "2022-01-20",
            "supervisor_leader": "镇长",
        },
    )
    assert response.status_code == 302
    assert set(Suggestion.objects.values_list("state", flat=True)) == {State.ASSIGNED}


def test_an_action_reports_items_it_could_not_move(admin_client_, make):
    replied, registered = make(State.REPLIED), make()
    response = admin_client_.post(
        CHANGELIST,
        {
            "action": "transition_close",
            "_selected_action": [replied.pk, registered.pk],
            "apply": "1",
            "note": "",
        },
        follow=True,
    )
    text = response.content.decode()
    assert replied.number in text and registered.number in text
    assert set(Suggestion.objects.values_list("state", flat=True)) == {State.REPLIED, State.REGISTERED}


def test_presidium_members_see_the_ledger_but_take_no_transition(client, member_user, make):
    item = make(State.REPLIED)
    client.force_login(member_user)
    assert client.get(CHANGELIST).status_code == 200
    page = client.get(reverse("admin:suggestions_suggestion_change", args=[item.pk])).content.decode()
    assert transition_url(item, "evaluate") not in page
    assert client.post(transition_url(item, "evaluate"), {"rating": "satisfied"}).status_code == 403
    assert client.get(reverse("admin:suggestions_suggestion_import")).status_code == 403
    assert Suggestion.objects.get(pk=item.pk).state == State.REPLIED
