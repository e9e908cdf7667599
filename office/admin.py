"""The annual work report's admin (the model stays in ``congress``: its tables and admin URLs keep their
names) and the dashboard's pages behind each number, served under it (``admin:congress_figure_records``)."""

from django import forms
from django.contrib import admin, messages
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from congress.concurrency_admin import ConcurrentInlineMixin, ConcurrentModelAdmin
from congress.figures import REGISTRY, parse_year, records_url, unit_of
from congress.models import ReportDraft, ReportSection

from .dashboard import default_year
from .dashboard import views as dashboard_views
from .report import services as report_services
from .report import views as report_views
from .report.placeholders import errors_in


class ReportSectionForm(forms.ModelForm):
    class Meta:
        model = ReportSection
        fields = ["order", "kind", "heading", "text"]
        widgets = {
            "heading": forms.TextInput(attrs={"class": "vTextField report-heading-input"}),
            "text": forms.Textarea(attrs={"rows": 7, "class": "vLargeTextField report-text"}),
        }
        # The page explains placeholders once, above the sections.
        help_texts = {"heading": "", "text": ""}

    def clean(self):
        cleaned = super().clean()
        errors = errors_in(cleaned.get("heading", "")) + errors_in(cleaned.get("text", ""))
        if errors:
            raise forms.ValidationError(errors)
        return cleaned


class ReportSectionInline(ConcurrentInlineMixin, admin.StackedInline):
    model = ReportSection
    form = ReportSectionForm
    extra = 0
    fields = [("order", "kind"), "heading", "text"]

    def _editable(self, obj):
        return obj is None or not obj.is_final

    def has_add_permission(self, request, obj=None):
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(obj) and super().has_delete_permission(request, obj)


@admin.register(ReportDraft)
class ReportDraftAdmin(ConcurrentModelAdmin):
    """Generate a year's draft (add), edit its prose, refresh its figures, finalise, preview and download."""

    change_form_template = "admin/congress/reportdraft/change_form.html"
    list_display = ["year", "title", "session", "status", "figures_computed_at", "updated_at", "outputs"]
    list_display_links = ["year", "title"]
    list_filter = ["status", "year"]
    search_fields = ["title", "speaker"]
    list_select_related = ["session"]
    autocomplete_fields = ["session"]
    readonly_fields = ["status", "figures_computed_at", "finalised_at", "finalised_by", "figures_table"]
    actions = ["refresh_figures"]
    add_fields = ["year", "session"]
    fieldsets = [
        (None, {"fields": ["year", "session", "title", "speaker", "status"]}),
        (
            _("Figures"),
            {
                "fields": ["figures_table", "figures_computed_at", "finalised_at", "finalised_by"],
                "description": _(
                    "Computed from the records. Refresh them after the records change; "
                    "a final report keeps the figures it was finalised with."
                ),
            },
        ),
    ]

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [
                (
                    None,
                    {
                        "fields": self.add_fields,
                        "description": _(
                            "Choose the year and the session: the draft is filled from the template "
                            "with every figure computed from the records."
                        ),
                    },
                )
            ]
        return self.finish_fieldsets(request, obj, self.fieldsets)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_final:
            return [*self.readonly_fields, "year", "session", "title", "speaker"]
        return self.readonly_fields

    def get_inlines(self, request, obj):
        return [] if obj is None else [ReportSectionInline]

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        year = parse_year(initial.get("year")) or default_year()
        initial["year"] = year
        session = report_services.default_session(year)
        if session and "session" not in initial:
            initial["session"] = session.pk
        return initial

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or not obj.is_final)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or not obj.is_final)

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        else:
            report_services.draft_create(year=obj.year, session=obj.session, actor=request.user, draft=obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        draft = form.instance
        if change and not draft.is_final:
            report_services.draft_complete_figures(draft, actor=request.user)
            for warning in report_services.draft_problems(draft).warnings:
                messages.warning(request, warning)

    def response_add(self, request, obj, post_url_continue=None):
        # A generated draft opens for editing at once.
        if "_addanother" not in request.POST and "_popup" not in request.POST:
            request.POST = request.POST.copy()
            request.POST["_continue"] = "1"
        return super().response_add(request, obj, post_url_continue)

    @admin.display(description=_("figures"))
    def figures_table(self, draft):
        values = (draft.figures or {}).get("values", {})
        if not values:
            return "—"
        rows = format_html_join(
            "",
            '<tr><td>{}</td><td><code>{}</code></td><td lang="zh-Hans"><a href="{}">{}</a>{}</td></tr>',
            (
                (
                    # Labels and units in the reader's language; the snapshot keeps the values.
                    REGISTRY[code].label if code in REGISTRY else value.get("label", code),
                    code,
                    records_url(code, draft.year),
                    value.get("text", ""),
                    (unit_of(code) if code in REGISTRY else value.get("unit", ""))
                    if value.get("unit") != "%"
                    else "",
                )
                for code, value in sorted(values.items())
            ),
        )
        head = format_html(
            "<thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead>",
            _("figure"),
            _("placeholder"),
            _("value"),
        )
        return format_html('<table class="report-figures">{}<tbody>{}</tbody></table>', head, rows)

    @admin.display(description=_("output"))
    def outputs(self, draft):
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("admin:congress_reportdraft_preview", args=[draft.pk]),
            _("preview"),
            reverse("admin:congress_reportdraft_docx", args=[draft.pk]),
            "Word",
        )

    @admin.action(description=_("Refresh the figures of the selected drafts"), permissions=["change"])
    def refresh_figures(self, request, queryset):
        done = 0
        for draft in queryset:
            if draft.is_final:
                messages.warning(
                    request, _("%(draft)s is final: its figures stay as they are.") % {"draft": draft}
                )
                continue
            report_services.draft_refresh_figures(draft, actor=request.user)
            done += 1
        if done:
            messages.success(request, _("Figures refreshed in %(count)d drafts.") % {"count": done})

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/preview/", wrap(report_views.preview), name="congress_reportdraft_preview"),
            path("<int:pk>/docx/", wrap(report_views.download), name="congress_reportdraft_docx"),
            path("<int:pk>/refresh/", wrap(report_views.refresh), name="congress_reportdraft_refresh"),
            path("<int:pk>/finalise/", wrap(report_views.finalise), name="congress_reportdraft_finalise"),
            path(
                "figures/<str:code>/<int:year>/",
                wrap(dashboard_views.figure_records),
                name="congress_figure_records",
            ),
            *super().get_urls(),
        ]
