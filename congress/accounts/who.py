"""Who a session's user is, kept in the cache every app server shares: account, roles, holder, permissions.

A signed-in request asks the account (``AccountBackend.get_user``), its roles
(``congress.roles.has_role``), on admin pages its permissions, and for a
deputy the deputy's record, before the page cache can answer: four small
queries of the ~6 a cached page costs. With a cache every worker of every app
server shares (Redis: ``SIGNED_IN_CACHE``, on when ``REDIS_URL`` is set) the
account is kept there as it was read, with its roles, its permissions and its
holder's record (``holders.related()``), and costs one round trip to the
cache.

It is kept under two versions and the day, read in the same round trip as the
record itself:

- the account's own version, changed by any save or deletion of the account
  (active flag, staff flag, password, name) and any change of its groups or
  permissions (``forget(user_id)``);
- everyone's version, changed by any change of a group, a group's permissions
  or a holder's record (a deputy and its account link, a unit's accounts):
  ``forget_everyone()``; these are staff edits, rare next to page views;
- the day: a deputy's leaving date takes effect when it comes.

A version is changed at once and again when the transaction commits, and a
record is stored under the versions read *before* the account was read, so a
request that read the account while the change was being made stores its copy
under a version no one asks for any more. A role taken away, an account
disabled or a password changed on one server is refused on every other at its
next request.

Without a shared cache (the single-machine default: a LocMemCache per worker)
nothing is kept: a worker cannot tell another one's copy that it changed.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

EVERYONE = "who:everyone"
ACCOUNT = "who:account:{}"
RECORD = "who:record:{}"


def enabled() -> bool:
    """On with a shared cache; off with the page cache (``PAGE_CACHE = False``: a page's own queries counted)."""
    return bool(getattr(settings, "SIGNED_IN_CACHE", False)) and getattr(settings, "PAGE_CACHE", True)


def _cache():
    from congress.cache import cache_seconds, page_cache

    return page_cache(), cache_seconds()


def _version(cache, key: str, found: dict) -> str:
    value = found.get(key)
    if value is None:  # never set, or evicted: a new one, so no older record matches
        cache.add(key, secrets.token_hex(8), None)
        value = cache.get(key)
    return value


def user(user_id, load):
    """The account ``user_id`` as ``load()`` reads it (or None), from the shared cache when it holds it.

    What is kept: the account with its holder's record (``load`` fetches them),
    its roles, and for admin accounts its permissions; ``load`` answers None for
    an account that may not sign in, which is never kept.
    """
    from congress.cache import _pending

    if not enabled() or _pending(connections[DEFAULT_DB_ALIAS]):
        return load()  # as the page cache: not inside a transaction with unsaved changes (tests)
    cache, seconds = _cache()
    keys = (EVERYONE, ACCOUNT.format(user_id), RECORD.format(user_id))
    found = cache.get_many(keys)
    stamp = (_version(cache, keys[0], found), _version(cache, keys[1], found), timezone.localdate())
    record = found.get(keys[2])
    if record is not None and record[0] == stamp:
        return record[1]
    account = load()
    if account is None:
        return None
    _complete(account)
    cache.set(keys[2], (stamp, account), seconds)
    return account


def _complete(account) -> None:
    """Read now what every request asks of the account, so that the kept copy answers it."""
    from django.contrib.auth import get_backends

    from congress.roles import Role, has_role

    has_role(account, Role.STAFF)  # reads the groups once (``_role_names``)
    if account.is_staff or account.is_superuser:
        for backend in get_backends():
            if hasattr(backend, "get_all_permissions"):
                backend.get_all_permissions(account)  # ModelBackend keeps them on the account
                break


def _change(key: str) -> None:
    if not getattr(settings, "SIGNED_IN_CACHE", False):
        return
    cache, _seconds = _cache()

    def change():
        cache.set(key, secrets.token_hex(8), None)

    change()
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.in_atomic_block:
        connection.on_commit(change)


def forget(user_id) -> None:
    """The account changed (its fields, groups or permissions): its kept copy is read afresh."""
    if user_id is not None:
        _change(ACCOUNT.format(user_id))


def forget_everyone() -> None:
    """A group, a group's permissions or a holder's record changed: every kept account is read afresh."""
    _change(EVERYONE)


# ---- what changes an account ------------------------------------------------------------------


def _account_saved(sender, instance, **kwargs):
    forget(instance.pk)


def _account_township(sender, instance, **kwargs):
    forget(instance.user_id)


def _account_links(sender, instance, action, reverse, pk_set, **kwargs):
    """``user.groups`` / ``user.user_permissions`` changed, from either side."""
    if not action.startswith("post_"):
        return
    if not reverse:
        forget(instance.pk)
    elif pk_set:
        for pk in pk_set:
            forget(pk)
    else:  # group.user_set.clear(): which accounts were in it is no longer known
        forget_everyone()


def _everyone(sender, **kwargs):
    action = kwargs.get("action")
    if action is None or action.startswith("post_"):
        forget_everyone()


def connect_signals() -> None:
    """Called once from CongressConfig.ready(): the account, its groups and permissions."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user_model = get_user_model()
    uid = "congress.accounts.who"
    post_save.connect(_account_saved, sender=user_model, dispatch_uid=f"{uid}:user-save")
    post_delete.connect(_account_saved, sender=user_model, dispatch_uid=f"{uid}:user-delete")
    for name in ("groups", "user_permissions"):
        through = user_model._meta.get_field(name).remote_field.through
        m2m_changed.connect(_account_links, sender=through, dispatch_uid=f"{uid}:{name}")
    from congress.models import AccountTownship

    post_save.connect(_account_township, sender=AccountTownship, dispatch_uid=f"{uid}:township-save")
    post_delete.connect(_account_township, sender=AccountTownship, dispatch_uid=f"{uid}:township-delete")
    post_save.connect(_everyone, sender=Group, dispatch_uid=f"{uid}:group-save")
    post_delete.connect(_everyone, sender=Group, dispatch_uid=f"{uid}:group-delete")
    m2m_changed.connect(_everyone, sender=Group.permissions.through, dispatch_uid=f"{uid}:group-perms")


def follow(paths) -> None:
    """Forget every kept account when a record along these paths from the account changes.

    ``holders.register`` calls it with a holder's ``related`` and ``prefetch`` names
    (``"deputy__constituency"``, ``"handling_units"``): the deputy, its constituency,
    the units and which accounts each unit has.
    """
    from django.contrib.auth import get_user_model

    for path in paths:
        model = get_user_model()
        for part in path.split("__"):
            field = model._meta.get_field(part)
            model = field.related_model
            uid = f"congress.accounts.who:{model._meta.label_lower}"
            post_save.connect(_everyone, sender=model, dispatch_uid=f"{uid}:save")
            post_delete.connect(_everyone, sender=model, dispatch_uid=f"{uid}:delete")
            if field.many_to_many:
                through = field.through if hasattr(field, "through") else field.remote_field.through
                m2m_changed.connect(_everyone, sender=through, dispatch_uid=f"{uid}:{part}")
