"""The admin of every model with history: simple_history's, with reverting allowed only to those who may change.

simple_history's revert page (``<pk>/history/<version>/``) checks only that the
user may *view* the record before saving what is posted to it, so a view-only
presidium member could write any record, and staff could revert records the
admin keeps locked (a confirmed vote, a final report). ``HistoryAdmin`` refuses
a revert (any POST to that page) unless the user may change the record as it is
now, or add it again when it was deleted. A revert restores what the form edits;
the rest (read-only fields, what a workflow or a service writes: a candidate's
status, a project's candidate) stays as it is now.

    @admin.register(Constituency)
    class ConstituencyAdmin(HistoryAdmin): ...
"""

import dataclasses

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from . import townships
from .admin_guard import GuardedAdminMixin
from .admin_townships import TownshipColumnMixin
from .cache import cached_changelist

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
# Raised by every save of a versioned record (congress/concurrency.py): noise on a history page.
VERSION_FIELD = "version"


class ChangesWithout(HistoricalRecordContextHelper):
    """A history page's list of changes without some fields (the version; staff-only fields for others)."""

    def __init__(self, model, historical_record, *, hidden: set[str]):
        super().__init__(model, historical_record)
        self.hidden = hidden

    def context_for_delta_changes(self, delta):
        changes = [change for change in delta.changes if change.field not in self.hidden]
        return super().context_for_delta_changes(dataclasses.replace(delta, changes=changes))


class HistoryAdmin(TownshipColumnMixin, GuardedAdminMixin, SimpleHistoryAdmin):
    """Every admin of the platform: history, reverting only for those who may change, and the guards of
    ``congress.admin_guard`` (actions deny by default, only declared filters, no 500 on bad values), and for
    the banner's staff the township of each row (``congress.admin_townships``)."""

    # Lists at scale (bench/notes.md): 50 rows a page, and no second COUNT of the whole table
    # for "(N total)" beside a filtered count.
    list_per_page = 50
    show_full_result_count = False

    # Who saved or deleted a record through the admin is named in its history explicitly (there is no
    # thread-local request middleware): SimpleHistoryAdmin.save_model does it for the record itself.
    def save_formset(self, request, form, formset, change):
        for row in formset.forms:
            row.instance._history_user = request.user
        super().save_formset(request, form, formset, change)

    def delete_model(self, request, obj):
        obj._history_user = request.user
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                obj._history_user = request.user
                obj.delete()

    def changelist_view(self, request, extra_context=None):
        # Kept per data version and user, as the portal pages are (congress/cache.py).
        return cached_changelist(self, super().changelist_view)(request, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        # simple_history looks the id up as given: ``abc/history/`` was a server error, not a 404.
        try:
            self.model._meta.pk.to_python(unquote(object_id))
        except ValidationError:
            raise Http404 from None
        return super().history_view(request, object_id, extra_context)

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        # simple_history reads the history table as it is, and shows a record's history even when the
        # record is gone from the admin's queryset: another township's record, out of the scope, would
        # show (domain.md §10). Its history is cut to the township in scope as the record is.
        records = super().get_history_queryset(request, history_manager, pk_name, object_id)
        return townships.within_scope(records, self.model)

    def get_historical_record_context_helper(self, request, historical_record):
        hidden = {VERSION_FIELD, *self.history_hidden_fields(request)}
        return ChangesWithout(self.model, historical_record, hidden=hidden)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # A version of a record in scope only (simple_history looks it up in the whole history table):
        # another township's version was shown, and its revert wrote into the other township.
        history = getattr(self.model, self.model._meta.simple_history_manager_attribute)
        pk_name = self.model._meta.pk.attname
        try:
            found = (
                self.object_pk(object_id) is not None
                and self.get_history_queryset(request, history, pk_name, unquote(object_id))
                .filter(history_id=version_id)
                .exists()
            )
        except (ValueError, ValidationError):  # a version id that is no number
            found = False
        if not found:
            raise Http404
        if request.method not in SAFE_METHODS and not self.may_revert(request, object_id):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def may_revert(self, request, object_id) -> bool:
        current = self.get_object(request, unquote(object_id))
        if current is None:  # deleted: reverting adds it again
            return self.has_add_permission(request)
        return self.has_change_permission(request, current)

    def save_model(self, request, obj, form, change):
        if change and getattr(obj, "_history", None) is not None:
            self._keep_what_the_form_does_not_edit(obj, form)
        super().save_model(request, obj, form, change)

    @staticmethod
    def _keep_what_the_form_does_not_edit(obj, form):
        current = type(obj)._base_manager.filter(pk=obj.pk).first()
        if current is None:  # restoring a deleted record: all of it comes back
            return
        for field in obj._meta.concrete_fields:
            if field.name not in form.fields and not field.primary_key:
                setattr(obj, field.attname, getattr(current, field.attname))
