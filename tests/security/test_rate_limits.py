"""The limits hold across server workers and whatever else the caches hold.

Production runs gunicorn with two workers, each with its own page cache
(``CACHES``: a LocMemCache per process). The opinion form's limit (5 an hour
from one address) counted in that cache: 12 posts gave 10 accepted (5 per
worker), and flooding the page cache with distinct URLs evicted the counters
(17 accepted within minutes). The limits now live in the database, shared by
every worker and apart from the page cache (``congress/limits.py``); the
sign-in lockout (django-axes) keeps its records there too.

A "worker" here is a page cache of its own: every request is served with an
empty one (or the other of two), which is what a request landing on the other
worker sees. The race of two requests at the same instant is run on two
database connections (PostgreSQL).
"""

from __future__ import annotations

import datetime
import threading
from unittest import mock

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.test import override_settings
from django.urls import reverse

from tests.factories import TownshipProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

FORM = reverse("opinions:new")
LOOKUP = reverse("opinions:lookup")


def post_opinion(client, n, address="10.0.0.7"):
    data = {"content": f"第{n}条意见：村口道路坑洼，雨天积水。", "category": "roads", "website": ""}
    return client.post(FORM, data, REMOTE_ADDR=address)


def another_worker():
    """The next request lands on the other worker: a page cache that has seen nothing of the earlier ones.

    With Redis (``REDIS_URL``) every worker of every server shares one cache: nothing to empty."""
    if not settings.REDIS_URL:
        caches["default"].clear()


def flood_the_page_cache(entries=None):
    """Fill the page cache with more distinct pages than it keeps (as a crawler of distinct URLs does)."""
    cache = caches["default"]
    limit = entries or settings.CACHES["default"].get("OPTIONS", {}).get("MAX_ENTRIES", 300) + 500
    for n in range(limit):
        cache.set(f"page:flood:{n}", b"x" * 10, 600)


@pytest.fixture
def township(db):
    return TownshipProfileFactory()


def test_the_opinion_limit_holds_across_workers(client, township):
    answers = []
    for n in range(12):
        another_worker()
        answers.append(post_opinion(client, n).status_code)
    assert answers.count(302) == 5, answers
    assert answers[5:] == [429] * 7


def test_flooding_the_page_cache_evicts_no_counter(client, township):
    for n in range(5):
        assert post_opinion(client, n).status_code == 302
    flood_the_page_cache()
    assert post_opinion(client, 6).status_code == 429


def worker_cache(n):
    """The cache settings of worker ``n``: a LocMemCache of its own (as in each gunicorn process)."""
    return {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": f"worker-{n}"}
    }


def test_two_workers_with_their_own_caches_count_together(client, township):
    """Requests alternate between two workers, each with its own cache: one count for both."""
    answers = []
    for n in range(8):
        with override_settings(CACHES=worker_cache(n % 2)):
            answers.append(post_opinion(client, n).status_code)
    assert answers.count(302) == 5, answers


def test_the_lookup_limit_holds_across_workers(client, township):
    answers = []
    for _n in range(25):
        another_worker()
        answers.append(client.post(LOOKUP, {"code": "ABCD2345"}, REMOTE_ADDR="10.0.0.8").status_code)
    assert answers.count(200) == 20 and answers[20:] == [429] * 5, answers


def test_a_refused_form_does_not_use_up_the_limit(client, township):
    """Only opinions sent count: a form with an error (here: no content) can be corrected and sent."""
    for _n in range(8):
        client.post(FORM, {"content": "", "category": "roads", "website": ""}, REMOTE_ADDR="10.0.0.9")
    assert post_opinion(client, 1, address="10.0.0.9").status_code == 302


# ---- the store behind the limits -----------------------------------------------------------------


def test_the_limits_are_kept_in_the_database_without_redis_and_in_redis_with_it():
    from congress import limits

    expected = limits.RedisCounterStore if settings.REDIS_URL else limits.DatabaseCounterStore
    assert isinstance(limits.store(), expected)


@override_settings(RATE_LIMIT_STORE="congress.limits.DatabaseCounterStore")
def test_the_database_store_keeps_one_row_per_limit_and_address():
    from congress import limits
    from congress.models import RateCounter

    limit = limits.RateLimit("test-limit", limit=2, seconds=60)
    assert limit.take("10.1.1.1") and limit.take("10.1.1.1") and not limit.take("10.1.1.1")
    assert RateCounter.objects.filter(key__startswith="test-limit:").count() == 1
    caches["default"].clear()
    assert limit.exceeded("10.1.1.1")


@override_settings(RATE_LIMIT_STORE="congress.limits.DatabaseCounterStore")
def test_a_window_ends_and_counting_starts_again():
    from congress import limits

    limit = limits.RateLimit("test-window", limit=1, seconds=3600)
    start = datetime.datetime(2024, 5, 1, 9, 0, tzinfo=datetime.UTC)
    with mock.patch("congress.limits.timezone.now", return_value=start):
        assert limit.take("10.1.1.2") and not limit.take("10.1.1.2")
    with mock.patch("congress.limits.timezone.now", return_value=start + datetime.timedelta(minutes=59)):
        assert not limit.take("10.1.1.2")
    with mock.patch("congress.limits.timezone.now", return_value=start + datetime.timedelta(minutes=61)):
        assert limit.take("10.1.1.2")


def test_giving_back_a_hit_frees_it():
    from congress import limits

    limit = limits.RateLimit("test-give-back", limit=1, seconds=60)
    assert limit.take("10.1.1.3")
    limit.give_back("10.1.1.3")
    assert limit.take("10.1.1.3")


class MemoryStore:
    """A store of another kind (as a Redis one would be): the limits use whatever the setting names."""

    counts: dict = {}

    def take(self, key, *, limit, seconds):
        self.counts[key] = self.counts.get(key, 0) + 1
        return self.counts[key] <= limit

    def give_back(self, key):
        self.counts[key] -= 1

    def count(self, key):
        return self.counts.get(key, 0)


@override_settings(RATE_LIMIT_STORE="tests.security.test_rate_limits.MemoryStore")
def test_another_store_can_replace_the_database():
    from congress import limits

    assert isinstance(limits.store(), MemoryStore)
    limit = limits.RateLimit("test-memory", limit=1, seconds=60)
    assert limit.take("10.1.1.4") and not limit.take("10.1.1.4")


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Requests racing on two connections need PostgreSQL's row locks; SQLite runs one writer at a time.",
)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_requests_racing_on_several_connections_take_no_more_than_the_limit():
    from congress import limits

    limit = limits.RateLimit("test-race", limit=5, seconds=60)
    count = 12
    barrier = threading.Barrier(count, timeout=10)
    taken = [None] * count

    def run(i):
        try:
            barrier.wait()
            with transaction.atomic():
                taken[i] = limit.take("10.2.2.2")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert taken.count(True) == 5, taken


# ---- the sign-in lockout ------------------------------------------------------------------------------


def test_the_sign_in_lockout_is_kept_in_the_database():
    from axes.conf import settings as axes_settings

    assert axes_settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"


def test_the_sign_in_lockout_holds_across_workers_and_a_flooded_cache(client, township):
    user = UserFactory(username="lockout-user")
    answers = []
    for _n in range(settings.AXES_FAILURE_LIMIT + 2):
        another_worker()
        flood_the_page_cache(50)
        response = client.post(
            reverse("login"), {"username": user.username, "password": "wrong"}, REMOTE_ADDR="10.0.0.10"
        )
        answers.append(response.status_code)
    assert answers[: settings.AXES_FAILURE_LIMIT - 1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert answers[-1] == 429, answers


# ---- the Redis store (REDIS_URL): the same rules, shared by every app server ----------------------


@pytest.fixture
def redis_store(settings):
    """A RedisCounterStore on a real Redis: REDIS_URL's, else REDIS_TEST_URL (CI starts one for every run)."""
    import os

    from congress import limits

    url = settings.RATE_LIMIT_REDIS_URL if settings.REDIS_URL else os.environ.get("REDIS_TEST_URL")
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail("CI runs the Redis store's tests: set REDIS_TEST_URL (.ci/run starts a redis-server)")
        pytest.skip("no Redis: set REDIS_URL or REDIS_TEST_URL")
    settings.RATE_LIMIT_REDIS_URL = url
    settings.CACHE_KEY_PREFIX = f"test-{os.getpid()}-{threading.get_ident()}"
    return limits.RedisCounterStore()


def test_redis_counts_a_limit_within_its_window(redis_store):
    key = f"test-redis:{datetime.datetime.now().timestamp()}"
    assert [redis_store.take(key, limit=2, seconds=60) for _n in range(3)] == [True, True, False]
    assert redis_store.count(key) == 2
    assert 0 < redis_store.redis.ttl(redis_store.prefix + key) <= 60  # the window ends with the key
    redis_store.give_back(key)
    assert redis_store.take(key, limit=2, seconds=60)
    redis_store.redis.delete(redis_store.prefix + key)


def test_redis_takes_no_more_than_the_limit_from_racing_servers(redis_store):
    from congress import limits

    key = f"test-redis-race:{datetime.datetime.now().timestamp()}"
    results, barrier = [], threading.Barrier(10)

    def server():
        store = limits.RedisCounterStore.__new__(limits.RedisCounterStore)
        store.redis, store.prefix = (
            type(redis_store.redis).from_url(redis_store.redis_url),
            redis_store.prefix,
        )
        barrier.wait()
        results.append(store.take(key, limit=5, seconds=60))

    redis_store.redis_url = settings.RATE_LIMIT_REDIS_URL
    threads = [threading.Thread(target=server) for _n in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False] * 5 + [True] * 5
    redis_store.redis.delete(redis_store.prefix + key)
