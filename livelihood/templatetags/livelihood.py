"""How the public pages show a project's status and amounts."""

from django import template

from ..models import ProjectStatus

register = template.Library()

BADGES = {
    ProjectStatus.NOT_STARTED: "text-bg-secondary",
    ProjectStatus.UNDER_CONSTRUCTION: "text-bg-info",
    ProjectStatus.COMPLETED: "text-bg-primary",
    ProjectStatus.IN_USE: "text-bg-success",
    ProjectStatus.DELAYED: "text-bg-warning",
    ProjectStatus.CANCELLED: "text-bg-dark",
}


@register.filter
def status_badge(status: str) -> str:
    """The Bootstrap badge class of a project status."""
    return BADGES.get(status, "text-bg-secondary")


@register.filter
def wan_yuan(value) -> str:
    """An amount in 万元 with two decimals, or "—"."""
    return "—" if value is None else f"{value:,.2f}"
