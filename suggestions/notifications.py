"""Who hears of what: in-app notifications and e-mail (Django's configured backend).

``notify(event)`` runs after the workflow's transaction commits; the deadline
reminders run from the ``send_deadline_reminders`` command once a day.
"""

from __future__ import annotations

import datetime
import logging
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from congress.roles import Role

from . import deadlines, time_limits
from .choices import OPEN_STATES, Rating, Transition
from .models import Notification, Round, Suggestion
from .notices import render

logger = logging.getLogger(__name__)

_muted: ContextVar[bool] = ContextVar("suggestion_notifications_muted", default=False)


@contextmanager
def muted(value: bool = True):
    """Record past work without telling anyone (the demo's history, a ledger import).

    ``muted(False)`` lets one step inside a muted block be heard after all.
    """
    token = _muted.set(value)
    try:
        yield
    finally:
        _muted.reset(token)


def enabled() -> bool:
    return not _muted.get()


def staff_users():
    return get_user_model().objects.filter(is_active=True, groups__name=Role.STAFF.value).distinct()


def unit_users(round_: Round, *, lead_only: bool = False):
    assignments = round_.assignments.all()
    if lead_only:
        assignments = [a for a in assignments if a.role == "lead"]
    return (
        get_user_model()
        .objects.filter(is_active=True, handling_units__in=[a.unit_id for a in assignments])
        .distinct()
    )


def send(users, message: str, params: dict | None = None, link: str = "") -> list[Notification]:
    """One in-app notification per user, and an e-mail to those with an address.

    ``message`` is the English msgid (marked with gettext_noop) and ``params`` its words: each
    reader sees the notice in their language, whenever they open it. The stored text and the
    e-mail are in the platform's language.
    """
    params = params or {}
    with translation.override(settings.LANGUAGE_CODE):
        text = render(message, params)
        sign_in = _("Sign in to the platform to see it")
        subject = _("[%(platform)s] %(text)s") % {"platform": _("Presidium platform"), "text": text[:60]}
    users = list(users)
    notices = Notification.objects.bulk_create(
        [Notification(user=u, text=text[:300], message=message, params=params, link=link) for u in users]
    )
    recipients = [u.email for u in users if u.email]
    if recipients:
        body = text + (f"\n\n{sign_in}: {link}" if link else "")
        try:  # one message per person: nobody sees the others' addresses
            send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, [to]) for to in recipients])
        except OSError:  # the mail server is down: the in-app notice still stands
            logger.warning("could not send a notification e-mail to %s", recipients, exc_info=True)
    return notices


def _words(suggestion) -> dict:
    return {"number": suggestion.number, "title": suggestion.title}


# Which of the notices about an item each step settles, by the page they link to: the step is
# what they asked for (the unit's reply answers its assignment, reminders and supervision notes;
# the deputy's rating answers "please rate"), or it made them moot.
UNIT, DEPUTY, OFFICE = "unit", "deputy", "office"
SETTLES = {
    Transition.REJECT: (OFFICE,),
    Transition.ASSIGN: (OFFICE,),
    Transition.RETURN: (UNIT,),
    Transition.REPLY: (UNIT, OFFICE),
    Transition.EVALUATE: (DEPUTY,),
    Transition.REHANDLE: (OFFICE, DEPUTY),
    Transition.CLOSE: (UNIT, DEPUTY, OFFICE),
}


def links(suggestion_pk: int) -> dict[str, str]:
    """The pages notices about an item link to: the unit's, the deputy's rating, the office's."""
    return {
        UNIT: reverse("suggestions:unit_detail", args=[suggestion_pk]),
        DEPUTY: reverse("suggestions:evaluate", args=[suggestion_pk]),
        OFFICE: reverse("admin:suggestions_suggestion_change", args=[suggestion_pk]),
    }


def settle(event) -> int:
    """Mark read every earlier notice about the item that this step answered, for all who got it."""
    pages = links(event.suggestion_id)
    wanted = [pages[kind] for kind in SETTLES.get(event.transition, ())]
    if not wanted:
        return 0
    return Notification.objects.filter(read=False, link__in=wanted).update(read=True)


def notify(event) -> None:
    """Tell the people concerned about a transition that has just been committed, once the notices it
    answered are marked read (``settle``)."""
    settle(event)
    suggestion = event.suggestion
    words = _words(suggestion)
    admin_link = reverse("admin:suggestions_suggestion_change", args=[suggestion.pk])
    if event.transition in (Transition.ASSIGN, Transition.REHANDLE) and event.round:
        words["deadline"] = event.round.deadline.isoformat()
        message = (
            gettext_noop(
                "Suggestion %(number)s “%(title)s” has been assigned to your unit; reply by %(deadline)s."
            )
            if event.transition == Transition.ASSIGN
            else gettext_noop(
                "Suggestion %(number)s “%(title)s” is to be handled again; reply by %(deadline)s."
            )
        )
        send(
            unit_users(event.round), message, words, reverse("suggestions:unit_detail", args=[suggestion.pk])
        )
    elif event.transition == Transition.REPLY:
        deputy_user = getattr(suggestion.lead_deputy, "user", None) if suggestion.lead_deputy_id else None
        if deputy_user is not None and deputy_user.is_active:
            send(
                [deputy_user],
                gettext_noop("Suggestion %(number)s “%(title)s” has been replied to: please rate the reply."),
                words,
                reverse("suggestions:evaluate", args=[suggestion.pk]),
            )
    elif event.transition == Transition.RETURN and event.data.get("by_staff"):
        send(
            unit_users(event.round),
            gettext_noop(
                "Suggestion %(number)s “%(title)s” was taken back by the presidium's office for re-assignment."
            ),
            words,
            reverse("suggestions:unit_detail", args=[suggestion.pk]),
        )
    elif event.transition == Transition.RETURN:
        send(
            staff_users(),
            gettext_noop("Suggestion %(number)s “%(title)s” was returned by the unit: assign it again."),
            words,
            admin_link,
        )
    elif event.transition == Transition.EVALUATE and event.data.get("rating") == Rating.UNSATISFIED:
        send(
            staff_users(),
            gettext_noop(
                "The deputy is not satisfied with the reply to %(number)s “%(title)s”: arrange re-handling."
            ),
            words,
            admin_link,
        )


def notify_supervision(note) -> None:
    """The lead unit hears of each supervision note on its item (督办): it acts on it."""
    words = {**_words(note.suggestion), "member": note.member.deputy.name, "form": note.form}
    send(
        unit_users(note.round, lead_only=True),
        gettext_noop("%(member)s of the presidium supervised suggestion %(number)s “%(title)s”: %(form)s."),
        words,
        reverse("suggestions:unit_detail", args=[note.suggestion_id]),
    )


def claim(round_: Round, field: str, today: datetime.date) -> bool:
    """Mark the round's reminder (``field``) sent today, unless a run on another host has done so already.

    A conditional UPDATE: of two runs of the daily job at once (on two app servers),
    exactly one claims each round; the other finds it claimed and sends nothing.
    """
    return bool(Round.objects.filter(pk=round_.pk, **{field: None}).update(**{field: today}))


def send_deadline_reminders(today: datetime.date | None = None) -> dict[str, int]:
    """Remind staff and the lead unit 7 days before a deadline, and tell them once it has passed.

    Each round is reminded once, however many hosts run the job (``claim``); a reminder
    whose notices fail to go out is released again with the transaction.
    """
    today = today or timezone.localdate()
    rounds = Round.objects.filter(
        suggestion__state__in=OPEN_STATES, suggestion__current_round=F("pk"), reply__isnull=True
    ).select_related("suggestion")
    sent = {"reminders": 0, "overdue": 0}
    staff = list(staff_users())
    due_soon = rounds.filter(
        deadlines.due_within(today, deadlines.REMINDER_DAYS, "deadline"), reminder_sent_on=None
    )
    overdue = rounds.filter(deadlines.past(today, "deadline"), overdue_notice_sent_on=None)
    for kind, field, selected, message in (
        (
            "reminders",
            "reminder_sent_on",
            due_soon,
            gettext_noop("Suggestion %(number)s “%(title)s” is due on %(deadline)s."),
        ),
        (
            "overdue",
            "overdue_notice_sent_on",
            overdue,
            gettext_noop("Suggestion %(number)s “%(title)s” is overdue: the deadline was %(deadline)s."),
        ),
    ):
        for round_ in selected:
            with transaction.atomic():
                if not claim(round_, field, today):
                    continue
                words = {**_words(round_.suggestion), "deadline": round_.deadline.isoformat()}
                send(
                    staff,
                    message,
                    words,
                    reverse("admin:suggestions_suggestion_change", args=[round_.suggestion_id]),
                )
                send(
                    unit_users(round_, lead_only=True),
                    message,
                    words,
                    reverse("suggestions:unit_detail", args=[round_.suggestion_id]),
                )
            sent[kind] += 1
    return sent


def send_close_notices(today: datetime.date | None = None) -> list[Suggestion]:
    """Tell staff, once per item, of each outside proposer's reply that has waited 30 days without an
    evaluation: they may close it with the reason. Returns every such item still open today."""
    today = today or timezone.localdate()
    waiting = list(
        time_limits.awaiting_close(today)
        .select_related("current_round__reply")
        .order_by("current_round__reply__replied_on", "number")
    )
    new = [item for item in waiting if item.current_round.close_notice_sent_on is None]
    staff = list(staff_users()) if new else []
    for item in new:
        with transaction.atomic():
            if not claim(item.current_round, "close_notice_sent_on", today):
                continue  # told by the job on another host
            words = {**_words(item), "date": item.current_round.reply.replied_on.isoformat()}
            message = gettext_noop(
                "Suggestion %(number)s “%(title)s” of an outside proposer was replied on %(date)s and "
                "has no evaluation after 30 days: you may close it, with the reason."
            )
            send(staff, message, words, reverse("admin:suggestions_suggestion_change", args=[item.pk]))
    return waiting
