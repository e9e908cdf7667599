from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportMixin

from congress.admin_rows import SharedChoicesInlineMixin
from congress.concurrency_admin import ConcurrentInlineMixin, ConcurrentModelAdmin
from congress.language import bracketed, colon, listed
from congress.selectors import count_of
from congress.spreadsheets import SafeXLSX

from . import selectors, services
from .forms import (
    BallotForm,
    CandidateConfirmImportForm,
    CandidateImportForm,
    ConfirmVoteForm,
    CorrectionForm,
    ProjectStatusForm,
    VoteForm,
)
from .importers import CandidateResource
from .models import (
    Ballot,
    Candidate,
    CandidateTally,
    Inspection,
    LivelihoodPlan,
    ProgressPhoto,
    ProgressUpdate,
    Project,
    SatisfactionSurvey,
    Vote,
)

# ---------------------------------------------------------------- plans and candidates


class CandidateInline(ConcurrentInlineMixin, admin.TabularInline):
    model = Candidate
    extra = 0
    fields = ["name", "category", "place", "estimated_investment", "responsible_unit", "origin", "status"]
    readonly_fields = ["status"]
    show_change_link = True


@admin.register(LivelihoodPlan)
class LivelihoodPlanAdmin(ConcurrentModelAdmin):
    list_display = ["year", "title", "number_to_choose", "session", "candidate_count", "vote_link"]
    search_fields = ["title", "year"]
    autocomplete_fields = ["session"]
    list_select_related = ["session"]
    inlines = [CandidateInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(candidate_count=count_of(Candidate.objects, "plan"))

    @admin.display(description=_("candidates"), ordering="candidate_count")
    def candidate_count(self, plan):
        return plan.candidate_count

    @admin.display(description=_("vote"))
    def vote_link(self, plan):
        url = reverse("admin:livelihood_vote_changelist") + f"?plan__id__exact={plan.pk}"
        return format_html('<a href="{}">{}</a>', url, _("votes"))

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and selectors.effective_vote(obj):
            return ["year", "number_to_choose", "session"]
        return []


@admin.register(Candidate)
class CandidateAdmin(ImportMixin, ConcurrentModelAdmin):
    resource_classes = [CandidateResource]
    formats = [SafeXLSX]
    import_form_class = CandidateImportForm
    confirm_form_class = CandidateConfirmImportForm
    list_display = [
        "name",
        "plan",
        "category",
        "place",
        "estimated_investment",
        "responsible_unit",
        "origin",
        "status",
    ]
    list_filter = ["plan__year", "status", "category", "origin"]
    search_fields = ["name", "place", "responsible_unit", "description"]
    list_select_related = ["plan"]
    readonly_fields = ["status"]
    actions = ["put_on_ballot", "take_off_ballot"]
    fieldsets = [
        (None, {"fields": ["plan", "name", "category", "description", "place", "origin", "status"]}),
        (
            _("Investment and schedule"),
            {
                "fields": [
                    "estimated_investment",
                    "funding_source",
                    "responsible_unit",
                    "planned_start",
                    "planned_end",
                ]
            },
        ),
    ]

    def get_import_resource_kwargs(self, request, **kwargs):
        form = kwargs.pop("form", None)
        cleaned = getattr(form, "cleaned_data", None) or {}
        return {"plan": cleaned.get("plan")}

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["plan"] = import_form.cleaned_data["plan"].pk
        return initial

    def _set_ballot(self, request, queryset, on: bool):
        for plan in LivelihoodPlan.objects.filter(candidates__in=queryset).distinct():
            current = set(selectors.ballot_candidates(plan).values_list("pk", flat=True))
            selected = set(queryset.filter(plan=plan).values_list("pk", flat=True))
            wanted = current | selected if on else current - selected
            try:
                services.ballot_set(plan, plan.candidates.filter(pk__in=wanted), actor=request.user)
            except services.VoteError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)

    @admin.action(description=_("Put the selected candidates on the ballot"), permissions=["change"])
    def put_on_ballot(self, request, queryset):
        self._set_ballot(request, queryset, on=True)

    @admin.action(description=_("Take the selected candidates off the ballot"), permissions=["change"])
    def take_off_ballot(self, request, queryset):
        self._set_ballot(request, queryset, on=False)


# ---------------------------------------------------------------- votes


class LockedInlineMixin:
    """The ballots and totals of a confirmed vote are shown, never edited."""

    def has_add_permission(self, request, obj=None):
        return (obj is None or not obj.is_locked) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return (obj is None or not obj.is_locked) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return (obj is None or not obj.is_locked) and super().has_delete_permission(request, obj)


class CandidateTallyInline(
    ConcurrentInlineMixin, SharedChoicesInlineMixin, LockedInlineMixin, admin.TabularInline
):
    model = CandidateTally
    row_related = ["candidate"]
    fields = ["candidate", "yes", "no", "abstain"]
    extra = 0

    def missing(self, obj):
        if obj is None or obj.is_locked:
            return []
        have = set(obj.tallies.values_list("candidate_id", flat=True))
        return [c for c in selectors.vote_candidates(obj) if c.pk not in have]

    def get_extra(self, request, obj=None, **kwargs):
        return len(self.missing(obj))

    def get_max_num(self, request, obj=None, **kwargs):
        # One row per candidate on the ballot (a run-off: the tied candidates only).
        return selectors.vote_candidates(obj).count() if obj is not None else None

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if obj is not None and "candidate" in formset.form.base_fields:
            formset.form.base_fields["candidate"].queryset = selectors.vote_candidates(obj)
        return formset


class BallotInline(ConcurrentInlineMixin, SharedChoicesInlineMixin, LockedInlineMixin, admin.TabularInline):
    model = Ballot
    row_prefetch = ["yes"]
    form = BallotForm
    fields = ["number", "yes", "spoiled"]
    extra = 1

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if obj is not None and "yes" in formset.form.base_fields:
            formset.form.base_fields["yes"].queryset = selectors.vote_candidates(obj)
            formset.form.base_fields["yes"].widget = forms.CheckboxSelectMultiple(
                choices=formset.form.base_fields["yes"].choices
            )
        return formset


@admin.register(Vote)
class VoteAdmin(ConcurrentModelAdmin):
    form = VoteForm
    change_form_template = "livelihood/admin/vote_change_form.html"
    list_display = ["__str__", "session", "date", "entry_mode", "state", "confirmed_at"]
    list_filter = ["plan__year", "state", "entry_mode"]
    extra_lookups = ("plan__id__exact",)  # the plan page's link to its votes
    search_fields = ["plan__title", "correction_reason"]
    autocomplete_fields = ["plan", "session"]
    list_select_related = ["plan", "session"]
    date_hierarchy = "date"
    readonly_fields = ["state", "confirmed_by", "confirmed_at", "result", "rounds"]
    actions = ["confirm_selected"]

    class Media:
        css = {"all": ["livelihood/admin.css"]}

    def get_fieldsets(self, request, obj=None):
        return self.finish_fieldsets(request, obj, self._fieldsets(obj))

    def _fieldsets(self, obj):
        fieldsets = [
            (None, {"fields": ["plan", "session", "date", "entry_mode"]}),
            (_("Attendance"), {"fields": ["deputies_in_office", "deputies_present"]}),
        ]
        if obj is None or obj.entry_mode == "totals":
            fieldsets.append((_("Ballots counted"), {"fields": ["valid_ballots", "invalid_ballots"]}))
        if obj is not None and (obj.runoff_of_id or obj.runoffs.exists()):
            fieldsets.append((_("Run-off"), {"fields": ["rounds"]}))
        if obj is not None:
            fieldsets.append((_("Computed result"), {"fields": ["result"]}))
            fieldsets.append((_("Confirmation"), {"fields": ["state", "confirmed_by", "confirmed_at"]}))
        if obj is not None and obj.corrects_id:
            fieldsets.append((_("Correction"), {"fields": ["corrects", "correction_reason"]}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        readonly = list(self.readonly_fields)
        if obj is not None:
            readonly += ["plan", "corrects"]
        return readonly

    def get_inlines(self, request, obj):
        if obj is None:
            return []
        return [BallotInline] if obj.entry_mode == "ballots" else [CandidateTallyInline]

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, CandidateTallyInline):
            kwargs["initial"] = [{"candidate": c.pk} for c in inline.missing(obj)]
        if isinstance(inline, BallotInline) and obj is not None:
            last = obj.ballots.order_by("-number").values_list("number", flat=True).first() or 0
            kwargs["initial"] = [{"number": last + 1}]
        return kwargs

    def has_change_permission(self, request, obj=None):
        return (obj is None or not obj.is_locked) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return (obj is None or not obj.is_locked) and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        services.vote_prepare(obj, actor=request.user)

    @admin.display(description=_("result"))
    def result(self, vote):
        return render_to_string("livelihood/admin/vote_result.html", {"result": services.count_vote(vote)})

    @admin.display(description=_("rounds of the vote"))
    def rounds(self, vote):
        """Where a run-off stands: the tied vote it settles, its candidates and places, the run-offs after it."""
        lines = []
        if vote.runoff_of_id:
            lines.append(
                format_html(
                    '{} <a href="{}">{}</a>',
                    _("Settles the tie of"),
                    reverse("admin:livelihood_vote_change", args=[vote.runoff_of_id]),
                    vote.runoff_of,
                )
            )
            names = listed(c.name for c in selectors.vote_candidates(vote))
            places = _("%(n)s place(s)") % {"n": vote.places}
            lines.append(colon(_("tied candidates"), bracketed(names, places)))
        for runoff in vote.runoffs.order_by("pk"):
            lines.append(
                format_html(
                    '{} <a href="{}">{}</a>（{}）',
                    _("Run-off:"),
                    reverse("admin:livelihood_vote_change", args=[runoff.pk]),
                    runoff,
                    runoff.get_state_display(),
                )
            )
        return format_html_join(mark_safe("<br>"), "{}", ((line,) for line in lines))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        vote = self.get_object(request, object_id)
        if vote is not None:
            extra_context["runoff_needed"] = services.count_vote(vote).runoff_needed
            extra_context["draft_runoff"] = selectors.draft_runoff(vote)
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return [
            path(
                "<int:pk>/confirm/",
                self.admin_site.admin_view(self.confirm_view),
                name="livelihood_vote_confirm",
            ),
            path(
                "<int:pk>/correct/",
                self.admin_site.admin_view(self.correct_view),
                name="livelihood_vote_correct",
            ),
            path(
                "<int:pk>/runoff/",
                self.admin_site.admin_view(self.runoff_view),
                name="livelihood_vote_runoff",
            ),
        ] + super().get_urls()

    def _context(self, request, vote, title):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": vote,
            "title": title,
            "vote": vote,
        }

    def confirm_view(self, request, pk):
        """Show the computed result; confirming locks the vote."""
        vote = get_object_or_404(Vote.objects.select_related("plan", "session"), pk=pk)
        if not self.has_change_permission(request, None):
            raise PermissionDenied
        change_url = reverse("admin:livelihood_vote_change", args=[vote.pk])
        if vote.is_locked:
            self.message_user(request, _("This vote is already confirmed."), messages.WARNING)
            return redirect(change_url)
        form = ConfirmVoteForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.confirm_vote(vote, actor=request.user)
            except services.VoteError as error:
                for message in error.messages:
                    self.message_user(request, message, messages.ERROR)
            else:
                self.message_user(request, _("The vote is confirmed and locked."), messages.SUCCESS)
                return redirect(change_url)
        context = self._context(request, vote, _("Confirm the vote"))
        context.update({"form": form, "result": services.count_vote(vote), "change_url": change_url})
        return TemplateResponse(request, "livelihood/admin/vote_confirm.html", context)

    def runoff_view(self, request, pk):
        """Settle a tie across the last place: confirm the tied vote as a round and open a run-off."""
        vote = get_object_or_404(Vote.objects.select_related("plan", "session"), pk=pk)
        if not self.has_add_permission(request):
            raise PermissionDenied
        change_url = reverse("admin:livelihood_vote_change", args=[vote.pk])
        result = services.count_vote(vote)
        if not result.runoff_needed:
            self.message_user(request, _("No candidates are tied across the last place."), messages.WARNING)
            return redirect(change_url)
        form = ConfirmVoteForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                runoff = services.runoff_open(vote, actor=request.user)
            except services.VoteError as error:
                for message in error.messages:
                    self.message_user(request, message, messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("The run-off is open: enter its ballots or totals, then confirm it."),
                    messages.SUCCESS,
                )
                return redirect("admin:livelihood_vote_change", runoff.pk)
        context = self._context(request, vote, _("Open a run-off"))
        context.update({"form": form, "result": result, "change_url": change_url})
        return TemplateResponse(request, "livelihood/admin/vote_runoff.html", context)

    def correct_view(self, request, pk):
        """Start a correction of a confirmed vote: a new draft linked to it, with a reason."""
        vote = get_object_or_404(Vote.objects.select_related("plan"), pk=pk)
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = CorrectionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                correction = services.vote_start_correction(
                    vote, reason=form.cleaned_data["reason"], actor=request.user
                )
            except services.VoteError as error:
                for message in error.messages:
                    self.message_user(request, message, messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("A draft correction has been opened; edit it and confirm it."),
                    messages.SUCCESS,
                )
                return redirect("admin:livelihood_vote_change", correction.pk)
        context = self._context(request, vote, _("Correct a confirmed vote"))
        context.update({"form": form, "change_url": reverse("admin:livelihood_vote_change", args=[vote.pk])})
        return TemplateResponse(request, "livelihood/admin/vote_correct.html", context)

    @admin.action(description=_("Compute and confirm the selected vote"), permissions=["change"])
    def confirm_selected(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Select exactly one vote to confirm."), messages.WARNING)
            return None
        return redirect("admin:livelihood_vote_confirm", queryset.get().pk)


# ---------------------------------------------------------------- projects


class ProgressUpdateInline(ConcurrentInlineMixin, SharedChoicesInlineMixin, admin.StackedInline):
    model = ProgressUpdate
    row_related = ["project"]
    fields = ["date", "percent", "text"]
    extra = 0
    show_change_link = True


class InspectionInline(ConcurrentInlineMixin, SharedChoicesInlineMixin, admin.StackedInline):
    model = Inspection
    row_related = ["project"]
    fields = ["date", "deputies", "findings", "suggestion_number"]
    autocomplete_fields = ["deputies"]
    extra = 0


class SatisfactionSurveyInline(ConcurrentInlineMixin, SharedChoicesInlineMixin, admin.TabularInline):
    model = SatisfactionSurvey
    row_related = ["project"]
    fields = ["date", "satisfied", "basically_satisfied", "unsatisfied"]
    extra = 0


class ProgressSyncMixin:
    """Saving progress updates moves the project's percent complete along (services.project_sync_percent)."""

    def sync(self, project, actor=None):
        services.project_sync_percent(Project.objects.get(pk=project.pk), actor=actor)


@admin.register(Project)
class ProjectAdmin(ProgressSyncMixin, ConcurrentModelAdmin):
    list_display = [
        "name",
        "year",
        "status",
        "percent_complete",
        "responsible_unit",
        "budget",
        "completion_date",
        "first_use_date",
    ]
    list_filter = ["plan__year", "status"]
    search_fields = ["name", "location", "responsible_unit"]
    list_select_related = ["plan"]
    # The status (and what it needs) changes on its own page, through services.project_set_status.
    readonly_fields = [
        "candidate",
        "plan",
        "status_and_change",
        "cancel_reason",
        "completion_date",
        "first_use_date",
    ]
    fieldsets = [
        (None, {"fields": ["plan", "candidate", "name", "description", "location"]}),
        (_("Responsibility and budget"), {"fields": ["responsible_unit", "budget"]}),
        (
            _("Status"),
            {
                "fields": [
                    "status_and_change",
                    "cancel_reason",
                    "percent_complete",
                    "start_date",
                    "completion_date",
                    "first_use_date",
                ]
            },
        ),
    ]
    inlines = [ProgressUpdateInline, InspectionInline, SatisfactionSurveyInline]

    @admin.display(description=_("year"), ordering="plan__year")
    def year(self, project):
        return project.plan.year

    def has_add_permission(self, request):
        return False  # a project is opened by confirming the vote that chose it

    @admin.display(description=_("status"))
    def status_and_change(self, project):
        if project.pk is None:
            return "—"
        link = reverse("admin:livelihood_project_status", args=[project.pk])
        return format_html(
            '{} <a class="button" href="{}">{}</a>',
            project.get_status_display(),
            link,
            _("Change the status"),
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/status/",
                self.admin_site.admin_view(self.status_view),
                name="livelihood_project_status",
            ),
        ] + super().get_urls()

    def status_view(self, request, pk):
        """Change a project's status through the service (its rules: a reason to cancel, dates when done)."""
        project = get_object_or_404(Project.objects.select_related("plan"), pk=pk)
        if not self.has_change_permission(request, project):
            raise PermissionDenied
        initial = {
            "status": project.status,
            "reason": project.cancel_reason,
            "completion_date": project.completion_date,
            "first_use_date": project.first_use_date,
        }
        form = ProjectStatusForm(request.POST or None, initial=initial)
        change_url = reverse("admin:livelihood_project_change", args=[project.pk])
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.project_set_status(
                    project,
                    data["status"],
                    reason=data["reason"],
                    completion_date=data["completion_date"],
                    first_use_date=data["first_use_date"],
                    actor=request.user,
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
                project.refresh_from_db()
            else:
                self.message_user(request, _("The project's status has been changed."), messages.SUCCESS)
                return redirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": project,
            "title": _("Change the status of a project"),
            "form": form,
            "change_url": change_url,
        }
        return TemplateResponse(request, "livelihood/admin/project_status.html", context)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is ProgressUpdate and formset.has_changed():
            self.sync(form.instance, actor=request.user)


class ProgressPhotoInline(ConcurrentInlineMixin, admin.TabularInline):
    model = ProgressPhoto
    fields = ["image", "alt_text", "caption"]
    extra = 1


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(ProgressSyncMixin, ConcurrentModelAdmin):
    list_display = ["project", "date", "percent"]
    list_filter = ["project__plan__year"]
    search_fields = ["project__name", "text"]
    autocomplete_fields = ["project"]
    readonly_fields = ["posted_by"]  # who posted it: set on saving, not chosen from every account
    list_select_related = ["project"]
    date_hierarchy = "date"
    inlines = [ProgressPhotoInline]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.posted_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self.sync(form.instance.project, actor=request.user)


@admin.register(Inspection)
class InspectionAdmin(ConcurrentModelAdmin):
    list_display = ["project", "date", "suggestion_number"]
    list_filter = ["project__plan__year"]
    search_fields = ["project__name", "findings", "suggestion_number"]
    autocomplete_fields = ["project", "deputies"]
    list_select_related = ["project"]
    date_hierarchy = "date"


@admin.register(SatisfactionSurvey)
class SatisfactionSurveyAdmin(ConcurrentModelAdmin):
    list_display = ["project", "date", "satisfied", "basically_satisfied", "unsatisfied", "rate"]
    list_filter = ["project__plan__year"]
    search_fields = ["project__name"]
    autocomplete_fields = ["project"]
    list_select_related = ["project"]

    @admin.display(description=_("satisfaction rate"))
    def rate(self, survey):
        return selectors.satisfaction_rate([survey]).display()
