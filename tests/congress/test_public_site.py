"""The public site: the home page, the navigation, the sign-in page, and no personal data anywhere."""

import datetime
import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse

from deputies.models import Deputy, Post, PostStatus, ReceptionMatter, VoterContact
from suggestions.choices import State
from suggestions.models import HandlingUnit, Suggestion, VoterOpinion
from tests.demo import load_demo
from tests.deputies.factories import ActivityFactory, DeputiesHomeFactory
from tests.factories import (
    PresidiumMembershipFactory,
    SessionFactory,
    UserFactory,
)
from tests.livelihood.helpers import chosen_projects
from tests.suggestions.factories import HandlingUnitFactory, advance, register

HREF = re.compile(r"""href="([^"#]*)""")
TOWNSHIP_PREFIX = re.compile(r"^/t/[-a-z0-9_]+(?=/)")
# Where a visitor's crawl does not go: the admin, sign-in and language forms, files and assets.
NOT_PUBLIC = ("/admin/", "/accounts/", "/i18n/", "/static/", "/media/", "/files/", "/portal/")
PUBLIC_SECTIONS = {
    "home",
    "townships",
    "deputies:directory",
    "deputies:detail",
    "deputies:homes",
    "livelihood:index",
    "livelihood:year",
    "livelihood:project",
    "suggestions:public_results",
    "opinions:new",
    "opinions:lookup",
    "posts:index",
    "posts:detail",
    "posts:card",
}


# ---- the home page ------------------------------------------------------------------------


@pytest.fixture
def staff(db):
    return UserFactory(username="renda-staff", role="presidium_staff", password=None)


def published_result(staff, unit, deputy, title):
    """A suggestion replied to by ``unit`` and published by staff."""
    suggestion = register(staff, lead_deputy=deputy, title=title)
    advance(suggestion, State.REPLIED, actor=staff, unit=unit, result_class="A")
    Suggestion.objects.filter(pk=suggestion.pk).update(public=True)
    return suggestion


@pytest.mark.django_db
def test_the_home_page_shows_the_congress_its_work_and_where_to_go_next(client, township, term, staff):
    chair = PresidiumMembershipFactory(
        term=term, role="chair", title="镇党委委员、人大主席", deputy__name="王宝平"
    )
    SessionFactory(term=term, ordinal=3)
    ActivityFactory(term=term, title="赴五原县学习考察乡村振兴工作", destination="巴彦淖尔市五原县")
    projects = chosen_projects(staff, count=2)
    DeputiesHomeFactory()
    published_result(
        staff, HandlingUnitFactory(name="镇农业综合服务中心"), chair.deputy, "关于修缮嘎查道路的建议"
    )

    response = client.get(reverse("home"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "乌审召镇人民代表大会" in html
    assert "第四届人民代表大会" in html
    assert "王宝平" in html and "镇党委委员、人大主席" in html
    assert "赴五原县学习考察乡村振兴工作" in html
    assert projects[0].name in html and f'href="{projects[0].get_absolute_url()}"' in html
    assert '<progress class="project-progress' in html
    assert "乌审召镇人大代表之家" in html
    assert "关于修缮嘎查道路的建议" in html and "镇农业综合服务中心" in html
    for name in ("deputies:directory", "deputies:homes", "livelihood:index", "suggestions:public_results"):
        assert f'href="{reverse(name)}"' in html


@pytest.mark.django_db
def test_an_empty_home_page_says_what_comes_next(client, township):
    html = client.get(reverse("home")).content.decode()
    assert "尚未公布民生实事项目" in html
    assert "尚未录入代表活动" in html
    assert "尚未公开办理结果" in html


@pytest.mark.django_db
def test_the_home_page_lists_only_activities_that_have_begun(client, township, term, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a: datetime.date(2022, 6, 1))
    ActivityFactory(term=term, title="已开展的调研", start_date=datetime.date(2022, 5, 1))
    ActivityFactory(term=term, title="下月的视察", start_date=datetime.date(2022, 7, 1))
    html = client.get(reverse("home")).content.decode()
    assert "已开展的调研" in html
    assert "下月的视察" not in html


@pytest.mark.django_db
def test_the_navigation_marks_the_page_the_visitor_is_on(client, township):
    html = client.get(reverse("deputies:directory")).content.decode()
    current = re.findall(r'<a class="nav-link active" aria-current="page" href="([^"]+)"', html)
    assert current == [reverse("deputies:directory")]


@pytest.mark.django_db
def test_every_page_has_a_skip_link_landmarks_and_the_language_switch(client, township):
    html = client.get(reverse("home")).content.decode()
    assert '<a class="skip-link visually-hidden-focusable" href="#main">跳到正文</a>' in html
    assert '<main id="main"' in html and "<header" in html and "<footer" in html
    assert 'name="language" value="en" lang="en">English</button>' in html


@pytest.mark.django_db
def test_the_footer_names_the_presidium_in_chinese_order(client, township):
    township.presidium_address = "乌审召镇人民政府院内"
    township.save()
    html = client.get(reverse("home")).content.decode()
    assert "内蒙古自治区鄂尔多斯市乌审旗乌审召镇人大主席团" in html
    assert "人大主席团办公室：乌审召镇人民政府院内" in html


@pytest.mark.django_db
def test_the_home_page_makes_the_same_number_of_queries_as_data_grows(client, township, term, staff):
    unit = HandlingUnitFactory(name="镇农业综合服务中心")

    def add_records(year, count):
        for _ in range(count):
            seat = PresidiumMembershipFactory(term=term)
            ActivityFactory(term=term, start_date=datetime.date(year, 3, 1))
            DeputiesHomeFactory(name=f"联络站{year}-{seat.pk}")
            published_result(staff, unit, seat.deputy, f"建议{seat.pk}")
        day = datetime.date(year, 1, 14)
        session = SessionFactory(term=term, ordinal=year - 2020, start_date=day, end_date=day)
        chosen_projects(staff, year=year, count=count + 1, session=session)

    add_records(2022, 1)
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("home")).status_code == 200
    add_records(2023, 6)
    with CaptureQueriesContext(connection) as large:
        assert client.get(reverse("home")).status_code == 200
    assert len(large) == len(small), [q["sql"] for q in large]


# ---- sign-in -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_sign_in_page_is_made_for_a_phone(client, township):
    html = client.get(reverse("login")).content.decode()
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in html
    assert 'autocomplete="username"' in html and 'autocomplete="current-password"' in html
    assert 'data-toggles-password="id_password"' in html  # "show password", switched on by static/js/site.js
    assert re.search(r'<label\s+for="id_username"', html) and re.search(r'<label\s+for="id_password"', html)


# ---- privacy: a crawl of every public page of the demo township ----------------------------


@pytest.fixture(scope="module")
def demo_db(django_db_setup, django_db_blocker):
    """The demo, with ID numbers on every deputy, loaded once inside a transaction rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        for deputy in Deputy.objects.all():
            deputy.id_number = f"150626{1960 + deputy.pk % 40}0101{deputy.pk:04d}"[:18]
            deputy.save(update_fields=["id_number"])
        yield
        transaction.set_rollback(True)


def digits(text: str) -> list[str]:
    """The phone-like numbers in a text (a contact may carry words around the number)."""
    return re.findall(r"\d{7,}", text)


def private_strings() -> set[str]:
    """Every deputy's phone and ID number, every voter's name or contact, units' and contacts' phone numbers."""
    private = set()
    for phone, id_number in Deputy.objects.values_list("phone", "id_number"):
        private.update(value for value in (phone, id_number) if value)
    for contact in ReceptionMatter.objects.exclude(voter_contact="").values_list("voter_contact", flat=True):
        private.add(contact)
        private.update(digits(contact))
    for notes in VoterContact.objects.values_list("notes", flat=True):
        private.update(digits(notes))
    private.update(HandlingUnit.objects.exclude(contact_phone="").values_list("contact_phone", flat=True))
    for name, contact in VoterOpinion.objects.values_list("voter_name", "voter_contact"):
        private.update(value for value in (name, contact) if value)
        private.update(digits(contact))
    return private


def crawl(client, start="/", limit=600):
    """Every page a visitor reaches by following links from ``start``: {path: (view name, html)}."""
    seen, pages, queue = {start}, {}, deque([start])
    while queue and len(pages) < limit:
        path = queue.popleft()
        response = client.get(path)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        html = response.content.decode()
        # A township's pages under /t/<slug>/ (the list of townships links to each) are the same views.
        pages[path] = (resolve(TOWNSHIP_PREFIX.sub("", urlsplit(path).path)).view_name, html)
        for href in HREF.findall(html):
            url = urlsplit(urljoin(path, href))
            if url.netloc or url.scheme or url.path.startswith(NOT_PUBLIC):
                continue
            link = url.path + (f"?{url.query}" if url.query else "")
            if link not in seen:
                seen.add(link)
                queue.append(link)
    return pages


def test_no_public_page_shows_a_phone_number_an_id_number_or_a_voters_contact(demo_db, db, client):
    private = private_strings()
    assert Deputy.objects.exclude(phone="").count() > 60
    assert ReceptionMatter.objects.exclude(voter_contact="").exists()
    assert VoterOpinion.objects.exclude(voter_contact="").exists()
    assert len(private) > 120

    pages = crawl(client)

    assert PUBLIC_SECTIONS <= {view for view, _html in pages.values()}
    assert len(pages) > 80
    leaks = [(path, secret) for path, (_view, html) in pages.items() for secret in private if secret in html]
    assert leaks == []
    # 履职动态 tell what the deputies did, never what voters raised at a reception or who they are.
    matters = set(ReceptionMatter.objects.values_list("summary", flat=True))
    matters |= set(ReceptionMatter.objects.exclude(voter_name="").values_list("voter_name", flat=True))
    told = [
        (path, matter)
        for path, (view, html) in pages.items()
        if view.startswith("posts:")
        for matter in matters
        if matter in html
    ]
    assert told == []
    assert Post.objects.exclude(status=PostStatus.PUBLISHED).exists()
    # Every one, and only those (图克镇's under /t/tuke/, reached from the list of townships).
    shown = {TOWNSHIP_PREFIX.sub("", path) for path, (view, _html) in pages.items() if view == "posts:detail"}
    assert shown == {post.get_absolute_url() for post in Post.objects.published()}
    assert any(path.startswith("/t/tuke/") for path in pages)
