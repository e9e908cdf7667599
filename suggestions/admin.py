"""The ledger (台账) for presidium staff: filters, three-colour supervision, transitions, Excel in and out."""

from __future__ import annotations

from types import SimpleNamespace

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin

from congress import cache
from congress.concurrency_admin import ConcurrentInlineMixin, ConcurrentModelAdmin
from congress.figures import REGISTRY, batch, parse_year
from congress.language import clauses, colon, listed
from congress.spreadsheets import NamedExportMixin, SafeXLSX
from congress.widgets import admin_dates
from deputies.models import Opinion, PresidiumMembership, ReceptionMatter

from . import deadlines, on_behalf, selectors, services, supervision, workflow
from .admin_on_behalf import ENTRY_OF, OnBehalfAdminMixin, entry_url
from .choices import AssignmentRole, Transition
from .documents.admin import DocumentsAdminMixin
from .forms import ADMIN_FORMS, NoteForm, RehandleForm, add_errors
from .importers import LedgerResource
from .ledger_admin import ClosableFilter, SupervisionNoteAdminMixin
from .models import HandlingUnit, Round, Suggestion, SuggestionAttachment
from .opinions.admin import VoterOpinionAdmin  # noqa: F401  (registered there: the voter opinions' inbox)
from .unit_admin import HandlingUnitAdmin  # noqa: F401  (registered there)

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
        if self.value() == deadlines.RED:
            return queryset.overdue(today)
        if self.value() in (deadlines.YELLOW, deadlines.GREEN):
            return queryset.open().filter(deadlines.bounds(today)[self.value()])
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
    NamedExportMixin,
    ImportExportMixin,
    ConcurrentModelAdmin,
):
    resource_classes = [LedgerResource]
    export_name = _("suggestion ledger")
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
            '{}<span class="ledger-quiet on-behalf-mark">{}</span>',
            obj.get_state_display(),
            colon(gettext("entered by the presidium office"), clauses(entries)),
        )

    def key_mark(self, obj):
        return (
            format_html(' <span class="key-mark">{}</span>', gettext("key supervision"))
            if obj.key_supervision
            else ""
        )

    @admin.display(description=_("comes from"))
    def origin_display(self, obj):
        if obj.handed_down_on:
            return gettext("handed down by the banner on %(date)s; the banner's deadline is %(deadline)s") % {
                "date": obj.handed_down_on.isoformat(),
                "deadline": obj.banner_deadline.isoformat(),
            }
        if obj.reception_matter_id:
            return colon(
                gettext("reception of voters"), f"{obj.reception_matter.reception} {obj.reception_matter}"
            )
        if obj.opinion_id:
            return colon(gettext("deliberation"), f"{obj.opinion.deliberation} {obj.opinion}")
        voter_opinion = getattr(obj, "voter_opinion", None)
        if voter_opinion is not None:
            return format_html(
                '{}<a href="{}">{}</a>',
                colon(gettext("voter opinion")),
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
        return admin_dates(form_class(data, files, **kwargs))

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
                "title": colon(transition.label, suggestion),
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
                        failed.append(colon(suggestion.number, clauses(reasons)))
                    else:
                        done.append(suggestion.number)
                if done:
                    self.message_user(
                        request,
                        gettext("%(transition)s: %(numbers)s.")
                        % {"transition": transition.label, "numbers": listed(done)},
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
