"""履职动态: whom a post names, when it may be published, its statuses, and staff's work in the admin."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from congress.figures import compute
from deputies import posts
from deputies.models import AttendanceStatus, Post, PostKind, PostStatus
from tests.factories import DeputyFactory, UserFactory
from tests.security.forms import admin_change_data

from .factories import (
    ActivityFactory,
    DutyReportFactory,
    PostFactory,
    ReceptionFactory,
    ReceptionMatterFactory,
    add_photos,
    attend,
    published,
)

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def trip(term):
    """The 五原县 research trip: two deputies there, one absent, one only invited."""
    activity = ActivityFactory(term=term, title="赴五原县学习考察乡村振兴工作", start_date=D(2022, 4, 12))
    there = [DeputyFactory(term=term, name="斯琴"), DeputyFactory(term=term, name="乌云其其格")]
    attend(activity, there)
    attend(activity, [DeputyFactory(term=term, name="巴特尔")], AttendanceStatus.ABSENT, "外出务工")
    attend(activity, [DeputyFactory(term=term, name="朝鲁")], AttendanceStatus.INVITED)
    return activity


def names(deputies):
    return {deputy.name for deputy in deputies}


# ---- whom a post names ------------------------------------------------------------------------


def test_a_post_about_an_activity_names_only_the_deputies_marked_present(trip):
    assert names(posts.participants(PostFactory(activity=trip))) == {"斯琴", "乌云其其格"}


def test_a_post_about_a_reception_names_the_deputies_on_duty_and_one_about_a_report_the_reporter(term):
    on_duty = [DeputyFactory(term=term, name="王宝平"), DeputyFactory(term=term, name="其木格")]
    DeputyFactory(term=term, name="不值班的代表")
    reception = ReceptionFactory(term=term, deputies=on_duty)
    report = DutyReportFactory(deputy=DeputyFactory(term=term, name="额尔敦"))

    about_reception = PostFactory(kind=PostKind.RECEPTION, activity=None, reception=reception)
    about_report = PostFactory(kind=PostKind.DUTY_REPORT, activity=None, duty_report=report)

    assert names(posts.participants(about_reception)) == {"王宝平", "其木格"}
    assert names(posts.participants(about_report)) == {"额尔敦"}


def test_the_deputys_posts_are_those_of_work_they_took_part_in(trip, term):
    post = published(PostFactory(activity=trip))
    by_name = {deputy.name: deputy for deputy in trip.term.deputies.all()}
    assert list(Post.objects.naming(by_name["斯琴"])) == [post]
    assert list(Post.objects.naming(by_name["巴特尔"])) == []  # absent
    assert list(Post.objects.naming(by_name["朝鲁"])) == []  # invited, never marked present


def test_a_post_tells_about_exactly_one_record():
    post = Post(title="无记录", text="……")
    with pytest.raises(ValidationError):
        post.full_clean()


# ---- publishing ----------------------------------------------------------------------------------


def test_staff_publish_a_post_and_the_history_keeps_who(trip, staff_user):
    post = posts.post_publish(PostFactory(activity=trip), actor=staff_user)
    assert post.status == PostStatus.PUBLISHED and post.published_at is not None
    assert post.reviewed_by == staff_user
    assert post.history.latest().history_user == staff_user


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (
            lambda term: ActivityFactory(
                term=term, start_date=timezone.localdate() + datetime.timedelta(days=3)
            ),
            "还未开展",
        ),
        (lambda term: ActivityFactory(term=term), "尚未记录参加的代表"),
    ],
    ids=["an activity ahead", "nobody marked present"],
)
def test_a_post_is_published_only_about_what_happened_and_names_someone(term, staff_user, make, problem):
    activity = make(term)
    with pytest.raises(ValidationError) as refused:
        posts.post_publish(PostFactory(activity=activity), actor=staff_user)
    assert problem in " ".join(refused.value.messages)
    assert not Post.objects.published().exists()


def test_a_reception_a_deputy_logged_is_published_only_once_confirmed(term, staff_user):
    reception = ReceptionFactory(term=term, deputies=[DeputyFactory(term=term)], confirmed=False)
    post = PostFactory(kind=PostKind.RECEPTION, activity=None, reception=reception)
    with pytest.raises(ValidationError, match="尚未确认"):
        posts.post_publish(post, actor=staff_user)


def test_a_deputys_proposal_is_published_only_once_staff_marked_them_present(term, staff_user):
    deputy = DeputyFactory(term=term, name="乌云其其格")
    activity = ActivityFactory(term=term, start_date=D(2022, 6, 8))
    attend(activity, [deputy], AttendanceStatus.INVITED)
    attend(activity, [DeputyFactory(term=term)])
    post = posts.post_propose(
        deputy=deputy, actor=deputy.user, activity=activity, title="", text="视察项目。"
    )

    with pytest.raises(ValidationError, match="乌云其其格代表在该活动中尚未标记为出席"):
        posts.post_publish(post, actor=staff_user)
    activity.attendances.filter(deputy=deputy).update(status=AttendanceStatus.PRESENT)
    assert posts.post_publish(post, actor=staff_user).status == PostStatus.PUBLISHED


def test_a_proposal_sent_back_needs_a_reason_and_a_published_post_can_be_taken_down(trip, staff_user):
    deputy = trip.attendances.get(deputy__name="乌云其其格").deputy
    post = posts.post_propose(deputy=deputy, actor=None, activity=trip, title="", text="学习考察。")
    with pytest.raises(ValidationError):
        posts.post_reject(post, actor=staff_user, reason="  ")
    rejected = posts.post_reject(post, actor=staff_user, reason="照片里有群众正面特写，请更换。")
    assert (rejected.status, rejected.review_note) == (PostStatus.REJECTED, "照片里有群众正面特写，请更换。")
    with pytest.raises(ValidationError):
        posts.post_reject(rejected, actor=staff_user, reason="again")  # only a proposal is sent back

    live = posts.post_publish(rejected, actor=staff_user)
    down = posts.post_withdraw(live, actor=staff_user)
    assert (down.status, down.published_at) == (PostStatus.DRAFT, None)


def test_published_text_never_holds_a_phone_or_id_number(trip):
    for text in ("请联系13947712345了解详情。", "身份证150626198001011234。", "电话0477-7612345"):
        post = PostFactory.build(activity=trip, text=text)
        with pytest.raises(ValidationError) as refused:
            post.full_clean()
        assert "不能含有电话号码或身份证号码" in str(refused.value)


# ---- a deputy's proposal -----------------------------------------------------------------------------


def test_a_deputy_proposes_only_about_activities_they_took_part_in(trip, term):
    deputy = trip.attendances.get(deputy__name="乌云其其格").deputy
    absent = trip.attendances.get(deputy__name="巴特尔").deputy
    elsewhere = ActivityFactory(term=term, start_date=D(2022, 5, 1))
    ahead = ActivityFactory(term=term, start_date=timezone.localdate() + datetime.timedelta(days=5))
    attend(ahead, [deputy], AttendanceStatus.INVITED)

    assert list(posts.activities_to_propose(deputy)) == [trip]
    assert list(posts.activities_to_propose(absent)) == []
    with pytest.raises(ValidationError):
        posts.post_propose(deputy=deputy, actor=None, activity=elsewhere, title="", text="……")


def test_the_same_proposal_sent_twice_is_one_post(trip):
    deputy = trip.attendances.get(deputy__name="斯琴").deputy
    first = posts.post_propose(deputy=deputy, actor=None, activity=trip, title="", text="学习考察。")
    again = posts.post_propose(deputy=deputy, actor=None, activity=trip, title="", text="学习考察。 ")
    assert again == first and Post.objects.count() == 1
    assert first.title == trip.title and first.status == PostStatus.PROPOSED


# ---- the figures ---------------------------------------------------------------------------------------


def test_the_years_figures_count_the_records_published_or_not_and_the_posts_published(trip, term, staff_user):
    reception = ReceptionFactory(term=term, date=D(2022, 5, 10), deputies=[DeputyFactory(term=term)])
    figures = ("receptions.days", "activities.research_trips", "activities.research_participants")
    before = {code: compute(code, 2022).value for code in figures}

    posts.post_publish(PostFactory(activity=trip), actor=staff_user)
    PostFactory(kind=PostKind.RECEPTION, activity=None, reception=reception)  # a draft

    assert {code: compute(code, 2022).value for code in figures} == before
    assert compute("posts.published", 2022).value == 1
    assert compute("posts.published", 2023).value == 0


# ---- the admin -----------------------------------------------------------------------------------------


def test_the_activity_list_leads_to_a_new_post_filled_from_the_activity(staff_client, trip):
    listing = staff_client.get(reverse("admin:deputies_activity_changelist")).content.decode()
    add_url = reverse("admin:deputies_post_add") + f"?activity={trip.pk}"
    assert f'href="{add_url}"' in listing.replace("&amp;", "&")

    form = staff_client.get(add_url).context["adminform"].form
    assert form.initial["title"] == "赴五原县学习考察乡村振兴工作"


def test_staff_save_and_publish_a_post_in_one_step(staff_client, trip):
    page = staff_client.get(reverse("admin:deputies_post_add") + f"?activity={trip.pk}")
    data = admin_change_data(page, text="12名代表赴五原县学习考察。", _publish="1")
    del data["_save"]

    response = staff_client.post(reverse("admin:deputies_post_add"), data, follow=True)

    assert response.status_code == 200
    post = Post.objects.get()
    assert (post.kind, post.activity, post.status) == (PostKind.ACTIVITY, trip, PostStatus.PUBLISHED)
    assert "履职动态已发布" in response.content.decode()


def test_the_form_says_why_a_post_cannot_be_published_and_publishes_nothing(staff_client, term):
    ahead = ActivityFactory(term=term, start_date=timezone.localdate() + datetime.timedelta(days=3))
    page = staff_client.get(reverse("admin:deputies_post_add") + f"?activity={ahead.pk}")
    data = admin_change_data(page, text="下周视察。", _publish="1")

    response = staff_client.post(reverse("admin:deputies_post_add"), data)

    assert response.status_code == 200
    assert "这项履职活动还未开展" in response.content.decode()
    assert not Post.objects.exists()


def test_staff_send_a_proposal_back_only_with_a_reason(staff_client, trip):
    deputy = trip.attendances.get(deputy__name="斯琴").deputy
    post = posts.post_propose(deputy=deputy, actor=None, activity=trip, title="", text="学习考察。")
    url = reverse("admin:deputies_post_change", args=[post.pk])
    page = staff_client.get(url)
    assert 'name="_reject"' in page.content.decode() and 'name="_publish"' in page.content.decode()

    response = staff_client.post(url, {**admin_change_data(page), "_reject": "1"})
    assert response.status_code == 200
    assert "请写明不予通过的理由" in response.content.decode()

    staff_client.post(url, {**admin_change_data(page, review_note="请补充活动成效。"), "_reject": "1"})
    post.refresh_from_db()
    assert (post.status, post.review_note) == (PostStatus.REJECTED, "请补充活动成效。")


def test_members_see_posts_without_the_review_buttons(client, trip):
    post = published(PostFactory(activity=trip))
    client.force_login(UserFactory(username="member", role="presidium_member"))
    html = client.get(reverse("admin:deputies_post_change", args=[post.pk])).content.decode()
    assert "斯琴" in html  # the deputies named
    assert 'name="_withdraw"' not in html and 'name="_publish"' not in html


def test_a_post_about_a_reception_never_shows_the_voters_matters(client, term, staff_user):
    reception = ReceptionFactory(term=term, deputies=[DeputyFactory(term=term, name="王宝平")])
    matter = ReceptionMatterFactory(reception=reception, summary="张某家的低保问题", voter_name="张某某")
    post = published(add_photos(PostFactory(kind=PostKind.RECEPTION, activity=None, reception=reception)))

    html = client.get(post.get_absolute_url()).content.decode()

    assert "王宝平" in html
    for private in (matter.summary, matter.voter_name, matter.voter_contact):
        assert private not in html


def test_the_annual_report_may_cite_the_number_of_posts(trip, staff_user):
    from office.report.placeholders import errors_in
    from office.report.services import FigureCache, snapshot

    posts.post_publish(PostFactory(activity=trip), actor=staff_user)
    text = "全年发布履职动态{{posts.published}}条，晒活动、亮身份。"
    assert errors_in(text) == []
    assert snapshot(FigureCache(2022), [text])["texts"] == {"posts.published": "1"}
