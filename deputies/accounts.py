"""Deputies' accounts: opened by presidium staff from the roster, one per deputy in office.

The username rule (README "First week"): the deputy's mobile number from the
roster (11 digits starting with 1, written with or without spaces, dashes or
+86). A deputy without one, or whose number another account already uses,
gets ``db`` and the deputy's number on the platform, four digits (``db0042``;
``db0042-2`` if even that is taken). The staff see each username before
anything is opened.
"""

from __future__ import annotations

import re

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.accounts import holders, services
from congress.language import bracketed
from congress.roles import Role

from .models import Deputy

MOBILE = re.compile(r"^1[3-9][0-9]{9}$")


def mobile_of(deputy) -> str:
    """The deputy's mobile number as a username (digits only), or "" when the roster has none."""
    digits = re.sub(r"[\s\-()（）]", "", deputy.phone or "")
    digits = digits.removeprefix("+86").removeprefix("0086")
    return digits if MOBILE.match(digits) else ""


def fallback_username(deputy) -> str:
    return f"db{deputy.pk:04d}"


def has_left(deputy) -> bool:
    """Left office: the leaving date (resignation, removal, death) has come. Until then the deputy
    signs in, and a deputy of a term not yet begun may get an account ahead of it."""
    return deputy.left_office is not None and deputy.left_office <= timezone.localdate()


def _detail(deputy) -> str:
    return str(deputy.constituency) if deputy.constituency_id else ""


def plan(deputies) -> list[services.Planned]:
    """Who of ``deputies`` gets an account, under which username, and why the others do not."""
    usernames = services.Usernames()
    rows = []
    for deputy in deputies.select_related("constituency", "user").order_by("constituency__name", "name"):
        row = services.Planned(holder=deputy, name=deputy.name, detail=_detail(deputy))
        if deputy.user_id is not None:
            row.skipped = _("has an account already (%(username)s)") % {
                "username": deputy.user.get_username()
            }
        elif has_left(deputy):
            row.skipped = _("not in office")
        else:
            row.username = usernames.pick([mobile_of(deputy)], fallback_username(deputy))
        rows.append(row)
    return rows


@transaction.atomic
def deputy_accounts_open(deputies, *, actor):
    """开通账号: an account for each deputy in office without one, linked to the deputy; their slips.

    Returns ``(slips, skipped rows)``. Every account gets the deputy role only.
    """
    locked = (
        Deputy.objects.filter(pk__in=deputies.values("pk")).order_by("pk").select_for_update(of=("self",))
    )
    rows = plan(Deputy.objects.filter(pk__in=list(locked.values_list("pk", flat=True))))
    slips = []
    for row in rows:
        if row.skipped:
            continue
        deputy = row.holder
        account, slip = services.account_open(
            actor=actor,
            username=row.username,
            name=deputy.name,
            role=Role.DEPUTY,
            holder=str(Role.DEPUTY.label),
            detail=row.detail,
            note=_("for deputy %(name)s") % {"name": deputy.name},
        )
        deputy.user = account
        deputy._history_user = actor
        deputy._change_reason = _("account opened")
        deputy.save(update_fields=["user"])
        slips.append(slip)
    return slips, [row for row in rows if row.skipped]


# ---- what the accounts know of their deputy (congress.accounts.holders) ----------------------------


def _deputy(user):
    return getattr(user, "deputy", None)


def describe(user) -> str:
    deputy = _deputy(user)
    if deputy is None:
        return ""
    return bracketed(deputy.name, deputy.constituency) if deputy.constituency_id else deputy.name


def refusal(user) -> str | None:
    """A deputy who has left office (resigned, removed, or past the leaving date) no longer signs in.

    Their records stay; presidium staff and members (admin accounts) keep their own access.
    """
    deputy = _deputy(user)
    if deputy is None or user.is_staff:
        return None
    if has_left(deputy):
        return _(
            "You are no longer a deputy, so this account can no longer sign in. Your records stay on the "
            "platform; ask the presidium office if this is wrong."
        )
    return None


def link(user) -> str:
    deputy = _deputy(user)
    return reverse("admin:deputies_deputy_change", args=[deputy.pk]) if deputy is not None else ""


HOLDER = holders.Holder(
    role=Role.DEPUTY,
    related=("deputy__constituency",),
    describe=describe,
    refusal=refusal,
    link=link,
    search=("deputy__name",),
    changelist="admin:deputies_deputy_changelist",
    account_field="deputies.deputy.user",
    free=Q(deputy__isnull=True),
)
