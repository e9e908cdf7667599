"""Every write on an account: open, reset the password, disable, enable, the holder's own change.

Each takes the acting user explicitly, checks that they may manage the account
(presidium staff: portal accounts only; superusers: any), and logs an
``AccountEvent`` in the same transaction. One-time passwords are returned to
the caller, which prints them on the slips of the same response; only their
hash is kept.
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from congress import townships
from congress.language import listed
from congress.roles import PORTAL_ROLES, Role, grant_role, has_role, is_portal_account, is_staff_member

from . import holders
from .models import ISSUING, AccountAction, AccountEvent

# One-time passwords avoid the characters people misread on paper: 0/o, 1/l/i.
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
PASSWORD_LENGTH = 10


def one_time_password() -> str:
    """A random password of 10 characters a deputy can copy from paper without doubt (≈ 2⁴⁹ choices)."""
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))


@dataclass(frozen=True)
class Slip:
    """What one sign-in slip (and its row in the office's record) says. Exists only in one response."""

    account_id: int
    name: str  # the holder as the slip greets them: 乌云, 镇农业综合服务中心
    holder: str  # the kind of account: 代表, 承办单位
    detail: str  # what helps to hand it over: the constituency, the unit
    username: str
    password: str
    issued_at: datetime.datetime
    issued_by: str
    action: str  # opened or password_reset


def display_name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def may_manage(actor, account) -> bool:
    """Staff manage portal accounts only (never staff or superuser accounts, nor their own); superusers
    every account but other superusers'."""
    if actor is None or not actor.is_authenticated:
        return False
    if actor.is_superuser:
        return not account.is_superuser or account.pk == actor.pk
    return is_staff_member(actor) and account.pk != actor.pk and is_portal_account(account)


def _check(actor, account):
    if not may_manage(actor, account):
        raise PermissionDenied(_("You may not manage this account."))


@dataclass
class Planned:
    """One holder of an "open accounts" request: the username they will get, or why they are skipped."""

    holder: object
    name: str
    detail: str
    username: str = ""
    skipped: str = ""


class Usernames:
    """Picks usernames for a batch: free on the platform and not already picked in the batch."""

    def __init__(self):
        self.picked: set[str] = set()

    def free(self, username: str) -> bool:
        return username.lower() not in self.picked and not username_taken(username)

    def pick(self, preferred: list[str], fallback: str) -> str:
        """The first of ``preferred`` that is free, else ``fallback`` (then ``fallback-2``, ``-3`` …)."""
        choice = next((u for u in preferred if u and self.free(u)), None)
        n = 1
        while choice is None:
            candidate = fallback if n == 1 else f"{fallback}-{n}"
            choice = candidate if self.free(candidate) else None
            n += 1
        self.picked.add(choice.lower())
        return choice


def username_taken(username: str) -> bool:
    return get_user_model()._default_manager.filter(username__iexact=username).exists()


def _log(account, action, *, actor, note="", one_time_hash="") -> AccountEvent:
    return AccountEvent.objects.create(
        account=account, action=action, actor=actor, note=note[:300], one_time_password=one_time_hash
    )


def _forget_issued(account) -> None:
    """An issued one-time password is no longer in use (changed, or a new one issued): drop its hash."""
    AccountEvent.objects.filter(account=account).exclude(one_time_password="").update(one_time_password="")


def _issue(account, action, *, actor, note, name, holder, detail) -> Slip:
    password = one_time_password()
    account.set_password(password)
    account.save(update_fields=["password"])
    _forget_issued(account)
    event = _log(account, action, actor=actor, note=note, one_time_hash=account.password)
    return Slip(
        account_id=account.pk,
        name=name,
        holder=holder,
        detail=detail,
        username=account.get_username(),
        password=password,
        issued_at=event.at,
        issued_by=display_name(actor),
        action=action,
    )


@transaction.atomic
def account_open(
    *, actor, username: str, name: str, role: Role, holder: str, detail: str = "", note: str = ""
):
    """Open a portal account (the deputy or handling-unit role only) with a one-time password.

    Returns the new account and its slip; the caller links it to the deputy or the unit.
    """
    if not is_staff_member(actor):
        raise PermissionDenied(_("Only presidium staff open accounts."))
    if Role(role) not in PORTAL_ROLES:
        raise PermissionDenied(_("Staff open deputies' and handling units' accounts only."))
    if username_taken(username):
        raise ValidationError({"username": _("The username %(username)s is taken.") % {"username": username}})
    account = get_user_model()._default_manager.create_user(username=username, first_name=name[:150])
    townships.place_account(account)
    grant_role(account, role)
    slip = _issue(
        account, AccountAction.OPENED, actor=actor, note=note, name=name, holder=holder, detail=detail
    )
    return account, slip


@transaction.atomic
def password_reset(account, *, actor) -> Slip:
    """A new one-time password (the old one and every open session stop working); a new slip."""
    _check(actor, account)
    account = type(account)._default_manager.select_for_update().get(pk=account.pk)
    return _issue(
        account,
        AccountAction.PASSWORD_RESET,
        actor=actor,
        note="",
        name=display_name(account),
        holder=holder_label(account),
        detail=holders.describe(account),
    )


def holder_label(account) -> str:
    """代表 / 承办单位: the roles of the account, in words."""
    return listed(str(role.label) for role in Role if role in PORTAL_ROLES and has_role(account, role))


@transaction.atomic
def account_disable(account, *, actor, note: str = "") -> bool:
    """Disable an account: it cannot sign in, and an open session ends at its next request. Records stay."""
    _check(actor, account)
    if not account.is_active:
        return False
    account.is_active = False
    account.save(update_fields=["is_active"])
    _log(account, AccountAction.DISABLED, actor=actor, note=note)
    return True


@transaction.atomic
def account_enable(account, *, actor, note: str = "") -> bool:
    _check(actor, account)
    if account.is_active:
        return False
    account.is_active = True
    account.save(update_fields=["is_active"])
    _log(account, AccountAction.ENABLED, actor=actor, note=note)
    return True


@transaction.atomic
def account_edit(account, *, actor, changes: dict[str, tuple[str, str]]) -> None:
    """Log what staff changed on the account's page (its username or name): field → (before, after)."""
    _check(actor, account)
    if changes:
        note = "；".join(f"{label}：{before} → {after}" for label, (before, after) in changes.items())
        _log(account, AccountAction.EDITED, actor=actor, note=note)


@transaction.atomic
def password_changed(account) -> None:
    """The holder chose their own password (the sign-in page's change form)."""
    _forget_issued(account)
    _log(account, AccountAction.PASSWORD_CHANGED, actor=account)


def must_change_password(account, raw_password: str | None = None) -> bool:
    """Whether the account still signs in with the one-time password the office issued.

    At sign-in (``raw_password``, what was typed) the password is checked against the issued
    one, so a hash Django upgrades at that sign-in still counts; otherwise the stored hashes
    are compared.
    """
    issued = (
        AccountEvent.objects.filter(account=account, action__in=ISSUING)
        .exclude(one_time_password="")
        .order_by("-at", "-pk")
        .values_list("one_time_password", flat=True)
        .first()
    )
    if not issued:
        return False
    if raw_password is not None:
        return check_password(raw_password, issued)
    return issued == account.password


def sign_in_refusal(account) -> str | None:
    """Why the account may not sign in (None when it may): disabled, or its holder may not (a deputy who left)."""
    if not account.is_active:
        return _("This account has been disabled. Ask the presidium office if you need it again.")
    return holders.refusal(account)
