"""督办记录: the presidium member supervising an item (领衔督办) writes supervision notes on it; the unit
and staff see them; members write nothing else."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from congress.roles import Role
from suggestions import selectors, supervision, workflow
from suggestions.choices import Rating, State, SupervisionForm, Transition
from suggestions.importers import LedgerResource
from suggestions.models import Suggestion, SupervisionNote
from tests.factories import PresidiumMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    """A fixed today: the dates below are counted from it (and no run straddles midnight)."""
    monkeypatch.setattr(timezone, "localdate", lambda *args: TODAY)


def days_ago(n):
    return TODAY - datetime.timedelta(days=n)


@pytest.fixture
def chair_user(db):
    return UserFactory(username="chair", role=Role.MEMBER, password=None)


@pytest.fixture
def chair_seat(term, chair_user):
    return PresidiumMembershipFactory(term=term, role="chair", deputy__name="王宝平", deputy__user=chair_user)


@pytest.fixture
def other_member(term):
    user = UserFactory(username="member-2", role=Role.MEMBER, password=None)
    PresidiumMembershipFactory(term=term, role="member", deputy__name="额尔敦", deputy__user=user)
    return user


@pytest.fixture
def supervised(make, chair_seat):
    """make_supervised(state) → an item assigned 40 days ago under the chair's supervision, walked to ``state``."""

    def build(state=State.IN_HANDLING, **round_data):
        item = make(State.REGISTERED)
        workflow.apply(
            item,
            Transition.ASSIGN,
            actor=item.events.get().actor,
            lead_unit=round_data.pop("unit"),
            assigned_on=days_ago(40),
            supervisor_member=chair_seat,
        )
        if state != State.ASSIGNED:
            workflow.apply(item, Transition.START, actor=item.events.first().actor, form="phone")
        return item

    return build


@pytest.fixture
def item(supervised, unit):
    return supervised(unit=unit)


def note_url(item):
    return reverse("admin:suggestions_suggestion_supervision_note", args=[item.pk])


def post_note(client, item, **data):
    form = {
        "date": days_ago(3).isoformat(),
        "form": "meeting",
        "text": "约见承办单位负责人，要求月底前拿出方案。",
    }
    return client.post(note_url(item), {**form, **data})


def test_the_supervising_member_writes_a_note_with_its_date_and_form(client, item, chair_user, chair_seat):
    client.force_login(chair_user)
    page = client.get(reverse("admin:suggestions_suggestion_change", args=[item.pk])).content.decode()
    assert note_url(item) in page
    response = post_note(client, item)
    assert response.status_code == 302
    note = SupervisionNote.objects.get()
    assert (note.suggestion, note.round, note.member) == (item, item.current_round, chair_seat)
    assert (note.date, note.form, note.recorded_by, note.on_behalf) == (
        days_ago(3),
        "meeting",
        chair_user,
        False,
    )
    assert note.history.get().history_user == chair_user


def test_a_member_who_does_not_supervise_the_item_cannot_write_on_it(client, item, other_member):
    client.force_login(other_member)
    page = client.get(reverse("admin:suggestions_suggestion_change", args=[item.pk])).content.decode()
    assert note_url(item) not in page  # members see every item, but write only on their own
    assert client.get(note_url(item)).status_code == 404
    assert post_note(client, item).status_code == 404
    with pytest.raises(PermissionDenied):
        supervision.supervision_note_record(item, actor=other_member, date=TODAY, form="visit", text="看看")
    assert not SupervisionNote.objects.exists()


def test_members_stay_read_only_everywhere_else(client, item, chair_user):
    client.force_login(chair_user)
    post_note(client, item)
    note = SupervisionNote.objects.get()
    change = reverse("admin:suggestions_suggestion_change", args=[item.pk])
    assert client.post(change, {"title": "改标题"}).status_code == 403
    assert (
        client.get(reverse("admin:suggestions_suggestion_transition", args=[item.pk, "reply"])).status_code
        == 403
    )
    assert client.get(reverse("admin:suggestions_supervisionnote_add")).status_code == 403
    note_change = reverse("admin:suggestions_supervisionnote_change", args=[note.pk])
    assert client.post(note_change, {"date": TODAY, "form": "other", "text": "改"}).status_code == 403
    assert SupervisionNote.objects.get().text == note.text
    assert Suggestion.objects.get(pk=item.pk).title == item.title


def test_staff_record_a_note_on_the_members_behalf(client, item, staff, chair_seat):
    client.force_login(staff)
    page = client.get(note_url(item)).content.decode()
    assert "王宝平" in page and "代" in page  # whose note it is
    post_note(client, item, form="deadline", text="电话催办，承办单位承诺本周内答复。")
    note = SupervisionNote.objects.get()
    assert note.member == chair_seat and note.recorded_by == staff and note.on_behalf
    timeline = client.get(reverse("admin:suggestions_suggestion_change", args=[item.pk])).content.decode()
    assert "电话催办" in timeline and "人大办代录" in timeline


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"text": "  "}, "text"),
        ({"date": (TODAY + datetime.timedelta(days=1)).isoformat()}, "date"),
        ({"date": days_ago(41).isoformat()}, "date"),  # before the assignment
        ({"form": "phone"}, "form"),
    ],
)
def test_a_note_needs_its_text_and_a_date_between_the_assignment_and_today(
    client, item, chair_user, data, field
):
    client.force_login(chair_user)
    response = post_note(client, item, **data)
    assert response.status_code == 200 and response.context["form"].errors[field]
    assert not SupervisionNote.objects.exists()


def test_no_note_before_the_assignment_or_after_closing(client, make, chair_user, chair_seat, staff):
    registered = make()
    closed = make(State.EVALUATED, rating=Rating.SATISFIED)
    closed.current_round.supervisor_member = chair_seat
    closed.current_round.save()
    workflow.apply(closed, Transition.CLOSE, actor=staff)
    client.force_login(staff)
    assert client.get(note_url(registered)).status_code == 404
    assert client.get(note_url(closed)).status_code == 404


def test_a_new_round_with_another_supervisor_ends_the_old_supervisors_notes(
    client, make, chair_user, chair_seat, other_member, staff
):
    item = make(State.EVALUATED, rating=Rating.UNSATISFIED)
    item.current_round.supervisor_member = chair_seat
    item.current_round.save()
    assert supervision.may_write(chair_user, item)
    other_seat = other_member.deputy.presidium_memberships.get()
    workflow.apply(item, Transition.REHANDLE, actor=staff, supervisor_member=other_seat, assigned_on=TODAY)
    assert not supervision.may_write(chair_user, item)
    assert supervision.may_write(other_member, item)


def test_the_unit_sees_the_notes_in_its_timeline_and_the_deputy_does_not(
    client, item, chair_user, unit_user, lead_user
):
    supervision.supervision_note_record(
        item, actor=chair_user, date=days_ago(5), form="visit", text="实地察看牧道。"
    )
    client.force_login(unit_user)
    html = client.get(reverse("suggestions:unit_detail", args=[item.pk])).content.decode()
    assert "实地察看牧道。" in html and "王宝平" in html
    client.force_login(lead_user)
    assert (
        "实地察看牧道。"
        not in client.get(reverse("suggestions:mine_detail", args=[item.pk])).content.decode()
    )


def test_the_admin_page_shows_the_latest_note_and_how_long_ago(client, item, chair_user, staff):
    supervision.supervision_note_record(
        item, actor=chair_user, date=days_ago(20), form="visit", text="第一次督办。"
    )
    supervision.supervision_note_record(
        item, actor=chair_user, date=days_ago(12), form="deadline", text="再次催办。"
    )
    client.force_login(staff)
    html = client.get(reverse("admin:suggestions_suggestion_change", args=[item.pk])).content.decode()
    latest = html[html.index("field-latest_supervision") :]
    assert "再次催办。" in latest[:600] and "12天前" in latest[:600]
    assert "第一次督办。" in html  # every note stays in the timeline


def test_the_ledger_export_gives_the_latest_note_and_the_days_since(item, make, chair_user):
    supervision.supervision_note_record(
        item, actor=chair_user, date=days_ago(9), form="meeting", text="约谈单位。"
    )
    make()
    sheet = LedgerResource().export(selectors.ledger().order_by("pk"))
    rows = [dict(zip(sheet.headers, row, strict=True)) for row in sheet]
    assert rows[0]["最新督办记录"] == f"{days_ago(9).isoformat()} 约见承办单位（王宝平）：约谈单位。"
    assert rows[0]["距最新督办天数"] == 9
    assert rows[1]["最新督办记录"] == "" and rows[1]["距最新督办天数"] == ""


def test_the_dashboard_panel_shows_each_open_items_latest_note(client, item, chair_user, staff):
    supervision.supervision_note_record(
        item, actor=chair_user, date=days_ago(2), form="visit", text="现场督办。"
    )
    client.force_login(staff)
    html = client.get(reverse("admin:index")).content.decode()
    row = html[html.index("supervision-row") :]
    assert f"{days_ago(2).isoformat()} 实地督查（王宝平） · 2天前" in row[:1500]


def test_the_daily_list_of_notes_reads_them_in_one_query(
    item, supervised, unit, chair_user, django_assert_num_queries
):
    for other in (item, supervised(unit=unit), supervised(unit=unit)):
        supervision.supervision_note_record(
            other, actor=chair_user, date=days_ago(1), form=SupervisionForm.OTHER, text="x"
        )
    items = list(Suggestion.objects.prefetch_related(selectors.notes_prefetch()))
    with django_assert_num_queries(0):
        assert all(supervision.latest_note(s).text == "x" for s in items)


def test_the_lead_unit_hears_of_each_note(item, chair_user, unit_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        supervision.supervision_note_record(
            item, actor=chair_user, date=TODAY, form="deadline", text="催办。"
        )
    notice = unit_user.notifications.get()
    assert "王宝平" in notice.text and "催办" in notice.text
    assert notice.link == reverse("suggestions:unit_detail", args=[item.pk])
