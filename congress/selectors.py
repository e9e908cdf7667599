"""Reads that span the apps: what the public home page shows."""

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from .models import Session, Term


def current_term():
    return Term.objects.current()


def sessions_of(term):
    if term is None:
        return Session.objects.none()
    return term.sessions.order_by("-start_date")


def count_of(related, to: str):
    """How many of ``related`` point at each row (``to``: their foreign key to it), as a subquery annotation.

    Count() over a join groups the whole table before an admin list can count, sort
    or page it; this subquery runs for the rows shown only, and count() drops it.
    """
    counted = related.filter(**{to: OuterRef("pk")}).order_by().values(to).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)
