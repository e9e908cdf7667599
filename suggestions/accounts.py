"""Handling units' accounts: opened by presidium staff from the list of units, one or more per unit.

The username rule (README "First week"): ``dw`` and the unit's number on the
platform, three digits (``dw007``); a unit's further accounts add ``-2``,
``-3`` … (``dw007-2``). Units rarely keep one mobile number for long, so the
username does not depend on who answers the phone this year.
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from congress.accounts import holders, services
from congress.language import listed
from congress.roles import Role

from .models import HandlingUnit


def fallback_username(unit) -> str:
    return f"dw{unit.pk:03d}"


def _existing(unit) -> int:
    return sum(1 for user in unit.users.all())


def plan(units, *, accounts: int = 1) -> list[services.Planned]:
    """Each unit's missing accounts (up to ``accounts`` each) with their usernames; who gets none and why."""
    usernames = services.Usernames()
    rows = []
    for unit in units.prefetch_related("users").order_by("kind", "name"):
        have = _existing(unit)
        if not unit.active:
            rows.append(
                services.Planned(holder=unit, name=unit.name, detail="", skipped=_("unit not active"))
            )
            continue
        if have >= accounts:
            rows.append(
                services.Planned(
                    holder=unit,
                    name=unit.name,
                    detail="",
                    skipped=_("has %(n)s account(s) already") % {"n": have},
                )
            )
            continue
        for _n in range(accounts - have):
            username = usernames.pick([], fallback_username(unit))
            rows.append(services.Planned(holder=unit, name=unit.name, detail="", username=username))
    return rows


@transaction.atomic
def unit_accounts_open(units, *, actor, accounts: int = 1):
    """开通账号: bring each active unit up to ``accounts`` accounts (handling-unit role); their slips.

    Returns ``(slips, skipped rows)``.
    """
    locked = (
        HandlingUnit.objects.filter(pk__in=units.values("pk")).order_by("pk").select_for_update(of=("self",))
    )
    rows = plan(
        HandlingUnit.objects.filter(pk__in=list(locked.values_list("pk", flat=True))), accounts=accounts
    )
    slips = []
    for row in rows:
        if row.skipped:
            continue
        unit = row.holder
        account, slip = services.account_open(
            actor=actor,
            username=row.username,
            name=unit.name,
            role=Role.UNIT,
            holder=str(Role.UNIT.label),
            detail=unit.get_kind_display(),
            note=_("for handling unit %(name)s") % {"name": unit.name},
        )
        unit._history_user = actor
        unit._change_reason = _("account opened")
        unit.users.add(account)
        slips.append(slip)
    return slips, [row for row in rows if row.skipped]


# ---- what the accounts know of their unit (congress.accounts.holders) ----------------------------


def describe(user) -> str:
    return listed(unit.name for unit in user.handling_units.all())


def link(user) -> str:
    units = list(user.handling_units.all())
    return reverse("admin:suggestions_handlingunit_change", args=[units[0].pk]) if len(units) == 1 else ""


HOLDER = holders.Holder(
    role=Role.UNIT,
    prefetch=("handling_units",),
    describe=describe,
    link=link,
    search=("handling_units__name",),
    changelist="admin:suggestions_handlingunit_changelist",
    account_field="suggestions.handlingunit.users",
)
