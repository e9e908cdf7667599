"""A signed-in user's page served from the server's page cache still tells the browser not to keep it.

Apart from ``test_cache_headers.py``: the page cache keeps pages only of committed data, so these tests
commit (``transactional_db``), which the other module's shared world cannot.
"""

import pytest
from django.test import override_settings
from django.urls import reverse

from congress import cache
from congress.roles import Role
from tests.factories import DeputyFactory, TermFactory, TownshipProfileFactory, UserFactory

from .test_cache_headers import kept_by_no_browser


@pytest.fixture
def committed_people(transactional_db):
    """A deputy and a staff member in committed rows, as in production (the page cache then keeps pages)."""
    cache.page_cache().clear()
    TownshipProfileFactory()
    deputy = UserFactory(username="cache-deputy", role=Role.DEPUTY)
    DeputyFactory(term=TermFactory(), user=deputy, name="乌云")
    yield {"deputy": deputy, "staff": UserFactory(username="cache-staff", role=Role.STAFF)}
    cache.page_cache().clear()


@override_settings(PAGE_CACHE=True)
@pytest.mark.parametrize("name", ["portal", "deputies:my_record", "suggestions:mine", "admin:index"])
def test_a_page_served_from_the_page_cache_says_so_too(client, committed_people, name):
    client.force_login(committed_people["staff" if name.startswith("admin") else "deputy"])
    first, second = client.get(reverse(name)), client.get(reverse(name))
    assert second.get(cache.HEADER) == "hit"
    assert kept_by_no_browser(first) and kept_by_no_browser(second)
