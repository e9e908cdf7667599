import pytest
from django.db import transaction
from django.test import override_settings

from tests.factories import UserFactory


@pytest.fixture(scope="module")
def world(request, django_db_setup, django_db_blocker, tmp_path_factory):
    """The permission matrix's world (one record of each kind), built once per module and rolled back
    after it. A module adds what its tests need in ``extend_world(world)``."""
    from .test_permission_matrix import build_world

    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(PAGE_CACHE=False, MEDIA_ROOT=media),
        transaction.atomic(),
    ):
        built = build_world()
        extend = getattr(request.module, "extend_world", None)
        if extend is not None:
            extend(built)
        yield built
        transaction.set_rollback(True)


@pytest.fixture
def two_staff(client):
    """Two presidium staff signed in on their own browsers: 李娜 (``client``) and 赵敏."""
    from django.test import Client

    first = UserFactory(username="li", first_name="李娜", role="presidium_staff")
    second = UserFactory(username="zhao", first_name="赵敏", role="presidium_staff")
    client.force_login(first)
    other = Client()
    other.force_login(second)
    return client, other
