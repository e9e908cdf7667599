"""社情民意: voters' opinions — submitting, the lookup code, and every change of their status.

One table (``ALLOWED``) says from which statuses each action starts, where it
leads and who may take it; ``apply`` takes it under a row lock and is the only
writer of ``VoterOpinion.status``. The addressed deputy answers the voter or
passes the opinion to the presidium office; staff answer, turn it into a
suggestion (``services.suggestion_from_voter_opinion``) or close it with a
reason. Each action records who took it and when; the history keeps every
version (without the voter's name and phone).

Also here: the lookup code (random, unambiguous, unique), what the voter sees
when looking a code up (never their name, phone or photo), and the per-address
rate limits of the public form and the lookup.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Case, IntegerField, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from congress.limits import RateLimit
from congress.roles import Role, has_role, is_staff_member

from . import notifications, services
from .choices import OpinionAction, OpinionStatus
from .models import VoterOpinion
from .workflow import TransitionError

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


# --- who may do what --------------------------------------------------------------------------------

STAFF, DEPUTY = "staff", "deputy"


def reach_of(actor, opinion: VoterOpinion) -> set[str]:
    """What the actor is for this opinion: presidium staff, and/or the deputy it is addressed to."""
    reach = set()
    if actor is None or not actor.is_authenticated:
        return reach
    if is_staff_member(actor):
        reach.add(STAFF)
    if opinion.deputy_id and has_role(actor, Role.DEPUTY):
        deputy = getattr(actor, "deputy", None)
        if deputy is not None and deputy.pk == opinion.deputy_id:
            reach.add(DEPUTY)
    return reach


def may_see_photo(user, opinion: VoterOpinion) -> bool:
    """The photo is private: presidium staff and the deputy the opinion is addressed to."""
    return bool(reach_of(user, opinion))


@dataclass(frozen=True)
class Rule:
    # Who (reach) may start the action from which statuses.
    sources: dict[str, frozenset]
    target: OpinionStatus


NEW, PASSED = OpinionStatus.NEW, OpinionStatus.PASSED_TO_STAFF
ALLOWED: dict[OpinionAction, Rule] = {
    # The deputy answers what is addressed to them until they pass it on; staff answer any open opinion.
    OpinionAction.ANSWER: Rule(
        {DEPUTY: frozenset({NEW}), STAFF: frozenset({NEW, PASSED})}, OpinionStatus.ANSWERED
    ),
    OpinionAction.PASS_TO_STAFF: Rule({DEPUTY: frozenset({NEW})}, PASSED),
    OpinionAction.CONVERT: Rule({STAFF: frozenset({NEW, PASSED})}, OpinionStatus.CONVERTED),
    OpinionAction.CLOSE: Rule({STAFF: frozenset({NEW, PASSED})}, OpinionStatus.CLOSED),
}


def refusal(opinion: VoterOpinion, action: OpinionAction, actor) -> str | None:
    """Why the actor may not take the action now (None when they may)."""
    action = OpinionAction(action)
    rule = ALLOWED[action]
    reach = reach_of(actor, opinion) & set(rule.sources)
    if not reach:
        return _("You may not %(action)s this voter opinion.") % {"action": action.label}
    if not any(opinion.status in rule.sources[r] for r in reach):
        return _("This voter opinion is “%(status)s”: “%(action)s” is not possible now.") % {
            "status": OpinionStatus(opinion.status).label,
            "action": action.label,
        }
    return None


def available(opinion: VoterOpinion, actor) -> list[OpinionAction]:
    """The actions the actor may take on the opinion now (for buttons)."""
    return [action for action in ALLOWED if refusal(opinion, action, actor) is None]


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
    suggestion = services.suggestion_from_voter_opinion(opinion, actor=actor, **fields)
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
    rule = ALLOWED[action]
    locked = VoterOpinion.objects.select_for_update(of=("self",)).get(pk=opinion.pk)
    reach = reach_of(actor, locked) & set(rule.sources)
    if not reach:
        raise PermissionDenied(refusal(locked, action, actor))
    if not any(locked.status in rule.sources[r] for r in reach):
        raise TransitionError(refusal(locked, action, actor))
    result = HANDLERS[action](locked, actor=actor, now=timezone.now(), **data)
    locked.status = rule.target
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


# --- reads ----------------------------------------------------------------------------------------------


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
