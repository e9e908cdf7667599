"""The portal home: where a signed-in user lands, and what a deputy or a handling unit sees there."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from congress.roles import Role
from deputies.models import AttendanceStatus
from suggestions.choices import State
from suggestions.models import Notification
from tests.deputies.factories import ActivityFactory, AttendanceFactory, ReceptionFactory
from tests.factories import PASSWORD, DeputyFactory, UserFactory
from tests.suggestions.factories import HandlingUnitFactory, advance, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):
    return UserFactory(username="renda-staff", role=Role.STAFF, password=None)


@pytest.fixture
def deputy(term):
    return DeputyFactory(term=term, name="乌云其其格", user=UserFactory(username="wuyun", role=Role.DEPUTY))


@pytest.fixture
def other_deputy(term):
    return DeputyFactory(term=term, name="巴特尔", user=UserFactory(username="bateer", role=Role.DEPUTY))


@pytest.fixture
def unit_user(db):
    return UserFactory(username="nongye", role=Role.UNIT)


@pytest.fixture
def unit(unit_user):
    return HandlingUnitFactory(name="镇农业综合服务中心", users=[unit_user])


@pytest.fixture
def other_unit(db):
    return HandlingUnitFactory(name="镇综治办", users=[UserFactory(username="zongzhi", role=Role.UNIT)])


def item(staff, deputy, unit, state, title):
    suggestion = register(staff, lead_deputy=deputy, title=title)
    return advance(suggestion, state, actor=staff, unit=unit)


def portal(client, user):
    client.force_login(user)
    response = client.get(reverse("portal"))
    assert response.status_code == 200
    return response.content.decode()


# ---- who gets in, and where signing in leads ------------------------------------------------


def test_an_anonymous_visitor_is_sent_to_sign_in(client, township):
    response = client.get(reverse("portal"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={reverse('portal')}"


def test_staff_without_a_portal_go_to_the_admin(client, township, staff):
    client.force_login(staff)
    response = client.get(reverse("portal"))
    assert response.status_code == 302 and response["Location"] == reverse("admin:index")


def test_an_account_without_a_role_has_no_portal(client, township):
    client.force_login(UserFactory(username="nobody"))
    assert client.get(reverse("portal")).status_code == 404


@pytest.mark.parametrize(
    ("role", "landing"),
    [(Role.DEPUTY, "/portal/"), (Role.UNIT, "/portal/"), (Role.STAFF, "/admin/"), (None, "/")],
)
def test_signing_in_leads_each_user_where_they_work(client, township, role, landing):
    UserFactory(username="someone", role=role)
    response = client.post(reverse("login"), {"username": "someone", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == landing


def test_signing_in_from_a_page_returns_to_that_page(client, township, deputy):
    response = client.post(
        f"{reverse('login')}?next=/suggestions/mine/", {"username": "wuyun", "password": PASSWORD}
    )
    assert response["Location"] == "/suggestions/mine/"


def test_signing_in_never_leads_to_another_site(client, township, deputy):
    response = client.post(
        f"{reverse('login')}?next=https://example.com/", {"username": "wuyun", "password": PASSWORD}
    )
    assert response["Location"] == reverse("portal")


def test_a_signed_in_deputy_opening_the_sign_in_page_goes_to_the_portal(client, township, deputy):
    client.force_login(deputy.user)
    response = client.get(reverse("login"))
    assert response.status_code == 302 and response["Location"] == reverse("portal")


def test_the_navigation_shows_the_portal_to_deputies_only(client, township, deputy, staff):
    assert reverse("portal") not in client.get(reverse("home")).content.decode()
    client.force_login(deputy.user)
    assert f'href="{reverse("portal")}"' in client.get(reverse("home")).content.decode()
    client.force_login(staff)
    html = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("portal")}"' not in html and f'href="{reverse("admin:index")}"' in html


# ---- the deputy's portal home ----------------------------------------------------------------


def test_a_deputy_sees_the_replies_waiting_for_their_rating_with_a_link_to_rate(
    client, township, staff, deputy, unit
):
    replied = item(staff, deputy, unit, State.REPLIED, "关于修缮嘎查道路的建议")
    item(staff, deputy, unit, State.EVALUATED, "关于已经测评的建议")
    html = portal(client, deputy.user)
    section = html.split('id="rate-heading"')[1].split("</section>")[0]
    assert "关于修缮嘎查道路的建议" in section
    assert reverse("suggestions:evaluate", args=[replied.pk]) in section
    assert "关于已经测评的建议" not in section


def test_a_deputy_sees_only_their_own_items(client, township, staff, deputy, other_deputy, unit):
    item(staff, deputy, unit, State.REPLIED, "乌云其其格的建议")
    item(staff, other_deputy, unit, State.REPLIED, "巴特尔的建议")
    activity = ActivityFactory(term=deputy.term, title="巴特尔受邀的视察", start_date=timezone.localdate())
    AttendanceFactory(activity=activity, deputy=other_deputy, status=AttendanceStatus.INVITED)
    Notification.objects.create(user=other_deputy.user, text="巴特尔的通知")
    html = portal(client, deputy.user)
    assert "乌云其其格的建议" in html
    for others in ("巴特尔的建议", "巴特尔受邀的视察", "巴特尔的通知"):
        assert others not in html


def test_a_co_signed_suggestion_is_listed_but_not_offered_for_rating(
    client, township, staff, deputy, other_deputy, unit
):
    suggestion = register(staff, lead_deputy=other_deputy, title="共同提出的建议", co_signers=[deputy])
    advance(suggestion, State.REPLIED, actor=staff, unit=unit)
    html = portal(client, deputy.user)
    assert "共同提出的建议" in html.split('id="suggestions-heading"')[1]
    assert "共同提出的建议" not in html.split('id="rate-heading"')[1].split("</section>")[0]


def test_a_deputy_sees_the_activities_ahead_they_are_invited_to(client, township, deputy):
    today = timezone.localdate()
    ahead = ActivityFactory(
        term=deputy.term, title="下周的视察", start_date=today + datetime.timedelta(days=7)
    )
    past = ActivityFactory(
        term=deputy.term, title="去年的调研", start_date=today - datetime.timedelta(days=365)
    )
    AttendanceFactory(activity=ahead, deputy=deputy, status=AttendanceStatus.INVITED)
    AttendanceFactory(activity=past, deputy=deputy, status=AttendanceStatus.PRESENT)
    html = portal(client, deputy.user)
    section = html.split('id="upcoming-heading"')[1].split("</section>")[0]
    assert "下周的视察" in section and "去年的调研" not in section


def test_the_portal_shows_the_duty_record_of_the_latest_year_with_pending_receptions(
    client, township, deputy
):
    activity = ActivityFactory(term=deputy.term, start_date=datetime.date(2022, 4, 12))
    AttendanceFactory(activity=activity, deputy=deputy, status=AttendanceStatus.PRESENT)
    ReceptionFactory(term=deputy.term, deputies=[deputy], date=datetime.date(2022, 5, 10), confirmed=False)
    html = portal(client, deputy.user)
    section = html.split('id="record-heading"')[1].split("</section>")[0]
    assert "2022年履职档案" in html
    assert "等待人大主席团办公室确认" in section
    assert reverse("deputies:my_record") in section


def test_the_reception_log_form_posts_to_the_deputies_log(client, township, deputy):
    html = portal(client, deputy.user)
    assert f'action="{reverse("deputies:log_reception")}"' in html
    assert f'value="{timezone.localdate().isoformat()}"' in html  # today, ready to change


def test_a_deputy_account_not_linked_to_the_roster_is_told_what_to_do(client, township):
    html = portal(client, UserFactory(username="new-deputy", role=Role.DEPUTY))
    assert "尚未关联代表名册中的代表" in html


def test_an_empty_portal_says_what_will_appear(client, township, deputy):
    html = portal(client, deputy.user)
    assert "暂无待测评的答复" in html
    assert "近期没有邀请您参加的活动" in html
    assert "您还没有登记的建议" in html


def test_the_portal_makes_the_same_number_of_queries_as_a_deputys_items_grow(
    client, township, staff, deputy, unit
):
    client.force_login(deputy.user)

    def add(count):
        for n in range(count):
            item(staff, deputy, unit, State.REPLIED, f"建议{n}")
            activity = ActivityFactory(term=deputy.term, start_date=timezone.localdate())
            AttendanceFactory(activity=activity, deputy=deputy, status=AttendanceStatus.INVITED)

    add(1)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("portal"))
    add(5)
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("portal"))
    assert len(large) == len(small)


# ---- the handling unit's portal home ---------------------------------------------------------


def test_a_unit_sees_only_the_open_items_assigned_to_it(
    client, township, staff, deputy, unit, unit_user, other_unit
):
    open_item = item(staff, deputy, unit, State.IN_HANDLING, "本单位办理中的建议")
    item(staff, deputy, unit, State.CLOSED, "本单位已办结的建议")
    item(staff, deputy, other_unit, State.ASSIGNED, "其他单位的建议")
    html = portal(client, unit_user)
    section = html.split('id="unit-heading"')[1].split("</section>")[0]
    assert "本单位办理中的建议" in section
    assert reverse("suggestions:unit_detail", args=[open_item.pk]) in section
    assert "本单位已办结的建议" not in section
    assert "其他单位的建议" not in html
    assert "已答复或办结 1 件" in section


def test_an_overdue_item_is_marked_for_the_unit(client, township, staff, deputy, unit, unit_user):
    suggestion = register(staff, lead_deputy=deputy, title="超期的建议")
    advance(
        suggestion,
        State.ASSIGNED,
        actor=staff,
        unit=unit,
        assigned_on=datetime.date(2022, 1, 20),
        deadline=datetime.date(2022, 4, 20),
    )
    assert "已超期" in portal(client, unit_user)
