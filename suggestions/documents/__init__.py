"""The paper that goes with a suggestion, printed in Word in the official layout (``congress.word_layout``).

- 交办通知书 (``Kind.NOTICE``): one notice per unit of the current round, lead unit first;
- 代表建议办理情况征询意见表 (``Kind.EVALUATION_FORM``): for the proposer to mark on paper once the
  unit has replied; staff then enter the mark through the item's 代录 rating;
- 答复函 (``Kind.REPLY_LETTER``): the lead unit's recorded reply as a letter to the proposer;
- 建议办理台账 (``ledger_docx``): the ledger's rows (a year, or the admin list's filter) on landscape A4.

A batch is one .docx: each document starts on a new page, its page numbers from 1 (an office prints
one file, not a folder of them). Documents always print in the site's language (zh-hans), whatever
language the person downloading them reads the site in. Reads go through
``selectors.for_documents`` and ``selectors.ledger``: a batch costs the same few queries whatever
its size.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from congress.word_layout import OfficialDocument, chosen_fonts

from ..models import Suggestion
from .common import Office, ordered_assignments, reply_of
from .evaluation_form import add_evaluation_form
from .ledger import add_ledger, ledger_document
from .notice import add_notice
from .reply_letter import add_reply_letter


class Kind(models.TextChoices):
    NOTICE = "notice", _("Assignment notice")
    EVALUATION_FORM = "evaluation-form", _("Evaluation form")
    REPLY_LETTER = "reply-letter", _("Reply letter")


def missing(kind: Kind, suggestion: Suggestion, round_=None) -> str:
    """Why the document cannot be printed for the item now ("" when it can).

    ``round_`` is the current round when the caller has it with its assignments and reply prefetched.
    """
    round_ = round_ or suggestion.current_round
    if round_ is None or not round_.assignments.all():
        return gettext("%(number)s has not been assigned to a unit yet.") % {"number": suggestion.number}
    if kind != Kind.NOTICE and reply_of(round_) is None:
        return gettext("%(number)s has no reply in its current round yet.") % {"number": suggestion.number}
    return ""


def printed(build):
    """Run a document builder in the site's language: documents are Chinese for everyone."""

    @functools.wraps(build)
    def wrapper(*args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return build(*args, **kwargs)

    return wrapper


@printed
def documents_docx(kind: Kind, suggestions: Iterable[Suggestion], *, unit_ids=None) -> bytes:
    """The documents of ``kind`` for the printable ones of ``suggestions``, one after another.

    ``suggestions`` come through ``selectors.for_documents``; ``unit_ids`` limits the notices to
    those addressed to these units (a unit's portal).
    """
    office = Office.current()
    out = OfficialDocument(title=str(Kind(kind).label), author=office.name, fonts=chosen_fonts())
    for suggestion in suggestions:
        if missing(kind, suggestion):
            continue
        if kind == Kind.NOTICE:
            for assignment in ordered_assignments(suggestion.current_round):
                if unit_ids is None or assignment.unit_id in unit_ids:
                    out.next_document()
                    add_notice(out, suggestion, assignment, office)
        else:
            out.next_document()
            add = add_evaluation_form if kind == Kind.EVALUATION_FORM else add_reply_letter
            add(out, suggestion, office)
    return out.to_bytes()


@printed
def ledger_docx(suggestions: Iterable[Suggestion], *, year: int | None = None, scope: str = "") -> bytes:
    """The ledger of ``suggestions`` (fetched through ``selectors.ledger``) as a landscape Word table."""
    office = Office.current()
    title = gettext("Ledger of deputies' suggestions")
    out = ledger_document(title, office.name)
    add_ledger(out, suggestions, office=office, year=year, scope=scope)
    return out.to_bytes()


@printed
def filename(kind: Kind, numbers: list[str]) -> str:
    """交办通知书-2022-003.docx; 交办通知书-2022-003等5件.docx for a batch."""
    label = str(Kind(kind).label)
    if len(numbers) == 1:
        return f"{label}-{numbers[0]}.docx"
    return gettext("%(label)s-%(first)s and %(count)s in all.docx") % {
        "label": label,
        "first": numbers[0],
        "count": len(numbers),
    }


@printed
def ledger_filename(year: int | None) -> str:
    """建议办理台账-2022.docx (建议办理台账.docx when the rows span years)."""
    label = gettext("Ledger of deputies' suggestions")
    return f"{label}-{year}.docx" if year else f"{label}.docx"
