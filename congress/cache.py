"""The page cache: a page rendered once per version of the data, never stale after a save.

One database row (``DataVersion``) holds a token that changes after every
transaction that wrote a domain record (post_save, post_delete and
m2m_changed of the models of ``congress``, ``deputies``, ``suggestions`` and
``livelihood``). A public page (``@public_page``) is kept in Django's cache
under its address (scheme, host, path and query), the language, today's date, that token and who
it was rendered for. Serving it costs one small query (the token) instead of
the page's queries and template.

Who it was rendered for: a visitor who is not signed in shares the page with
every other; a signed-in user's copy (whose header names them and links to
their portal) is theirs alone, kept under their account, roles and the
records of theirs a page shows that the data version does not follow (each app
registers them in its ``AppConfig.ready()``: ``untrack()`` and ``register_user_state()``;
e.g. suggestions' unread notices, written and read in bulk, and voters' opinions waiting). A portal page (``@personal_page``, under the view's access
decorator) and an admin list (``cached_changelist``) are kept the same way.

Why this is right with several gunicorn workers, each with its own cache
(a LocMemCache per process, ``CACHES`` in the settings): the token lives in the database
all workers share. A save in one worker changes the token when its
transaction commits, before the response goes back to the person saving,
so every request that starts afterwards, in any worker, looks for the page
under the new token and renders it afresh. Old entries are never read
again and expire (``PAGE_CACHE_SECONDS``).

Not cached: requests carrying messages, anything but GET/HEAD with status
200, and requests inside a transaction that has unsaved domain changes
(tests, or a view that wrote before reading). The CSRF token of the page's
forms (the language switch, signing out) is left out of the cached copy and
filled in for each visitor, and so are the one-time tokens of forms that write
(``congress.submissions``): new ones for every copy served.

``PAGE_CACHE = False`` in the settings turns the cache off (the query budget
tests count the pages' own queries). Writes that send no signals (``QuerySet.update``, ``bulk_create``, raw SQL,
a restore) call ``bump()`` themselves; ``PAGE_CACHE_SECONDS`` bounds what a
forgotten one could leave stale.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from functools import wraps

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone, translation

from . import townships
from .roles import DOMAIN_APPS, Role, has_role
from .submissions import FIELD, new_token

# Models whose rows never show on a public page and change often. The apps add theirs with
# ``untrack()`` in their AppConfig.ready(); the base never names an app's models.
UNTRACKED = {
    "congress.dataversion",
    "congress.ratecounter",  # the limits' counts (congress/limits.py): never on a page
    "congress.submission",  # one-time form tokens claimed (congress/submissions.py)
}
# Functions ``user, before=(sql, params) -> tuple``: the user's own records a page shows that the
# data version does not follow (``register_user_state()``, from the apps' AppConfig.ready()); the
# first registered also reads ``before`` (the data version) in its statement, as its first value.
USER_STATE: list = []
# Untracked models whose own admin list is kept all the same, under a version of their own (the
# ``DataVersion`` row of that number) as well as the data version (``keep_own_version()``, from the apps'
# ready(): suggestions' 社情民意 list of 12,000 opinions costs ~25 ms to render, is read far more often
# than an opinion arrives, and an opinion arriving must not throw the public pages away).
OWN_VERSIONS: dict[str, int] = {}
CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")([^"]+)(")')
CSRF_PLACEHOLDER = b"__csrf_token_placeholder__"
# One-time form tokens (congress/submissions.py): each copy served gets new ones, one per form.
SUBMISSION_INPUT = re.compile(rb'(name="' + FIELD.encode() + rb'" value=")([0-9a-f]{32})(")')
SUBMISSION_PLACEHOLDER = b"__submission_token_placeholder__"
HEADER = "X-Page-Cache"


def cache_seconds() -> int:
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 600))


def page_cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


# ---- the data version ---------------------------------------------------------------------


def _row(sql: str, params, using: str = DEFAULT_DB_ALIAS):
    """One row of a small SQL statement: every cached page asks it, and the ORM would cost more than the query."""
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def _token_sql(number: int = 1, using: str = DEFAULT_DB_ALIAS) -> tuple[str, list]:
    """The version's token as a scalar subquery (SQL, parameters), to read with other small things."""
    from .models import DataVersion

    qn, meta = connections[using].ops.quote_name, DataVersion._meta
    column, table, pk = qn(meta.get_field("token").column), qn(meta.db_table), qn(meta.pk.column)
    return f"(SELECT {column} FROM {table} WHERE {pk} = %s)", [number]


def token(using: str = DEFAULT_DB_ALIAS, number: int = 1) -> str:
    """The current data version (one query); ``number`` 2… an own version (``OWN_VERSIONS``)."""
    sql, params = _token_sql(number, using)
    row = _row(f"SELECT {sql}", params, using)
    return (row[0] if row else None) or "none"


def bump(using: str = DEFAULT_DB_ALIAS, number: int = 1) -> str:
    """Give the data a new version now (in the current transaction, if any); returns the new token."""
    from .models import DataVersion

    new = secrets.token_hex(8)
    rows = DataVersion.objects.using(using).filter(pk=number)
    if not rows.update(token=new, changed_at=timezone.now()):
        DataVersion.objects.using(using).update_or_create(pk=number, defaults={"token": new})
    return new


@dataclass(frozen=True)
class _BumpAfterCommit:
    """The on_commit callback of a transaction that wrote domain records (at most one per transaction)."""

    using: str
    number: int = 1

    def __call__(self):
        bump(self.using, self.number)


def _pending(connection, number: int | None = None) -> bool:
    """Whether the connection's open transaction wrote domain records (its bump is waiting for the commit).

    ``number``: only that version's records (None: any version's, the data's or an own one).
    """
    return connection.in_atomic_block and any(
        isinstance(func, _BumpAfterCommit) and number in (None, func.number)
        for _savepoints, func, _robust in connection.run_on_commit
    )


def data_changed(sender=None, using=None, **kwargs):
    """Signal receiver: new version once the transaction commits (at once outside a transaction).

    After the commit rather than inside the transaction, so that a long import does
    not hold the version row's lock and make every other writer wait for it.
    """
    action = kwargs.get("action")
    if action is not None and not action.startswith("post_"):
        return  # m2m_changed sends pre_ and post_ actions; one is enough
    alias = using or DEFAULT_DB_ALIAS
    connection = connections[alias]
    number = OWN_VERSIONS.get(sender._meta.label_lower, 1) if sender is not None else 1
    if not _pending(connection, number):
        connection.on_commit(_BumpAfterCommit(alias, number))


def tracked_models():
    """The domain models whose saves change what public pages show (not their history tables)."""
    for label in DOMAIN_APPS:
        for model in apps.get_app_config(label).get_models():
            if model._meta.label_lower in UNTRACKED or model.__name__.startswith("Historical"):
                continue
            yield model


def _signals(model):
    """(signal, sender, dispatch_uid) of each receiver that follows ``model``'s saves."""
    uid = f"congress.cache:{model._meta.label_lower}"
    yield post_save, model, f"{uid}:save"
    yield post_delete, model, f"{uid}:delete"
    for field in model._meta.local_many_to_many:
        yield m2m_changed, field.remote_field.through, f"{uid}:{field.name}"


def connect_signals():
    """Called once from CongressConfig.ready()."""
    for model in tracked_models():
        for signal, sender, uid in _signals(model):
            signal.connect(data_changed, sender=sender, dispatch_uid=uid)


def untrack(*labels: str):
    """Models (``"app.model"``) whose saves do not change what pages show: called from an app's ready().

    Whichever app is ready first, the model ends untracked: its receivers, if already connected, go.
    """
    for label in labels:
        UNTRACKED.add(label.lower())
        model = apps.get_model(label)
        for signal, sender, uid in _signals(model):
            signal.disconnect(sender=sender, dispatch_uid=uid)


def keep_own_version(label: str, number: int):
    """An untracked model (``"app.model"``) whose admin list is kept under a version of its own,
    ``DataVersion`` row ``number`` (2, 3…): called from an app's ready(), after ``untrack()``."""
    label = label.lower()
    OWN_VERSIONS[label] = number
    model = apps.get_model(label)
    uid = f"congress.cache:own:{label}"
    post_save.connect(data_changed, sender=model, dispatch_uid=f"{uid}:save")
    post_delete.connect(data_changed, sender=model, dispatch_uid=f"{uid}:delete")


def register_user_state(state):
    """``state(user, before=(sql, params)) -> tuple``: a user's own records their pages show that the data
    version does not follow (the first registered reads ``before`` first, in the same statement).

    Called from an app's ready(); each copy of a page kept for a user is kept under these values too.
    """
    if state not in USER_STATE:
        USER_STATE.append(state)


def kept(name: tuple, compute):
    """``compute()``'s value, kept per data version, language and day under ``name`` (e.g. a list's figures).

    The value must pickle without reading the database again (text, numbers, not
    querysets). Computed afresh (and not kept) when the cache is off or this
    transaction has unsaved changes.
    """
    if not getattr(settings, "PAGE_CACHE", True) or _pending(connections[DEFAULT_DB_ALIAS]):
        return compute()
    name_hash = hashlib.sha256(repr(name).encode()).hexdigest()[:32]
    day = timezone.localdate().isoformat()
    key = f"fragment:{token()}:{townships.scope_key()}:{translation.get_language()}:{day}:{name_hash}"
    value = page_cache().get(key)
    if value is None:
        value = compute()
        page_cache().set(key, value, cache_seconds())
    return value


def fragment(name: tuple, render) -> str:
    """``render()``'s text, kept per data version, language and day under ``name`` (e.g. the dashboard panel)."""
    return kept(name, render)


# ---- public pages -------------------------------------------------------------------------


def _cacheable_request(request) -> bool:
    if not getattr(settings, "PAGE_CACHE", True):
        return False
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.MESSAGE_STORAGE and request.COOKIES.get("messages"):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.session_key and session.get("_messages"):
        return False
    return not _pending(connections[DEFAULT_DB_ALIAS])


def _viewer_and_version(request) -> tuple[str, str]:
    """``viewer(request)`` and the data version, read in one statement for a signed-in user."""
    user = request.user
    if not user.is_authenticated:
        return "anonymous", token()
    roles = ",".join(role.value for role in Role if has_role(user, role))
    # An admin page shows what the permissions allow (the admin reads them for the page anyway).
    permissions = ",".join(sorted(user.get_all_permissions())) if user.is_staff else ""
    own: list = []
    if USER_STATE:
        version, *first = USER_STATE[0](user, before=_token_sql())
        own.extend(first)
        for state in USER_STATE[1:]:
            own.extend(state(user))
    else:
        version = token()
    who = (
        f"user:{user.pk}:{user.get_username()}:{user.get_full_name()}:{user.is_staff}:{user.is_superuser}:"
        f"{roles}:{':'.join(str(value) for value in own)}:{hashlib.sha256(permissions.encode()).hexdigest()[:16]}"
    )
    return who, version or "none"


def viewer(request) -> str:
    """Whom a page is rendered for, as far as it shows: nobody, or one account as it stands now.

    For a signed-in user: the account (its name shows in the header), its roles
    and, on admin pages, its permissions, and the user's own records that the data
    version does not follow (``register_user_state()``: suggestions' unread notices and
    voters' opinions waiting): one query besides the roles, which the view's access check
    has read already, and that query reads the data version too.
    """
    return _viewer_and_version(request)[0]


def page_key(request, own_version: int | None = None) -> str:
    # The whole address, host and scheme included: a page may hold absolute links (a post's link card
    # and QR code), which must name the address the visitor used (an intranet IP or the public domain).
    who, version = _viewer_and_version(request)
    page = hashlib.sha256(f"{request.build_absolute_uri()}\n{who}".encode()).hexdigest()[:32]
    today = timezone.localdate().isoformat()
    if own_version is not None:
        version = f"{version}:{token(number=own_version)}"
    # The scope too: one address may show another township's records to a signed-in account.
    return f"page:{version}:{townships.scope_key()}:{translation.get_language()}:{today}:{page}"


@dataclass(frozen=True)
class CachedPage:
    content: bytes
    content_type: str


def _store(response) -> CachedPage | None:
    # The CSRF cookie (set by a view under csrf_protect, as the admin's are) is the visitor's own and is
    # set again when the copy is served; any other cookie means the page is not the same for everyone.
    if (
        response.status_code != 200
        or response.streaming
        or set(response.cookies) - {settings.CSRF_COOKIE_NAME}
    ):
        return None
    if response.has_header("Cache-Control") and "private" in response["Cache-Control"]:
        return None
    content = CSRF_INPUT.sub(rb"\1" + CSRF_PLACEHOLDER + rb"\3", response.content)
    content = SUBMISSION_INPUT.sub(rb"\1" + SUBMISSION_PLACEHOLDER + rb"\3", content)
    return CachedPage(content=content, content_type=response["Content-Type"])


def _serve(request, page: CachedPage) -> HttpResponse:
    content = page.content
    if CSRF_PLACEHOLDER in content:
        content = content.replace(CSRF_PLACEHOLDER, get_token(request).encode())
    if SUBMISSION_PLACEHOLDER in content:
        content = re.sub(re.escape(SUBMISSION_PLACEHOLDER), lambda _match: new_token().encode(), content)
    response = HttpResponse(content, content_type=page.content_type)
    response[HEADER] = "hit"
    return response


def public_page(view, own_version: int | None = None):
    """Cache a page's response per data version: one copy for visitors, one for each signed-in user (see the module).

    ``own_version``: kept under that own version too (``OWN_VERSIONS``: a list of an untracked model).
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        key = page_key(request, own_version)
        cache = page_cache()
        page = cache.get(key)
        if page is not None:
            return _serve(request, page)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and not getattr(response, "is_rendered", True):
            response.render()
        stored = _store(response)
        if stored is not None:
            cache.set(key, stored, cache_seconds())
            response[HEADER] = "miss"
        return response

    return wrapper


def cached_changelist(model_admin, view):
    """An admin list (``ModelAdmin.changelist_view``) kept like a portal page, per data version and user.

    Only for the domain models the data version follows; list pages are read far
    more often than records are saved, and a save anywhere renders them afresh.
    """
    label = model_admin.model._meta.label_lower
    if label in OWN_VERSIONS:
        return public_page(view, OWN_VERSIONS[label])
    if label in UNTRACKED or model_admin.model._meta.app_label not in DOMAIN_APPS:
        return view
    return public_page(view)


def personal_page(view):
    """Cache a signed-in user's own page (a portal page) per data version, as ``public_page`` does.

    Put it under the view's access decorator, which decides who may see the page at all.
    """
    return public_page(view)
