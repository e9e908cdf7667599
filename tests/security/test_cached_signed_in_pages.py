"""A signed-in user's page served from the server's page cache: the browser must not keep it, and its forms'
one-time tokens are new in every copy served.

Apart from ``test_cache_headers.py``: the page cache keeps pages only of committed data, so these tests
commit (``transactional_db``), which the other module's shared world cannot.
"""

import re

import pytest
from django.test import override_settings
from django.urls import reverse

from congress import cache
from congress.roles import Role
from congress.submissions import FIELD
from tests.factories import DeputyFactory, TermFactory, TownshipProfileFactory, UserFactory

from .test_cache_headers import kept_by_no_browser

TOKEN = re.compile(rf'name="{FIELD}" value="([0-9a-f]{{32}})"')


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


@override_settings(PAGE_CACHE=True)
def test_each_copy_of_a_cached_page_carries_new_form_tokens(client, committed_people):
    """The portal home keeps its forms' one-time tokens out of the cache: a double tap is one, two visits two."""
    client.force_login(committed_people["deputy"])
    first, second = client.get(reverse("portal")), client.get(reverse("portal"))
    assert second.get(cache.HEADER) == "hit"
    tokens = [TOKEN.findall(page.content.decode()) for page in (first, second)]
    assert tokens[0] and len(tokens[0]) == len(tokens[1])
    assert not set(tokens[0]) & set(tokens[1])
    assert len(set(tokens[1])) == len(tokens[1])  # one per form
