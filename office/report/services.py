"""Writes of the work report: make a draft from the template, refresh its figures, finalise it.

Figures are computed into ``ReportDraft.figures``: ``texts`` maps each
placeholder as written ("receptions.visitors|approx") to the text printed,
``values`` each code to its value. A final draft keeps them forever.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.figures import REGISTRY, Figure, batch, compute, formatted, plain, unit_of
from congress.models import ReportDraft, ReportSection, ReportStatus, Session, TownshipProfile

from . import template
from .placeholders import Placeholder, errors_in, placeholders_in, typed_numbers


@dataclass
class FigureCache:
    """Each figure of a year computed at most once while a draft is made or refreshed."""

    year: int
    figures: dict[str, Figure] = field(default_factory=dict)
    # What the figures read in common (``congress.figures.shared``), read once for the draft.
    common: dict = field(default_factory=dict)

    def get(self, code: str) -> Figure | None:
        if code not in REGISTRY:
            return None
        if code not in self.figures:
            with batch(self.common):
                self.figures[code] = compute(code, self.year)
        return self.figures[code]

    def text(self, placeholder: Placeholder) -> str:
        figure = self.get(placeholder.code)
        return formatted(figure, placeholder.fmt, placeholder.argument)


def _jsonable(value):
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def snapshot(cache: FigureCache, texts: list[str], previous: dict | None = None) -> dict:
    """The figures the texts' placeholders need; those already in ``previous`` are kept as they are."""
    result = {
        "texts": dict((previous or {}).get("texts", {})),
        "values": dict((previous or {}).get("values", {})),
    }
    for text in texts:
        for placeholder in placeholders_in(text):
            if placeholder.code not in REGISTRY or placeholder.token in result["texts"]:
                continue
            result["texts"][placeholder.token] = cache.text(placeholder)
            if placeholder.code not in result["values"]:
                figure = cache.get(placeholder.code)
                result["values"][placeholder.code] = {
                    "label": str(REGISTRY[placeholder.code].label),
                    "value": _jsonable(figure.value),
                    "text": plain(figure),
                    "unit": unit_of(placeholder.code),
                }
    return result


def _texts(sections) -> list[str]:
    return [text for section in sections for text in (section.heading, section.text)]


# ---- defaults ---------------------------------------------------------------------------


def default_session(year: int) -> Session | None:
    """The session the year's report is given at: the year's last session, else the next one."""
    return (
        Session.objects.filter(start_date__year=year).order_by("-start_date").first()
        or Session.objects.filter(start_date__gt=datetime.date(year, 12, 31)).order_by("start_date").first()
    )


def speaker_line(session: Session | None, township: str) -> str:
    """乌审召镇党委委员、人大主席 王宝平: the chair's title as printed, with the township's name."""
    from deputies.models import PresidiumMembership, PresidiumRole

    chairs = PresidiumMembership.objects.filter(role=PresidiumRole.CHAIR).select_related("deputy")
    if session is not None:
        day = session.start_date
        chairs = chairs.filter(term=session.term_id, start_date__lte=day).exclude(end_date__lt=day)
    else:
        chairs = chairs.filter(end_date__isnull=True)
    chair = chairs.order_by("-start_date").first()
    if chair is None:
        return ""
    title = chair.title or "人大主席"
    if title.startswith(("镇", "乡")) and township.endswith(title[0]):
        title = township[:-1] + title
    elif not title.startswith(township):
        title = township + title
    return f"{title} {chair.deputy.name}"


# ---- making, refreshing and finalising a draft -------------------------------------------


def draft_from_template(year: int, session: Session | None = None, *, draft: ReportDraft | None = None):
    """A draft of the year filled from the template, with its figures, not saved: (draft, sections)."""
    township = TownshipProfile.current().name
    draft = draft or ReportDraft(year=year, session=session)
    if not draft.speaker:
        draft.speaker = speaker_line(draft.session, township)
    cache = FigureCache(draft.year)
    context = template.Context(year=draft.year, township=township, figure=cache.get)
    sections = [
        ReportSection(
            draft=draft,
            order=(index + 1) * 10,
            key=part.key,
            kind=part.kind,
            heading=part.heading,
            text=part.text,
        )
        for index, part in enumerate(template.sections(context))
    ]
    draft.figures = snapshot(cache, _texts(sections))
    draft.figures_computed_at = timezone.now()
    return draft, sections


@transaction.atomic
def draft_create(*, year: int, session: Session | None = None, actor=None, draft: ReportDraft | None = None):
    """Save a new draft for the year pre-filled from the template (``draft``: an unsaved one from a form)."""
    draft, sections = draft_from_template(year, session, draft=draft)
    draft._history_user = actor
    draft.save()
    for section in sections:
        section.draft = draft
        section._history_user = actor
        section.save()
    return draft


def _ensure_draft(draft: ReportDraft):
    if draft.is_final:
        raise ValidationError(_("This work report is final: its figures are the ones it was finalised with."))


@transaction.atomic
def draft_refresh_figures(draft: ReportDraft, *, actor=None) -> ReportDraft:
    """Recompute every figure of a draft from the records."""
    draft = ReportDraft.objects.select_for_update().get(pk=draft.pk)
    _ensure_draft(draft)
    draft.figures = snapshot(FigureCache(draft.year), _texts(draft.sections.all()))
    draft.figures_computed_at = timezone.now()
    draft._history_user = actor
    # The figures are no field staff edit: a page opened before still saves its prose (no version raised).
    draft.save(update_fields=["figures", "figures_computed_at", "updated_at"], keep_version=True)
    return draft


@transaction.atomic
def draft_complete_figures(draft: ReportDraft, *, actor=None) -> ReportDraft:
    """After the prose was edited: compute the placeholders it gained, keep every other figure as it was."""
    draft = ReportDraft.objects.select_for_update().get(pk=draft.pk)
    if draft.is_final:
        return draft
    figures = snapshot(FigureCache(draft.year), _texts(draft.sections.all()), previous=draft.figures)
    if figures != draft.figures:
        draft.figures = figures
        draft._history_user = actor
        draft.save(update_fields=["figures", "updated_at"], keep_version=True)  # as in draft_refresh_figures
    return draft


@transaction.atomic
def draft_finalise(draft: ReportDraft, *, actor=None) -> ReportDraft:
    """Compute the figures one last time and freeze them with the report."""
    draft = ReportDraft.objects.select_for_update().get(pk=draft.pk)
    _ensure_draft(draft)
    problems = draft_problems(draft)
    if problems.errors:
        raise ValidationError(problems.errors)
    if ReportDraft.objects.filter(year=draft.year, status=ReportStatus.FINAL).exclude(pk=draft.pk).exists():
        raise ValidationError(_("%(year)s already has a final work report.") % {"year": draft.year})
    draft.figures = snapshot(FigureCache(draft.year), _texts(draft.sections.all()))
    draft.figures_computed_at = draft.finalised_at = timezone.now()
    draft.status = ReportStatus.FINAL
    draft.finalised_by = actor
    draft._history_user = actor
    draft.save()
    return draft


# ---- checks -------------------------------------------------------------------------------


@dataclass
class Problems:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def section_problems(heading: str, text: str) -> Problems:
    """Placeholders that name no figure (errors) and numbers typed where a figure belongs (warnings)."""
    problems = Problems(errors=errors_in(heading) + errors_in(text))
    where = (heading or text)[:12]
    for number in typed_numbers(heading) + typed_numbers(text):
        problems.warnings.append(
            _(
                "“%(number)s” in “%(where)s…” is typed, not computed: use a placeholder such as {{suggestions.collected}}."
            )
            % {"number": number, "where": where}
        )
    return problems


def draft_problems(draft: ReportDraft, sections=None) -> Problems:
    problems = Problems()
    for section in sections if sections is not None else draft.sections.all():
        found = section_problems(section.heading, section.text)
        problems.errors += found.errors
        problems.warnings += found.warnings
    return problems
