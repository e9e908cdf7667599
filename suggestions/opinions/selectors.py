"""社情民意 reads: the addressed deputy's inbox, and what a voter sees when looking their code up."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import OpinionStatus
from .models import VoterOpinion
from .services import CODE_ALPHABET, CODE_LENGTH, normalise_code


def opinions_of_deputy(deputy):
    """The opinions addressed to the deputy, those waiting for them first, newest first."""
    waiting_first = Case(
        When(status=OpinionStatus.NEW, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return (
        VoterOpinion.objects.addressed_to(deputy)
        .annotate(waiting_first=waiting_first)
        .order_by("waiting_first", "-submitted_at", "-pk")
    )


def waiting_count(deputy) -> int:
    """待回复的社情民意: opinions addressed to the deputy that nobody has acted on yet."""
    return VoterOpinion.objects.addressed_to(deputy).waiting().count()


@dataclass(frozen=True)
class PublicStatus:
    """What a voter sees for their code: never their name, phone or photo, nor staff's internal notes."""

    code: str
    submitted_on: object
    category: str
    deputy_name: str
    status: OpinionStatus
    status_label: str
    answer: str
    answered_on: object
    answered_by: str
    suggestion_number: str
    suggestion_state: str
    close_reason: str


def public_status(code: str) -> PublicStatus | None:
    """The status of the opinion with this code, as the voter may see it (None when there is none)."""
    code = normalise_code(code)
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        return None
    opinion = (
        VoterOpinion.objects.select_related("deputy", "suggestion", "answered_by__deputy")
        .filter(code=code)
        .first()
    )
    if opinion is None:
        return None
    answered_by = ""
    if opinion.status == OpinionStatus.ANSWERED:
        deputy_of_answerer = getattr(opinion.answered_by, "deputy", None) if opinion.answered_by_id else None
        answered_by = (
            _("Deputy %(name)s") % {"name": deputy_of_answerer.name}
            if deputy_of_answerer is not None and deputy_of_answerer.pk == opinion.deputy_id
            else _("the presidium office")
        )
    suggestion = opinion.suggestion if opinion.status == OpinionStatus.CONVERTED else None
    return PublicStatus(
        code=opinion.code,
        submitted_on=timezone.localtime(opinion.submitted_at).date(),
        category=opinion.get_category_display(),
        deputy_name=opinion.deputy.name if opinion.deputy_id else "",
        status=OpinionStatus(opinion.status),
        status_label=opinion.get_status_display(),
        answer=opinion.answer if opinion.status == OpinionStatus.ANSWERED else "",
        answered_on=timezone.localtime(opinion.answered_at).date() if opinion.answered_at else None,
        answered_by=answered_by,
        suggestion_number=suggestion.number if suggestion else "",
        suggestion_state=suggestion.get_state_display() if suggestion else "",
        close_reason=opinion.close_reason if opinion.status == OpinionStatus.CLOSED else "",
    )
