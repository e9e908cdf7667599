"""Outside proposers' items (domain.md §4): replied 30 days without an evaluation, staff close them with
the reason; the daily job lists them for staff."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from suggestions import notifications, time_limits, workflow
from suggestions.choices import Source, State, Transition
from suggestions.models import Notification, Suggestion
from suggestions.workflow import TransitionError
from tests.factories import DeputyFactory

from .factories import advance, register

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2023, 8, 31)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: TODAY)


def outside_item(staff, unit, *, days_ago, source=Source.BANNER_CPPCC, proposer="旗政协委员"):
    """An item of an outside proposer (no lead deputy) replied ``days_ago`` days before today."""
    item = register(staff, external_proposer=proposer, source=source, received_on=D(2023, 3, 1))
    replied_on = TODAY - datetime.timedelta(days=days_ago)
    return advance(
        item, State.REPLIED, actor=staff, unit=unit, assigned_on=D(2023, 3, 5), replied_on=replied_on
    )


SOURCES = [
    (Source.BANNER_DEPUTY, "旗人大代表（乌审召镇选区）"),
    (Source.BANNER_CPPCC, "旗政协委员（农牧业界别）"),
    (Source.VOTER_OPINION, "选民（社情民意）"),
]


@pytest.mark.parametrize(("source", "proposer"), SOURCES)
@pytest.mark.parametrize(("days_ago", "closable"), [(29, False), (30, True), (31, True)])
def test_staff_close_an_unrated_reply_from_the_30th_day(staff, unit, source, proposer, days_ago, closable):
    item = outside_item(staff, unit, days_ago=days_ago, source=source, proposer=proposer)
    assert (item in time_limits.awaiting_close()) is closable
    refusal = workflow.refusal(item, Transition.CLOSE, staff)
    if not closable:
        assert "2023年9月1日" in refusal  # the first day it may be closed
        with pytest.raises(TransitionError):
            workflow.apply(item, Transition.CLOSE, actor=staff, reason="提出人未反馈测评意见")
        return
    assert refusal is None
    event = workflow.apply(item, Transition.CLOSE, actor=staff, reason="提出人未反馈测评意见")
    assert Suggestion.objects.get(pk=item.pk).state == State.CLOSED
    assert event.note == "提出人未反馈测评意见" and event.data["without_evaluation"] is True


def test_closing_an_unrated_reply_needs_the_reason(staff, unit):
    item = outside_item(staff, unit, days_ago=45)
    with pytest.raises(TransitionError) as refused:
        workflow.apply(item, Transition.CLOSE, actor=staff, reason="  ")
    assert "reason" in refused.value.message_dict
    assert Suggestion.objects.get(pk=item.pk).state == State.REPLIED


def test_a_voters_opinion_taken_up_by_a_deputy_waits_for_the_deputys_rating(staff, unit, term):
    item = register(staff, lead_deputy=DeputyFactory(term=term), source=Source.VOTER_OPINION)
    advance(item, State.REPLIED, actor=staff, unit=unit, replied_on=TODAY - datetime.timedelta(days=90))
    assert item not in time_limits.awaiting_close()
    with pytest.raises(TransitionError):
        workflow.apply(item, Transition.CLOSE, actor=staff, reason="未测评")


def test_only_staff_close_it(staff, unit, unit_user, member_user):
    item = outside_item(staff, unit, days_ago=40)
    assert workflow.available(item, unit_user) == []
    assert Transition.CLOSE not in workflow.available(item, member_user)


def test_the_daily_job_tells_staff_once_and_lists_them_every_day(staff, unit, mailoutbox):
    due = outside_item(staff, unit, days_ago=30, proposer="旗人大代表")
    outside_item(staff, unit, days_ago=29)
    closed = outside_item(staff, unit, days_ago=60)
    workflow.apply(closed, Transition.CLOSE, actor=staff, reason="提出人未反馈测评意见")

    assert notifications.send_close_notices() == [due]
    notice = Notification.objects.get(user=staff)
    assert due.number in notice.text and "30" in notice.text
    assert notice.link == reverse("admin:suggestions_suggestion_change", args=[due.pk])
    assert len(mailoutbox) == 1

    out = io.StringIO()
    call_command("send_deadline_reminders", stdout=out)
    assert f"{due.number} {due.title}" in out.getvalue()  # listed again ...
    assert Notification.objects.filter(user=staff).count() == 1  # ... but told only once


def test_staff_close_it_from_its_admin_page_with_the_reason_shown_in_the_record(client, staff, unit):
    item = outside_item(staff, unit, days_ago=35)
    client.force_login(staff)
    ledger = client.get(reverse("admin:suggestions_suggestion_changelist") + "?closable=1")
    assert ledger.context["cl"].result_count == 1
    url = reverse("admin:suggestions_suggestion_transition", args=[item.pk, "close"])
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 200 and refused.context["form"].errors["reason"]
    assert client.post(url, {"reason": "答复已报旗政协，提出人未反馈测评意见"}).status_code == 302
    page = client.get(reverse("admin:suggestions_suggestion_change", args=[item.pk])).content.decode()
    assert "答复已报旗政协，提出人未反馈测评意见" in page


def test_the_ledger_export_gives_the_reason_it_was_closed(staff, unit):
    from suggestions import selectors
    from suggestions.importers import LedgerResource

    item = outside_item(staff, unit, days_ago=35)
    workflow.apply(item, Transition.CLOSE, actor=staff, reason="提出人未反馈测评意见")
    sheet = LedgerResource().export(selectors.ledger())
    row = dict(zip(sheet.headers, sheet[0], strict=True))
    assert row["办理状态"] == "已办结" and row["备注"] == "提出人未反馈测评意见"
