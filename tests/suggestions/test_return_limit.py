"""退办: a unit returns an item only within 7 working days of the assignment; staff may still re-assign it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from congress.models import DayKind, WorkCalendarDay
from suggestions import time_limits, workflow
from suggestions.choices import State, Transition
from suggestions.models import Notification
from suggestions.workflow import TransitionError

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def today(monkeypatch):
    """today(date): make ``date`` the platform's today."""

    def set_today(day):
        monkeypatch.setattr(timezone, "localdate", lambda *args: day)

    return set_today


def attempt_return(item, actor):
    try:
        workflow.apply(item, Transition.RETURN, actor=actor, reason="不属本单位职责")
    except TransitionError as error:
        return " ".join(error.messages)
    return "returned"


# Assigned on → the last day to return: (the day before, the day itself are fine; the day after is not)
@pytest.mark.parametrize(
    ("assigned_on", "last_day", "next_day", "in_words"),
    [
        pytest.param(D(2023, 11, 3), D(2023, 11, 14), D(2023, 11, 15), "2023年11月14日", id="a Friday"),
        pytest.param(D(2023, 9, 22), D(2023, 10, 9), D(2023, 10, 10), "2023年10月9日", id="National Day"),
    ],
)
def test_the_unit_returns_within_seven_working_days_and_not_a_day_later(
    make, unit_user, today, assigned_on, last_day, next_day, in_words
):
    item = make(State.ASSIGNED, assigned_on=assigned_on)
    assert time_limits.return_deadline(item.current_round) == last_day
    today(next_day)
    refused = attempt_return(item, unit_user)
    assert f"退办期限已于{in_words}届满" in refused
    assert item.current_round.returned_at is None
    today(last_day)
    assert attempt_return(item, unit_user) == "returned"


def test_a_year_the_package_does_not_know_counts_the_holidays_staff_entered(make, unit_user, today):
    item = make(State.ASSIGNED, assigned_on=D(2026, 12, 31))  # a Thursday; 2027 is not in the package
    today(D(2027, 1, 12))
    assert "2027年1月11日" in attempt_return(item, unit_user)  # 1 January counted as a working day
    WorkCalendarDay.objects.create(date=D(2027, 1, 1), kind=DayKind.HOLIDAY, name="元旦")
    assert attempt_return(item, unit_user) == "returned"


def test_after_the_limit_the_portal_offers_no_return_and_says_when_it_ran_out(client, make, unit_user, today):
    item = make(State.ASSIGNED, assigned_on=D(2023, 9, 22))
    client.force_login(unit_user)
    url = reverse("suggestions:unit_detail", args=[item.pk])
    today(D(2023, 10, 9))
    html = client.get(url).content.decode()
    assert 'name="return-reason"' in html and "2023年10月9日" in html
    today(D(2023, 10, 10))
    html = client.get(url).content.decode()
    assert 'name="return-reason"' not in html
    assert "退办期限已于2023年10月9日届满" in html
    response = client.post(
        reverse("suggestions:unit_return", args=[item.pk]), {"return-reason": "不属本单位"}
    )
    assert "退办期限已于2023年10月9日届满" in response.content.decode()
    item.refresh_from_db()
    assert item.state == State.ASSIGNED


def test_staff_may_still_take_the_item_back_and_re_assign_it(
    make, staff, unit_user, other_unit, today, django_capture_on_commit_callbacks
):
    item = make(State.ASSIGNED, assigned_on=D(2023, 9, 22))
    today(D(2023, 12, 1))
    assert Transition.RETURN not in workflow.available(item, unit_user)
    assert Transition.RETURN in workflow.available(item, staff)
    with pytest.raises(TransitionError):
        workflow.apply(item, Transition.RETURN, actor=staff, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        event = workflow.apply(item, Transition.RETURN, actor=staff, reason="经主席团研究，改由镇综治办办理")
    assert event.data["by_staff"] is True
    # The unit hears that the office took it back (staff are not told of their own step).
    assert Notification.objects.filter(user=unit_user, text__contains="收回").exists()
    assert not Notification.objects.filter(user=staff).exists()
    workflow.apply(item, Transition.ASSIGN, actor=staff, lead_unit=other_unit, supervisor_leader="镇长")
    item.refresh_from_db()
    assert item.state == State.ASSIGNED and item.current_round.lead_unit == other_unit


def test_staff_take_an_item_back_from_its_admin_page(client, make, staff, today):
    item = make(State.ASSIGNED, assigned_on=D(2023, 9, 22))
    today(D(2023, 12, 1))
    client.force_login(staff)
    url = reverse("admin:suggestions_suggestion_transition", args=[item.pk, "return"])
    assert url in client.get(reverse("admin:suggestions_suggestion_change", args=[item.pk])).content.decode()
    assert client.post(url, {"reason": ""}).status_code == 200
    assert client.post(url, {"reason": "改由镇综治办办理"}).status_code == 302
    item.refresh_from_db()
    assert item.state == State.REGISTERED
    assert item.rounds.get().return_reason == "改由镇综治办办理"
