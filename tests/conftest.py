from contextlib import contextmanager

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from tests.factories import PASSWORD, DeputyFactory, TermFactory, TownshipProfileFactory, UserFactory


@pytest.fixture(autouse=True)
def _chinese_first():
    """Every test starts in the platform's language whatever ran before it, and leaves it so.

    A request in English leaves its thread in English (LocaleMiddleware activates the language
    and nothing deactivates it), and so does a test that calls ``translation.activate``: without
    this, ``str(term)`` gave "Term 四" in a later test of the same worker
    (tests/congress/test_language_isolation.py).
    """
    translation.activate(settings.LANGUAGE_CODE)
    yield
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
def first_township_scope(db):
    """The test's queries see the first township only, as its pages do (the demo holds a second, 图克镇)."""
    from congress.townships import first_township_id, scoped

    with scoped(first_township_id()):
        yield


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture(autouse=True)
def _empty_shared_cache():
    """Each test starts with the caches empty (this worker's Redis database with REDIS_URL, else the
    process's memory): the database rolls back after each test, and what the caches hold (page copies
    keyed by a data version that rolled back with it, rate-limit counters) must too."""
    from django.core.cache import caches

    for alias in settings.CACHES:
        caches[alias].clear()


class PageQueries(CaptureQueriesContext):
    """The queries a page makes of its own: reading the session is left out.

    Sessions live in the database, or in Redis when REDIS_URL is set (cached_db), so their
    queries depend on the deployment, not on the page.
    """

    @property
    def captured_queries(self):
        return [q for q in super().captured_queries if "django_session" not in q["sql"]]

    def __len__(self):
        return len(self.captured_queries)


@pytest.fixture
def django_assert_num_queries():
    """pytest-django's fixture of that name, counting a page's own queries (``PageQueries``)."""

    @contextmanager
    def assert_num_queries(num):
        with PageQueries(connection) as context:
            yield context
        performed = len(context)
        if performed != num:
            listing = "\n\n".join(q["sql"] for q in context.captured_queries)
            pytest.fail(f"Expected to perform {num} queries but {performed} were done\n\n{listing}")

    return assert_num_queries
