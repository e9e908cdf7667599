"""账号 in the admin: presidium staff open, reset and disable deputies' and units' accounts.

Staff see and change portal accounts only (``selectors.manageable_by``): no
staff or superuser account, not their own, and nothing on the page can give an
account a role beyond deputy or handling unit or admin access. Accounts are
opened from the lists of their holders (the roster, the handling units) with
``open_accounts_action``; the result of opening or resetting is the page of
sign-in slips (``slips``).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from congress.admin_guard import GuardedAdminMixin
from congress.language import bracketed, colon, listed
from congress.roles import PORTAL_ROLES, Role, has_role

from . import holders, selectors, services
from .models import Account, AccountEvent
from .slips import slips_response


def _changelist_url(modeladmin) -> str:
    meta = modeladmin.model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")


def _selection_context(modeladmin, request, queryset, action_name: str) -> dict:
    return {
        **modeladmin.admin_site.each_context(request),
        "opts": modeladmin.model._meta,
        "selected": [str(pk) for pk in queryset.values_list("pk", flat=True)],
        "action_name": action_name,
        "cancel_url": _changelist_url(modeladmin),
    }


def open_accounts_action(*, plan, open_, description, form_class=None, name="open_accounts"):
    """An admin action on holders (deputies, units): a page naming the username each will get or why
    none, then — on "open" — the accounts, and the page of their sign-in slips.

    ``plan(queryset, **options)`` returns ``services.Planned`` rows without writing; ``open_(queryset,
    actor=…, **options)`` opens the accounts and returns ``(slips, skipped rows)``. ``form_class``
    asks for the options (e.g. how many accounts each unit should have).
    """

    def action(modeladmin, request, queryset):
        bound = "apply" in request.POST or "preview" in request.POST
        form = form_class(request.POST if bound else None) if form_class else None
        options, valid = {}, form is None
        if form is not None:
            valid = bound and form.is_valid()
            options = form.cleaned_data if valid else form.initial_values()
        if "apply" in request.POST and valid:
            try:
                slips, skipped = open_(queryset, actor=request.user, **options)
            except (ValidationError, PermissionDenied) as error:
                reasons = error.messages if isinstance(error, ValidationError) else [str(error)]
                modeladmin.message_user(request, "；".join(reasons), messages.ERROR)
                return None
            return slips_response(
                request,
                slips,
                title=gettext("Sign-in slips of the new accounts"),
                back_url=_changelist_url(modeladmin),
                skipped=skipped,
            )
        rows = plan(queryset, **options)
        return TemplateResponse(
            request,
            "admin/congress/account/open_confirm.html",
            {
                **_selection_context(modeladmin, request, queryset, name),
                "title": str(description),
                "rows": rows,
                "to_open": [row for row in rows if not row.skipped],
                "form": form,
            },
        )

    action.__name__ = name
    return admin.action(description=description, permissions=["open_accounts"])(action)


def manages_accounts(request) -> bool:
    """Presidium staff (and superusers): their role's permissions include changing accounts
    (congress.roles.ADMIN_ACTIONS); view-only presidium members' do not. Read from the permissions
    the admin has loaded for the page anyway."""
    return request.user.has_perm("congress.change_account")


class OpensAccountsMixin:
    """For the admin of a holder list: who may use ``open_accounts_action`` (presidium staff)."""

    def has_open_accounts_permission(self, request) -> bool:
        return manages_accounts(request) and self.has_change_permission(request)


class AccountsPerUnitForm(forms.Form):
    """How many accounts each selected unit should have (one for most; more for a busy unit)."""

    accounts = forms.IntegerField(
        label=_("accounts each unit should have"),
        min_value=1,
        max_value=5,
        initial=1,
        help_text=_("Units that already have as many are left as they are; the others get the missing ones."),
    )

    def initial_values(self) -> dict:
        return {"accounts": self.fields["accounts"].initial}


# ---- the accounts themselves -------------------------------------------------------------------


class RoleFilter(admin.SimpleListFilter):
    title = _("kind of account")
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return [(role.value, role.label) for role in Role if role in PORTAL_ROLES]

    def queryset(self, request, queryset):
        if self.value() in {role.value for role in PORTAL_ROLES}:
            return queryset.filter(groups__name=self.value())
        return queryset


class AccountForm(forms.ModelForm):
    """What staff may change on an account: its username and the name it shows. Nothing else."""

    class Meta:
        model = Account
        fields = ["username", "first_name"]
        labels = {"first_name": _("name shown")}
        help_texts = {
            "username": _("What the holder types to sign in: a deputy's mobile number, or the unit's code."),
            "first_name": _("The deputy's or the unit's name, shown in the page header."),
        }


@admin.register(Account)
class AccountAdmin(GuardedAdminMixin, admin.ModelAdmin):
    form = AccountForm
    change_form_template = "admin/congress/account/change_form.html"
    list_display = [
        "username",
        "first_name",
        "kind_display",
        "holder_display",
        "status_display",
        "last_login",
    ]
    list_display_links = ["username", "first_name"]
    list_filter = [RoleFilter, "is_active"]
    list_per_page = 100
    ordering = ["username"]
    readonly_fields = [
        "kind_display",
        "holder_display",
        "status_display",
        "last_login",
        "date_joined",
        "events_display",
    ]
    fieldsets = [
        (None, {"fields": ["username", "first_name", "kind_display", "holder_display"]}),
        (_("Signing in"), {"fields": ["status_display", "last_login", "date_joined"]}),
        (_("Account record"), {"fields": ["events_display"]}),
    ]
    actions = ["reset_passwords", "disable_accounts", "enable_accounts"]

    class Media:
        css = {"all": ["congress/accounts.css"]}

    # --- who may: presidium staff (and superusers), never view-only members -----------------------

    def _staff(self, request) -> bool:
        return manages_accounts(request)

    def has_module_permission(self, request):
        return self._staff(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._staff(request) and super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        allowed = self._staff(request) and super().has_change_permission(request, obj)
        return allowed and (obj is None or services.may_manage(request.user, obj))

    def has_add_permission(self, request):
        return self._staff(request) and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False  # an account that is no longer needed is disabled: its records stay linked to it

    def history_view(self, request, object_id, extra_context=None):
        if not self.has_view_permission(request):  # before looking the account up: members get 403
            raise PermissionDenied
        return super().history_view(request, object_id, extra_context)

    def get_queryset(self, request):
        accounts = selectors.manageable_by(request.user, super().get_queryset(request))
        return selectors.with_status(accounts)

    def get_search_fields(self, request):
        return ["username", "first_name", *(f for h in holders.registered() for f in h.search)]

    # --- columns ----------------------------------------------------------------------------------

    @admin.display(description=_("kind of account"))
    def kind_display(self, account):
        kinds = [str(role.label) for role in Role if has_role(account, role)]
        return listed(kinds) or "—"

    @admin.display(description=_("belongs to"))
    def holder_display(self, account):
        parts = []
        for holder in holders.holders_of(account):
            text, url = holder.describe(account), holder.link(account)
            if text:
                parts.append(format_html('<a href="{}">{}</a>', url, text) if url else text)
        return format_html_join("；", "{}", ((part,) for part in parts)) if parts else "—"

    @admin.display(description=_("signing in"))
    def status_display(self, account):
        reason = services.sign_in_refusal(account)
        if reason:
            return format_html('<span class="account-status account-refused">{}</span>', reason)
        one_time = getattr(account, "one_time", None)
        if one_time is None:
            one_time = services.must_change_password(account)
        if one_time:
            return format_html(
                '<span class="account-status account-one-time">{}</span>',
                gettext("Signs in with the one-time password of the slip; must then choose a new one."),
            )
        return format_html('<span class="account-status account-ok">{}</span>', gettext("Can sign in."))

    @admin.display(description=_("account record"))
    def events_display(self, account):
        events = AccountEvent.objects.filter(account=account).select_related("actor").order_by("-at", "-pk")
        if not events:
            return "—"
        rows = (
            (
                timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M"),
                event.get_action_display(),
                services.display_name(event.actor) or "—",
                colon("", event.note) if event.note else "",
            )
            for event in events
        )
        return format_html(
            '<ul class="account-events">{}</ul>',
            format_html_join("", "<li>{} {} · {}{}</li>", rows),
        )

    # --- saving: a username or name change is logged ----------------------------------------------

    def save_model(self, request, obj, form, change):
        if not change:  # the add page opens no account itself (see add_view)
            raise PermissionDenied
        before = type(obj)._default_manager.get(pk=obj.pk)
        changes = {
            str(form.fields[name].label): (getattr(before, name), getattr(obj, name))
            for name in form.changed_data
        }
        obj.save(update_fields=list(form.changed_data) or None)
        services.account_edit(obj, actor=request.user, changes=changes)

    def add_view(self, request, form_url="", extra_context=None):
        """Accounts are opened from the lists of their holders, many at a time: this page says where."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        places = []
        for holder in holders.registered():
            try:
                places.append((holder.role.label, reverse(holder.changelist)))
            except NoReverseMatch:
                continue
        return TemplateResponse(
            request,
            "admin/congress/account/add.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": gettext("Open accounts"),
                "places": places,
            },
        )

    # --- actions ----------------------------------------------------------------------------------

    @admin.action(description=_("Reset the password (print a new slip)"), permissions=["change"])
    def reset_passwords(self, request, queryset):
        accounts = list(queryset)
        if "apply" not in request.POST:
            return TemplateResponse(
                request,
                "admin/congress/account/reset_confirm.html",
                {
                    **_selection_context(self, request, queryset, "reset_passwords"),
                    "title": gettext("Reset the password"),
                    "accounts": accounts,
                },
            )
        slips = []
        for account in accounts:
            try:
                slips.append(services.password_reset(account, actor=request.user))
            except PermissionDenied as error:
                self.message_user(request, colon(account, error), messages.ERROR)
        return slips_response(
            request,
            slips,
            title=gettext("Sign-in slips with the new one-time passwords"),
            back_url=reverse("admin:congress_account_changelist"),
        )

    def _switch(self, request, queryset, service, done_message):
        changed = sum(bool(service(account, actor=request.user)) for account in queryset)
        self.message_user(request, done_message(changed), messages.SUCCESS)

    @admin.action(description=_("Disable the account"), permissions=["change"])
    def disable_accounts(self, request, queryset):
        self._switch(
            request,
            queryset,
            services.account_disable,
            lambda n: (
                ngettext(
                    "%(n)d account disabled: it can no longer sign in.",
                    "%(n)d accounts disabled: they can no longer sign in.",
                    n,
                )
                % {"n": n}
            ),
        )

    @admin.action(description=_("Enable the account again"), permissions=["change"])
    def enable_accounts(self, request, queryset):
        self._switch(
            request,
            queryset,
            services.account_enable,
            lambda n: ngettext("%(n)d account enabled.", "%(n)d accounts enabled.", n) % {"n": n},
        )


# ---- choosing an account on a deputy's or a unit's page -----------------------------------------


class AccountAutocompleteJsonView(AutocompleteJsonView):
    """The admin's "type to find" for the account of a deputy or a unit, searched through 账号.

    Django's own would search the user admin, which is operations' alone (staff got 403).
    Through the account admin, staff find only the deputy's or unit's accounts of that kind
    (for a deputy: those linked to no deputy yet) and never an admin account.
    """

    holder = None

    def process_request(self, request):
        term, model_admin, source_field, to_field_name = super().process_request(request)
        holder = holders.for_field(source_field)
        if holder is not None and model_admin.model is get_user_model():
            self.holder = holder
            model_admin = self.admin_site._registry[Account]
        return term, model_admin, source_field, to_field_name

    def get_queryset(self):
        accounts = super().get_queryset()
        if self.holder is not None:
            accounts = accounts.filter(groups__name=self.holder.role.value)
            if self.holder.free is not None:
                accounts = accounts.filter(self.holder.free)
        return accounts

    def serialize_result(self, obj, to_field_name):
        if self.holder is None:
            return super().serialize_result(obj, to_field_name)
        name = obj.get_full_name()
        text = bracketed(obj.get_username(), name) if name else obj.get_username()
        return {"id": str(getattr(obj, to_field_name)), "text": text}


def autocomplete_view(request):
    return AccountAutocompleteJsonView.as_view(admin_site=admin.site)(request)


admin.site.autocomplete_view = autocomplete_view
