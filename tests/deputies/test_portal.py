"""A deputy's portal: their own duty record only, and logging a reception for staff to confirm."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from deputies.models import Activity, AttendanceReply, AttendanceStatus, Outcome, Reception
from tests.factories import DeputyFactory

from .factories import ReceptionFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def deputy_client(client, deputy_user):
    client.force_login(deputy_user)
    return client


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for name in ["my_record", "log_reception"]:
        response = client.get(reverse(f"deputies:{name}"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_a_deputy_sees_their_own_record_of_the_year_asked(deputy_client, deputy_user, term):
    own = deputy_user.deputy
    other = DeputyFactory(term=term, name="别人")
    ReceptionFactory(term=term, deputies=[own], date=D(2022, 5, 10), place="代表之家")
    ReceptionFactory(term=term, deputies=[other], date=D(2022, 6, 10), place="别人的接待点")
    response = deputy_client.get(reverse("deputies:my_record"), {"year": 2022})
    assert response.status_code == 200
    assert response.context["record"].deputy == own
    page = response.content.decode()
    assert "代表之家" in page
    assert "别人的接待点" not in page


def test_a_deputy_opening_another_deputy_s_record_gets_404(deputy_client, term):
    other = DeputyFactory(term=term)
    assert deputy_client.get(reverse("deputies:record", args=[other.pk, 2022])).status_code == 404


def test_a_signed_in_user_who_is_not_a_deputy_gets_404(client, staff_user):
    client.force_login(staff_user)
    assert client.get(reverse("deputies:my_record")).status_code == 404


def test_a_bad_year_answers_404(deputy_client):
    assert deputy_client.get(reverse("deputies:my_record"), {"year": "abc"}).status_code == 404


def test_the_record_defaults_to_the_latest_year_with_records(deputy_client, deputy_user, term):
    ReceptionFactory(term=term, deputies=[deputy_user.deputy], date=D(2022, 5, 10))
    assert deputy_client.get(reverse("deputies:my_record")).context["record"].year == 2022


def test_the_reception_page_fills_in_today_as_the_portal_home_does(deputy_client):
    html = deputy_client.get(reverse("deputies:log_reception")).content.decode()
    assert f'value="{timezone.localdate().isoformat()}"' in html


def test_a_logged_reception_is_saved_unconfirmed_with_the_deputy_on_duty(deputy_client, deputy_user):
    response = deputy_client.post(
        reverse("deputies:log_reception"),
        {
            "date": "2022-05-10",
            "place": "查汗庙嘎查党群服务中心",
            "visitors": "6",
            "matters_summary": "巷道积水",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("deputies:my_record") + "?year=2022"
    reception = Reception.objects.get()
    assert not reception.confirmed
    assert reception.logged_by == deputy_user
    assert list(reception.deputies.all()) == [deputy_user.deputy]
    assert reception.matters.get().outcome == Outcome.PENDING


def test_an_unconfirmed_logged_reception_does_not_count_until_staff_confirm(deputy_client):
    from congress.figures import compute

    deputy_client.post(
        reverse("deputies:log_reception"), {"date": "2022-05-10", "place": "嘎查", "visitors": "6"}
    )
    assert compute("receptions.visitors", 2022).value == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("visitors", "0", "确保该值大于或等于1"),
        ("visitors", "许多", "输入整数"),
        ("date", "2999-01-01", "日期不能晚于今天"),
        ("place", "", "这个字段是必填项"),
    ],
)
def test_bad_input_shows_a_field_error_in_chinese_and_saves_nothing(deputy_client, field, value, message):
    data = {"date": "2022-05-10", "place": "嘎查", "visitors": "6", "matters_summary": ""}
    data[field] = value
    response = deputy_client.post(reverse("deputies:log_reception"), data)
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors[field])
    assert message in errors
    assert Reception.objects.count() == 0


def test_a_date_before_taking_office_is_refused(deputy_client, deputy_user):
    response = deputy_client.post(
        reverse("deputies:log_reception"), {"date": "2020-01-01", "place": "嘎查", "visitors": "3"}
    )
    assert response.context["form"].errors["date"]
    assert Reception.objects.count() == 0


def test_the_picked_date_is_kept_when_the_form_comes_back_with_an_error(deputy_client):
    """The phone's date picker reads only YYYY-MM-DD: a Chinese-formatted date would come back empty."""
    response = deputy_client.post(
        reverse("deputies:log_reception"), {"date": "2022-05-10", "place": "嘎查", "visitors": "0"}
    )
    assert response.context["form"].errors["visitors"]
    assert 'type="date"' in response.content.decode()
    assert 'value="2022-05-10"' in response.content.decode()


# --- answering invitations (活动确认) from the portal home ------------------------------------------


@pytest.fixture
def invitation(deputy_user, term):
    from .factories import ActivityFactory, AttendanceFactory

    soon = timezone.localdate() + datetime.timedelta(days=3)
    activity = ActivityFactory(term=term, title="视察镇区冬季供暖工作", start_date=soon)
    return AttendanceFactory(activity=activity, deputy=deputy_user.deputy, status=AttendanceStatus.INVITED)


def reply(client, attendance, **data):
    return client.post(reverse("deputies:reply_to_invitation", args=[attendance.pk]), data, follow=True)


def test_a_deputy_confirms_an_invitation_from_the_portal_home(deputy_client, invitation):
    home = deputy_client.get(reverse("portal")).content.decode()
    assert "视察镇区冬季供暖工作" in home and "确认参加" in home
    page = reply(deputy_client, invitation, reply="attending").content.decode()
    invitation.refresh_from_db()
    assert invitation.reply == AttendanceReply.ATTENDING and invitation.replied_at is not None
    assert invitation.status == AttendanceStatus.INVITED  # what happened is still the office's to record
    assert "已确认参加" in page


def test_asking_for_leave_needs_a_reason_and_staff_see_it_on_the_activity(
    deputy_client, invitation, staff_user
):
    page = reply(deputy_client, invitation, reply="declined", note="  ").content.decode()
    assert "请说明不能参加的原因" in page
    invitation.refresh_from_db()
    assert invitation.reply == ""

    reply(deputy_client, invitation, reply="declined", note="春季接羔，走不开")
    invitation.refresh_from_db()
    assert (invitation.reply, invitation.reply_note) == (AttendanceReply.DECLINED, "春季接羔，走不开")

    deputy_client.force_login(staff_user)
    activity_page = deputy_client.get(
        reverse("admin:deputies_activity_change", args=[invitation.activity_id])
    )
    assert "请假：春季接羔，走不开" in activity_page.content.decode()


def test_a_deputy_cannot_answer_another_deputy_s_invitation(deputy_client, term):
    from .factories import ActivityFactory, AttendanceFactory

    theirs = AttendanceFactory(
        activity=ActivityFactory(term=term, start_date=timezone.localdate()),
        deputy=DeputyFactory(term=term),
        status=AttendanceStatus.INVITED,
    )
    response = deputy_client.post(
        reverse("deputies:reply_to_invitation", args=[theirs.pk]), {"reply": "attending"}
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.reply == ""


def test_an_invitation_to_an_activity_already_over_cannot_be_answered(deputy_client, invitation):
    Activity.objects.filter(pk=invitation.activity_id).update(start_date=D(2022, 5, 1), end_date=None)
    page = reply(deputy_client, invitation, reply="attending").content.decode()
    assert "活动已结束" in page
    invitation.refresh_from_db()
    assert invitation.reply == ""
