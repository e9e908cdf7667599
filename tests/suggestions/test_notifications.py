"""Who hears of what: e-mail through Django's backend and the in-app list."""

import datetime

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from congress.roles import Role
from suggestions import workflow
from suggestions.choices import Rating, State, Transition
from suggestions.models import Notification
from suggestions.notifications import send_deadline_reminders
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_assigning_tells_the_units_by_mail_and_in_app(
    make, staff, unit, co_unit, unit_user, co_unit_user, mailoutbox, django_capture_on_commit_callbacks
):
    item = make()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.apply(
            item, Transition.ASSIGN, actor=staff, lead_unit=unit, co_units=[co_unit], supervisor_leader="镇长"
        )
    assert sorted(m.to[0] for m in mailoutbox) == ["co-unit@township.local", "lead-unit@township.local"]
    assert item.number in mailoutbox[0].subject + mailoutbox[0].body
    notice = Notification.objects.get(user=unit_user)
    assert notice.link == reverse("suggestions:unit_detail", args=[item.pk]) and not notice.read
    assert Notification.objects.filter(user=co_unit_user).exists()


def test_nothing_is_sent_before_the_transaction_commits(
    make, staff, unit, mailoutbox, django_capture_on_commit_callbacks
):
    item = make()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        workflow.apply(item, Transition.ASSIGN, actor=staff, lead_unit=unit, supervisor_leader="镇长")
    assert mailoutbox == [] and Notification.objects.count() == 0
    assert len(callbacks) == 1


def test_a_reply_asks_the_lead_deputy_to_rate_it(
    make, staff, lead_user, mailoutbox, django_capture_on_commit_callbacks
):
    item = make(State.IN_HANDLING)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.apply(item, Transition.REPLY, actor=staff, text="已办理。", result_class="A")
    assert [m.to for m in mailoutbox] == [["lead@township.local"]]
    notice = Notification.objects.get(user=lead_user)
    assert notice.link == reverse("suggestions:evaluate", args=[item.pk])


def test_an_unsatisfied_rating_and_a_return_tell_staff(
    make, staff, lead_user, unit_user, mailoutbox, django_capture_on_commit_callbacks
):
    replied = make(State.REPLIED)
    assigned = make(State.ASSIGNED, assigned_on=timezone.localdate())
    with django_capture_on_commit_callbacks(execute=True):
        workflow.apply(
            replied, Transition.EVALUATE, actor=lead_user, rating=Rating.UNSATISFIED, comment="没解决"
        )
        workflow.apply(assigned, Transition.RETURN, actor=unit_user, reason="不属本单位")
    assert [m.to for m in mailoutbox] == [["staff@township.local"]] * 2
    assert Notification.objects.filter(user=staff).count() == 2


def test_reminders_go_seven_days_before_the_deadline_and_once_overdue(make, staff, unit_user, mailoutbox):
    today = datetime.date(2023, 6, 10)
    make(State.ASSIGNED, assigned_on=datetime.date(2023, 4, 1), deadline=today + datetime.timedelta(days=7))
    make(
        State.IN_HANDLING, assigned_on=datetime.date(2023, 3, 1), deadline=today - datetime.timedelta(days=1)
    )
    make(State.ASSIGNED, assigned_on=datetime.date(2023, 5, 1), deadline=today + datetime.timedelta(days=30))
    make(
        State.REPLIED,
        assigned_on=datetime.date(2023, 3, 1),
        deadline=today - datetime.timedelta(days=1),
        replied_on=datetime.date(2023, 5, 1),
    )
    assert send_deadline_reminders(today) == {"reminders": 1, "overdue": 1}
    assert {m.to[0] for m in mailoutbox} == {"staff@township.local", "lead-unit@township.local"}
    assert len(mailoutbox) == 4
    assert Notification.objects.filter(user=unit_user).count() == 2
    # Each round hears once.
    assert send_deadline_reminders(today + datetime.timedelta(days=1)) == {"reminders": 0, "overdue": 0}


def test_a_round_claimed_by_the_job_on_another_server_is_not_reminded_twice(
    make, staff, unit_user, mailoutbox, monkeypatch
):
    """Two app servers may both run the daily job: each round's reminder goes out once."""
    from suggestions import notifications

    today = datetime.date(2023, 6, 10)
    item = make(
        State.ASSIGNED, assigned_on=datetime.date(2023, 4, 1), deadline=today + datetime.timedelta(days=3)
    )
    claim = notifications.claim

    def claimed_elsewhere_first(round_, field, day):
        # The other server's run claims the round between this run's read and its claim.
        type(round_).objects.filter(pk=round_.pk).update(**{field: day})
        return claim(round_, field, day)

    monkeypatch.setattr(notifications, "claim", claimed_elsewhere_first)
    assert send_deadline_reminders(today) == {"reminders": 0, "overdue": 0}
    assert mailoutbox == []
    item.current_round.refresh_from_db()
    assert item.current_round.reminder_sent_on == today


def test_the_reminder_command_runs(make, capsys):
    call_command("send_deadline_reminders")
    assert "deadline reminders: 0" in capsys.readouterr().out


def test_the_notification_list_shows_the_users_own_and_marks_them_read(client, unit_user, lead_user):
    Notification.objects.create(user=unit_user, text="交办通知", link="/suggestions/unit/")
    Notification.objects.create(user=lead_user, text="别人的通知")
    client.force_login(unit_user)
    html = client.get(reverse("suggestions:notifications")).content.decode()
    assert "交办通知" in html and "别人的通知" not in html
    client.post(reverse("suggestions:notifications"))
    assert not Notification.objects.filter(user=unit_user, read=False).exists()
    assert Notification.objects.filter(user=lead_user, read=False).exists()


def test_the_notification_list_takes_the_same_queries_for_more(client, unit_user, django_assert_num_queries):
    client.force_login(unit_user)
    Notification.objects.create(user=unit_user, text="一")
    client.get(reverse("suggestions:notifications"))
    # The deputy link comes with the account (congress.accounts); with Redis the account itself comes
    # from the shared cache (congress/accounts/who.py), one query fewer.
    with django_assert_num_queries(5 if settings.SIGNED_IN_CACHE else 6) as few:
        client.get(reverse("suggestions:notifications"))
    Notification.objects.bulk_create([Notification(user=unit_user, text=f"通知{i}") for i in range(5)])
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(reverse("suggestions:notifications"))


def test_rating_the_reply_settles_the_deputys_notice_to_rate_it(
    make, staff, lead_user, django_capture_on_commit_callbacks
):
    item = make(State.IN_HANDLING)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.apply(item, Transition.REPLY, actor=staff, text="已办理。", result_class="A")
    assert Notification.objects.filter(user=lead_user, read=False).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        workflow.apply(item, Transition.EVALUATE, actor=lead_user, rating=Rating.SATISFIED)
    assert not Notification.objects.filter(user=lead_user, read=False).exists()


def test_the_units_reply_settles_its_assignment_notice_for_every_user_of_the_unit(
    make, staff, unit, unit_user, django_capture_on_commit_callbacks
):
    colleague = UserFactory(username="unit-lead-2", role=Role.UNIT)
    unit.users.add(colleague)
    item = make()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.apply(item, Transition.ASSIGN, actor=staff, lead_unit=unit, supervisor_leader="镇长")
    assert Notification.objects.filter(user__in=[unit_user, colleague], read=False).count() == 2
    unrelated = Notification.objects.create(user=unit_user, text="另一件", link="/suggestions/unit/999999/")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.apply(item, Transition.REPLY, actor=unit_user, text="已办理。", result_class="A")
    assert list(Notification.objects.filter(user__in=[unit_user, colleague], read=False)) == [unrelated]


def test_a_co_handling_units_opinion_settles_its_own_notice_only(
    make, staff, unit, co_unit, unit_user, co_unit_user, django_capture_on_commit_callbacks
):
    from suggestions import services

    item = make()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.apply(
            item, Transition.ASSIGN, actor=staff, lead_unit=unit, co_units=[co_unit], supervisor_leader="镇长"
        )
    services.co_opinion_submit(item, actor=co_unit_user, text="同意。")
    assert not Notification.objects.filter(user=co_unit_user, read=False).exists()
    assert Notification.objects.filter(user=unit_user, read=False).count() == 1


def test_a_new_round_is_heard_after_the_old_notices_are_settled(
    make, staff, unit, unit_user, lead_user, django_capture_on_commit_callbacks
):
    item = make(State.REPLIED)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.apply(
            item, Transition.EVALUATE, actor=lead_user, rating=Rating.UNSATISFIED, comment="没解决"
        )
    assert Notification.objects.filter(user=staff, read=False).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        workflow.apply(item, Transition.REHANDLE, actor=staff, lead_unit=unit, supervisor_leader="镇长")
    assert not Notification.objects.filter(user=staff, read=False).exists()
    assert Notification.objects.filter(user=unit_user, read=False).count() == 1


def test_opening_a_notice_marks_it_read_and_leads_to_its_page(client, unit_user, lead_user):
    notice = Notification.objects.create(user=unit_user, text="交办通知", link="/suggestions/unit/")
    other = Notification.objects.create(user=unit_user, text="另一条", link="/suggestions/unit/")
    client.force_login(unit_user)
    html = client.get(reverse("suggestions:notifications")).content.decode()
    assert reverse("suggestions:notification_open", args=[notice.pk]) in html
    response = client.get(reverse("suggestions:notification_open", args=[notice.pk]))
    assert response.status_code == 302 and response["Location"] == "/suggestions/unit/"
    notice.refresh_from_db()
    other.refresh_from_db()
    assert notice.read and not other.read


def test_nobody_opens_anothers_notice_nor_leaves_the_site_through_one(client, unit_user, lead_user):
    theirs = Notification.objects.create(user=lead_user, text="别人的", link="/suggestions/mine/")
    outside = Notification.objects.create(user=unit_user, text="外链", link="https://example.com/")
    client.force_login(unit_user)
    assert client.get(reverse("suggestions:notification_open", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert not theirs.read
    response = client.get(reverse("suggestions:notification_open", args=[outside.pk]))
    assert response["Location"] == reverse("suggestions:notifications")


def test_a_notice_is_shown_in_the_reader_s_language_whenever_it_is_read(
    make, staff, unit, unit_user, mailoutbox, django_capture_on_commit_callbacks
):
    from django.utils import translation

    item = make()
    with (
        translation.override("en"),
        django_capture_on_commit_callbacks(execute=True),
    ):  # staff work in English
        workflow.apply(item, Transition.ASSIGN, actor=staff, lead_unit=unit, supervisor_leader="镇长")
    notice = Notification.objects.get(user=unit_user)
    deadline = item.current_round.deadline
    # Sent, stored and mailed in the platform's language …
    assert "交办" in notice.text
    assert notice.text in mailoutbox[0].body
    # … and shown in each reader's, the deadline as their language writes dates.
    with translation.override("en"):
        assert notice.shown.startswith(f"Suggestion {item.number}")
        assert f"{deadline:%b} {deadline.day}, {deadline.year}" in notice.shown
    with translation.override("zh-hans"):
        assert notice.shown == notice.text.replace(
            deadline.isoformat(), f"{deadline.year}年{deadline.month}月{deadline.day}日"
        )


def test_a_notice_written_before_the_switch_keeps_its_text(db, unit_user):
    from django.utils import translation

    old = Notification.objects.create(user=unit_user, text="建议2022-001已交办，请于2022-05-01前答复。")
    with translation.override("en"):
        assert old.shown == old.text
