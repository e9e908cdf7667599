"""The public pages' cache: one query for a page already rendered, never stale after a save."""

import pytest
from django.db import transaction
from django.urls import reverse

from congress import cache
from tests.factories import DeputyFactory, TermFactory, TownshipProfileFactory, UserFactory

DIRECTORY = reverse("deputies:directory")


@pytest.fixture
def roster(transactional_db):
    """Committed rows (each save commits and gives the data a new version, as in production)."""
    TownshipProfileFactory()
    term = TermFactory()
    return [DeputyFactory(term=term, name=f"代表{n}") for n in range(3)]


@pytest.fixture(autouse=True)
def empty_cache():
    cache.page_cache().clear()
    yield
    cache.page_cache().clear()


def test_a_page_rendered_once_is_served_from_the_cache_with_one_query(
    roster, client, django_assert_num_queries
):
    first = client.get(DIRECTORY)
    assert first[cache.HEADER] == "miss"
    with django_assert_num_queries(1):
        again = client.get(DIRECTORY)
    assert again[cache.HEADER] == "hit"
    assert again.content.decode().count("代表1") == first.content.decode().count("代表1")


def test_a_saved_record_shows_at_once_though_other_workers_still_hold_the_old_page(roster, client):
    client.get(DIRECTORY)
    old_key = cache.page_key(client.get(DIRECTORY).wsgi_request)
    deputy = roster[0]
    deputy.name = "新名字"
    deputy.save()
    response = client.get(DIRECTORY)
    assert response[cache.HEADER] == "miss"
    assert "新名字" in response.content.decode()
    # The page under the old version is still there (as in a worker that has not seen the save): never read again.
    assert cache.page_cache().get(old_key) is not None
    assert cache.page_key(response.wsgi_request) != old_key


def test_a_deleted_record_leaves_the_page_at_once(roster, client):
    client.get(DIRECTORY)
    roster[1].delete()
    assert "代表1" not in client.get(DIRECTORY).content.decode()


def test_a_many_to_many_change_gives_a_new_version(roster):
    from deputies.models import Reception

    reception = Reception.objects.create(term=roster[0].term, date="2024-05-10", visitors=3)
    before = cache.token()
    reception.deputies.add(roster[0])
    assert cache.token() != before


def test_a_rolled_back_transaction_keeps_the_version(roster):
    before = cache.token()
    with transaction.atomic():
        roster[0].name = "不会保存"
        roster[0].save()
        transaction.set_rollback(True)
    assert cache.token() == before


def test_a_transaction_gives_one_new_version_when_it_commits(roster):
    before = cache.token()
    with transaction.atomic():
        for deputy in roster:
            deputy.save()
        assert cache.token() == before
    assert cache.token() != before


def test_a_signed_in_user_gets_a_copy_of_their_own(roster, client):
    client.get(DIRECTORY)
    client.force_login(UserFactory(username="someone", first_name="某人"))
    first = client.get(DIRECTORY)
    assert first[cache.HEADER] == "miss" and "某人" in first.content.decode()
    again = client.get(DIRECTORY)
    assert again[cache.HEADER] == "hit" and "某人" in again.content.decode()
    client.force_login(UserFactory(username="other", first_name="别人"))
    other = client.get(DIRECTORY)
    assert other[cache.HEADER] == "miss"
    assert "别人" in other.content.decode() and "某人" not in other.content.decode()


def test_a_renamed_account_is_not_served_its_old_name(roster, client):
    user = UserFactory(username="someone", first_name="某人")
    client.force_login(user)
    client.get(DIRECTORY)
    user.first_name = "新名"
    user.save()  # an account is not domain data: the data version stays
    response = client.get(DIRECTORY)
    assert response[cache.HEADER] == "miss" and "新名" in response.content.decode()


def test_a_new_notification_shows_on_a_cached_portal_page(roster, client):
    from suggestions.models import Notification

    user = UserFactory(username="deputy-user", role="deputy")
    roster[0].user = user
    roster[0].save()
    client.force_login(user)
    mine = reverse("suggestions:mine")
    client.get(mine)
    assert client.get(mine)[cache.HEADER] == "hit"
    # Written in bulk: no signal, no new data version.
    Notification.objects.bulk_create([Notification(user=user, text="您的建议已答复")])
    response = client.get(mine)
    assert response[cache.HEADER] == "miss"
    assert 'badge rounded-pill text-bg-light">1<' in response.content.decode()
    Notification.objects.filter(user=user).update(read=True)
    assert "badge rounded-pill" not in client.get(mine).content.decode()


def test_a_voters_opinion_shows_on_the_deputys_cached_portal_home(roster, client):
    from suggestions.models import VoterOpinion

    user = UserFactory(username="deputy-user", role="deputy")
    roster[0].user = user
    roster[0].save()
    client.force_login(user)
    portal = reverse("portal")
    client.get(portal)
    assert client.get(portal)[cache.HEADER] == "hit"
    VoterOpinion.objects.create(code="T2024000001", content="路灯坏了", deputy=roster[0])  # not tracked
    response = client.get(portal)
    assert response[cache.HEADER] == "miss"
    assert 'portal-count">1<' in response.content.decode()


def test_the_opinions_admin_list_is_kept_and_shows_a_new_opinion_at_once(roster, client):
    """社情民意 are not tracked by the data version; their admin list is kept under a version of its own."""
    from suggestions.models import VoterOpinion

    client.force_login(UserFactory(username="staff-user", role="presidium_staff"))
    opinions = reverse("admin:suggestions_voteropinion_changelist")
    VoterOpinion.objects.create(code="T2024000001", content="路灯坏了", deputy=roster[0])
    client.get(opinions)
    assert client.get(opinions)[cache.HEADER] == "hit"
    VoterOpinion.objects.create(code="T2024000002", content="水渠堵了", deputy=roster[1])
    response = client.get(opinions)
    assert response[cache.HEADER] == "miss"
    assert "水渠堵了" in response.content.decode()
    home = reverse("home")
    client.get(home)
    VoterOpinion.objects.create(code="T2024000003", content="道路破损", deputy=roster[2])
    assert client.get(home)[cache.HEADER] == "hit"  # a new opinion leaves the public pages' cache alone


def test_a_portal_page_is_kept_for_its_own_user_only(roster, client):
    users = [UserFactory(username=f"deputy-{n}", role="deputy") for n in range(2)]
    for deputy, user in zip(roster, users, strict=False):
        deputy.user = user
        deputy.save()
    record = reverse("deputies:my_record")
    client.force_login(users[0])
    client.get(record)
    assert client.get(record)[cache.HEADER] == "hit"
    client.force_login(users[1])
    response = client.get(record)
    assert response[cache.HEADER] == "miss"
    assert roster[1].name in response.content.decode()


def test_each_visitor_gets_their_own_csrf_token_in_the_cached_page(roster, client):
    from django.test import Client

    client.get(DIRECTORY)
    other = Client(enforce_csrf_checks=True)
    response = other.get(DIRECTORY)
    assert response[cache.HEADER] == "hit"
    assert cache.CSRF_PLACEHOLDER not in response.content
    token = response.content.decode().split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    switched = other.post(
        reverse("set_language"), {"language": "en", "csrfmiddlewaretoken": token, "next": "/"}
    )
    assert switched.status_code == 302


def test_pages_are_kept_per_language(roster, client, settings):
    client.get(DIRECTORY)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(DIRECTORY)
    assert english[cache.HEADER] == "miss"
    assert english["Content-Language"] == "en"


def test_inside_a_transaction_with_unsaved_changes_the_page_is_rendered_afresh(db, client):
    TownshipProfileFactory()
    deputy = DeputyFactory(term=TermFactory(), name="原名")
    client.get(DIRECTORY)
    deputy.name = "改名"
    deputy.save()
    response = client.get(DIRECTORY)
    assert cache.HEADER not in response
    assert "改名" in response.content.decode()
