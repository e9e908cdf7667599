from axes import admin as axes_admin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth.models import Group, User
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from . import workdays
from .accounts import admin as accounts_admin  # noqa: F401  (账号: registers the account admin)
from .accounts.signin import AdminSignInForm
from .admin_guard import GuardedAdminMixin
from .cache import personal_page
from .concurrency_admin import ConcurrentInlineMixin, ConcurrentModelAdmin
from .models import Session, Term, TownshipProfile, WorkCalendarDay

admin.site.site_header = _("Township People's Congress Presidium Platform")
admin.site.site_title = _("Presidium platform")
admin.site.index_title = _("Presidium work")
# Tells a disabled account, or a deputy who has left office, why it may not sign in.
admin.site.login_form = AdminSignInForm
# The front page (menu and dashboard) is kept per data version and user, as the lists are (congress/cache.py).
admin.site.index = personal_page(admin.site.index)


@admin.register(TownshipProfile)
class TownshipProfileAdmin(ConcurrentModelAdmin):
    list_display = ["township", "banner", "city", "region", "platform_title"]
    fieldsets = [
        (None, {"fields": ["platform_title", "township", "banner", "city", "region"]}),
        (_("Addresses"), {"fields": ["presidium_address", "deputies_home_address"]}),
        (_("Printed documents"), {"fields": ["office_contact", "office_phone"]}),
        (None, {"fields": ["introduction"]}),
    ]

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


@admin.register(Group)
class GroupAdmin(GuardedAdminMixin, auth_admin.GroupAdmin):
    pass


@admin.register(User)
class UserAdmin(GuardedAdminMixin, auth_admin.UserAdmin):
    pass


# Registered here rather than by axes (AXES_ENABLE_ADMIN is off) to give them the platform's guards.


@admin.register(AccessAttempt)
class AccessAttemptAdmin(GuardedAdminMixin, axes_admin.AccessAttemptAdmin):
    actions = ["cleanup_expired_attempts"]

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
