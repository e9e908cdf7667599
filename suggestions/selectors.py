"""Reads of suggestions: who sees which, what a list or a page fetches in one go."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.db import connection
from django.db.models import Prefetch

from deputies.models import Deputy

from .choices import OpinionStatus, State
from .models import Assignment, Notification, Round, Suggestion, SuggestionEvent, VoterOpinion

LIST_RELATED = ("lead_deputy", "current_round__reply", "current_round__evaluation")


def suggestions_of_deputy(deputy):
    """The suggestions a deputy leads or co-signed: the deputy portal's whole reach."""
    return Suggestion.objects.of_deputy(deputy).with_lead_unit().select_related(*LIST_RELATED)


def suggestions_of_unit(user):
    """The suggestions assigned to one of the user's units, in any round: the unit portal's reach."""
    return Suggestion.objects.of_unit_user(user).with_lead_unit().select_related(*LIST_RELATED)


def with_rounds(queryset):
    """Everything a detail page shows: rounds with units, contacts, reply, evaluation; events; files."""
    rounds = Round.objects.select_related(
        "reply__replied_by", "evaluation", "supervisor_member__deputy"
    ).prefetch_related(
        Prefetch("assignments", queryset=Assignment.objects.select_related("unit")),
        "contacts__unit",
    )
    return queryset.select_related("lead_deputy", "session", "current_round").prefetch_related(
        "co_signers",
        "attachments",
        Prefetch("rounds", queryset=rounds),
        Prefetch("events", queryset=SuggestionEvent.objects.select_related("actor")),
    )


def ledger():
    """The ledger (台账): every suggestion with what its columns need, for the admin and the export."""
    return (
        Suggestion.objects.with_lead_unit()
        .select_related(
            "lead_deputy",
            "session",
            "current_round__reply",
            "current_round__evaluation",
            "current_round__supervisor_member__deputy",
        )
        .prefetch_related("co_signers", "current_round__assignments__unit", "current_round__contacts")
    )


def for_documents(queryset):
    """What the printed notices, forms and letters read: proposer, session, the current round's units,
    supervisor, reply and evaluation (a batch of any size in the same few queries)."""
    return queryset.select_related(
        "lead_deputy",
        "session",
        "current_round__reply",
        "current_round__evaluation",
        "current_round__supervisor_member__deputy",
    ).prefetch_related(
        "co_signers",
        Prefetch("current_round__assignments", queryset=Assignment.objects.select_related("unit")),
    )


def public_results():
    """Items flagged public that have a reply: title, content, units and the result; no personal data."""
    return (
        Suggestion.objects.filter(public=True, current_round__reply__isnull=False)
        .exclude(state=State.REJECTED)
        .with_lead_unit()
        .select_related("current_round__reply")
        .order_by("-current_round__reply__replied_on", "-number")
    )


def notifications_of(user):
    return Notification.objects.filter(user=user)


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read=False).count()


def timeline(suggestion: Suggestion) -> list[dict]:
    """Every round, newest first, with its units, contacts, reply and evaluation; all stay visible.

    Needs a suggestion fetched through ``with_rounds``.
    """
    rounds = sorted(suggestion.rounds.all(), key=lambda r: r.number, reverse=True)
    return [
        {
            "round": round_,
            "lead": round_.lead_assignment,
            "co": round_.co_assignments,
            "contacts": list(round_.contacts.all()),
            "reply": _one(round_, "reply"),
            "evaluation": _one(round_, "evaluation"),
            "current": round_.pk == suggestion.current_round_id,
        }
        for round_ in rounds
    ]


def _one(round_: Round, name: str):
    try:
        return getattr(round_, name)
    except ObjectDoesNotExist:
        return None


def unversioned_state(user) -> tuple:
    """What a user's own pages show that the data version does not follow, in one small statement.

    Notices are written and marked read in bulk, and voters' opinions are not domain data
    for the page cache (a public form fills them): the user's unread notices (count, latest)
    and the opinions waiting for the user's deputy (count, sum of ids) change whenever
    those do, so a page kept for the user is rendered afresh (``congress.cache.viewer``).
    """
    qn = connection.ops.quote_name

    def column(model, name):
        return qn(model._meta.get_field(name).column)

    notices = (
        f"FROM {qn(Notification._meta.db_table)} WHERE {column(Notification, 'user')} = %s "
        f"AND {column(Notification, 'read')} = %s"
    )
    waiting = (
        f"FROM {qn(VoterOpinion._meta.db_table)} WHERE {column(VoterOpinion, 'status')} = %s AND "
        f"{column(VoterOpinion, 'deputy')} IN (SELECT {qn(Deputy._meta.pk.column)} "
        f"FROM {qn(Deputy._meta.db_table)} WHERE {column(Deputy, 'user')} = %s)"
    )
    pk = qn(Notification._meta.pk.column)
    opinion_pk = qn(VoterOpinion._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT COUNT(*) {notices}), (SELECT MAX({pk}) {notices}), "
            f"(SELECT COUNT(*) {waiting}), (SELECT SUM({opinion_pk}) {waiting})",
            [user.pk, False, user.pk, False, OpinionStatus.NEW, user.pk, OpinionStatus.NEW, user.pk],
        )
        return cursor.fetchone()
