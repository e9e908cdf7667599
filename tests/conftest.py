import pytest
from django.conf import settings
from django.utils import translation

from tests.factories import PASSWORD, DeputyFactory, TermFactory, TownshipProfileFactory, UserFactory


@pytest.fixture(autouse=True)
def _chinese_first():
    """Every test starts in the platform's language: a request in English leaves its thread in English."""
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def term(db):
    return TermFactory()


@pytest.fixture
def township(db):
    return TownshipProfileFactory()


@pytest.fixture
def staff_user(db):
    return UserFactory(username="staff-user", role="presidium_staff")


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def deputy_user(db, term):
    user = UserFactory(username="deputy-user", role="deputy")
    DeputyFactory(term=term, user=user, name="乌云")
    return user


@pytest.fixture
def password():
    return PASSWORD
