"""Reads of accounts: which ones a user may manage, and what a list of them shows."""

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef

from congress import townships
from congress.roles import PORTAL_ROLES, Role, is_staff_member

from . import holders
from .models import ISSUING, AccountEvent

ADMIN_GROUPS = [role.value for role in Role if role not in PORTAL_ROLES]


def portal_accounts(queryset=None, *, role: Role | None = None):
    """Deputies' and units' accounts (``congress.roles.is_portal_account``, as one query)."""
    queryset = get_user_model()._default_manager.all() if queryset is None else queryset
    queryset = queryset.filter(is_staff=False, is_superuser=False).exclude(groups__name__in=ADMIN_GROUPS)
    if role is not None:
        queryset = queryset.filter(groups__name=Role(role).value)
    return queryset


def manageable_by(actor, queryset=None):
    """The accounts ``actor`` may see and manage: staff the portal accounts, superusers all but superusers."""
    queryset = get_user_model()._default_manager.all() if queryset is None else queryset
    queryset = townships.accounts_in_scope(queryset)
    if actor.is_superuser:
        return queryset.filter(is_superuser=False)
    if not is_staff_member(actor):
        return queryset.none()
    return portal_accounts(queryset).exclude(pk=actor.pk)


def with_status(queryset):
    """What an account list shows: its holder (deputy, units), roles and whether its password is one-time."""
    issued = AccountEvent.objects.filter(
        account=OuterRef("pk"), action__in=ISSUING, one_time_password=OuterRef("password")
    )
    return (
        queryset.select_related(*holders.related())
        .prefetch_related("groups", *holders.prefetch())
        .annotate(one_time=Exists(issued))
    )
