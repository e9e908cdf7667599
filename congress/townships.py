"""One installation, many townships: whose records a query sees (domain.md §10).

Every township's record carries its township, directly (``TownshipOwned``: a ``township``
column) or through its parent (a ``TownshipManager(path=…)``: a round through its
suggestion). The **default manager of every such model is scoped**: while a scope is set,
``Model.objects`` (and so the admin's lists, choosers, autocomplete, filters, search and
exports, every form's choices, the related managers, the figures and the portals) sees only
the scope's township. A query that forgets the township therefore still sees only its own:
nobody has to remember to filter.

The scope is set per request by ``congress.middleware.TownshipScopeMiddleware``:

- a township's account: its own township (``AccountTownship``; an account without one belongs to
  the first township, so a single-township installation needs nothing);
- the banner's staff (``Role.BANNER``): every township, read-only, on the admin and the banner's
  own pages; a township's public pages otherwise;
- a visitor: the township named by the path prefix ``/t/<slug>/``, else the first township.

Outside a request (management commands, the shell, migrations, tests calling services) no
scope is set and queries see every township; ``scoped(township)`` sets one for a block (the
demo loader, the scale data, the banner's comparison counting one township at a time).

A new record takes the scope's township (``current_township_id``), or the first township when
no single township is in scope: the single-township installation never names it.
"""

from __future__ import annotations

import contextvars
import re
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Scope:
    """Whose records queries see: one township (``township_id``), or every township (``None``)."""

    township_id: int | None

    @property
    def everywhere(self) -> bool:
        return self.township_id is None

    @property
    def key(self) -> str:
        """A short text naming the scope, for cache keys."""
        return "all" if self.township_id is None else f"t{self.township_id}"


EVERYWHERE = Scope(None)
_scope: contextvars.ContextVar[Scope | None] = contextvars.ContextVar("township_scope", default=None)


def current() -> Scope | None:
    """The scope in force, or ``None`` outside any (every township, nothing asked)."""
    return _scope.get()


def scope_key() -> str:
    """The scope as a cache key names it (outside any scope: the first township's, as a request's would be)."""
    scope = _scope.get()
    return f"t{first_township_id()}" if scope is None else scope.key


@contextmanager
def scoped(township):
    """Queries inside see ``township`` (a Township, its id, or ``EVERYWHERE``)."""
    if isinstance(township, Scope):
        scope = township
    else:
        scope = Scope(getattr(township, "pk", township))
    token = _scope.set(scope)
    try:
        yield scope
    finally:
        _scope.reset(token)


def enter(scope: Scope | None):
    """Set ``scope`` until ``leave(token)`` (the middleware's pair of calls)."""
    return _scope.set(scope)


def leave(token) -> None:
    _scope.reset(token)


def _model(name: str):
    # By name: the models import this module (their manager and mixin), not the other way round.
    from django.apps import apps

    return apps.get_model("congress", name)


# ---- the first township -----------------------------------------------------------------

_first: dict[str, int] = {}


def first_township_id() -> int:
    """The installation's first township (the lowest id): created on a database without any.

    Kept in the process once read; townships are never deleted (records protect them), and a
    test database flushed between tests is given its first township again after the flush
    (``ensure_first_township``, on ``post_migrate``).
    """
    cached = _first.get("id")
    if cached is not None:
        return cached
    Township = _model("Township")
    township_id = Township.objects.order_by("pk").values_list("pk", flat=True).first()
    if township_id is None:
        # Without a history row: the placeholder is the database's, not an entry (congress.demo).
        Township.objects.bulk_create([Township(name=str(_("Township")), slug="township")])
        township_id = Township.objects.order_by("pk").values_list("pk", flat=True).first()
    _first["id"] = township_id
    return township_id


def forget_first_township(**kwargs) -> None:
    _first.clear()


def ensure_first_township(sender=None, **kwargs) -> None:
    """After migrate (and after a test's flush): forget the kept id and make sure one township exists."""
    from django.apps import apps

    forget_first_township()
    if sender is list(apps.get_app_configs())[-1]:
        first_township_id()


def current_township_id() -> int:
    """The township a new record belongs to: the scope's, else the first township."""
    scope = _scope.get()
    if scope is not None and scope.township_id is not None:
        return scope.township_id
    return first_township_id()


# ---- scoped managers ----------------------------------------------------------------------


class TownshipManager(models.Manager):
    """The default manager of a township's model: sees only the township in scope.

    ``township_path`` is the lookup from the model to its township (``"township"`` for a record that
    carries it, ``"suggestion__township"`` for a round). ``every_township()`` is the explicit
    way past the scope (the banner's comparison, the demo loader, the scale data).
    """

    township_path = "township"

    def get_queryset(self):
        queryset = super().get_queryset()
        scope = _scope.get()
        if scope is not None and scope.township_id is not None:
            queryset = queryset.filter(**{f"{self.township_path}_id": scope.township_id})
        return queryset

    def every_township(self):
        """Every township's records, whatever the scope: for code that compares or loads townships."""
        return super().get_queryset()

    def of_township(self, township):
        """One township's records, whatever the scope."""
        return self.every_township().filter(**{f"{self.township_path}_id": getattr(township, "pk", township)})


def scoped_manager(queryset_class: type[models.QuerySet] | None = None, path: str = "township"):
    """A ``TownshipManager`` with ``queryset_class``'s methods (a model's own queryset)."""
    base = TownshipManager.from_queryset(queryset_class) if queryset_class else TownshipManager
    # The path is the class's (a related manager is a subclass built without arguments).
    name = f"Township{queryset_class.__name__ if queryset_class else ''}Manager"
    return type(name, (base,), {"township_path": path, "__module__": __name__})()


class TownshipField(models.ForeignKey):
    """The township of a record: set from the scope, never typed, so ``full_clean`` does not look it up
    (an import of ten thousand rows would ask for the township ten thousand times)."""

    def validate(self, value, model_instance):
        if value is None and not self.null:
            super().validate(value, model_instance)


class TownshipOwned(models.Model):
    """A record that belongs to one township: the ``township`` column, and the scoped manager.

    The column is never in a form: a record takes the township in scope when it is created.
    """

    township = TownshipField(
        "congress.Township",
        on_delete=models.PROTECT,
        related_name="+",
        default=current_township_id,
        editable=False,
        verbose_name=_("township"),
    )

    objects = TownshipManager()

    class Meta:
        abstract = True


def within_scope(queryset, model):
    """``queryset`` cut to the township in scope, for a query that does not go through ``model``'s
    default manager but has its fields: its history (simple_history's copies keep the township
    column and the links to the parent). As it is when ``model`` is no township's, or no single
    township is in scope."""
    manager = model._default_manager
    scope = _scope.get()
    if not isinstance(manager, TownshipManager) or scope is None or scope.township_id is None:
        return queryset
    return queryset.filter(**{f"{manager.township_path}_id": scope.township_id})


def township_models():
    """Every model whose default manager is scoped (for the isolation tests and the banner's pages)."""
    from django.apps import apps

    return [model for model in apps.get_models() if isinstance(model._default_manager, TownshipManager)]


# ---- whose request ------------------------------------------------------------------------


def township_id_of_slug(slug: str) -> int | None:
    return _model("Township").objects.filter(slug=slug).values_list("pk", flat=True).first()


def township_of_account(user) -> int | None:
    """The account's township id; ``None`` for the banner's staff (their link names no township).

    An account without a link is the first township's (every account of a single-township
    installation); the link is read with the account (``AccountBackend``), so this costs nothing.
    """
    if not user.is_authenticated:
        return first_township_id()
    try:
        link = user.township_link
    except models.ObjectDoesNotExist:
        return first_township_id()
    return link.township_id


def scope_of(user, everywhere: bool = False) -> Scope:
    """The scope of a request by ``user`` without a township prefix (``everywhere``: an admin or banner page)."""
    township_id = township_of_account(user)
    if township_id is None and not everywhere:
        township_id = first_township_id()
    return Scope(township_id)


# The address names of 乌审旗's townships (an installation's first township is named after its profile).
KNOWN_SLUGS = {
    "嘎鲁图镇": "galutu",
    "乌审召镇": "wushenzhao",
    "图克镇": "tuke",
    "乌兰陶勒盖镇": "wulantaolegai",
    "苏力德苏木": "sulide",
    "无定河镇": "wudinghe",
}


def known_slug(name: str) -> str:
    return KNOWN_SLUGS.get(name, "township")


# ---- public addresses -----------------------------------------------------------------------

# A script prefix ending in a township's ``t/<slug>/`` (set by the middleware for a prefixed request).
_PREFIXED = re.compile(r"^(?P<root>.*/)t/[-a-z0-9_]+/$")


def public_path(township_id: int, view_name: str, args=None, kwargs=None) -> str:
    """The path of ``township_id``'s public page ``view_name``, whoever asks and under whatever prefix.

    With several townships it is under ``/t/<slug>/``, so that an address printed on a card or
    shared in a chat opens that township's page for every visitor (a visitor without a prefix
    sees the first township); a single-township installation keeps its unprefixed addresses.
    """
    from django.urls import get_script_prefix, reverse

    path = reverse(view_name, args=args, kwargs=kwargs)
    script = get_script_prefix()
    match = _PREFIXED.match(script)
    root = match["root"] if match else script
    rest = path[len(script) :] if path.startswith(script) else path.lstrip("/")
    slugs = dict(_model("Township").objects.values_list("pk", "slug"))
    if len(slugs) < 2 or township_id not in slugs:
        return f"{root}{rest}"
    return f"{root}t/{slugs[township_id]}/{rest}"


def accounts_in_scope(queryset):
    """The accounts of the township in scope (an account without a township is the first township's)."""
    scope = _scope.get()
    if scope is None or scope.township_id is None:
        return queryset
    condition = models.Q(township_link__township_id=scope.township_id)
    if scope.township_id == first_township_id():
        condition |= models.Q(township_link__isnull=True)
    return queryset.filter(condition)


def place_account(user, township_id: int | None = None, *, banner: bool = False) -> None:
    """Make ``user`` an account of ``township_id`` (default: the township in scope, else the first),
    or with ``banner`` the banner's (every township, read-only)."""
    township_id = None if banner else (township_id or current_township_id())
    _model("AccountTownship").objects.update_or_create(user=user, defaults={"township_id": township_id})
    user.__dict__.pop("township_link", None)
