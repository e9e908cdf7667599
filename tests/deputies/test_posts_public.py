"""履职动态 in public: the list, a post's page with its link card, the share picture, the QR code, the
home page and the deputy's page; what is not published stays hidden."""

import datetime
import io
import re
from html import unescape

import pytest
import segno
from django.urls import reverse
from PIL import Image

from congress import cache, protected_media
from deputies import posts
from deputies.models import AttendanceStatus, PostKind
from tests.factories import DeputyFactory, UserFactory

from .factories import (
    ActivityFactory,
    DutyReportFactory,
    PostFactory,
    ReceptionFactory,
    add_photos,
    attend,
    published,
)

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def deputies(term):
    return {name: DeputyFactory(term=term, name=name) for name in ("斯琴", "乌云其其格", "巴特尔")}


@pytest.fixture
def feed(township, term, deputies):
    """Three published posts of each kind, a draft and a proposal; the newest first by their dates."""
    trip = ActivityFactory(term=term, title="赴五原县学习考察乡村振兴工作", start_date=D(2022, 4, 12))
    attend(trip, [deputies["斯琴"], deputies["乌云其其格"]])
    attend(trip, [deputies["巴特尔"]], AttendanceStatus.ABSENT)
    reception = ReceptionFactory(term=term, date=D(2022, 5, 10), deputies=[deputies["巴特尔"]])
    report = DutyReportFactory(deputy=deputies["乌云其其格"], date=D(2022, 6, 21))
    return {
        "trip": published(PostFactory(activity=trip, title="赴五原县学习考察"), photos=2),
        "reception": published(
            PostFactory(kind=PostKind.RECEPTION, activity=None, reception=reception, title="五月接待选民日"),
            photos=1,
        ),
        "report": published(
            PostFactory(
                kind=PostKind.DUTY_REPORT, activity=None, duty_report=report, title="乌云其其格代表述职"
            )
        ),
        "draft": PostFactory(activity=trip, title="尚未发布的草稿"),
        "proposal": posts.post_propose(
            deputy=deputies["斯琴"], actor=None, activity=trip, title="斯琴的提交", text="学习考察。"
        ),
    }


def titles(html):
    return re.findall(r'class="stretched-link" href="[^"]+">([^<]+)</a>', html)


def test_the_list_shows_published_posts_newest_first(client, feed):
    html = client.get(reverse("posts:index")).content.decode()
    assert titles(html) == ["乌云其其格代表述职", "五月接待选民日", "赴五原县学习考察"]
    assert 'loading="lazy"' in html


def test_the_list_filters_by_kind_and_by_a_deputy_who_took_part(client, feed, deputies):
    by_kind = client.get(reverse("posts:index"), {"kind": "reception"}).content.decode()
    assert titles(by_kind) == ["五月接待选民日"]
    naming = client.get(reverse("posts:index"), {"deputy": deputies["乌云其其格"].pk}).content.decode()
    assert titles(naming) == ["乌云其其格代表述职", "赴五原县学习考察"]
    absent = client.get(reverse("posts:index"), {"deputy": deputies["巴特尔"].pk}).content.decode()
    assert titles(absent) == ["五月接待选民日"]  # absent from the trip: not named there


@pytest.mark.parametrize(
    "query", ["?kind=drop", "?deputy=abc", "?deputy=99999999", "?page=x", "?deputy=1e309"]
)
def test_odd_filters_list_every_post(client, feed, query):
    response = client.get(reverse("posts:index") + query)
    assert response.status_code == 200
    assert len(titles(response.content.decode())) == 3


def test_what_is_not_published_answers_404_except_to_staff_and_the_deputy_who_proposed_it(
    client, feed, deputies
):
    draft, proposal = feed["draft"], feed["proposal"]
    for post in (draft, proposal):
        assert client.get(post.get_absolute_url()).status_code == 404
    client.force_login(UserFactory(username="someone-else", role="deputy"))
    assert client.get(proposal.get_absolute_url()).status_code == 404

    proposer = UserFactory(username="siqin", role="deputy")
    deputies["斯琴"].user = proposer
    deputies["斯琴"].save()
    client.force_login(proposer)
    preview = client.get(proposal.get_absolute_url()).content.decode()
    assert "预览" in preview and '<meta name="robots" content="noindex">' in preview
    assert client.get(draft.get_absolute_url()).status_code == 404

    client.force_login(UserFactory(username="member", role="presidium_member"))
    assert client.get(draft.get_absolute_url()).status_code == 200


def meta(html, prop):
    found = re.search(rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)"', html)
    return unescape(found.group(1)) if found else None


def test_a_posts_page_carries_the_tags_a_chat_reads_for_its_link_card(client, feed):
    post = feed["trip"]
    html = client.get(post.get_absolute_url()).content.decode()

    assert meta(html, "og:title") == "赴五原县学习考察"
    assert meta(html, "og:description") == post.text
    assert meta(html, "og:url") == f"http://testserver/posts/{post.pk}/"
    assert meta(html, "og:image") == f"http://testserver/posts/{post.pk}/share.jpg"
    assert meta(html, "og:type") == "article"
    assert "斯琴" in html and "乌云其其格" in html and "巴特尔" not in html  # who took part, only


def test_a_post_without_photos_shares_the_platforms_picture(client, feed):
    html = client.get(feed["report"].get_absolute_url()).content.decode()
    assert meta(html, "og:image") == "http://testserver/static/deputies/share-default.png"
    assert client.get(reverse("posts:share_image", args=[feed["report"].pk])).status_code == 404


def test_the_share_picture_is_1200_by_630_made_from_the_first_photo(client, feed):
    response = client.get(reverse("posts:share_image", args=[feed["trip"].pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "public, max-age=3600"
    content = b"".join(response.streaming_content)
    assert Image.open(io.BytesIO(content)).size == (1200, 630)
    again = client.get(reverse("posts:share_image", args=[feed["trip"].pk]))  # made once, then served
    assert b"".join(again.streaming_content) == content


def test_the_qr_code_holds_the_posts_address_and_its_card_prints_it(client, feed):
    post = feed["trip"]
    response = client.get(reverse("posts:qr_svg", args=[post.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    expected = segno.make(f"http://testserver{post.get_absolute_url()}", error="m", micro=False)
    assert _modules(response.content) == _modules(_svg(expected))

    card = client.get(reverse("posts:card", args=[post.pk])).content.decode()
    assert post.title in card and f"http://testserver{post.get_absolute_url()}" in card
    assert f'src="{reverse("posts:qr_svg", args=[post.pk])}"' in card
    assert client.get(reverse("posts:qr_svg", args=[feed["draft"].pk])).status_code == 404
    assert client.get(reverse("posts:card", args=[feed["draft"].pk])).status_code == 404


def _svg(code) -> bytes:
    out = io.BytesIO()
    code.save(out, kind="svg", scale=8, border=4)
    return out.getvalue()


def _modules(svg: bytes) -> str:
    """The dark modules of a QR code's SVG (the path drawn with a stroke; a light background is a fill)."""
    return next(
        m.group(2) for m in re.finditer(rb'<path([^>]*) d="([^"]+)"', svg) if b"stroke" in m.group(1)
    ).decode()


def test_the_home_page_shows_the_latest_three_published_posts(client, feed, term):
    newest = published(
        PostFactory(activity=ActivityFactory(term=term, start_date=D(2022, 9, 1)), title="九月视察")
    )
    attend(newest.activity, [DeputyFactory(term=term)])
    html = client.get(reverse("home")).content.decode()
    shown = titles(html)
    assert shown == ["九月视察", "乌云其其格代表述职", "五月接待选民日"]
    assert "尚未发布的草稿" not in html and "斯琴的提交" not in html


def test_a_deputys_page_lists_the_posts_of_work_they_took_part_in(client, feed, deputies):
    html = client.get(deputies["乌云其其格"].get_absolute_url()).content.decode()
    assert titles(html) == ["乌云其其格代表述职", "赴五原县学习考察"]
    assert titles(client.get(deputies["巴特尔"].get_absolute_url()).content.decode()) == ["五月接待选民日"]


def test_published_photos_are_public_and_cacheable_the_others_only_for_staff(client, feed, staff_user):
    shown = feed["trip"].photos.first()
    response = client.get(protected_media.url(shown, "thumbnail"))
    assert response.status_code == 200 and response["Cache-Control"] == "public, max-age=3600"

    photo = add_photos(feed["draft"]).photos.first()
    assert client.get(protected_media.url(photo, "image")).status_code == 404
    client.force_login(staff_user)
    response = client.get(protected_media.url(photo, "image"))
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"


@pytest.mark.django_db(transaction=True)  # committed saves, as in production: pages are kept
def test_the_pages_are_behind_the_page_cache_and_a_publication_shows_at_once(
    client, feed, staff_user, settings
):
    settings.PAGE_CACHE = True
    cache.page_cache().clear()
    url = reverse("posts:index")
    client.get(url)
    assert client.get(url)[cache.HEADER] == "hit"
    posts.post_publish(feed["draft"], actor=staff_user)
    response = client.get(url)
    assert response[cache.HEADER] != "hit" and "尚未发布的草稿" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_page_opened_at_another_address_is_not_served_the_first_ones_links(client, feed, settings):
    settings.ALLOWED_HOSTS = ["testserver", "renda.example.gov.cn"]
    cache.page_cache().clear()
    url = feed["trip"].get_absolute_url()
    client.get(url)
    other = client.get(url, HTTP_HOST="renda.example.gov.cn").content.decode()
    assert meta(other, "og:url") == f"http://renda.example.gov.cn{url}"
