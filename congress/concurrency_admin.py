"""No lost updates in the admin: change forms, inline rows and list rows (``congress.concurrency``)."""

from django.contrib import messages
from django.http import HttpResponseRedirect

from .admin_guard import GuardedInlineMixin
from .admin_history import HistoryAdmin
from .concurrency import SEEN_FIELD, StaleRecordError, current_version
from .concurrency_forms import versioned_form


def _with_seen_version(fieldsets, include: bool):
    """The fieldsets without ``seen_version``, then (if ``include``) with it hidden in the last one."""
    result = []
    for name, options in fieldsets:
        fields = [f for f in options.get("fields", ()) if f != SEEN_FIELD]
        result.append((name, {**options, "fields": fields}))
    if include and result:
        name, options = result[-1]
        result[-1] = (name, {**options, "fields": [*options["fields"], SEEN_FIELD]})
    return result


class _ConcurrentFormsMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form = versioned_form(self.form)

    def finish_fieldsets(self, request, obj, fieldsets):
        # Also on fieldsets an admin builds itself (it passes them through finish_fieldsets).
        include = obj is not None and self.has_change_permission(request, obj)
        return _with_seen_version(super().finish_fieldsets(request, obj, fieldsets), include)


class ConcurrentInlineMixin(_ConcurrentFormsMixin, GuardedInlineMixin):
    """For an inline of a ``VersionedModel``: ``class SessionInline(ConcurrentInlineMixin, admin.TabularInline)``."""


class ConcurrentModelAdmin(_ConcurrentFormsMixin, HistoryAdmin):
    """Admin of a ``VersionedModel``: a stale save is refused with who and when, the input kept.

    The same for its inline rows (``ConcurrentInlineMixin``) and for rows edited in its list
    (``list_editable``: each row carries its version, congress/templates/admin/change_list_results.html).
    """

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleRecordError as error:
            # Lost the race after the form's check (a write outside any form): nothing was saved.
            self.message_user(request, error.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def changelist_view(self, request, extra_context=None):
        try:
            return super().changelist_view(request, extra_context)
        except StaleRecordError as error:
            self.message_user(request, error.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def get_changelist_form(self, request, **kwargs):
        return versioned_form(super().get_changelist_form(request, **kwargs))

    def save_model(self, request, obj, form, change):
        # Saving a form equal to what is on file would raise the version and refuse others' edits
        # for nothing. (A revert compares with the historical version, not what is on file: it saves.)
        unchanged = not [name for name in form.changed_data if name != SEEN_FIELD]
        if change and unchanged and getattr(obj, "_history", None) is None:
            return
        if change and getattr(obj, "_history", None) is not None and current_version(obj) is None:
            # Restoring a deleted record from its history: it is inserted again, not updated.
            obj._state.adding = True
        super().save_model(request, obj, form, change)
