"""Reads of suggestions: who sees which, what a list or a page fetches in one go."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.db import connection
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from congress.language import bracketed, colon
from congress.roles import Role, has_role, is_presidium
from deputies.models import Deputy

from .choices import State
from .models import (
    Assignment,
    Contact,
    Notification,
    Round,
    Suggestion,
    SuggestionEvent,
    SupervisionNote,
    VoterOpinion,
)

LIST_RELATED = ("lead_deputy", "current_round__reply", "current_round__evaluation")
NOTES_NEWEST_FIRST = "supervision_notes_newest_first"


def suggestions_of_deputy(deputy):
    """The suggestions a deputy leads or co-signed: the deputy portal's whole reach."""
    return Suggestion.objects.of_deputy(deputy).with_lead_unit().select_related(*LIST_RELATED)


def suggestions_of_unit(user):
    """The suggestions assigned to one of the user's units, in any round: the unit portal's reach."""
    return Suggestion.objects.of_unit_user(user).with_lead_unit().select_related(*LIST_RELATED)


def unit_ids_of(user) -> set[int]:
    """The handling units the user's account acts for: the one place that asks (a unit's reach)."""
    return set(user.handling_units.values_list("pk", flat=True))


def visible_suggestions(user):
    """Every suggestion the user may read: staff and presidium members all; deputies and units their own."""
    if is_presidium(user):
        return Suggestion.objects.all()
    visible = Suggestion.objects.none()
    deputy = getattr(user, "deputy", None)
    if has_role(user, Role.DEPUTY) and deputy is not None:
        visible = visible | Suggestion.objects.of_deputy(deputy)
    if has_role(user, Role.UNIT):
        visible = visible | Suggestion.objects.of_unit_user(user)
    return visible


def may_see_suggestion_file(user, record) -> bool:
    """A suggestion's attachment or a reply's: for whoever may read the suggestion."""
    suggestion_id = getattr(record, "suggestion_id", None) or record.round.suggestion_id
    return visible_suggestions(user).filter(pk=suggestion_id).exists()


def with_rounds(queryset):
    """Everything a detail page shows: rounds with units, contacts, reply, evaluation; events; files."""
    rounds = Round.objects.select_related(
        "reply__replied_by", "evaluation__evaluated_by", "supervisor_member__deputy", "returned_by"
    ).prefetch_related(
        Prefetch("assignments", queryset=Assignment.objects.select_related("unit", "opinion_by")),
        Prefetch("contacts", queryset=Contact.objects.select_related("unit", "recorded_by")),
        Prefetch(
            "supervision_notes",
            queryset=SupervisionNote.objects.select_related("member__deputy", "recorded_by").order_by(
                "date", "pk"
            ),
        ),
    )
    return queryset.select_related("lead_deputy", "session", "current_round").prefetch_related(
        "co_signers",
        "attachments",
        Prefetch("rounds", queryset=rounds),
        Prefetch("events", queryset=SuggestionEvent.objects.select_related("actor")),
    )


def may_see_evaluation_form(user, evaluation) -> bool:
    """The scan of a deputy's paper evaluation form: presidium staff and members, and that deputy."""
    from congress.protected_media import presidium
    from congress.roles import Role, has_role

    if presidium(user, evaluation):
        return True
    deputy = getattr(user, "deputy", None) if has_role(user, Role.DEPUTY) else None
    return deputy is not None and deputy.pk == evaluation.round.suggestion.lead_deputy_id


def ledger():
    """The ledger (台账): every suggestion with what its columns need, for the admin and the export."""
    return with_on_behalf(
        Suggestion.objects.with_lead_unit()
        .select_related(
            "lead_deputy",
            "session",
            "current_round__reply",
            "current_round__evaluation",
            "current_round__supervisor_member__deputy",
        )
        .prefetch_related(
            "co_signers", "current_round__assignments__unit", "current_round__contacts", notes_prefetch()
        )
    )


def notes_prefetch() -> Prefetch:
    """Each item's supervision notes, newest first, with their member: one query for a whole list
    (``supervision.latest_note`` reads them)."""
    queryset = SupervisionNote.objects.select_related("member__deputy").order_by("-date", "-pk")
    return Prefetch("supervision_notes", queryset=queryset, to_attr=NOTES_NEWEST_FIRST)


# --- 代录: what the office entered for a unit or the deputy ------------------------------------------


def with_on_behalf(queryset):
    """What ``on_behalf_entries`` reads, for a list of suggestions in a fixed number of queries."""
    return queryset.select_related(
        "current_round__reply__replied_by", "current_round__evaluation__evaluated_by"
    ).prefetch_related(
        Prefetch(
            "current_round__contacts",
            queryset=Contact.objects.filter(on_behalf=True).select_related("unit", "recorded_by"),
            to_attr="contacts_on_behalf",
        ),
        Prefetch(
            "current_round__assignments",
            queryset=Assignment.objects.filter(opinion_on_behalf=True).select_related("unit", "opinion_by"),
            to_attr="opinions_on_behalf",
        ),
        Prefetch(
            "rounds",
            queryset=Round.objects.filter(return_on_behalf=True).select_related("returned_by"),
            to_attr="returns_on_behalf",
        ),
    )


def _by(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else "—"


def on_behalf_entries(suggestion) -> list[str]:
    """“答复：张三”: each step the office entered for a unit or the deputy in the latest round (and each
    return it entered), with the staff member who entered it. Needs ``with_on_behalf``."""
    entries = []
    round_ = suggestion.current_round
    if round_ is not None:
        opinion, contact_label = _("co-handling opinion"), _("contact with the deputy")
        for assignment in getattr(round_, "opinions_on_behalf", []):
            entries.append(colon(bracketed(opinion, assignment.unit), _by(assignment.opinion_by)))
        for contact in getattr(round_, "contacts_on_behalf", []):
            entries.append(colon(bracketed(contact_label, contact.unit), _by(contact.recorded_by)))
        reply, evaluation = _one(round_, "reply"), _one(round_, "evaluation")
        if reply is not None and reply.on_behalf:
            entries.append(colon(_("reply"), _by(reply.replied_by)))
        if evaluation is not None and evaluation.on_behalf:
            entries.append(colon(_("evaluation"), _by(evaluation.evaluated_by)))
    for returned in getattr(suggestion, "returns_on_behalf", []):
        entries.append(colon(_("return"), _by(returned.returned_by)))
    return entries


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
    """Every round, newest first, with its units, contacts, supervision notes, reply and evaluation; all
    stay visible.

    Needs a suggestion fetched through ``with_rounds``.
    """
    rounds = sorted(suggestion.rounds.all(), key=lambda r: r.number, reverse=True)
    return [
        {
            "round": round_,
            "lead": round_.lead_assignment,
            "co": round_.co_assignments,
            "contacts": list(round_.contacts.all()),
            "notes": list(round_.supervision_notes.all()),
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


def unversioned_state(user, before: tuple[str, list] = ("", [])) -> tuple:
    """What a user's own pages show that the data version does not follow, in one small statement.

    Notices are written and marked read in bulk, and voters' opinions are not domain data
    for the page cache (a public form fills them): the user's unread notices (count, latest)
    and the opinions waiting for the user's deputy (count, sum of ids) change whenever
    those do, so a page kept for the user is rendered afresh (``congress.cache.viewer``).
    ``before``: a column (SQL, parameters) read first in the same statement (the data version).
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
    first, first_params = before
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {first + ', ' if first else ''}(SELECT COUNT(*) {notices}), (SELECT MAX({pk}) {notices}), "
            f"(SELECT COUNT(*) {waiting}), (SELECT SUM({opinion_pk}) {waiting})",
            [
                *first_params,
                *[
                    user.pk,
                    False,
                    user.pk,
                    False,
                    VoterOpinion.WAITING,
                    user.pk,
                    VoterOpinion.WAITING,
                    user.pk,
                ],
            ],
        )
        return cursor.fetchone()
