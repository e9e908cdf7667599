"""Who holds a portal account: each app says it of its own accounts, in ``AppConfig.ready()``.

The base knows nothing of deputies or units. The deputies app registers the
deputy's account (its holder is ``user.deputy``; a deputy who has left office
may not sign in); the suggestions app the handling unit's::

    from congress.accounts import holders
    holders.register(holders.Holder(role=Role.DEPUTY, related=("deputy",), describe=..., refusal=...))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q

from congress.roles import Role, has_role


@dataclass(frozen=True)
class Holder:
    role: Role
    # ``select_related`` names (one-to-one) and ``prefetch_related`` names (many) that ``describe``,
    # ``refusal`` and ``link`` read, so a list of accounts costs the same whatever its length.
    related: tuple[str, ...] = ()
    prefetch: tuple[str, ...] = ()
    # What the account belongs to, in words: "乌云（第一选区）", "镇农业综合服务中心".
    describe: Callable[[object], str] = field(default=lambda user: "")
    # Why the holder may not sign in any more (None when they may), e.g. a deputy who left office.
    refusal: Callable[[object], str | None] = field(default=lambda user: None)
    # The admin page of what the account belongs to ("" when none).
    link: Callable[[object], str] = field(default=lambda user: "")
    # Search fields of the account list reaching the holder, e.g. "deputy__name".
    search: tuple[str, ...] = ()
    # Where staff open such accounts: the admin list of the holders (URL name), with its action.
    changelist: str = ""
    # The holder's field choosing its account(s) ("deputies.deputy.user"), and which accounts of the
    # role it may still choose (e.g. those linked to no deputy yet).
    account_field: str = ""
    free: Q | None = None


_holders: dict[Role, Holder] = {}


def register(holder: Holder) -> None:
    from . import who

    _holders[Role(holder.role)] = holder
    # The signed-in account is kept with what these read (``who``): a change to them forgets it.
    who.follow((*holder.related, *holder.prefetch))


def registered() -> list[Holder]:
    return list(_holders.values())


def related() -> list[str]:
    return [name for holder in _holders.values() for name in holder.related]


def prefetch() -> list[str]:
    return [name for holder in _holders.values() for name in holder.prefetch]


def for_field(model_field) -> Holder | None:
    """The holder whose account field this is (the admin's account chooser on a deputy or a unit)."""
    label = f"{model_field.model._meta.label_lower}.{model_field.name}"
    return next((holder for holder in _holders.values() if holder.account_field == label), None)


def holders_of(user) -> list[Holder]:
    return [holder for role, holder in _holders.items() if has_role(user, role)]


def describe(user) -> str:
    return "；".join(text for holder in holders_of(user) if (text := holder.describe(user)))


def refusal(user) -> str | None:
    """Why the account's holder may not sign in. Asked on every request (``AccountBackend.get_user``):
    each rule reads only what ``related`` fetched with the user, not the user's roles."""
    for holder in _holders.values():
        reason = holder.refusal(user)
        if reason:
            return reason
    return None
