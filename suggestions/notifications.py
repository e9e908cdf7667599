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
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.roles import Role

from . import deadlines, time_limits
from .choices import OPEN_STATES, Rating, Transition
from .models import Notification, Round, Suggestion

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


def send(users, text: str, link: str = "") -> list[Notification]:
    """One in-app notification per user, and an e-mail to those with an address."""
    users = list(users)
    notices = Notification.objects.bulk_create(
        [Notification(user=u, text=text[:300], link=link) for u in users]
    )
    recipients = [u.email for u in users if u.email]
    if recipients:
        body = text + (f"\n\n{_('Sign in to the platform to see it')}: {link}" if link else "")
        subject = _("[%(platform)s] %(text)s") % {"platform": _("Presidium platform"), "text": text[:60]}
        try:  # one message per person: nobody sees the others' addresses
            send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, [to]) for to in recipients])
        except OSError:  # the mail server is down: the in-app notice still stands
            logger.warning("could not send a notification e-mail to %s", recipients, exc_info=True)
    return notices


def _words(suggestion) -> dict:
    return {"number": suggestion.number, "title": suggestion.title}


def notify(event) -> None:
    """Tell the people concerned about a transition that has just been committed."""
    suggestion = event.suggestion
    words = _words(suggestion)
    admin_link = reverse("admin:suggestions_suggestion_change", args=[suggestion.pk])
    if event.transition in (Transition.ASSIGN, Transition.REHANDLE) and event.round:
        words["deadline"] = event.round.deadline.isoformat()
        text = (
            _("Suggestion %(number)s “%(title)s” has been assigned to your unit; reply by %(deadline)s.")
            if event.transition == Transition.ASSIGN
            else _("Suggestion %(number)s “%(title)s” is to be handled again; reply by %(deadline)s.")
        ) % words
        send(unit_users(event.round), text, reverse("suggestions:unit_detail", args=[suggestion.pk]))
    elif event.transition == Transition.REPLY:
        deputy_user = getattr(suggestion.lead_deputy, "user", None) if suggestion.lead_deputy_id else None
        if deputy_user is not None and deputy_user.is_active:
            send(
                [deputy_user],
                _("Suggestion %(number)s “%(title)s” has been replied to: please rate the reply.") % words,
                reverse("suggestions:evaluate", args=[suggestion.pk]),
            )
    elif event.transition == Transition.RETURN and event.data.get("by_staff"):
        send(
            unit_users(event.round),
            _("Suggestion %(number)s “%(title)s” was taken back by the presidium's office for re-assignment.")
            % words,
            reverse("suggestions:unit_detail", args=[suggestion.pk]),
        )
    elif event.transition == Transition.RETURN:
        send(
            staff_users(),
            _("Suggestion %(number)s “%(title)s” was returned by the unit: assign it again.") % words,
            admin_link,
        )
    elif event.transition == Transition.EVALUATE and event.data.get("rating") == Rating.UNSATISFIED:
        send(
            staff_users(),
            _("The deputy is not satisfied with the reply to %(number)s “%(title)s”: arrange re-handling.")
            % words,
            admin_link,
        )


def notify_supervision(note) -> None:
    """The lead unit hears of each supervision note on its item (督办): it acts on it."""
    words = {**_words(note.suggestion), "member": note.member.deputy.name, "form": note.get_form_display()}
    send(
        unit_users(note.round, lead_only=True),
        _("%(member)s of the presidium supervised suggestion %(number)s “%(title)s”: %(form)s.") % words,
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
            _("Suggestion %(number)s “%(title)s” is due on %(deadline)s."),
        ),
        (
            "overdue",
            "overdue_notice_sent_on",
            overdue,
            _("Suggestion %(number)s “%(title)s” is overdue: the deadline was %(deadline)s."),
        ),
    ):
        for round_ in selected:
            with transaction.atomic():
                if not claim(round_, field, today):
                    continue
                text = message % {**_words(round_.suggestion), "deadline": round_.deadline.isoformat()}
                send(staff, text, reverse("admin:suggestions_suggestion_change", args=[round_.suggestion_id]))
                send(
                    unit_users(round_, lead_only=True),
                    text,
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
            text = (
                _(
                    "Suggestion %(number)s “%(title)s” of an outside proposer was replied on %(date)s and "
                    "has no evaluation after 30 days: you may close it, with the reason."
                )
                % words
            )
            send(staff, text, reverse("admin:suggestions_suggestion_change", args=[item.pk]))
    return waiting
