"""The admin of every model with history: simple_history's, with reverting allowed only to those who may change.

simple_history's revert page (``<pk>/history/<version>/``) checks only that the
user may *view* the record before saving what is posted to it, so a view-only
presidium member could write any record, and staff could revert records the
admin keeps locked (a confirmed vote, a final report). ``HistoryAdmin`` refuses
a revert (any POST to that page) unless the user may change the record as it is
now, or add it again when it was deleted.

    @admin.register(Constituency)
    class ConstituencyAdmin(HistoryAdmin): ...
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class HistoryAdmin(SimpleHistoryAdmin):
    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method not in SAFE_METHODS and not self.may_revert(request, object_id):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def may_revert(self, request, object_id) -> bool:
        current = self.get_object(request, unquote(object_id))
        if current is None:  # deleted: reverting adds it again
            return self.has_add_permission(request)
        return self.has_change_permission(request, current)
