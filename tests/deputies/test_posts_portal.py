"""A deputy proposes a post from the portal, with photos from their phone, and follows its review."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from deputies import posts
from deputies.models import Post, PostPhoto, PostStatus
from tests.factories import DeputyFactory, UserFactory

from .factories import ActivityFactory, attend, jpeg_bytes

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def deputy(term):
    return DeputyFactory(term=term, name="乌云其其格", user=UserFactory(username="wuyun", role="deputy"))


@pytest.fixture
def trip(term, deputy):
    activity = ActivityFactory(term=term, title="赴五原县学习考察乡村振兴工作", start_date=D(2022, 4, 12))
    attend(activity, [deputy])
    return activity


def phone_photo(name="IMG_0001.jpg") -> SimpleUploadedFile:
    """A phone's photo with its GPS position in EXIF."""
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (39.0, 6.0, 51.0), 3: "E", 4: (108.0, 50.0, 27.0)}
    buffer = io.BytesIO()
    Image.new("RGB", (3000, 2000), (90, 140, 60)).save(buffer, "JPEG", exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def propose(client, activity, **fields):
    data = {"activity": activity.pk, "title": "", "text": "我们到五原县看了高标准农田。", **fields}
    return client.post(reverse("posts:propose"), data)


def test_a_deputy_proposes_a_post_with_two_photos_stored_small_and_without_location(client, deputy, trip):
    client.force_login(deputy.user)
    response = propose(client, trip, photos=[phone_photo(), phone_photo("IMG_0002.jpg")])

    assert response.status_code == 302 and response["Location"] == reverse("posts:mine")
    post = Post.objects.get()
    assert (post.status, post.proposed_by, post.title) == (PostStatus.PROPOSED, deputy, trip.title)
    assert post.history.latest().history_user == deputy.user
    photos = list(post.photos.order_by("order"))
    assert len(photos) == 2
    for photo in photos:
        with Image.open(photo.image.path) as stored:
            assert stored.size == (2048, 1365) and not stored.getexif()
        with Image.open(photo.thumbnail.path) as thumbnail:
            assert max(thumbnail.size) == 640
        assert (photo.width, photo.height) == (2048, 1365)

    mine = client.get(response["Location"]).content.decode()
    assert trip.title in mine and "代表提交，待审核" in mine


def test_the_form_offers_only_activities_the_deputy_took_part_in(client, deputy, trip, term):
    elsewhere = ActivityFactory(term=term, title="没有参加的活动", start_date=D(2022, 5, 1))
    attend(elsewhere, [DeputyFactory(term=term)])
    client.force_login(deputy.user)

    page = client.get(reverse("posts:propose")).content.decode()
    assert trip.title in page and "没有参加的活动" not in page

    response = propose(client, elsewhere)
    assert response.status_code == 200 and "activity" in response.context["form"].errors
    assert not Post.objects.exists()


def test_a_phone_number_in_the_text_is_refused_on_the_text_keeping_what_was_typed(client, deputy, trip):
    client.force_login(deputy.user)
    response = propose(client, trip, text="有事请联系牧民张某，电话13947712345。")
    form = response.context["form"]
    assert form.errors["text"] == ["这些内容会公开发布，不能含有电话号码或身份证号码（发现：13947712345）。"]
    assert "有事请联系牧民张某" in response.content.decode()
    assert not Post.objects.exists()


def test_more_than_nine_photos_are_refused_before_anything_is_stored(client, deputy, trip):
    client.force_login(deputy.user)
    photos = [SimpleUploadedFile(f"p{n}.jpg", jpeg_bytes(), content_type="image/jpeg") for n in range(10)]
    response = propose(client, trip, photos=photos)
    assert response.context["form"].errors["photos"] == ["最多只能上传 9 张照片，您选了 10 张。"]
    assert not Post.objects.exists() and not PostPhoto.objects.exists()


def test_a_file_that_is_not_a_photo_is_named_in_the_error(client, deputy, trip):
    client.force_login(deputy.user)
    fake = SimpleUploadedFile("现场.jpg", b"<html>not a photo</html>", content_type="image/jpeg")
    response = propose(client, trip, photos=[phone_photo(), fake])
    assert response.context["form"].errors["photos"] == ["现场.jpg：该文件的内容不是 .jpg 格式。"]
    assert not Post.objects.exists()


def test_the_deputy_sees_why_a_proposal_was_sent_back_and_the_portal_counts_them(
    client, deputy, trip, staff_user
):
    post = posts.post_propose(deputy=deputy, actor=deputy.user, activity=trip, title="", text="学习考察。")
    posts.post_reject(post, actor=staff_user, reason="请补充活动的成效。")
    posts.post_propose(
        deputy=deputy, actor=deputy.user, activity=trip, title="再次提交", text="学习考察的收获。"
    )
    client.force_login(deputy.user)

    mine = client.get(reverse("posts:mine")).content.decode()
    assert "请补充活动的成效。" in mine and "未通过" in mine

    portal = client.get(reverse("portal")).content.decode()
    assert "待审核 1 条 · 已发布 0 条 · 已退回 1 条" in portal
    assert f'href="{reverse("posts:propose")}"' in portal


def test_another_deputys_proposal_is_not_found(client, deputy, trip, term):
    post = posts.post_propose(deputy=deputy, actor=None, activity=trip, title="", text="学习考察。")
    other = DeputyFactory(term=term, user=UserFactory(username="other", role="deputy"))
    client.force_login(other.user)
    assert client.get(post.get_absolute_url()).status_code == 404
    assert post.title not in client.get(reverse("posts:mine")).content.decode()
