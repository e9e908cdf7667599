from axes import admin as axes_admin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.models import Group, User
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import townships, workdays
from .accounts import admin as accounts_admin  # noqa: F401  (账号: registers the account admin)
from .accounts.signin import AdminSignInForm
from .admin_guard import GuardedAdminMixin, view_on_site_in_scope
from .cache import personal_page
from .concurrency_admin import ConcurrentInlineMixin, ConcurrentModelAdmin
from .language import chinese, colon
from .models import AccountTownship, Session, Term, Township, TownshipProfile, WorkCalendarDay
from .roles import Role

admin.site.site_header = _("Township People's Congress Presidium Platform")
admin.site.site_title = _("Presidium platform")
admin.site.index_title = _("Presidium work")
# Tells a disabled account, or a deputy who has left office, why it may not sign in.
admin.site.login_form = AdminSignInForm
# The front page (menu and dashboard) is kept per data version and user, as the lists are (congress/cache.py).
admin.site.index = personal_page(admin.site.index)
# "View on site" of a record out of the township in scope answers 404, as its change page does.
admin.site.get_urls = view_on_site_in_scope(admin.site.get_urls)


@admin.register(Township)
class TownshipAdmin(ConcurrentModelAdmin):
    """The banner's townships: added and renamed by the installation's superuser; the banner's staff see them."""

    list_display = ["name", "slug", "sort_order"]
    fields = ["name", "slug", "sort_order"]

    def has_view_permission(self, request, obj=None):
        # The banner's staff work with every township in scope (congress.townships): no query to tell.
        scope = townships.current()
        return request.user.is_superuser or (scope is not None and scope.everywhere and request.user.is_staff)

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return False  # every record of a township names it


class AccountTownshipInline(admin.StackedInline):
    """Which township an account belongs to (none: the banner's staff); the superuser sets it."""

    model = AccountTownship
    extra = 0
    max_num = 1
    can_delete = False
    fields = ["township"]


@admin.register(TownshipProfile)
class TownshipProfileAdmin(ConcurrentModelAdmin):
    list_display = ["township", "banner", "city", "region", "platform_title"]
    fieldsets = [
        (None, {"fields": ["platform_title", "township", "banner", "city", "region"]}),
        (_("Addresses"), {"fields": ["presidium_address", "deputies_home_address"]}),
        (_("Printed documents"), {"fields": ["office_contact", "office_phone", "document_fonts"]}),
        (None, {"fields": ["introduction"]}),
    ]
    # The township is the one in scope (its name is the Township's, managed by the banner).
    readonly_fields = ["township"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not TownshipProfile.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


class SessionInline(ConcurrentInlineMixin, admin.TabularInline):
    model = Session
    extra = 0
    fields = ["ordinal", "title", "start_date", "end_date", "place", "deputies_present"]


@admin.register(Term)
class TermAdmin(ConcurrentModelAdmin):
    list_display = ["__str__", "start_date", "end_date", "seats"]
    inlines = [SessionInline]


@admin.register(Session)
class SessionAdmin(ConcurrentModelAdmin):
    list_display = ["title", "term", "start_date", "end_date", "place", "deputies_present"]
    list_filter = ["term"]
    search_fields = ["title", "place"]
    date_hierarchy = "start_date"
    autocomplete_fields = ["term"]


TermAdmin.search_fields = ["ordinal"]


@admin.register(WorkCalendarDay)
class WorkCalendarDayAdmin(ConcurrentModelAdmin):
    """节假日安排: the holidays and adjusted working days of a year ``chinesecalendar`` does not know yet."""

    list_display = ["date", "weekday", "kind", "name"]
    list_filter = ["kind"]
    search_fields = ["name"]
    date_hierarchy = "date"
    fields = ["date", "kind", "name"]

    @admin.display(description=_("weekday"), ordering="date")
    def weekday(self, day):
        return date_format(day.date, "l")

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "package_years": (workdays.FIRST_YEAR, workdays.LAST_YEAR),
        }
        return super().changelist_view(request, extra_context)


# ---- accounts and sign-in records: superusers only ----------------------------------------------
# Django's and axes' own admins, given the platform's guards (only declared filters, actions that say
# who may run them). Importing django.contrib.auth.admin registers its admins: replaced here.

admin.site.unregister(Group)
admin.site.unregister(User)


# A permission's name is stored in English when migrate creates it ("Can add historical
# reception"): the permission pickers name it in the reader's language instead.
PERMISSION_ACTIONS = {
    "add": _("may add"),
    "change": _("may change"),
    "delete": _("may delete"),
    "view": _("may view"),
}


def model_label(model) -> str:
    """A model's name in the reader's language, also for the tables Django and simple_history add."""
    recorded = getattr(model, "instance_type", None)  # simple_history's model of a model's versions
    if recorded is not None:
        return _("%(model)s (past versions)") % {"model": model_label(recorded)}
    return str(model._meta.verbose_name)


def _through_row_name(row) -> str:
    return colon(*(str(getattr(row, f.name)) for f in row._meta.fields if f.is_relation))


def name_through_tables():
    """A many-to-many field's own table is named "Reception-deputy relationship" and its rows
    "Reception_deputies object (1)" by Django, in English: name them after the model and the field,
    as the delete confirmation lists them."""
    for model in apps.get_models():
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            if through._meta.auto_created and not getattr(through, "_named_by_congress", False):
                name = lazy(colon, str)(model._meta.verbose_name, field.verbose_name)
                through._meta.verbose_name = through._meta.verbose_name_plural = name
                through.__str__ = _through_row_name
                through._named_by_congress = True


name_through_tables()


def permission_label(permission) -> str:
    """应用｜模型｜可增加: the permission in the reader's language (its stored name when unusual)."""
    model = permission.content_type.model_class()
    action, _sep, _rest = permission.codename.partition("_")
    if model is None or action not in PERMISSION_ACTIONS:
        return str(permission)
    mark = "｜" if chinese() else " | "
    return mark.join(
        str(part)
        for part in (model._meta.app_config.verbose_name, model_label(model), PERMISSION_ACTIONS[action])
    )


def group_label(group) -> str:
    """A role's group by the role's name (组 "deputy" → 代表); other groups by their own name."""
    return str(Role(group.name).label) if group.name in Role.values else group.name


class RoleGroupFilter(admin.RelatedFieldListFilter):
    def field_choices(self, field, request, model_admin):
        return [(group.pk, group_label(group)) for group in Group.objects.order_by("name")]


class PermissionLabelsMixin:
    """Permissions and the role groups named in the reader's language in the pickers."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name in ("permissions", "user_permissions") and field is not None:
            field.label_from_instance = permission_label
        if db_field.name == "groups" and field is not None:
            field.label_from_instance = group_label
        return field


@admin.register(Group)
class GroupAdmin(GuardedAdminMixin, PermissionLabelsMixin, auth_admin.GroupAdmin):
    pass


class AdminPasswordChangeForm(auth_forms.AdminPasswordChangeForm):
    # Django builds this help text once, at import, in the language active then and with its warning
    # in English: built here lazily, in the reader's language.
    usable_password_help_text = format_lazy(
        '{}<ul id="id_unusable_warning" class="messagelist"><li class="warning">{}</li></ul>',
        auth_forms.SetUnusablePasswordMixin.usable_password_help_text,
        _("If disabled, the current password for this user will be lost."),
    )


@admin.register(User)
class UserAdmin(GuardedAdminMixin, PermissionLabelsMixin, auth_admin.UserAdmin):
    change_password_form = AdminPasswordChangeForm
    inlines = [AccountTownshipInline]
    list_filter = ("is_staff", "is_superuser", "is_active", ("groups", RoleGroupFilter))


# Registered here rather than by axes (AXES_ENABLE_ADMIN is off) to give them the platform's guards.


@admin.register(AccessAttempt)
class AccessAttemptAdmin(GuardedAdminMixin, axes_admin.AccessAttemptAdmin):
    actions = ["cleanup_expired_attempts"]

    @admin.display(description=_("status"))
    def status(self, obj):
        remaining = settings.AXES_FAILURE_LIMIT - obj.failures_since_start
        if remaining > 0:
            return ngettext("%(count)d attempt left", "%(count)d attempts left", remaining) % {
                "count": remaining
            }
        return _("locked out")

    @admin.action(description=_("Clean up expired attempts"), permissions=["delete"])
    def cleanup_expired_attempts(self, request, queryset):
        # Axes reads the time of the attempt from the request, which it sets only while signing in.
        request.axes_attempt_time = timezone.now()
        return axes_admin.AccessAttemptAdmin.cleanup_expired_attempts(self, request, queryset)


@admin.register(AccessLog)
class AccessLogAdmin(GuardedAdminMixin, axes_admin.AccessLogAdmin):
    pass


@admin.register(AccessFailureLog)
class AccessFailureLogAdmin(GuardedAdminMixin, axes_admin.AccessFailureLogAdmin):
    pass
