"""交办: the banner hands a banner deputy's suggestion or a banner CPPCC member's proposal down to a township
(domain.md §10).

``hand_down`` is the one writer: the banner's staff register the item in the township (its number, its
history, its event name them), with the banner's deadline; the township's presidium staff hear of it and
assign and handle it in their own workflow, where the banner's deadline is the unit's default and latest
(``workflow._banner_terms``). The banner follows it to the reply and the rating (``handdown_views``).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from congress import townships
from congress.roles import is_banner_staff

from . import notifications, workflow
from .choices import HANDED_DOWN_SOURCES, Category, Source, Transition
from .models import Suggestion


def _check(
    *, township, source, title, content, proposer, received_on, deadline, category, lead_deputy
) -> None:
    """Every mistake in the input at once, each on its field."""
    errors = {}
    if township is None:
        errors["township"] = _("Choose the township the item is handed down to.")
    if source not in HANDED_DOWN_SOURCES:
        errors["source"] = _("Choose a banner deputy's suggestion or a banner CPPCC member's proposal.")
    if lead_deputy is not None:
        if source != Source.BANNER_DEPUTY:
            errors["lead_deputy"] = _("Only a banner deputy's suggestion has a deputy on the roster.")
        elif not lead_deputy.is_banner_deputy or (
            township is not None and lead_deputy.township_id != getattr(township, "pk", township)
        ):
            errors["lead_deputy"] = _("Choose a banner deputy on the roster of the township handed down to.")
    elif not (proposer or "").strip():
        errors["proposer"] = _("Name the banner deputy or CPPCC member who made it.")
    if not (title or "").strip():
        errors["title"] = _("Give the title.")
    if not (content or "").strip():
        errors["content"] = _("Give the content.")
    if category not in Category.values:
        errors["category"] = _("Choose a category.")
    if received_on is None:
        errors["received_on"] = _("Give the date received.")
    if deadline is None:
        errors["deadline"] = _("Give the deadline set by the banner.")
    elif received_on is not None and deadline < received_on:
        errors["deadline"] = _("The deadline cannot be before the date received.")
    if errors:
        raise ValidationError(errors)


def hand_down(
    *,
    actor,
    township,
    source: str,
    title: str,
    content: str,
    proposer: str,
    received_on: datetime.date,
    deadline: datetime.date,
    category: str = Category.OTHER,
    handed_down_on: datetime.date | None = None,
    lead_deputy=None,
) -> Suggestion:
    """The banner's staff hand an item down to ``township``: registered there (the township's next number),
    with the banner's deadline; the township's presidium staff are told.

    ``handed_down_on`` dates it when it happened earlier (the demo); today otherwise. ``lead_deputy``: the
    banner deputy on the township's roster who made it (they follow and rate it in their portal).
    """
    if not is_banner_staff(actor):
        raise PermissionDenied(_("Only the banner's staff hand items down to a township."))
    _check(
        township=township,
        source=source,
        title=title,
        content=content,
        proposer=proposer,
        received_on=received_on,
        deadline=deadline,
        category=category,
        lead_deputy=lead_deputy,
    )
    today = timezone.localdate()
    handed_down_on = handed_down_on or today
    # The township's numbers, counters and records: the item is the township's from its first write.
    with townships.scoped(township), transaction.atomic():
        suggestion = Suggestion(
            source=source,
            title=title.strip(),
            content=content.strip(),
            category=category,
            external_proposer=(proposer or "").strip(),
            lead_deputy=lead_deputy,
            received_on=received_on,
            handed_down_on=handed_down_on,
            handed_down_by=actor,
            banner_deadline=deadline,
        )
        workflow.apply(
            suggestion,
            Transition.REGISTER,
            actor=actor,
            at=None if handed_down_on == today else workflow.noon(handed_down_on),
            note=_("Handed down by the banner; the banner's deadline is %(date)s.")
            % {"date": date_format(deadline, "DATE_FORMAT")},
        )
        if notifications.enabled():
            transaction.on_commit(lambda: notify_township(suggestion))
    return suggestion


def notify_township(suggestion: Suggestion) -> None:
    """The township's presidium staff hear that the banner handed an item down: they assign it."""
    with townships.scoped(suggestion.township_id):
        staff = townships.accounts_in_scope(notifications.staff_users())
        notifications.send(
            staff,
            gettext_noop(
                "The banner handed down %(number)s “%(title)s”: assign it; the banner's deadline is %(deadline)s."
            ),
            {
                "number": suggestion.number,
                "title": suggestion.title,
                "deadline": suggestion.banner_deadline.isoformat(),
            },
            reverse("admin:suggestions_suggestion_change", args=[suggestion.pk]),
        )


def handed_down():
    """Every township's handed-down items, with what the banner's follow list shows (one query)."""
    return (
        Suggestion.objects.every_township()
        .filter(source__in=HANDED_DOWN_SOURCES)
        .with_lead_unit()
        .select_related("township", "current_round__reply", "current_round__evaluation")
        .order_by("-received_on", "township__sort_order", "-number")
    )
