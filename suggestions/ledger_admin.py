"""Additions to the ledger's admin (suggestions/admin.py): the items staff may close, and the
supervision notes of the presidium members who supervise items (领衔督办)."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import time_limits


class ClosableFilter(admin.SimpleListFilter):
    """Outside proposers' items replied 30 days ago without an evaluation (the daily job lists them)."""

    title = _("to close without an evaluation")
    parameter_name = "closable"

    def lookups(self, request, model_admin):
        return [("1", _("outside proposer, replied 30 days ago, not evaluated"))]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.filter(pk__in=time_limits.awaiting_close().values("pk"))
        return queryset
