"""Reads that span the apps: what the public home page shows."""

from .models import Session, Term


def current_term():
    return Term.objects.current()


def sessions_of(term):
    if term is None:
        return Session.objects.none()
    return term.sessions.order_by("-start_date")
