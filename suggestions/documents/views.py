"""A handling unit prints its own paper from the portal: the notice addressed to it and, as lead unit, its reply letter."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from congress.access import role_required
from congress.roles import Role
from congress.word_layout import docx_response

from .. import selectors
from ..choices import AssignmentRole
from ..models import Suggestion
from . import Kind, documents_docx, filename, missing

UNIT_KINDS = {Kind.NOTICE: None, Kind.REPLY_LETTER: AssignmentRole.LEAD}  # kind → the role it needs


def unit_documents(user, suggestion, round_, unit_ids: set[int] | None = None) -> list[Kind]:
    """What the user's units may print for the item's current round (``round_`` with its assignments)."""
    if round_ is None:
        return []
    if unit_ids is None:
        unit_ids = selectors.unit_ids_of(user)
    roles = {a.role for a in round_.assignments.all() if a.unit_id in unit_ids}
    return [
        kind
        for kind, role in UNIT_KINDS.items()
        if roles and (role is None or role in roles) and not missing(kind, suggestion, round_)
    ]


@role_required(Role.UNIT)
def unit_document(request, pk, kind):
    """The document for the user's units; another unit's item, or one they may not print, answers 404."""
    if kind not in Kind.values:
        raise Http404
    suggestion = get_object_or_404(
        selectors.for_documents(Suggestion.objects.of_unit_user(request.user)), pk=pk
    )
    unit_ids = selectors.unit_ids_of(request.user)
    if Kind(kind) not in unit_documents(request.user, suggestion, suggestion.current_round, unit_ids):
        raise Http404
    content = documents_docx(kind, [suggestion], unit_ids=unit_ids)
    return docx_response(content, filename(kind, [suggestion.number]))
