"""Query budgets: every list and detail page makes as many queries with three times the data.

One small data set (the scale generator at a small factor) is built once for the
module; every page of ``pages.PAGES`` and every admin changelist and change page
is counted (after the content types, which the admin caches per process, are
loaded once), then the data is grown (twice as much again, linked to what is
there) and the page counted again. The
public page cache is off here: it is the pages' own queries that are counted.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from bench.scale import ScaleBuilder
from office.report import services as report_services

from .pages import ANONYMOUS, PAGES, World, admin_pages, users

# The marker also makes pytest-django set up the test database the module fixture uses.
pytestmark = pytest.mark.django_db

SMALL, GROWTH = 0.1, 0.2  # the second pass adds twice the first: three times the data
YEARS = 3
ALL_PAGES = PAGES + admin_pages()


@dataclass
class Count:
    url: str = ""
    queries: list[str] = field(default_factory=list)
    error: str = ""

    @property
    def n(self) -> int:
        return len(self.queries)


def count(client, url) -> Count:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    if response.status_code != 200:
        return Count(url=url, error=f"{url} answered {response.status_code}")
    return Count(url=url, queries=[q["sql"] for q in context.captured_queries])


def measure(clients, pages) -> dict[str, Count]:
    world = World()
    results = {}
    for page in pages:
        try:
            url = page.url(world)
        except Exception as error:  # a missing record is reported on the page's own test
            results[page.name] = Count(error=f"no URL: {error!r}")
            continue
        if url is None:
            results[page.name] = Count(error="no record to show")
            continue
        results[page.name] = count(clients[page.who], url)
    return results


@pytest.fixture(scope="module")
def budgets(django_db_setup, django_db_blocker):
    """(small, large): each page's queries with the small data set and with three times as much."""
    with django_db_blocker.unblock(), override_settings(PAGE_CACHE=False), transaction.atomic():
        name = str(connection.settings_dict["NAME"])
        assert "test" in name or "memory" in name, f"not a test database: {name}"
        ScaleBuilder(SMALL, seed=1, years=YEARS).build()
        accounts = users()
        report_services.draft_create(year=World().year - 1, actor=accounts["scale-staff"])
        clients = {ANONYMOUS: Client()}
        for name, user in accounts.items():
            clients[name] = Client()
            clients[name].force_login(user)
        # Proxies (账号) have their own content type, which the admin asks for too.
        ContentType.objects.get_for_models(*apps.get_models(), for_concrete_models=False)
        small = measure(clients, ALL_PAGES)
        ScaleBuilder(GROWTH, seed=2, years=YEARS).build()
        large = measure(clients, ALL_PAGES)
        transaction.set_rollback(True)
    return small, large


def extra_queries(small: Count, large: Count) -> str:
    """The statements the larger data set repeats more often (what to prefetch)."""
    grown = Counter(large.queries) - Counter(small.queries)
    shrunk = Counter(small.queries) - Counter(large.queries)
    lines = [f"+{n} {sql[:300]}" for sql, n in grown.most_common(8)]
    lines += [f"-{n} {sql[:300]}" for sql, n in shrunk.most_common(4)]
    return "\n".join(lines)


@pytest.mark.parametrize("page", ALL_PAGES, ids=[page.name for page in ALL_PAGES])
def test_page_makes_the_same_number_of_queries_with_three_times_the_data(budgets, page):
    small, large = budgets[0][page.name], budgets[1][page.name]
    if small.error == "no record to show" and large.error == "no record to show":
        pytest.skip("no record of this model in the scale data")
    assert not small.error, small.error
    assert not large.error, large.error
    assert large.n == small.n, (
        f"{page.name}: {small.n} queries with the small data, {large.n} with three times as much "
        f"({small.url} → {large.url})\n{extra_queries(small, large)}"
    )
