"""Who may do what: the four working roles as Django groups.

The reach of each role is declared here as data (see domain.md §3). Admin
permissions come from the groups; portal views check the role with the
helpers below and scope their querysets to the user's own records.
"""

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

DOMAIN_APPS = ("congress", "deputies", "suggestions", "livelihood")


class Role(TextChoices):
    STAFF = "presidium_staff", _("Presidium staff")
    MEMBER = "presidium_member", _("Presidium member")
    DEPUTY = "deputy", _("Deputy")
    UNIT = "handling_unit", _("Handling unit")
    BANNER = "banner_staff", _("Banner standing committee staff")


# Group name (stable, English) → which admin permissions it holds on the domain apps.
# Deputies and handling units work in their portals, never in the admin.
ADMIN_ACTIONS = {
    Role.STAFF: ("add", "change", "delete", "view"),
    Role.MEMBER: ("view",),
    Role.DEPUTY: (),
    Role.UNIT: (),
    # Every township, read-only; hands items down through the banner's own pages (office.banner).
    Role.BANNER: ("view",),
}

# Admin access (is_staff) follows the role.
ADMIN_ROLES = {Role.STAFF, Role.MEMBER, Role.BANNER}
# The roles of portal accounts, which presidium staff open, reset and disable themselves
# (congress.accounts); every other account (staff, members, superusers) is operations' alone.
PORTAL_ROLES = {Role.DEPUTY, Role.UNIT}


def permissions_for(role, permission_model):
    actions = ADMIN_ACTIONS[Role(role)]
    if not actions:
        return permission_model.objects.none()
    codename_prefixes = tuple(f"{action}_" for action in actions)
    perms = permission_model.objects.filter(content_type__app_label__in=DOMAIN_APPS).select_related(
        "content_type"
    )
    return [p for p in perms if p.codename.startswith(codename_prefixes)]


def sync_roles(group_model, permission_model):
    """Create the role groups and give each exactly the permissions its row declares."""
    for role in Role:
        group, _created = group_model.objects.get_or_create(name=role.value)
        group.permissions.set(permissions_for(role, permission_model))


def sync_roles_after_migrate(sender, **kwargs):
    """After migrate, once the last app has had its permissions created."""
    from django.apps import apps
    from django.contrib.auth.models import Group, Permission

    if sender is list(apps.get_app_configs())[-1]:
        sync_roles(Group, Permission)


def has_role(user, role: Role) -> bool:
    if not user.is_authenticated:
        return False
    cache = getattr(user, "_role_names", None)
    if cache is None:
        prefetched = getattr(user, "_prefetched_objects_cache", {}).get("groups")
        if prefetched is not None:  # a list of accounts fetched their groups in one query
            cache = {group.name for group in prefetched}
        else:
            cache = set(user.groups.values_list("name", flat=True))
        user._role_names = cache
    return role.value in cache


def is_staff_member(user) -> bool:
    """Presidium staff (or a superuser): may see and change every record."""
    return user.is_authenticated and (user.is_superuser or has_role(user, Role.STAFF))


def is_presidium(user) -> bool:
    """Presidium staff or members (or a superuser): they see every record (domain.md §3)."""
    return is_staff_member(user) or has_role(user, Role.MEMBER)


def is_portal_account(user) -> bool:
    """A deputy's or a handling unit's account: no admin access, no admin role, not a superuser.

    Presidium staff manage these accounts (domain.md §9) and no others, so nothing they do
    can give an account, their own included, more than a portal.
    """
    if user.is_staff or user.is_superuser:
        return False
    return not any(has_role(user, role) for role in Role if role not in PORTAL_ROLES)


def is_banner_staff(user) -> bool:
    """The banner standing committee's staff: every township read-only, and the hand-downs."""
    return user.is_authenticated and has_role(user, Role.BANNER)


def grant_role(user, role: Role):
    """Put a user in a role's group; admin roles also get admin access."""
    from django.contrib.auth.models import Group

    group, _created = Group.objects.get_or_create(name=Role(role).value)
    user.groups.add(group)
    if Role(role) in ADMIN_ROLES and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.__dict__.pop("_role_names", None)
