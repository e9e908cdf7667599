"""The signed-in account kept in the shared cache (congress/accounts/who.py): fewer queries, never stale.

``SIGNED_IN_CACHE`` is on with Redis; here it is turned on over the test's own cache, which
stands for the cache every app server shares.
"""

import pytest
from django.contrib.auth.models import Group
from django.test import override_settings
from django.urls import reverse

from congress import cache
from congress.roles import Role
from tests.factories import DeputyFactory, TermFactory, UserFactory

PORTAL = reverse("portal")


@pytest.fixture(autouse=True)
def shared_cache():
    cache.page_cache().clear()
    with override_settings(SIGNED_IN_CACHE=True):
        yield
    cache.page_cache().clear()


@pytest.fixture
def deputy(transactional_db):
    user = UserFactory(username="wuyun", role="deputy")
    DeputyFactory(term=TermFactory(), user=user, name="乌云")
    return user


def user_queries(context):
    return [q for q in context.captured_queries if '"auth_user"' in q["sql"] or '"auth_group"' in q["sql"]]


def test_the_account_and_its_roles_are_read_once(deputy, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(deputy)
    assert client.get(PORTAL).status_code == 200
    with CaptureQueriesContext(connection) as context:
        assert client.get(PORTAL).status_code == 200
    assert user_queries(context) == []


def test_a_role_taken_away_is_refused_at_once(deputy, client):
    client.force_login(deputy)
    assert client.get(PORTAL).status_code == 200
    deputy.groups.remove(Group.objects.get(name=Role.DEPUTY.value))
    assert client.get(reverse("suggestions:mine")).status_code in (302, 403, 404)


def test_a_role_taken_away_from_the_group_side_is_refused_at_once(deputy, client):
    client.force_login(deputy)
    assert client.get(reverse("suggestions:mine")).status_code == 200
    Group.objects.get(name=Role.DEPUTY.value).user_set.remove(deputy)
    assert client.get(reverse("suggestions:mine")).status_code in (302, 403, 404)


def test_a_disabled_account_is_signed_out_at_once(deputy, client):
    client.force_login(deputy)
    assert client.get(PORTAL).status_code == 200
    deputy.is_active = False
    deputy.save()
    response = client.get(PORTAL)
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_deputy_who_left_office_is_signed_out_at_once(deputy, client):
    import datetime

    client.force_login(deputy)
    assert client.get(PORTAL).status_code == 200
    record = deputy.deputy
    record.left_office, record.status = datetime.date.today() - datetime.timedelta(days=1), "resigned"
    record.save()
    response = client.get(PORTAL)
    assert response.status_code == 302 and "login" in response["Location"]
