"""The ledger (台账) for presidium staff: filters, three-colour supervision, transitions, Excel in and out."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin

from congress import cache
from congress.accounts.admin import AccountsPerUnitForm, OpensAccountsMixin, open_accounts_action
from congress.accounts.selectors import portal_accounts
from congress.concurrency import ConcurrentInlineMixin, ConcurrentModelAdmin
from congress.figures import REGISTRY, batch, parse_year
from congress.roles import Role
from congress.spreadsheets import SafeXLSX
from deputies.models import Opinion, PresidiumMembership, ReceptionMatter

from . import accounts, on_behalf, selectors, services, supervision, workflow
from .admin_on_behalf import ENTRY_OF, OnBehalfAdminMixin, entry_url
from .choices import AssignmentRole, Transition
from .documents.admin import DocumentsAdminMixin
from .forms import ADMIN_FORMS, NoteForm, RehandleForm, add_errors
from .importers import LedgerResource
from .ledger_admin import ClosableFilter, SupervisionNoteAdminMixin
from .models import YELLOW_DAYS, HandlingUnit, Round, Suggestion, SuggestionAttachment

# --- the ledger's filters -----------------------------------------------------------------------


class YearFilter(admin.SimpleListFilter):
    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = {d.year for d in Suggestion.objects.dates("received_on", "year")}
        # A year asked for that has no items yet (the dashboard's, a new year) is a choice too: its empty list.
        asked = parse_year(request.GET.get(self.parameter_name))
        years |= {asked} if asked else set()
        return [(str(year), str(year)) for year in sorted(years, reverse=True)]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        year = parse_year(self.value())
        if year is None:
            raise ValueError(f"not a year: {self.value()!r}")  # the list, unfiltered (congress.admin_guard)
        return queryset.in_year(year)


class LeadUnitFilter(admin.SimpleListFilter):
    title = _("lead unit")
    parameter_name = "unit"

    def lookups(self, request, model_admin):
        return [(str(u.pk), u.name) for u in HandlingUnit.objects.order_by("kind", "name")]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        return queryset.filter(
            current_round__assignments__unit=self.value(),
            current_round__assignments__role=AssignmentRole.LEAD,
        )


class SupervisorFilter(admin.SimpleListFilter):
    title = _("supervisor")
    parameter_name = "supervisor"
    LEADER = "leader"

    def lookups(self, request, model_admin):
        # A semi-join (EXISTS): a join with every round and DISTINCT took a second at scale.
        supervised = Round.objects.filter(supervisor_member=OuterRef("pk"))
        members = PresidiumMembership.objects.filter(Exists(supervised)).select_related("deputy")
        choices = [(str(m.pk), str(m.deputy)) for m in members.order_by("deputy__name")]
        return choices + [(self.LEADER, _("a principal township leader"))]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        if self.value() == self.LEADER:
            return queryset.filter(current_round__supervisor_member__isnull=True).exclude(
                current_round__supervisor_leader=""
            )
        return queryset.filter(current_round__supervisor_member=self.value())


class SupervisionFilter(admin.SimpleListFilter):
    """三色督办: red overdue, yellow due within 15 days, green on schedule."""

    title = _("overdue / three-colour supervision")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [
            ("red", _("red: overdue")),
            ("yellow", _("yellow: due within 15 days")),
            ("green", _("green: on schedule")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        soon = today + datetime.timedelta(days=YELLOW_DAYS)
        if self.value() == "red":
            return queryset.overdue(today)
        if self.value() == "yellow":
            return queryset.open().filter(
                current_round__deadline__gte=today, current_round__deadline__lte=soon
            )
        if self.value() == "green":
            return queryset.open().filter(current_round__deadline__gt=soon)
        return queryset


# --- actions: one per transition, with an intermediate form where data is needed ---------------

# The change page's 代录 buttons, named as the party's own steps are.
BUTTONS = {
    on_behalf.Entry.CO_OPINION: _("co-handling opinion"),
    on_behalf.Entry.CONTACT: _("contact with the deputy"),
    on_behalf.Entry.REPLY: Transition.REPLY.label,
    on_behalf.Entry.RETURN: Transition.RETURN.label,
    on_behalf.Entry.EVALUATION: Transition.EVALUATE.label,
}


def transition_action(transition: Transition):
    def action(modeladmin, request, queryset):
        return modeladmin.apply_to_selection(request, queryset, transition)

    action.__name__ = f"transition_{transition.value}"
    return admin.action(description=transition.label, permissions=["change"])(action)


class SuggestionAttachmentInline(ConcurrentInlineMixin, admin.TabularInline):
    model = SuggestionAttachment
    extra = 0
    fields = ["file", "description", "uploaded_at"]
    readonly_fields = ["uploaded_at"]


@admin.register(Suggestion)
class SuggestionAdmin(
    SupervisionNoteAdminMixin,
    OnBehalfAdminMixin,
    DocumentsAdminMixin,
    ImportExportMixin,
    ConcurrentModelAdmin,
):
    resource_classes = [LedgerResource]
    formats = [SafeXLSX]
    change_form_template = "admin/suggestions/suggestion/change_form.html"
    change_list_template = "admin/suggestions/suggestion/change_list.html"
    list_display = [
        "number",
        "title_display",
        "lead_unit_display",
        "deadline_display",
        "state_display",
    ]
    list_display_links = ["number", "title_display"]
    list_filter = [
        YearFilter,
        "source",
        "state",
        LeadUnitFilter,
        SupervisorFilter,
        SupervisionFilter,
        ClosableFilter,
        "key_supervision",
        "public",
    ]
    search_fields = ["number", "title", "content", "lead_deputy__name", "external_proposer"]
    # The dashboard's link to the open items (congress/dashboard: supervision).
    extra_lookups = ("state__in",)
    autocomplete_fields = ["lead_deputy", "co_signers", "session"]
    date_hierarchy = "received_on"
    list_per_page = 50
    readonly_fields = ["number", "state", "origin_display", "latest_supervision"]
    fieldsets = [
        (None, {"fields": ["number", "state", "title", "content", "category", "source"]}),
        (_("Proposer"), {"fields": ["lead_deputy", "co_signers", "external_proposer"]}),
        (_("Where it came from"), {"fields": ["received_on", "session", "origin_display"]}),
        (_("Supervision"), {"fields": ["key_supervision", "public", "latest_supervision"]}),
    ]
    inlines = [SuggestionAttachmentInline]
    # The office's own steps, for many items at once. A unit's or a deputy's step (start, reply, return,
    # rating) is entered for them one item at a time, on the item's page (代录, admin_on_behalf).
    actions = [
        transition_action(t)
        for t in (
            Transition.ASSIGN,
            Transition.REHANDLE,
            Transition.CLOSE,
            Transition.REJECT,
        )
    ] + DocumentsAdminMixin.document_actions

    class Media:
        css = {"all": ["suggestions/admin.css"]}

    def get_queryset(self, request):
        return selectors.with_on_behalf(
            super()
            .get_queryset(request)
            .with_lead_unit()
            .select_related("lead_deputy", "current_round__supervisor_member__deputy")
        )

    def get_export_queryset(self, request):
        return selectors.ledger().filter(pk__in=super().get_export_queryset(request).values("pk"))

    def has_import_permission(self, request):
        return self.has_add_permission(request)

    def get_import_resource_kwargs(self, request, **kwargs):
        return {**super().get_import_resource_kwargs(request, **kwargs), "actor": request.user}

    # --- columns ---

    @admin.display(description=_("suggestion title"), ordering="title")
    def title_display(self, obj):
        return format_html(
            '{}<span class="ledger-quiet">{} · {}{}</span>',
            obj.title,
            obj.get_source_display(),
            obj.proposer,
            self.key_mark(obj),
        )

    @admin.display(description=_("lead unit"), ordering="lead_unit_name")
    def lead_unit_display(self, obj):
        return obj.lead_unit_name or "—"

    @admin.display(description=_("deadline and supervision"), ordering="current_round__deadline")
    def deadline_display(self, obj):
        """The current round's deadline, marked in the three colours while the item is open (三色督办)."""
        if obj.current_round is None:
            return "—"
        deadline = obj.current_round.deadline.isoformat()
        colour = obj.supervision_colour()
        if not colour:
            return deadline
        labels = {"red": _("overdue"), "yellow": _("due soon"), "green": _("on schedule")}
        return format_html(
            '<span class="supervision supervision-{}">{} {}</span>', colour, deadline, labels[colour]
        )

    @admin.display(description=_("state"), ordering="state")
    def state_display(self, obj):
        """The state, and what the office entered for the unit or the deputy (由人大办代录) and who did."""
        entries = selectors.on_behalf_entries(obj)
        if not entries:
            return obj.get_state_display()
        return format_html(
            '{}<span class="ledger-quiet on-behalf-mark">{}：{}</span>',
            obj.get_state_display(),
            gettext("entered by the presidium office"),
            "；".join(entries),
        )

    def key_mark(self, obj):
        return (
            format_html(' <span class="key-mark">{}</span>', gettext("key supervision"))
            if obj.key_supervision
            else ""
        )

    @admin.display(description=_("comes from"))
    def origin_display(self, obj):
        if obj.reception_matter_id:
            return format_html(
                "{}：{}",
                gettext("reception of voters"),
                f"{obj.reception_matter.reception} {obj.reception_matter}",
            )
        if obj.opinion_id:
            return format_html("{}：{}", gettext("deliberation"), f"{obj.opinion.deliberation} {obj.opinion}")
        voter_opinion = getattr(obj, "voter_opinion", None)
        if voter_opinion is not None:
            return format_html(
                '{}：<a href="{}">{}</a>',
                gettext("voter opinion"),
                reverse("admin:suggestions_voteropinion_change", args=[voter_opinion.pk]),
                voter_opinion.code,
            )
        return "—"

    # --- saving: registering is a transition; editing never touches the state ---

    def save_model(self, request, obj, form, change):
        if not change:
            workflow.apply(obj, Transition.REGISTER, actor=request.user)
            return
        # The workflow may have moved the item since the page was opened: keep what it wrote.
        fresh = Suggestion.objects.values("number", "state", "current_round_id").get(pk=obj.pk)
        for name, value in fresh.items():
            setattr(obj, name, value)
        editable = [f.name for f in obj._meta.concrete_fields if f.editable and not f.primary_key]
        obj._history_user = request.user
        obj.save(update_fields=editable)

    # --- the ledger's summary: the year's figures, as the dashboard and the report give them ---

    SUMMARY = [
        "suggestions.collected",
        "suggestions.reply_rate",
        "suggestions.on_time_rate",
        "suggestions.satisfaction_rate",
        "suggestions.overdue",
    ]

    def changelist_view(self, request, extra_context=None):
        # The summary of the year the list is filtered to (an unusable ?year= leaves the list unfiltered).
        year = parse_year(request.GET.get("year")) or timezone.localdate().year

        # The figures join the year's items with their rounds, replies and evaluations (about 100 ms at
        # scale): computed once per data version, as the dashboard's are.
        def summarise():
            with batch():  # the year's counts read once for all the figures
                return [
                    (str(REGISTRY[code].label), SimpleNamespace(display=REGISTRY[code](year).display()))
                    for code in self.SUMMARY
                ]

        summary = cache.kept(("ledger-summary", year), summarise)
        extra_context = {**(extra_context or {}), "summary_year": year, "summary": summary}
        return super().changelist_view(request, extra_context)

    # --- the change page: timeline and the transitions the user may take ---

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        pk = self.object_pk(object_id)  # None: Django's page says no such suggestion
        suggestion = selectors.with_rounds(Suggestion.objects.all()).filter(pk=pk).first() if pk else None
        if suggestion is not None:
            extra_context["rounds"] = selectors.timeline(suggestion)
            current = next((entry["round"] for entry in extra_context["rounds"] if entry["current"]), None)
            extra_context["documents"] = self.document_links(suggestion, current) if current else []
            extra_context["events"] = list(suggestion.events.all())
            may_change = self.has_change_permission(request)
            # A unit's or the deputy's step is entered on their behalf (代录); the office's own
            # return (taking an item back to re-assign it) stays a transition of its own.
            extra_context["transitions"] = [
                t
                for t in (workflow.available(suggestion, request.user) if may_change else [])
                if t not in ENTRY_OF or t == Transition.RETURN
            ]
            extra_context["on_behalf_entries"] = [
                (BUTTONS[entry], entry_url(suggestion, entry))
                for entry in (on_behalf.available(suggestion, request.user) if may_change else [])
            ]
            extra_context["may_write_note"] = supervision.may_write(request.user, suggestion)
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return (
            self.supervision_note_urls()
            + [
                path(
                    "<path:object_id>/transition/<str:transition>/",
                    self.admin_site.admin_view(self.transition_view),
                    name="suggestions_suggestion_transition",
                ),
                path(
                    "from-reception-matter/<int:pk>/",
                    self.admin_site.admin_view(self.from_origin_view),
                    {"origin": "reception_matter"},
                    name="suggestions_suggestion_from_matter",
                ),
                path(
                    "from-opinion/<int:pk>/",
                    self.admin_site.admin_view(self.from_origin_view),
                    {"origin": "opinion"},
                    name="suggestions_suggestion_from_opinion",
                ),
            ]
            + super().get_urls()
        )

    def from_origin_view(self, request, pk, origin):
        """Turn a reception matter or a deliberation opinion into a suggestion (the deputies' admin links here)."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        if origin == "reception_matter":
            record = get_object_or_404(ReceptionMatter.objects.select_related("reception"), pk=pk)
            existing = list(record.suggestions.all())
            convert = services.suggestion_from_reception_matter
            text, day = record.summary, record.reception.date
        else:
            record = get_object_or_404(Opinion.objects.select_related("deliberation"), pk=pk)
            existing = [s for s in [getattr(record, "suggestion", None)] if s]
            convert = services.suggestion_from_opinion
            text, day = record.text, record.deliberation.date
        error = ""
        if request.method == "POST":
            try:
                suggestion = convert(record, actor=request.user)
            except ValidationError as exc:
                error = "；".join(exc.messages)
            else:
                self.message_user(
                    request,
                    gettext("Registered as suggestion %(number)s.") % {"number": suggestion.number},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(
                    reverse("admin:suggestions_suggestion_change", args=[suggestion.pk])
                )
        return TemplateResponse(
            request,
            "admin/suggestions/from_origin.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": gettext("Turn into a suggestion"),
                "record": record,
                "text": text,
                "day": day,
                "existing": existing,
                "error": error,
            },
        )

    def _form_for(self, transition, data=None, files=None, suggestion=None):
        form_class = ADMIN_FORMS.get(transition, NoteForm)
        kwargs = {}
        if form_class is RehandleForm and suggestion is not None:
            kwargs["previous_round"] = suggestion.current_round
        return form_class(data, files, **kwargs)

    def transition_view(self, request, object_id, transition):
        """One transition on one suggestion, with its form (the change page's buttons lead here)."""
        if transition not in Transition.values or transition == Transition.REGISTER:
            raise Http404
        if not self.has_change_permission(request):
            raise PermissionDenied
        transition = Transition(transition)
        # A unit's or the deputy's step: staff enter it for them (代录). Returning is also the office's
        # own step (taking an item back to re-assign it, with no time limit).
        if transition in ENTRY_OF and transition != Transition.RETURN:
            return self.on_behalf_view(request, object_id, ENTRY_OF[transition].value)
        suggestion = self.get_object(request, object_id)
        if suggestion is None:
            raise Http404
        change_url = reverse("admin:suggestions_suggestion_change", args=[suggestion.pk])
        form = self._form_for(transition, request.POST or None, request.FILES or None, suggestion)
        if request.method == "POST" and form.is_valid():
            try:
                workflow.apply(suggestion, transition, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            except PermissionDenied as error:
                form.add_error(None, str(error))
            else:
                self.message_user(
                    request,
                    gettext("%(number)s: %(transition)s done.")
                    % {"number": suggestion.number, "transition": transition.label},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(change_url)
        refusal = workflow.refusal(suggestion, transition, request.user)
        return TemplateResponse(
            request,
            "admin/suggestions/transition.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": f"{transition.label}：{suggestion}",
                "suggestions": [suggestion],
                "original": suggestion,
                "form": form,
                "refusal": refusal,
                "transition": transition,
                "cancel_url": change_url,
                "is_action": False,
            },
        )

    def apply_to_selection(self, request, queryset, transition: Transition):
        """The changelist action: ask for the data once, then take the transition on each selected item."""
        suggestions = list(queryset.select_related("current_round"))
        single = suggestions[0] if len(suggestions) == 1 else None
        if "apply" in request.POST:
            form = self._form_for(transition, request.POST, request.FILES, single)
            if form.is_valid():
                done, failed = [], []
                for suggestion in suggestions:
                    try:
                        workflow.apply(suggestion, transition, actor=request.user, **form.cleaned_data)
                    except (ValidationError, PermissionDenied) as error:
                        reasons = error.messages if isinstance(error, ValidationError) else [str(error)]
                        failed.append(f"{suggestion.number}：{'；'.join(reasons)}")
                    else:
                        done.append(suggestion.number)
                if done:
                    self.message_user(
                        request,
                        gettext("%(transition)s: %(numbers)s.")
                        % {"transition": transition.label, "numbers": "、".join(done)},
                        messages.SUCCESS,
                    )
                for failure in failed:
                    self.message_user(request, failure, messages.ERROR)
                return None
        else:
            form = self._form_for(transition, suggestion=single)
        return TemplateResponse(
            request,
            "admin/suggestions/transition.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": transition.label,
                "suggestions": suggestions,
                "form": form,
                "transition": transition,
                "action_name": f"transition_{transition.value}",
                "cancel_url": reverse("admin:suggestions_suggestion_changelist"),
                "is_action": True,
            },
        )


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


# --- 社情民意: the staff inbox of voters' opinions ------------------------------------------------

from django import forms  # noqa: E402
from django.core.exceptions import ValidationError as _ValidationError  # noqa: E402

from deputies.admin import ProtectedFileWidget  # noqa: E402
from deputies.models import Deputy  # noqa: E402

from . import voter_opinions  # noqa: E402
from .choices import OPEN_OPINION_STATUSES, OpinionAction  # noqa: E402
from .forms import OPINION_ADMIN_FORMS, OpinionConvertForm  # noqa: E402
from .models import VoterOpinion  # noqa: E402


class OpinionPhotoWidget(ProtectedFileWidget):
    """The photo's "currently" link goes to the permission-checked file, never to /media/."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["download_label"] = gettext("See the photo")
        return context


class AddressedDeputyFilter(admin.SimpleListFilter):
    title = _("addressed deputy")
    parameter_name = "deputy"
    NONE = "none"

    def lookups(self, request, model_admin):
        # A semi-join: DISTINCT over the deputies joined with every opinion sorted whole rows (28 ms at N=20).
        addressed = VoterOpinion.objects.filter(deputy=OuterRef("pk"))
        deputies = Deputy.objects.filter(Exists(addressed)).order_by("name")
        return [(str(d.pk), str(d)) for d in deputies] + [(self.NONE, _("none: to the presidium office"))]

    def queryset(self, request, queryset):
        if self.value() == self.NONE:
            return queryset.filter(deputy__isnull=True)
        if self.value():
            return queryset.filter(deputy=self.value())
        return queryset


class VoterOpinionAdminForm(forms.ModelForm):
    class Meta:
        model = VoterOpinion
        fields = [
            "content",
            "category",
            "photo",
            "source",
            "submitted_at",
            "deputy",
            "voter_name",
            "voter_contact",
        ]

    def clean_deputy(self):
        deputy = self.cleaned_data.get("deputy")
        if deputy is not None and "deputy" in self.changed_data and not deputy.is_in_office():
            raise _ValidationError(gettext("This deputy is no longer in office."))
        return deputy


@admin.register(VoterOpinion)
class VoterOpinionAdmin(ConcurrentModelAdmin):
    """The office's inbox: triage each opinion (answer, turn into a suggestion, close); staff enter those
    raised at a reception. The voter's name, phone and photo are shown to presidium staff only."""

    form = VoterOpinionAdminForm
    change_form_template = "admin/suggestions/voteropinion/change_form.html"
    list_display = ["submitted_at", "content_display", "category", "deputy", "source", "status"]
    list_display_links = ["submitted_at", "content_display"]
    list_filter = ["status", "category", "source", AddressedDeputyFilter]
    date_hierarchy = "submitted_at"
    # The voter's name and phone (staff-only fields of the model) are searched for staff only.
    search_fields = ["code", "content", "voter_name", "voter_contact"]
    list_select_related = ["deputy"]
    autocomplete_fields = ["deputy"]
    list_per_page = 50
    readonly_fields = ["code", "status", "handling_display"]

    class Media:
        css = {"all": ["suggestions/admin.css"]}

    def get_fieldsets(self, request, obj=None):
        # The voter's name, phone and photo are the model's staff-only fields: finish_fieldsets (the
        # platform's admin guard) leaves them out for presidium members, and adds the record's version.
        opinion = ["content", "category", "photo"]
        if obj is not None:
            opinion = ["code", "status", *opinion]
        fieldsets = [
            (None, {"fields": opinion}),
            (_("Where it came from"), {"fields": ["source", "submitted_at", "deputy"]}),
            (_("Voter (private: presidium staff only)"), {"fields": ["voter_name", "voter_contact"]}),
        ]
        if obj is not None:
            fieldsets.append((_("Handling"), {"fields": ["handling_display"]}))
        return self.finish_fieldsets(request, obj, fieldsets)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("submitted_at", timezone.now())
        return initial

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "photo" in form.base_fields:
            from congress import protected_media

            url = protected_media.url(obj, "photo") if obj is not None else ""
            form.base_fields["photo"].widget = OpinionPhotoWidget(download_url=url)
        return form

    @admin.display(description=_("opinion"))
    def content_display(self, obj):
        text = " ".join(obj.content.split())
        return text[:40] + ("…" if len(text) > 40 else "")

    @admin.display(description=_("handling"))
    def handling_display(self, obj):
        rows = []

        def row(label, at, by, text="", link=None):
            if at is None:
                return
            who = (by.get_full_name() or by.get_username()) if by is not None else "—"
            when = timezone.localtime(at).strftime("%Y-%m-%d %H:%M")
            body = format_html('<a href="{}">{}</a>', link[0], link[1]) if link else text
            rows.append(format_html("<li><strong>{}</strong> {} · {}<br>{}</li>", label, when, who, body))

        row(gettext("passed to the presidium office"), obj.passed_at, obj.passed_by, obj.pass_note)
        row(gettext("answered"), obj.answered_at, obj.answered_by, obj.answer)
        if obj.suggestion_id:
            link = (
                reverse("admin:suggestions_suggestion_change", args=[obj.suggestion_id]),
                str(obj.suggestion),
            )
            row(gettext("turned into a suggestion"), obj.converted_at, obj.converted_by, link=link)
        row(gettext("closed"), obj.closed_at, obj.closed_by, obj.close_reason)
        if not rows:
            return gettext("Nobody has acted on it yet.")
        return format_html(
            '<ul class="opinion-handling">{}</ul>', format_html_join("", "{}", ((r,) for r in rows))
        )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("deputy")

    def may_revert(self, request, object_id) -> bool:
        # Reverting would rewrite the status and the answer behind voter_opinions' back.
        return False

    def save_model(self, request, obj, form, change):
        if not change:
            voter_opinions.voter_opinion_submit(obj, actor=request.user)
            return
        # The status and the handling fields are written by voter_opinions only: keep what it wrote.
        editable = [f.name for f in obj._meta.concrete_fields if f.editable and not f.primary_key]
        obj._history_user = request.user
        obj.save(update_fields=editable)

    # --- the change page's buttons and the form of each action ---

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        pk = self.object_pk(object_id)  # None: Django's page says no such opinion
        opinion = VoterOpinion.objects.filter(pk=pk).select_related("deputy").first() if pk else None
        if opinion is not None and self.has_change_permission(request):
            extra_context["opinion_actions"] = [
                a for a in voter_opinions.available(opinion, request.user) if a in OPINION_ADMIN_FORMS
            ]
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/action/<str:action>/",
                self.admin_site.admin_view(self.action_view),
                name="suggestions_voteropinion_action",
            ),
        ] + super().get_urls()

    def action_view(self, request, object_id, action):
        """Answer, turn into a suggestion or close one opinion, with its form."""
        if action not in OPINION_ADMIN_FORMS:
            raise Http404
        if not self.has_change_permission(request):
            raise PermissionDenied
        action = OpinionAction(action)
        opinion = self.get_object(request, object_id)
        if opinion is None:
            raise Http404
        change_url = reverse("admin:suggestions_voteropinion_change", args=[opinion.pk])
        form_class = OPINION_ADMIN_FORMS[action]
        kwargs = {"opinion": opinion} if form_class is OpinionConvertForm else {}
        form = form_class(request.POST or None, **kwargs)
        if request.method == "POST" and form.is_valid():
            try:
                suggestion = voter_opinions.apply(opinion, action, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            except PermissionDenied as error:
                form.add_error(None, str(error))
            else:
                if action == OpinionAction.CONVERT:
                    self.message_user(
                        request,
                        gettext("Registered as suggestion %(number)s.") % {"number": suggestion.number},
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(
                        reverse("admin:suggestions_suggestion_change", args=[suggestion.pk])
                    )
                self.message_user(
                    request,
                    gettext("%(action)s: done.") % {"action": action.label},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(change_url)
        return TemplateResponse(
            request,
            "admin/suggestions/voteropinion/action.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": action.label,
                "original": opinion,
                "form": form,
                "action": action,
                "refusal": voter_opinions.refusal(opinion, action, request.user),
                "is_open": opinion.status in OPEN_OPINION_STATUSES,
                "cancel_url": change_url,
            },
        )
