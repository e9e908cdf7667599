from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Session, Term, TownshipProfile

admin.site.site_header = _("Township People's Congress Presidium Platform")
admin.site.site_title = _("Presidium platform")
admin.site.index_title = _("Presidium work")


@admin.register(TownshipProfile)
class TownshipProfileAdmin(SimpleHistoryAdmin):
    list_display = ["township", "banner", "city", "region", "platform_title"]
    fieldsets = [
        (None, {"fields": ["platform_title", "township", "banner", "city", "region"]}),
        (_("Addresses"), {"fields": ["presidium_address", "deputies_home_address"]}),
        (None, {"fields": ["introduction"]}),
    ]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not TownshipProfile.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0
    fields = ["ordinal", "title", "start_date", "end_date", "place", "deputies_present"]


@admin.register(Term)
class TermAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "start_date", "end_date", "seats"]
    inlines = [SessionInline]


@admin.register(Session)
class SessionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "term", "start_date", "end_date", "place", "deputies_present"]
    list_filter = ["term"]
    search_fields = ["title", "place"]
    date_hierarchy = "start_date"
    autocomplete_fields = ["term"]


TermAdmin.search_fields = ["ordinal"]
