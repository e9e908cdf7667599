from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import XLSX
from simple_history.admin import SimpleHistoryAdmin

from congress.models import Term

from .importers import RosterResource
from .models import Constituency, Deputy, PresidiumMembership


class CurrentTermDefaultMixin:
    """New records default to the current term."""

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        term = Term.objects.current()
        if term and "term" not in initial:
            initial["term"] = term.pk
            if "took_office" in {f.name for f in self.model._meta.fields}:
                initial.setdefault("took_office", term.start_date)
        return initial


@admin.register(Constituency)
class ConstituencyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "description"]
    search_fields = ["name", "description"]


class PresidiumMembershipInline(admin.TabularInline):
    model = PresidiumMembership
    extra = 0
    fields = ["term", "role", "title", "duty_division", "start_date", "end_date"]


@admin.register(Deputy)
class DeputyAdmin(CurrentTermDefaultMixin, ImportExportMixin, SimpleHistoryAdmin):
    resource_classes = [RosterResource]
    formats = [XLSX]
    list_display = [
        "name",
        "gender",
        "ethnicity",
        "birth_month_display",
        "political_affiliation",
        "constituency",
        "occupation",
        "status",
        "term",
    ]
    list_display_links = ["name"]
    list_filter = ["term", "status", "gender", "political_affiliation", "constituency", "is_banner_deputy"]
    search_fields = ["name", "occupation", "constituency__name", "phone"]
    autocomplete_fields = ["constituency", "user"]
    list_select_related = ["constituency", "term"]
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["term", "name", "gender", "ethnicity", "birth_month", "photo"]}),
        (
            _("Background"),
            {"fields": ["political_affiliation", "education", "occupation", "constituency"]},
        ),
        (_("Other congresses"), {"fields": ["is_banner_deputy", "is_city_deputy", "is_region_deputy"]}),
        (_("Private"), {"fields": ["phone", "id_number", "user"]}),
        (_("Office"), {"fields": ["status", "took_office", "left_office", "notes"]}),
    ]
    inlines = [PresidiumMembershipInline]

    @admin.display(description=_("birth month"), ordering="birth_month")
    def birth_month_display(self, deputy):
        return deputy.birth_month.strftime("%Y.%m") if deputy.birth_month else ""


@admin.register(PresidiumMembership)
class PresidiumMembershipAdmin(CurrentTermDefaultMixin, SimpleHistoryAdmin):
    list_display = ["deputy", "role", "title", "term", "start_date", "end_date"]
    list_filter = ["term", "role"]
    search_fields = ["deputy__name", "title", "duty_division"]
    autocomplete_fields = ["deputy"]
    list_select_related = ["deputy", "term"]
