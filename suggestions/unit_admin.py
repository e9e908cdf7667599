"""Handling units (承办单位) in the admin: their contacts and their portal accounts."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from congress.accounts.admin import AccountsPerUnitForm, OpensAccountsMixin, open_accounts_action
from congress.accounts.selectors import portal_accounts
from congress.concurrency_admin import ConcurrentModelAdmin
from congress.roles import Role

from . import accounts
from .models import HandlingUnit


@admin.register(HandlingUnit)
class HandlingUnitAdmin(OpensAccountsMixin, ConcurrentModelAdmin):
    list_display = ["name", "kind", "contact_person", "contact_phone", "active", "accounts_display"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "contact_person"]
    autocomplete_fields = ["users"]
    fieldsets = [
        (None, {"fields": ["name", "kind", "active"]}),
        (_("Private"), {"fields": ["contact_person", "contact_phone", "users"]}),
    ]
    actions = [
        open_accounts_action(
            plan=accounts.plan,
            open_=accounts.unit_accounts_open,
            form_class=AccountsPerUnitForm,
            description=_("Open accounts (print sign-in slips)"),
        )
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("users")

    def get_list_display(self, request):
        shown = list(super().get_list_display(request))
        return (
            shown
            if self.has_open_accounts_permission(request)
            else [c for c in shown if c != "accounts_display"]
        )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "users" and not request.user.is_superuser:
            # Staff give a unit handling-unit accounts only, never an admin account.
            kwargs["queryset"] = portal_accounts(role=Role.UNIT).order_by("username")
            kwargs["help_text"] = _(
                "Handling-unit accounts. To open new ones, tick the unit in the list and choose "
                "“Open accounts” in the action menu."
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        field = form.base_fields.get("users")
        if field is not None and obj is not None and not request.user.is_superuser:
            # Keep an account linked before (by operations) choosable, so that saving does not drop it.
            linked = obj.users.values("pk")
            field.queryset = (
                get_user_model()
                ._default_manager.filter(Q(pk__in=field.queryset.values("pk")) | Q(pk__in=linked))
                .order_by("username")
            )
        return form

    @admin.display(description=_("accounts"))
    def accounts_display(self, unit):
        users = sorted(unit.users.all(), key=lambda user: user.username)
        if not users:
            return "—"
        return format_html_join(
            "、",
            '<a href="{}">{}</a>',
            (
                (reverse("admin:congress_account_change", args=[user.pk]), user.get_username())
                for user in users
            ),
        )
