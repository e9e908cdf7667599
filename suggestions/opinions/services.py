"""社情民意: every write of a voter opinion — submitting it with a lookup code, and each change of its status.

``apply`` checks the action against the table in ``transitions`` under a row
lock and is, with ``voter_opinion_submit``, the only writer of
``VoterOpinion.status`` (a test greps the code to keep it so). Turning an
opinion into a suggestion goes through ``suggestions.services``. Each action
records who took it and when; the history keeps every version (without the
voter's name and phone).

Also here: the lookup code (random, unambiguous, unique) and the per-address
rate limits of the public form and the lookup.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from congress.limits import RateLimit
from congress.transitions import TransitionError, Verdict

from .. import notifications
from ..services import suggestion_from_voter_opinion
from .choices import OpinionAction, OpinionStatus, suggestion_category_of
from .models import VoterOpinion
from .transitions import ALLOWED, check

# No 0/O, 1/I/L: read aloud over the phone or copied from a screenshot, every character is unambiguous.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8


def random_code() -> str:
    """Eight characters drawn by ``secrets`` (31⁸ ≈ 8.5 × 10¹¹ codes: guessing one is hopeless)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


def new_code() -> str:
    """A random lookup code not used by any opinion yet."""
    while True:
        code = random_code()
        if not VoterOpinion.objects.filter(code=code).exists():
            return code


def normalise_code(text: str) -> str:
    """What the voter typed, as stored: capitals, without spaces or dashes."""
    return "".join(ch for ch in (text or "").upper() if ch not in " -－—\u3000\t")


# --- rate limits (per client address; counted in congress.limits' store, shared by every worker) -----

SUBMIT_LIMIT = RateLimit("voter-opinion", limit=5, seconds=3600)
LOOKUP_LIMIT = RateLimit("voter-opinion-lookup", limit=20, seconds=3600)


# --- submitting -------------------------------------------------------------------------------------


@transaction.atomic
def voter_opinion_submit(opinion: VoterOpinion, *, actor=None) -> VoterOpinion:
    """Save a new voter opinion (from the public form, or entered by staff) with a fresh lookup code.

    An opinion addressed to a deputy needs a deputy in office; the deputy hears of it after commit.
    """
    if opinion.pk is not None:
        raise TransitionError(_("This voter opinion is already saved."))
    if opinion.deputy_id and not opinion.deputy.is_in_office():
        raise TransitionError({"deputy": _("This deputy is no longer in office.")})
    opinion.code = new_code()
    opinion.status = OpinionStatus.NEW
    if actor is not None and actor.is_authenticated:
        opinion.entered_by = actor
        opinion._history_user = actor
    opinion.save()
    deputy_user = opinion.deputy.user if opinion.deputy_id else None
    if deputy_user is not None and deputy_user.is_active and notifications.enabled():
        message = gettext_noop(
            "A voter has sent you an opinion (%(category)s): please answer it or pass it on."
        )
        words = {"category": opinion.category}
        link = reverse("opinions:mine_detail", args=[opinion.pk])
        transaction.on_commit(lambda: notifications.send([deputy_user], message, words, link))
    return opinion


# --- what each action writes besides the status ------------------------------------------------------


def _answer(opinion, *, actor, now, answer: str = "", **_data):
    if not (answer or "").strip():
        raise TransitionError({"answer": _("Write the answer to the voter.")})
    opinion.answer = answer.strip()
    opinion.answered_at, opinion.answered_by = now, actor
    return None


def _pass_to_staff(opinion, *, actor, now, note: str = "", **_data):
    opinion.pass_note = (note or "").strip()
    opinion.passed_at, opinion.passed_by = now, actor
    staff = notifications.staff_users()
    message = gettext_noop("A deputy has passed a voter opinion to the presidium office: please handle it.")
    link = reverse("admin:suggestions_voteropinion_change", args=[opinion.pk])
    if notifications.enabled():
        transaction.on_commit(lambda: notifications.send(staff, message, {}, link))
    return None


def _convert(opinion, *, actor, now, **fields):
    fields.setdefault("category", suggestion_category_of(opinion.category))
    suggestion = suggestion_from_voter_opinion(opinion, actor=actor, **fields)
    opinion.suggestion = suggestion
    opinion.converted_at, opinion.converted_by = now, actor
    return suggestion


def _close(opinion, *, actor, now, reason: str = "", **_data):
    if not (reason or "").strip():
        raise TransitionError({"reason": _("Give the reason for closing.")})
    opinion.close_reason = reason.strip()
    opinion.closed_at, opinion.closed_by = now, actor
    return None


HANDLERS: dict[OpinionAction, Callable] = {
    OpinionAction.ANSWER: _answer,
    OpinionAction.PASS_TO_STAFF: _pass_to_staff,
    OpinionAction.CONVERT: _convert,
    OpinionAction.CLOSE: _close,
}


@transaction.atomic
def apply(opinion: VoterOpinion, action: OpinionAction, *, actor, **data):
    """Take ``action`` on the opinion as ``actor``: re-read it under a lock, check, write, keep history.

    Returns the suggestion for ``convert`` (else None); ``opinion`` is updated in place.
    Raises PermissionDenied when the actor may never take it, TransitionError when the status
    or the data do not allow it now.
    """
    action = OpinionAction(action)
    locked = VoterOpinion.objects.select_for_update(of=("self",)).get(pk=opinion.pk)
    verdict, refusal = check(locked, action, actor)
    if verdict is Verdict.NOT_YOURS:
        raise PermissionDenied(refusal)
    if verdict is Verdict.NOT_NOW:
        raise TransitionError(refusal)
    result = HANDLERS[action](locked, actor=actor, now=timezone.now(), **data)
    locked.status = ALLOWED[action].target
    locked._history_user = actor
    locked._change_reason = str(action.label)
    locked.save(keep_version=True)  # locked and re-read: a staff edit page opened before still saves
    for field in locked._meta.concrete_fields:
        setattr(opinion, field.attname, getattr(locked, field.attname))
    return result


def voter_opinion_answer(opinion, *, actor, answer: str):
    """The addressed deputy or staff answer the voter (status answered; the voter reads it by code)."""
    return apply(opinion, OpinionAction.ANSWER, actor=actor, answer=answer)


def voter_opinion_pass_to_staff(opinion, *, actor, note: str = ""):
    """The addressed deputy passes the opinion to the presidium office, with an optional note."""
    return apply(opinion, OpinionAction.PASS_TO_STAFF, actor=actor, note=note)


def voter_opinion_convert(opinion, *, actor, **fields):
    """Staff register the opinion as a suggestion (source voter_opinion), linked both ways."""
    return apply(opinion, OpinionAction.CONVERT, actor=actor, **fields)


def voter_opinion_close(opinion, *, actor, reason: str):
    """Staff close the opinion; the reason is required and shown to the voter."""
    return apply(opinion, OpinionAction.CLOSE, actor=actor, reason=reason)
