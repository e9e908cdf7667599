"""The printed documents in the ledger's admin: each item's on its change page, batches from a selection,
and the ledger itself in Word with the list's current filter. Staff and presidium members (view) may print."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from congress.language import clauses, colon, listed
from congress.word_layout import docx_response

from .. import selectors
from ..models import Suggestion
from . import Kind, documents_docx, filename, ledger_docx, ledger_filename, missing


class DocumentsAdminMixin:
    """Mixed into ``SuggestionAdmin``: its URLs, its two batch actions and the change page's links."""

    document_actions = ["print_notices", "print_evaluation_forms"]

    def get_urls(self):
        return [
            path(
                "<path:object_id>/documents/<str:kind>/",
                self.admin_site.admin_view(self.document_view),
                name="suggestions_suggestion_document",
            ),
            path(
                "ledger/word/",
                self.admin_site.admin_view(self.ledger_word_view),
                name="suggestions_suggestion_ledger_word",
            ),
        ] + super().get_urls()

    def document_links(self, suggestion: Suggestion, round_) -> list[dict]:
        """The documents the item's current round can print, for the change page's buttons."""
        return [
            {
                "label": gettext("%(document)s (Word)") % {"document": kind.label},
                "url": reverse("admin:suggestions_suggestion_document", args=[suggestion.pk, kind.value]),
            }
            for kind in Kind
            if not missing(kind, suggestion, round_)
        ]

    # --- one item ---

    def document_view(self, request, object_id, kind):
        """One item's notice (one per unit), evaluation form or reply letter."""
        if kind not in Kind.values:
            raise Http404
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            pk = int(object_id)
        except ValueError:
            raise Http404 from None
        suggestion = selectors.for_documents(Suggestion.objects.filter(pk=pk)).first()
        if suggestion is None:
            raise Http404
        reason = missing(kind, suggestion)
        if reason:
            self.message_user(request, reason, messages.WARNING)
            return HttpResponseRedirect(reverse("admin:suggestions_suggestion_change", args=[suggestion.pk]))
        return docx_response(documents_docx(kind, [suggestion]), filename(kind, [suggestion.number]))

    # --- a batch from the ledger's selection ---

    @admin.action(description=_("Print assignment notices (Word)"), permissions=["view"])
    def print_notices(self, request, queryset):
        return self.print_selection(request, queryset, Kind.NOTICE)

    @admin.action(description=_("Print evaluation forms (Word)"), permissions=["view"])
    def print_evaluation_forms(self, request, queryset):
        return self.print_selection(request, queryset, Kind.EVALUATION_FORM)

    def print_selection(self, request, queryset, kind: Kind):
        """One .docx with the selected items' documents, each from a new page; unprintable ones are named."""
        items = list(selectors.for_documents(queryset.order_by("number")))
        printable = [item for item in items if not missing(kind, item)]
        for item in items:
            reason = missing(kind, item)
            if reason:
                self.message_user(
                    request, gettext("Not printed: %(reason)s") % {"reason": reason}, messages.WARNING
                )
        if not printable:
            return None  # back to the list, with the reasons
        numbers = [item.number for item in printable]
        return docx_response(documents_docx(kind, printable), filename(kind, numbers))

    # --- the ledger in Word ---

    def ledger_word_view(self, request):
        """The ledger as the list shows it now (its filters and search), on landscape A4."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            return HttpResponseRedirect(reverse("admin:suggestions_suggestion_changelist") + "?e=1")
        chosen = changelist.get_queryset(request).values("pk")
        rows = selectors.ledger().filter(pk__in=chosen).order_by("number")
        year = self.ledger_year(request)
        with translation.override(settings.LANGUAGE_CODE):
            scope = self.ledger_scope(changelist)
        return docx_response(ledger_docx(rows, year=year, scope=scope), ledger_filename(year))

    @staticmethod
    def ledger_year(request) -> int | None:
        for parameter in ("year", "received_on__year"):
            value = request.GET.get(parameter, "")
            if value.isdigit():
                return int(value)
        return None

    @staticmethod
    def ledger_scope(changelist) -> str:
        """The filters in words (主办单位：镇农业综合服务中心；办理状态：已办结), the year excepted."""
        parts = []
        for spec in changelist.filter_specs:
            if getattr(spec, "parameter_name", "") == "year":
                continue
            chosen = [str(c["display"]) for c in list(spec.choices(changelist))[1:] if c["selected"]]
            if chosen:
                parts.append(colon(spec.title, listed(chosen)))
        if changelist.query:
            parts.append(gettext("search: %(text)s") % {"text": changelist.query})
        return clauses(parts)
