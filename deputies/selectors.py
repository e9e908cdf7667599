"""Reads of the roster and presidium."""

from django.db.models import Count, Q
from django.utils import timezone

from .models import Deputy, DeputyStatus, PresidiumMembership


def presidium_of(term):
    """The current presidium of a term, chair first."""
    if term is None:
        return PresidiumMembership.objects.none()
    return PresidiumMembership.objects.filter(term=term, end_date__isnull=True).select_related("deputy")


def roster_summary(term) -> dict:
    """Counts for the public home page: deputies in office, women, ethnic minorities."""
    if term is None:
        return {}
    today = timezone.localdate()
    return (
        Deputy.objects.filter(term=term)
        .in_office(today)
        .aggregate(
            total=Count("pk"),
            women=Count("pk", filter=Q(gender="female")),
            minorities=Count("pk", filter=~Q(ethnicity__in=["", "汉族"])),
            banner=Count("pk", filter=Q(is_banner_deputy=True)),
        )
    )


def roster(term):
    """The deputies of a term, for public and staff lists (no private fields needed)."""
    return (
        Deputy.objects.filter(term=term, status=DeputyStatus.ACTIVE)
        .select_related("constituency")
        .order_by("constituency__name", "name")
    )
