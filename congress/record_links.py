"""Links one app adds to another app's records in the admin, shown only to those allowed to follow them.

Suggestions add "turn into a suggestion" to a reception matter's and a
deliberation opinion's rows; they register it in their ``AppConfig.ready()``,
so the records' app (deputies) shows the link without importing suggestions.
A model's admin or inline shows the links with ``RecordLinksMixin``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

FIELD = "record_links"


@dataclass(frozen=True)
class RecordLink:
    label: str
    url: Callable[[object], str]  # the record → where the link leads
    allowed: Callable[[object], bool]  # the request → may the user follow it (the page checks again)


_LINKS: dict[str, list[RecordLink]] = defaultdict(list)


def register(model_label: str, link: RecordLink) -> None:
    """Add ``link`` to the rows and change page of the model ``app_label.ModelName``."""
    if link not in _LINKS[model_label.lower()]:
        _LINKS[model_label.lower()].append(link)


def links_for(model) -> list[RecordLink]:
    return list(_LINKS.get(model._meta.label_lower, ()))


class RecordLinksMixin:
    """Shows the links registered for the admin's model as a read-only field (and a list column), to
    users allowed to follow one of them; a row not saved yet has none."""

    def _record_links_shown(self, request) -> bool:
        return any(link.allowed(request) for link in links_for(self.model))

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if self._record_links_shown(request) and FIELD not in fields:
            fields.append(FIELD)
        return fields

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        if self._record_links_shown(request) and FIELD not in fields:
            fields.append(FIELD)
        return fields

    def get_list_display(self, request):
        shown = list(super().get_list_display(request))
        if self._record_links_shown(request) and FIELD not in shown:
            shown.append(FIELD)
        return shown

    @admin.display(description=_("links"))
    def record_links(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        return format_html_join(
            " ",
            '<a href="{}" class="record-link">{}</a>',
            ((link.url(obj), link.label) for link in links_for(self.model)),
        )
