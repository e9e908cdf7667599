import pytest

from tests.factories import UserFactory


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
