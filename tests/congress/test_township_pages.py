"""Each township's public pages under /t/<slug>/, the banner's list of townships, and the QR codes
that open a deputy's own township's opinion form."""

import re
from collections import deque
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from django.urls import reverse

from congress.models import TownshipProfile
from congress.townships import place_account, scoped
from deputies import deputy_code
from deputies.models import Post
from livelihood import services as livelihood_services
from suggestions.choices import State
from suggestions.models import Suggestion
from tests.deputies.factories import ActivityFactory, PostFactory, published
from tests.factories import DeputyFactory, TermFactory, TownshipFactory, UserFactory, first_township
from tests.livelihood.factories import CandidateFactory, PlanFactory
from tests.suggestions.factories import HandlingUnitFactory, advance, register

HREF = re.compile(r"""href="([^"#]*)""")
NOT_CRAWLED = ("/admin/", "/accounts/", "/i18n/", "/static/", "/media/", "/files/", "/portal/")

# What each township's records are called: none of it may show on the other township's pages.
NAMES = {
    "wushenzhao": {
        "township": "乌审召镇",
        "title": "乌审召镇人大主席团工作平台",
        "deputy": "巴图孟和",
        "unit": "乌审召镇农业综合服务中心",
        "project": "查汗庙嘎查饮水工程",
        "suggestion": "关于修缮查汗庙嘎查道路的建议",
        "post": "代表视察巴音陶勒盖嘎查",
    },
    "tuke": {
        "township": "图克镇",
        "title": "图克镇人大主席团工作平台",
        "deputy": "其其格",
        "unit": "图克镇综合保障中心",
        "project": "图克嘎查路灯亮化工程",
        "suggestion": "关于增设图克嘎查路灯的建议",
        "post": "代表走访图克工业园区",
    },
}


def fill(township, names, staff):
    """A profile, a term, a deputy, a project, a published suggestion result and a post, in ``township``."""
    with scoped(township):
        TownshipProfile.objects.create(
            township=township, banner="乌审旗", city="鄂尔多斯市", region="内蒙古自治区",
            platform_title=names["title"], introduction=f"{names['township']}位于乌审旗。",
        )  # fmt: skip
        term = TermFactory()
        deputy = DeputyFactory(term=term, name=names["deputy"])
        plan = PlanFactory(year=2022, number_to_choose=1)
        chosen = CandidateFactory(plan=plan, name=names["project"], responsible_unit=names["unit"])
        other = CandidateFactory(plan=plan, name=f"{names['project']}二期", responsible_unit=names["unit"])
        vote = livelihood_services.vote_create(plan, deputies_in_office=10, deputies_present=9)
        livelihood_services.tallies_record(vote, {chosen: (8, 1, 0), other: (2, 7, 0)}, valid=9)
        livelihood_services.confirm_vote(vote, actor=staff)
        suggestion = register(staff, lead_deputy=deputy, title=names["suggestion"])
        unit = HandlingUnitFactory(name=names["unit"])
        advance(suggestion, State.REPLIED, actor=staff, unit=unit, result_class="A")
        Suggestion.objects.filter(pk=suggestion.pk).update(public=True)
        activity = ActivityFactory(term=term, title=names["post"])
        published(PostFactory(activity=activity, title=names["post"]))
    return deputy


@pytest.fixture
def two_townships(db):
    staff = UserFactory(username="renda-staff", role="presidium_staff", password=None)
    first, tuke = first_township(), TownshipFactory()
    deputies = {
        "wushenzhao": fill(first, NAMES["wushenzhao"], staff),
        "tuke": fill(tuke, NAMES["tuke"], staff),
    }
    return {"wushenzhao": first, "tuke": tuke}, deputies


def crawl(client, start, limit=200):
    """Every page a visitor reaches from ``start`` by links that stay under it: {path: html}."""
    seen, pages, queue = {start}, {}, deque([start])
    while queue and len(pages) < limit:
        path = queue.popleft()
        response = client.get(path)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        pages[path] = response.content.decode()
        for href in HREF.findall(pages[path]):
            url = urlsplit(urljoin(path, href))
            rest = url.path[len(start) - 1 :]
            if url.netloc or not url.path.startswith(start) or rest.startswith(NOT_CRAWLED):
                continue
            if rest == "/townships/":  # the banner's list names every township, by design
                continue
            link = url.path + (f"?{url.query}" if url.query else "")
            if link not in seen:
                seen.add(link)
                queue.append(link)
    return pages


@pytest.mark.django_db
@pytest.mark.parametrize(("slug", "other"), [("wushenzhao", "tuke"), ("tuke", "wushenzhao")])
def test_a_township_s_public_pages_show_its_own_records_and_never_the_other_s(
    client, two_townships, slug, other
):
    pages = crawl(client, f"/t/{slug}/")

    own, theirs = NAMES[slug], NAMES[other]
    home = pages[f"/t/{slug}/"]
    assert own["title"] in home and own["township"] in home
    assert own["project"] in home and own["suggestion"] in home and own["post"] in home
    everything = "\n".join(pages.values())
    assert own["deputy"] in everything
    assert len(pages) >= 8  # the directory, a deputy's page, the homes, the projects, the results, the posts…
    leaks = [(path, name) for path, html in pages.items() for name in theirs.values() if name in html]
    assert leaks == []


@pytest.mark.django_db
def test_the_unprefixed_public_pages_are_the_first_township_s(client, two_townships):
    html = client.get("/").content.decode()

    assert NAMES["wushenzhao"]["title"] in html and NAMES["wushenzhao"]["project"] in html
    assert "图克镇" not in html


@pytest.mark.django_db
def test_the_banner_s_list_links_to_every_township_s_pages(client, two_townships):
    response = client.get(reverse("townships"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "全旗乡镇" in html
    assert 'href="/t/wushenzhao/"' in html and "乌审召镇" in html
    assert 'href="/t/tuke/"' in html and "图克镇" in html
    assert "在任代表1名" in html and "民生实事项目1项" in html
    # The home page and every page's footer lead there.
    for path in ("/", "/t/tuke/", "/t/tuke/deputies/"):
        assert "全旗乡镇" in client.get(path).content.decode()


@pytest.mark.django_db
def test_a_single_township_installation_shows_no_list_of_townships(client, township, term):
    for path in ("/", "/deputies/"):
        assert "全旗乡镇" not in client.get(path).content.decode()


# ---- the QR codes ------------------------------------------------------------------------------


def encoded_url(rf, deputy):
    return urlsplit(deputy_code.opinion_form_url(rf.get("/"), deputy))


@pytest.mark.django_db
def test_a_deputy_s_code_opens_the_opinion_form_of_their_own_township(client, rf, two_townships):
    _townships, deputies = two_townships

    for slug, deputy in deputies.items():
        url = encoded_url(rf, deputy)
        assert url.path == f"/t/{slug}/opinions/new/"
        assert parse_qs(url.query) == {"deputy": [str(deputy.pk)]}
        response = client.get(f"{url.path}?{url.query}")
        assert response.status_code == 200
        assert deputy.name in response.content.decode()


@pytest.mark.django_db
def test_a_single_township_keeps_the_unprefixed_address_on_its_cards(rf, term):
    deputy = DeputyFactory(term=term)

    assert encoded_url(rf, deputy).path == "/opinions/new/"


@pytest.mark.django_db
def test_the_opinion_form_refuses_another_township_s_deputy(client, two_townships):
    _townships, deputies = two_townships
    tuke_deputy, first_deputy = deputies["tuke"], deputies["wushenzhao"]

    assert client.get(f"/opinions/new/?deputy={tuke_deputy.pk}").status_code == 404
    assert client.get(f"/t/wushenzhao/opinions/new/?deputy={tuke_deputy.pk}").status_code == 404
    assert client.get(f"/t/tuke/opinions/new/?deputy={first_deputy.pk}").status_code == 404
    assert client.get(f"/t/tuke/opinions/new/?deputy={tuke_deputy.pk}").status_code == 200
    # A deputy's card printed by their own staff, wherever it is printed from, holds the prefixed address.
    staff = UserFactory(username="tuke-staff", role="presidium_staff", password=None)
    place_account(staff, two_townships[0]["tuke"].pk)
    client.force_login(staff)
    svg = client.get(reverse("deputies:code_svg", args=[tuke_deputy.pk]))
    assert svg.status_code == 200


@pytest.mark.django_db
def test_a_post_s_qr_code_and_share_address_name_its_township(client, two_townships):
    with scoped(two_townships[0]["tuke"]):
        post = Post.objects.get(title=NAMES["tuke"]["post"])

    html = client.get(f"/t/tuke/posts/{post.pk}/card/").content.decode()

    assert f"http://testserver/t/tuke/posts/{post.pk}/" in html
