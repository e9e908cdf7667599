"""Writes on suggestions that are not state changes, and the ways a suggestion comes in.

State changes go through ``workflow.apply``; the functions here register
suggestions (from a form, a reception matter, a deliberation opinion or a
voter opinion), record contacts and co-handling opinions, and keep
notifications read.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.roles import is_staff_member

from . import workflow
from .choices import Category, Source, State, Transition
from .models import Contact, Notification, Suggestion, SuggestionAttachment
from .selectors import unit_ids_of
from .workflow import Reach, TransitionError

# A reception matter's category → the suggestion's.
MATTER_CATEGORIES = {
    "infrastructure": Category.INFRASTRUCTURE,
    "agriculture": Category.AGRICULTURE,
    "ecology": Category.ECOLOGY,
    "social_security": Category.SOCIAL,
    "health_education": Category.SOCIAL,
    "governance": Category.GOVERNANCE,
}


def title_from(text: str, length: int = 30) -> str:
    """A title from the first sentence of a text, at most ``length`` characters."""
    first = text.strip().splitlines()[0] if text.strip() else ""
    for stop in "。；;！？":
        first = first.split(stop)[0]
    return first[:length] or _("(untitled)")


@transaction.atomic
def suggestion_register(*, actor, co_signers=(), attachments=(), **fields) -> Suggestion:
    """Register a new suggestion (state registered, next yearly number) from staff's form or an origin."""
    suggestion = Suggestion(**fields)
    workflow.apply(suggestion, Transition.REGISTER, actor=actor, co_signers=list(co_signers))
    for upload in attachments:
        attachment = SuggestionAttachment(suggestion=suggestion, file=upload)
        attachment._history_user = actor
        attachment.save(force_insert=True)
    return suggestion


@transaction.atomic
def suggestion_from_reception_matter(matter, *, actor, lead_deputy=None, **fields) -> Suggestion:
    """Turn a matter raised at a reception into a suggestion (source reception), linked both ways.

    The lead deputy defaults to the first deputy on duty at the reception; the
    matter's outcome becomes “turned into a suggestion”.
    """
    from deputies.models import Outcome

    reception = matter.reception
    lead_deputy = lead_deputy or reception.deputies.order_by("name").first()
    if lead_deputy is None and not fields.get("external_proposer"):
        raise TransitionError(_("Name the lead deputy: no deputy was on duty at that reception."))
    fields.setdefault("title", title_from(matter.summary))
    fields.setdefault("content", matter.summary)
    fields.setdefault("category", MATTER_CATEGORIES.get(matter.category, Category.OTHER))
    fields.setdefault("received_on", reception.date)
    suggestion = suggestion_register(
        actor=actor, source=Source.RECEPTION, reception_matter=matter, lead_deputy=lead_deputy, **fields
    )
    if matter.outcome != Outcome.SUGGESTION:
        matter.outcome = Outcome.SUGGESTION
        matter._history_user = actor
        matter.save(update_fields=["outcome"])
    return suggestion


@transaction.atomic
def suggestion_from_opinion(opinion, *, actor, lead_deputy=None, **fields) -> Suggestion:
    """Turn an opinion raised at a deliberation into a suggestion (source deliberation), linked one-to-one."""
    if Suggestion.objects.filter(opinion=opinion).exists():
        raise TransitionError(_("This opinion has already been turned into a suggestion."))
    deliberation = opinion.deliberation
    lead_deputy = lead_deputy or opinion.raised_by
    if lead_deputy is None and not fields.get("external_proposer"):
        raise TransitionError(_("Name the lead deputy: the opinion does not say who raised it."))
    fields.setdefault("title", title_from(opinion.text))
    fields.setdefault("content", opinion.text)
    fields.setdefault("received_on", deliberation.date)
    fields.setdefault("session", deliberation.session)
    return suggestion_register(
        actor=actor, source=Source.DELIBERATION, opinion=opinion, lead_deputy=lead_deputy, **fields
    )


@transaction.atomic
def suggestion_from_voter_opinion(voter_opinion, *, actor, **fields) -> Suggestion:
    """Register a voter opinion (社情民意) as a suggestion (source voter_opinion).

    Title, content and date come from the opinion unless given (its category: the caller's); the
    lead deputy is the deputy it was addressed to, else the proposer is “a
    voter”. The voter's name and phone are never copied. Called by
    ``opinions.services.voter_opinion_convert``, which checks the opinion's status
    and links the two (``voter_opinion.suggestion`` / ``suggestion.voter_opinion``).
    """
    if voter_opinion is not None:
        fields.setdefault("title", title_from(voter_opinion.content))
        fields.setdefault("content", voter_opinion.content)
        fields.setdefault("received_on", timezone.localtime(voter_opinion.submitted_at).date())
        fields.setdefault("lead_deputy", voter_opinion.deputy)
    if fields.get("lead_deputy") is None and not fields.get("external_proposer"):
        fields["lead_deputy"] = None
        fields["external_proposer"] = _("a voter (voters' opinion)")
    return suggestion_register(actor=actor, source=Source.VOTER_OPINION, **fields)


UNIT_REACH = {Reach.LEAD_UNIT, Reach.CO_UNIT}


def _unit_of(actor, suggestion: Suggestion, on_behalf_of=None):
    """The assignment of the current round the actor acts for: the named unit's (代录), else the actor's unit's."""
    round_ = suggestion.current_round
    if round_ is None:
        return None
    if on_behalf_of is not None:
        return next((a for a in round_.assignments.all() if a.unit_id == on_behalf_of.pk), None)
    unit_ids = unit_ids_of(actor)
    return next((a for a in round_.assignments.all() if a.unit_id in unit_ids), None)


@transaction.atomic
def contact_record(
    suggestion: Suggestion, *, actor, form: str, contacted_on=None, note: str = "", on_behalf_of=None
) -> Contact:
    """见面: record a contact with the deputy; the first one of a lead unit starts the handling.

    ``on_behalf_of``: a unit of the current round whose contact presidium staff enter for it (代录).
    """
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if (
        suggestion.state == State.ASSIGNED
        and workflow.refusal(suggestion, Transition.START, actor, on_behalf_of) is None
    ):
        workflow.apply(
            suggestion,
            Transition.START,
            actor=actor,
            on_behalf_of=on_behalf_of,
            form=form,
            contacted_on=contacted_on,
            note=note,
        )
        return suggestion.current_round.contacts.latest("pk")
    reach = workflow.reach_of(actor, suggestion, on_behalf_of)
    allowed = {Reach.LEAD_UNIT, Reach.CO_UNIT} if on_behalf_of is not None else {Reach.STAFF, *UNIT_REACH}
    if not reach & allowed:
        if on_behalf_of is not None and is_staff_member(actor):
            raise PermissionDenied(
                _("%(party)s does not handle this suggestion now.") % {"party": on_behalf_of}
            )
        raise PermissionDenied
    if suggestion.state not in (State.ASSIGNED, State.IN_HANDLING, State.REPLIED, State.EVALUATED):
        raise TransitionError(_("Contacts are recorded while the item is being handled."))
    if not form:
        raise TransitionError({"form": _("Record how the unit contacted the deputy.")})
    assignment = _unit_of(actor, suggestion, on_behalf_of)
    on_behalf = on_behalf_of is not None or not reach & UNIT_REACH
    contact = Contact(
        round=suggestion.current_round,
        unit=assignment.unit if assignment else suggestion.current_round.lead_unit,
        form=form,
        contacted_on=contacted_on or timezone.localdate(),
        note=note,
        recorded_by=actor,
        on_behalf=on_behalf,
    )
    contact._history_user = actor
    if on_behalf:
        contact._change_reason = workflow.on_behalf_label(contact.unit)
    contact.save()
    return contact


@transaction.atomic
def co_opinion_submit(suggestion: Suggestion, *, actor, text: str, opinion_on=None, on_behalf_of=None):
    """A co-handling unit gives its opinion to the lead unit (before the reply).

    ``on_behalf_of``: the co-handling unit whose opinion (on paper, by phone) presidium staff enter
    for it (代录), under the same rules; then the lead unit can reply.
    """
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if Reach.CO_UNIT not in workflow.reach_of(actor, suggestion, on_behalf_of):
        if on_behalf_of is not None and is_staff_member(actor):
            raise PermissionDenied(
                _("%(party)s is not a co-handling unit of this suggestion now.") % {"party": on_behalf_of}
            )
        raise PermissionDenied
    if suggestion.state not in (State.ASSIGNED, State.IN_HANDLING):
        raise TransitionError(_("The opinion is given before the lead unit replies."))
    if not text.strip():
        raise TransitionError({"text": _("Write the opinion.")})
    assignment = _unit_of(actor, suggestion, on_behalf_of)
    assignment.opinion = text.strip()
    assignment.opinion_on = opinion_on or timezone.localdate()
    assignment.opinion_by = actor
    assignment.opinion_on_behalf = on_behalf_of is not None
    assignment._history_user = actor
    if on_behalf_of is not None:
        assignment._change_reason = workflow.on_behalf_label(assignment.unit)
    assignment.save(update_fields=["opinion", "opinion_on", "opinion_by", "opinion_on_behalf"])
    # The co-handling unit has done what its assignment notice asked.
    Notification.objects.filter(
        user__handling_units=assignment.unit_id,
        link=reverse("suggestions:unit_detail", args=[suggestion.pk]),
        read=False,
    ).update(read=True)
    return assignment


def notification_open(user, pk: int) -> str:
    """The user opens one of their notices: it is read from now on; returns where it leads."""
    notice = Notification.objects.get(user=user, pk=pk)
    if not notice.read:
        Notification.objects.filter(pk=notice.pk).update(read=True)
    return notice.link


def notifications_mark_read(user, ids=None) -> int:
    """Mark the user's notifications read (all of them, or those with the given ids)."""
    notices = Notification.objects.filter(user=user, read=False)
    if ids is not None:
        notices = notices.filter(pk__in=ids)
    return notices.update(read=True)
