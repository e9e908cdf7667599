"""Deliberations (审议) in the admin: the report deliberated, who was present, and the opinions raised."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from congress.admin_rows import SharedChoicesInlineMixin
from congress.concurrency_admin import ConcurrentInlineMixin, ConcurrentModelAdmin
from congress.record_links import RecordLinksMixin
from congress.selectors import count_of

from .admin_defaults import CurrentTermDefaultMixin, TodayDefaultMixin
from .models import Deliberation, Opinion


class OpinionInline(RecordLinksMixin, ConcurrentInlineMixin, SharedChoicesInlineMixin, admin.TabularInline):
    model = Opinion
    extra = 3
    fields = ["order", "text", "raised_by"]
    autocomplete_fields = ["raised_by"]


@admin.register(Deliberation)
class DeliberationAdmin(CurrentTermDefaultMixin, TodayDefaultMixin, ConcurrentModelAdmin):
    list_display = ["subject", "reporting_body", "date", "meeting_or_session", "present", "opinions_count"]
    list_filter = ["reporting_body", "term"]
    search_fields = ["subject", "meeting", "opinions__text"]
    autocomplete_fields = ["session", "deputies"]
    list_select_related = ["session"]
    date_hierarchy = "date"
    inlines = [OpinionInline]
    fieldsets = [
        (None, {"fields": ["term", "date", "reporting_body", "subject", "session", "meeting"]}),
        (_("Deputies present"), {"fields": ["deputies", "headcount"]}),
        (None, {"fields": ["notes"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                opinions_total=count_of(Opinion.objects, "deliberation"),
                present_total=count_of(Deliberation.deputies.through.objects, "deliberation"),
            )
        )

    @admin.display(description=_("meeting"))
    def meeting_or_session(self, deliberation):
        return deliberation.session or deliberation.meeting

    @admin.display(description=_("deputies present"))
    def present(self, deliberation):
        return deliberation.present_total or deliberation.headcount or "—"

    @admin.display(description=_("opinions"), ordering="opinions_total")
    def opinions_count(self, deliberation):
        return deliberation.opinions_total
