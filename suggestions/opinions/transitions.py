"""Who may take which action on a voter opinion, from which status, and where it leads: one table.

The addressed deputy answers the voter or passes the opinion to the presidium
office; staff answer any open opinion, turn it into a suggestion or close it.
The table is read by ``services.apply`` (which writes) and by the pages (which
buttons to show); the generic checks are in ``congress.transitions``.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from congress import transitions
from congress.roles import Role, has_role, is_staff_member
from congress.transitions import Rule, Verdict, verdict

from .choices import OpinionAction, OpinionStatus

STAFF, DEPUTY = "staff", "deputy"
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


def reach_of(actor, opinion) -> set[str]:
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


def may_see_photo(user, opinion) -> bool:
    """The photo is private: presidium staff and the deputy the opinion is addressed to."""
    return bool(reach_of(user, opinion))


def check(opinion, action: OpinionAction, actor) -> tuple[Verdict, str | None]:
    """Whether the actor may take the action now, and if not, why in words."""
    action = OpinionAction(action)
    result = verdict(ALLOWED, action, opinion.status, reach_of(actor, opinion))
    if result is Verdict.NOT_YOURS:
        return result, _("You may not %(action)s this voter opinion.") % {"action": action.label}
    if result is Verdict.NOT_NOW:
        return result, _("This voter opinion is “%(status)s”: “%(action)s” is not possible now.") % {
            "status": OpinionStatus(opinion.status).label,
            "action": action.label,
        }
    return result, None


def refusal(opinion, action: OpinionAction, actor) -> str | None:
    """Why the actor may not take the action now (None when they may)."""
    return check(opinion, action, actor)[1]


def available(opinion, actor) -> list[OpinionAction]:
    """The actions the actor may take on the opinion now (for buttons)."""
    return transitions.available(ALLOWED, opinion.status, reach_of(actor, opinion))
