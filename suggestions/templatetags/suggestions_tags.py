"""Small presentation helpers for the suggestion pages: badges and the unread count."""

from django import template

from .. import selectors
from ..choices import State

register = template.Library()

STATE_BADGES = {
    State.REGISTERED: "text-bg-secondary",
    State.ASSIGNED: "text-bg-info",
    State.IN_HANDLING: "text-bg-primary",
    State.REPLIED: "text-bg-warning",
    State.EVALUATED: "text-bg-success",
    State.CLOSED: "text-bg-dark",
    State.REJECTED: "text-bg-danger",
}


@register.filter
def state_badge(state: str) -> str:
    """The Bootstrap badge class of a state."""
    return STATE_BADGES.get(state, "text-bg-light")


@register.simple_tag
def unread_notifications(user) -> int:
    return selectors.unread_count(user)


OPINION_BADGES = {
    "new": "text-bg-warning",
    "passed_to_staff": "text-bg-info",
    "answered": "text-bg-success",
    "converted": "text-bg-primary",
    "closed": "text-bg-secondary",
}


@register.filter
def opinion_badge(status: str) -> str:
    """The Bootstrap badge class of a voter opinion's status."""
    return OPINION_BADGES.get(status, "text-bg-light")
