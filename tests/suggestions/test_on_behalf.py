"""代录: staff enter what a unit, a co-handling unit or a deputy did on paper or by phone, through the
party's own workflow step (``on_behalf_of=``): same rules, marked “由人大办代录” with the staff member."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from congress import protected_media
from suggestions import services, workflow
from suggestions.choices import Rating, State, Transition
from suggestions.figures import reply_rate, satisfaction_rate
from suggestions.models import Suggestion
from suggestions.workflow import TransitionError
from tests.factories import UserFactory
from tests.spreadsheets import sheet_of

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
MARK = "由人大办代录"


@pytest.fixture
def staff(db):
    """A named staff member: the records say who entered them."""
    return UserFactory(username="renda-staff", first_name="李娜", role="presidium_staff")


@pytest.fixture
def office(client, staff, township):
    client.force_login(staff)
    return client


def entry_url(item, entry):
    return reverse("admin:suggestions_suggestion_on_behalf", args=[item.pk, entry])


def fresh(item) -> Suggestion:
    return Suggestion.objects.get(pk=item.pk)


# ---- the workflow: the party's reach, the party's rules ------------------------------------------


def test_a_co_units_opinion_entered_by_staff_unblocks_the_lead_units_reply(make, staff, unit_user, co_unit):
    item = make(State.IN_HANDLING, co_units=[co_unit])
    with pytest.raises(TransitionError):
        workflow.apply(item, Transition.REPLY, actor=unit_user, text="已办理。", result_class="A")
    assignment = services.co_opinion_submit(
        item, actor=staff, on_behalf_of=co_unit, text="同意，配合核实。", opinion_on=datetime.date(2022, 2, 1)
    )
    assert (assignment.opinion_on_behalf, assignment.opinion_by, assignment.opinion_on) == (
        True,
        staff,
        datetime.date(2022, 2, 1),
    )
    history = assignment.history.first()
    assert history.history_user == staff and MARK in history.history_change_reason
    workflow.apply(item, Transition.REPLY, actor=unit_user, text="已办理。", result_class="A")
    reply = fresh(item).current_round.reply
    assert fresh(item).state == State.REPLIED and not reply.on_behalf  # the lead unit's own reply


def test_a_reply_entered_for_the_lead_unit_waits_for_the_co_units_too(make, staff, unit, co_unit):
    item = make(State.IN_HANDLING, co_units=[co_unit])
    with pytest.raises(TransitionError) as refused:
        workflow.apply(
            item, Transition.REPLY, actor=staff, on_behalf_of=unit, text="已办理。", result_class="A"
        )
    assert "查汗庙嘎查" in str(refused.value)
    services.co_opinion_submit(item, actor=staff, on_behalf_of=co_unit, text="同意。")
    event = workflow.apply(
        item, Transition.REPLY, actor=staff, on_behalf_of=unit, text="已办理。", result_class="A"
    )
    reply = fresh(item).current_round.reply
    assert (reply.on_behalf, reply.replied_by) == (True, staff)
    assert event.data["on_behalf_of"] == "镇农业综合服务中心" and event.actor == staff
    suggestion_history = fresh(item).history.first()
    assert suggestion_history.history_user == staff and MARK in suggestion_history.history_change_reason


def test_staff_return_an_item_for_the_lead_unit_with_a_reason(make, staff, unit, co_unit):
    # Within the unit's 7 working days to return it (the office's own taking back has no limit).
    item = make(State.ASSIGNED, co_units=[co_unit], assigned_on=timezone.localdate())
    with pytest.raises(PermissionDenied):  # a co-handling unit does not return items
        workflow.apply(item, Transition.RETURN, actor=staff, on_behalf_of=co_unit, reason="不属本单位职责")
    with pytest.raises(TransitionError):  # a reason is needed, as for the unit itself
        workflow.apply(item, Transition.RETURN, actor=staff, on_behalf_of=unit, reason="")
    first_round = item.current_round
    workflow.apply(item, Transition.RETURN, actor=staff, on_behalf_of=unit, reason="不属本单位职责")
    first_round.refresh_from_db()
    assert fresh(item).state == State.REGISTERED
    assert (first_round.return_on_behalf, first_round.returned_by) == (True, staff)


def test_a_rating_entered_for_the_deputy_keeps_the_deputys_rules(make, staff, lead_deputy):
    item = make(State.REPLIED)
    with pytest.raises(TransitionError) as refused:
        workflow.apply(
            item, Transition.EVALUATE, actor=staff, on_behalf_of=lead_deputy, rating=Rating.UNSATISFIED
        )
    assert "comment" in refused.value.message_dict
    scan = SimpleUploadedFile("测评表.pdf", PDF, content_type="application/pdf")
    workflow.apply(
        item,
        Transition.EVALUATE,
        actor=staff,
        on_behalf_of=lead_deputy,
        rating=Rating.UNSATISFIED,
        comment="没有时间表。",
        form_scan=scan,
    )
    evaluation = fresh(item).current_round.evaluation
    assert (evaluation.on_behalf, evaluation.evaluated_by) == (True, staff)
    assert evaluation.form_scan.name.startswith("evaluations/")


def test_staff_cannot_act_for_a_party_outside_the_item(make, staff, other_unit, other_deputy):
    item = make(State.IN_HANDLING)
    with pytest.raises(PermissionDenied):
        workflow.apply(
            item, Transition.REPLY, actor=staff, on_behalf_of=other_unit, text="x", result_class="A"
        )
    with pytest.raises(PermissionDenied):
        services.contact_record(item, actor=staff, on_behalf_of=other_unit, form="phone")
    replied = make(State.REPLIED)
    with pytest.raises(PermissionDenied):
        workflow.apply(
            replied, Transition.EVALUATE, actor=staff, on_behalf_of=other_deputy, rating="satisfied"
        )


def test_only_presidium_staff_act_on_anyones_behalf(make, unit_user, co_unit, member_user, unit):
    item = make(State.IN_HANDLING, co_units=[co_unit])
    for actor in (unit_user, member_user):
        with pytest.raises(PermissionDenied):
            services.co_opinion_submit(item, actor=actor, on_behalf_of=co_unit, text="同意。")
        with pytest.raises(PermissionDenied):
            workflow.apply(item, Transition.REPLY, actor=actor, on_behalf_of=unit, text="x", result_class="A")


def test_figures_count_what_staff_entered_like_any_other(make, staff, unit, lead_deputy):
    item = make(State.IN_HANDLING)
    workflow.apply(item, Transition.REPLY, actor=staff, on_behalf_of=unit, text="已解决。", result_class="A")
    workflow.apply(item, Transition.EVALUATE, actor=staff, on_behalf_of=lead_deputy, rating=Rating.SATISFIED)
    assert (reply_rate(2022).numerator, reply_rate(2022).denominator) == (1, 1)
    assert (satisfaction_rate(2022).numerator, satisfaction_rate(2022).denominator) == (1, 1)


# ---- the admin's 代录 pages: each of the five kinds -------------------------------------------------


def post_entry(office, item, entry, data):
    response = office.post(entry_url(item, entry), data)
    assert response.status_code == 302, response.context["form"].errors
    return fresh(item)


def test_staff_enter_a_contact_for_a_unit_of_their_choice(office, make, staff, co_unit):
    item = make(State.ASSIGNED, co_units=[co_unit])
    page = office.get(entry_url(item, "contact")).content.decode()
    assert "查汗庙嘎查" in page and "镇农业综合服务中心" in page  # for whom: a unit of the round
    item = post_entry(
        office,
        item,
        "contact",
        {"party": str(item.current_round.lead_unit.pk), "form": "phone", "contacted_on": "2022-01-25"},
    )
    assert item.state == State.IN_HANDLING  # the lead unit's first contact starts the handling
    contact = item.current_round.contacts.get()
    assert (contact.unit.name, contact.on_behalf, contact.recorded_by) == ("镇农业综合服务中心", True, staff)
    item = post_entry(
        office, item, "contact", {"party": str(co_unit.pk), "form": "visit", "contacted_on": "2022-02-01"}
    )
    assert item.current_round.contacts.latest("pk").unit == co_unit


def test_staff_enter_a_co_units_opinion_then_the_reply_with_its_letter(office, make, co_unit, staff):
    item = make(State.IN_HANDLING, co_units=[co_unit])
    page = office.get(entry_url(item, "reply")).content.decode()
    assert "查汗庙嘎查" in page and entry_url(item, "co_opinion") in page  # who the reply waits for
    post_entry(office, item, "co_opinion", {"text": "同意主办单位意见。", "opinion_on": "2022-02-10"})
    letter = SimpleUploadedFile("答复函.pdf", PDF, content_type="application/pdf")
    item = post_entry(
        office,
        item,
        "reply",
        {"text": "已协调解决。", "result_class": "A", "replied_on": "2022-03-01", "attachment": letter},
    )
    reply = item.current_round.reply
    assert item.state == State.REPLIED and reply.on_behalf and reply.attachment.name.startswith("replies/")


def test_staff_enter_a_return_for_the_lead_unit(office, make):
    item = make(State.ASSIGNED, assigned_on=timezone.localdate())
    assert office.post(entry_url(item, "return"), {"reason": ""}).status_code == 200
    item = post_entry(office, item, "return", {"reason": "属旗级部门职责"})
    assert item.state == State.REGISTERED and item.rounds.get().return_on_behalf


def test_staff_enter_the_deputys_rating_with_the_forms_scan(
    office, make, client, lead_user, other_deputy_user
):
    item = make(State.REPLIED)
    refused = office.post(
        entry_url(item, "evaluation"), {"rating": "unsatisfied", "evaluated_on": "2022-04-01"}
    )
    assert refused.status_code == 200 and "comment" in refused.context["form"].errors  # the deputy's rule
    scan = SimpleUploadedFile("测评表.pdf", PDF, content_type="application/pdf")
    item = post_entry(
        office, item, "evaluation", {"rating": "satisfied", "evaluated_on": "2022-04-01", "form_scan": scan}
    )
    evaluation = item.current_round.evaluation
    assert item.state == State.EVALUATED and evaluation.on_behalf and evaluation.form_scan
    url = protected_media.url(evaluation, "form_scan")
    assert office.get(url).status_code == 200
    client.force_login(lead_user)
    assert client.get(url).status_code == 200  # the deputy's own form
    client.force_login(other_deputy_user)
    assert client.get(url).status_code == 404


def test_the_change_page_offers_each_entry_when_it_is_possible(office, make, co_unit):
    item = make(State.ASSIGNED, co_units=[co_unit], assigned_on=timezone.localdate())
    html = office.get(reverse("admin:suggestions_suggestion_change", args=[item.pk])).content.decode()
    for entry in ("co_opinion", "contact", "reply", "return"):
        assert entry_url(item, entry) in html
    assert entry_url(item, "evaluation") not in html
    replied = make(State.REPLIED)
    html = office.get(reverse("admin:suggestions_suggestion_change", args=[replied.pk])).content.decode()
    assert entry_url(replied, "evaluation") in html and entry_url(replied, "reply") not in html


# ---- timeline, ledger, history show 由人大办代录 with the staff member's name -------------------------


@pytest.fixture
def entered(make, staff, unit, co_unit, lead_deputy):
    item = make(State.ASSIGNED, co_units=[co_unit])
    services.contact_record(item, actor=staff, on_behalf_of=unit, form="phone")
    services.co_opinion_submit(item, actor=staff, on_behalf_of=co_unit, text="同意。")
    workflow.apply(item, Transition.REPLY, actor=staff, on_behalf_of=unit, text="已解决。", result_class="A")
    workflow.apply(item, Transition.EVALUATE, actor=staff, on_behalf_of=lead_deputy, rating=Rating.SATISFIED)
    return item


def test_the_timeline_marks_each_entry_with_the_staff_member(office, entered, client, lead_user):
    html = office.get(reverse("admin:suggestions_suggestion_change", args=[entered.pk])).content.decode()
    assert html.count(f"{MARK}：李娜") == 4  # contact, co-opinion, reply, rating
    assert "由人大办代录（代镇农业综合服务中心）" in html  # the workflow record names the unit
    client.force_login(lead_user)
    portal = client.get(reverse("suggestions:mine_detail", args=[entered.pk])).content.decode()
    assert f"{MARK}：李娜" in portal


def test_the_ledger_and_its_export_show_who_entered_what(office, entered):
    html = office.get(reverse("admin:suggestions_suggestion_changelist")).content.decode()
    assert MARK in html and "答复：李娜" in html and "测评：李娜" in html
    response = office.post(
        reverse("admin:suggestions_suggestion_export"),
        {"format": "0", "resource": "0", **{f"ledgerresource_{f}": "on" for f in ("number", "on_behalf")}},
    )
    sheet = sheet_of(response.content)
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    column = rows[0].index(MARK)
    cell = rows[1][column]
    assert "答复：李娜" in cell and "协办意见（查汗庙嘎查）：李娜" in cell and "测评：李娜" in cell


def test_the_lead_units_own_steps_are_not_marked(make, unit_user, client):
    item = make(State.ASSIGNED)
    services.contact_record(item, actor=unit_user, form="phone")
    workflow.apply(item, Transition.REPLY, actor=unit_user, text="已解决。", result_class="A")
    round_ = fresh(item).current_round
    assert not round_.reply.on_behalf and not round_.contacts.get().on_behalf
