"""Additions to the ledger's admin (suggestions/admin.py): the items staff may close, and the
supervision notes of the presidium members who supervise items (领衔督办)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from congress.concurrency_admin import ConcurrentModelAdmin
from congress.widgets import admin_dates
from deputies.models import PresidiumMembership

from . import supervision, time_limits
from .forms import SupervisionNoteForm, add_errors
from .models import SupervisionNote


class ClosableFilter(admin.SimpleListFilter):
    """Outside proposers' items replied 30 days ago without an evaluation (the daily job lists them)."""

    title = _("to close without an evaluation")
    parameter_name = "closable"

    def lookups(self, request, model_admin):
        return [("1", _("outside proposer, replied 30 days ago, not evaluated"))]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.filter(pk__in=time_limits.awaiting_close().values("pk"))
        return queryset


# --- 督办记录: the supervising members' notes ------------------------------------------------------


class SupervisionNoteAdminMixin:
    """On the suggestion's admin page: the latest supervision note and how long ago, and the page where
    the supervising presidium member (or staff for them) writes a note. Members change nothing else."""

    @admin.display(description=_("latest supervision note"))
    def latest_supervision(self, obj):
        return supervision.summary(supervision.latest_note(obj)) if obj.pk else "—"

    def supervision_note_urls(self):
        return [
            path(
                "<path:object_id>/supervision-note/",
                self.admin_site.admin_view(self.supervision_note_view),
                name="suggestions_suggestion_supervision_note",
            ),
        ]

    def supervision_note_view(self, request, object_id):
        """Write a supervision note on an item the user supervises (staff: any supervised item); 404 else."""
        suggestion = (
            supervision.writable_by(request.user)
            .select_related("current_round__supervisor_member__deputy")
            .filter(pk=self.object_pk(object_id))
            .first()
        )
        if suggestion is None:
            raise Http404
        change_url = reverse("admin:suggestions_suggestion_change", args=[suggestion.pk])
        form = admin_dates(SupervisionNoteForm(request.POST or None))
        if request.method == "POST" and form.is_valid():
            try:
                supervision.supervision_note_record(suggestion, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                self.message_user(
                    request, gettext("The supervision note has been recorded."), messages.SUCCESS
                )
                return HttpResponseRedirect(change_url)
        member = suggestion.current_round.supervisor_member
        return TemplateResponse(
            request,
            "admin/suggestions/supervision_note.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": gettext("Supervision note: %(item)s") % {"item": suggestion},
                "original": suggestion,
                "member": member,
                "on_behalf": member.deputy.user_id != request.user.pk,
                "notes": list(
                    suggestion.supervision_notes.select_related("member__deputy").order_by("-date", "-pk")
                ),
                "form": form,
                "cancel_url": change_url,
            },
        )


class NoteMemberFilter(admin.SimpleListFilter):
    """The presidium members who wrote notes, by name (one query, not one per member)."""

    title = _("supervising presidium member")
    parameter_name = "member"

    def lookups(self, request, model_admin):
        members = PresidiumMembership.objects.filter(
            Exists(SupervisionNote.objects.filter(member=OuterRef("pk")))
        )
        return [(str(m.pk), m.deputy.name) for m in members.select_related("deputy").order_by("deputy__name")]

    def queryset(self, request, queryset):
        return queryset.filter(member=self.value()) if self.value() else queryset


@admin.register(SupervisionNote)
class SupervisionNoteAdmin(ConcurrentModelAdmin):
    """All supervision notes: written from the item's page; staff may correct one (its history is kept)."""

    list_display = ["date", "suggestion", "form", "member", "on_behalf", "recorded_by"]
    list_filter = ["form", NoteMemberFilter, "on_behalf"]
    list_select_related = ["suggestion", "member__deputy", "recorded_by"]
    search_fields = ["text", "suggestion__number", "suggestion__title"]
    date_hierarchy = "date"
    fields = [
        "suggestion",
        "round",
        "member",
        "date",
        "form",
        "text",
        "recorded_by",
        "on_behalf",
        "recorded_at",
    ]
    readonly_fields = ["suggestion", "round", "member", "recorded_by", "on_behalf", "recorded_at"]

    def has_add_permission(self, request):
        return False  # written on the item's page, by its supervising member or staff for them
