"""Staff views of a work report, served by its admin (see ReportDraftAdmin.get_urls)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from congress.models import ReportDraft
from congress.word_layout import docx_response

from . import document, services
from .html import render_html
from .word import docx_bytes


def _draft(request, pk, action="view") -> ReportDraft:
    if not request.user.has_perm(f"congress.{action}_reportdraft"):
        raise PermissionDenied
    return get_object_or_404(ReportDraft.objects.select_related("session"), pk=pk)


def filename(report: document.Report, extension: str) -> str:
    return f"{report.year}年{report.title}.{extension}"


def preview(request, pk):
    """The printable page; each figure links to the records it counted."""
    draft = _draft(request, pk)
    report = document.build(draft)
    toolbar = {
        "change_url": reverse("admin:congress_reportdraft_change", args=[draft.pk]),
        "docx_url": reverse("admin:congress_reportdraft_docx", args=[draft.pk]),
    }
    return HttpResponse(render_html(report, request=request, toolbar=toolbar))


def download(request, pk):
    """The Word file in the official layout."""
    report = document.build(_draft(request, pk), link=False)
    return docx_response(docx_bytes(report), filename(report, "docx"))


def _act(request, pk, service, done: str):
    draft = _draft(request, pk, "change")
    try:
        service(draft, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("admin:congress_reportdraft_change", draft.pk)


@require_POST
def refresh(request, pk):
    return _act(
        request, pk, services.draft_refresh_figures, _("The figures were computed again from the records.")
    )


def finalise(request, pk):
    """Ask first (GET), then freeze the figures with the report (POST)."""
    if request.method != "POST":
        draft = _draft(request, pk, "change")
        if draft.is_final:
            return redirect("admin:congress_reportdraft_change", draft.pk)
        context = {
            **admin.site.each_context(request),
            "title": _("Finalise %(draft)s") % {"draft": draft},
            "draft": draft,
            "opts": ReportDraft._meta,
            "problems": services.draft_problems(draft),
        }
        return render(request, "congress/report/finalise.html", context)
    return _act(
        request,
        pk,
        services.draft_finalise,
        _("The work report is final: it keeps the figures it has now, whatever the records say later."),
    )
