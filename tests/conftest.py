import pytest
from django.utils import translation

from tests.factories import PASSWORD, DeputyFactory, TermFactory, TownshipProfileFactory, UserFactory


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request with the English switch's cookie
    activates English in the thread (congress.language), which would outlive its test."""
    translation.deactivate()
    yield
    translation.deactivate()


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
