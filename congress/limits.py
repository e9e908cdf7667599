"""Limits per client address (the public opinion form, the lookup), counted where every worker counts.

A ``RateLimit`` allows ``limit`` hits from one address within ``seconds`` of the
first. The counts must hold however the server runs: gunicorn's workers each
have their own page cache (a LocMemCache per process) and that cache evicts
what it holds when pages fill it, so counting there let 5 an hour become 5 per
worker, and any number after a crawl. The counts live in a store that every
worker shares and that nothing else fills: the database by default
(``DatabaseCounterStore``, one small row per limit and address, changed by
atomic conditional UPDATEs), or, with ``REDIS_URL`` set, Redis
(``RedisCounterStore``: one key per limit and address, changed by small atomic
scripts), or whatever ``RATE_LIMIT_STORE`` names: a class with the three methods
of ``CounterStore``. In Redis the counters live beside the page copies, and the
deployment's ``maxmemory-policy volatile-ttl`` evicts the page copies (minutes to
live) before a counter (an hour) when memory is full (docs/deployment.md).

Sign-in lockouts are django-axes', kept in the database too (``AXES_HANDLER``).

    SUBMIT_LIMIT = RateLimit("voter-opinion", limit=5, seconds=3600)
    if not SUBMIT_LIMIT.take(address): ...          # refused: over the limit
    ... and if what was taken did not happen after all: SUBMIT_LIMIT.give_back(address)
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string

DEFAULT_STORE = "congress.limits.DatabaseCounterStore"


class CounterStore(Protocol):
    """Where the limits count: shared by every worker, apart from any cache of pages."""

    def take(self, key: str, *, limit: int, seconds: int) -> bool:
        """Count one hit under ``key`` if fewer than ``limit`` were counted in its window (atomically);
        a window of ``seconds`` starts with the first hit after the last one ended."""

    def give_back(self, key: str) -> None:
        """Uncount one hit under ``key`` (what was taken did not happen after all)."""

    def count(self, key: str) -> int:
        """Hits counted under ``key`` in its current window."""


class DatabaseCounterStore:
    """The limits in the database (``congress.models.RateCounter``): one row per key.

    Each step is a single conditional UPDATE, so two workers (two connections) taking the
    last hit at the same instant cannot both get it: the row lock makes the second UPDATE
    see the first's count. Rows whose window ended long ago are removed now and then.
    """

    PURGE_AFTER = datetime.timedelta(days=1)

    def _rows(self, key):
        from .models import RateCounter

        return RateCounter.objects.filter(key=key)

    def take(self, key: str, *, limit: int, seconds: int) -> bool:
        from .models import RateCounter

        now = timezone.now()
        window_ends = now + datetime.timedelta(seconds=seconds)
        for _attempt in range(3):
            rows = self._rows(key)
            # In the current window, below the limit: one more.
            if rows.filter(window_ends__gt=now, count__lt=limit).update(count=F("count") + 1):
                return True
            # The window ended: a new one starts with this hit.
            if rows.filter(window_ends__lte=now).update(count=1, window_ends=window_ends):
                return True
            if rows.exists():
                return False  # in the window, at the limit
            try:
                with transaction.atomic():
                    RateCounter.objects.create(key=key, count=1, window_ends=window_ends)
            except IntegrityError:
                continue  # another worker created the row meanwhile: count on it
            self._purge(now)
            return True
        return False

    def give_back(self, key: str) -> None:
        self._rows(key).filter(count__gt=0).update(count=F("count") - 1)

    def count(self, key: str) -> int:
        row = self._rows(key).filter(window_ends__gt=timezone.now()).values_list("count", flat=True).first()
        return row or 0

    def _purge(self, now):
        from .models import RateCounter

        RateCounter.objects.filter(window_ends__lt=now - self.PURGE_AFTER).delete()


class RedisCounterStore:
    """The limits in Redis (``REDIS_URL``), shared by every worker of every app server.

    A key per limit and address, ``<prefix>:limit:<key>``, holding the count and expiring when its
    window ends (the first hit sets the time to live). Each step is one Lua script, atomic in Redis:
    two servers taking the last hit at the same instant cannot both get it.
    """

    TAKE = """
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count >= tonumber(ARGV[1]) then return 0 end
count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[2]) end
return 1
"""
    GIVE_BACK = """
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count > 0 then redis.call('DECR', KEYS[1]) end
return 0
"""
    _clients: dict = {}

    def __init__(self):
        location = settings.RATE_LIMIT_REDIS_URL
        if location not in self._clients:
            import redis

            self._clients[location] = redis.Redis.from_url(location)
        self.redis = self._clients[location]
        self.prefix = f"{getattr(settings, 'CACHE_KEY_PREFIX', 'renda')}:limit:"

    def take(self, key: str, *, limit: int, seconds: int) -> bool:
        return bool(self.redis.eval(self.TAKE, 1, self.prefix + key, limit, seconds))

    def give_back(self, key: str) -> None:
        self.redis.eval(self.GIVE_BACK, 1, self.prefix + key)

    def count(self, key: str) -> int:
        return int(self.redis.get(self.prefix + key) or 0)


def store() -> CounterStore:
    """The store the settings name (``RATE_LIMIT_STORE``), the database by default."""
    return import_string(getattr(settings, "RATE_LIMIT_STORE", DEFAULT_STORE))()


@dataclass(frozen=True)
class RateLimit:
    """At most ``limit`` hits from one client address within ``seconds`` of its first hit."""

    name: str
    limit: int
    seconds: int

    def _key(self, address: str) -> str:
        return f"{self.name}:{address}"[:200]

    def take(self, address: str) -> bool:
        """Count a hit from ``address``; False (nothing counted) when it is over the limit."""
        return store().take(self._key(address), limit=self.limit, seconds=self.seconds)

    def give_back(self, address: str) -> None:
        store().give_back(self._key(address))

    def exceeded(self, address: str) -> bool:
        """Whether the next hit from ``address`` would be refused (for refusing before any work)."""
        return store().count(self._key(address)) >= self.limit
