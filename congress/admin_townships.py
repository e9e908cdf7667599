"""The admin seen by the banner's staff: every township's records, each list saying whose a row is.

The banner's staff see every township on the admin (``congress.townships``: the scope is every
township there), read-only. A list of a township's records then opens with a ``township`` column
and a filter by township; a township's own staff (one township in scope) never see either, so
their screens stay as they were.
"""

from django.core.exceptions import FieldDoesNotExist

from . import townships

FIELD = "township"


class TownshipColumnMixin:
    """For a ModelAdmin (``HistoryAdmin`` mixes it in): the township column and filter, everywhere only."""

    def _shows_townships(self, request) -> bool:
        scope = townships.current()
        if scope is None or not scope.everywhere:
            return False
        try:
            self.model._meta.get_field(FIELD)
        except FieldDoesNotExist:
            return False
        return True

    def get_list_display(self, request):
        shown = list(super().get_list_display(request))
        if self._shows_townships(request) and FIELD not in shown:
            shown.insert(0, FIELD)
        return shown

    def get_list_display_links(self, request, list_display):
        # The record's own first column still opens it, not the township's name.
        if self._shows_townships(request) and FIELD not in self.list_display:
            list_display = [name for name in list_display if name != FIELD]
        return super().get_list_display_links(request, list_display)

    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        if self._shows_townships(request) and FIELD not in filters:
            filters.insert(0, FIELD)
        return filters

    def get_list_select_related(self, request):
        related = super().get_list_select_related(request)
        if self._shows_townships(request) and isinstance(related, list | tuple) and FIELD not in related:
            return [*related, FIELD]
        return related
