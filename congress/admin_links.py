"""Links one app adds to another app's admin pages, registered in the linking app's ``AppConfig.ready()``.

The suggestions app adds "Turn into a suggestion" to a reception matter and to a deliberation
opinion; the deputies' admin shows the links with ``links_html(obj, user)`` without importing
suggestions (docs/architecture.md)::

    admin_links.register(
        "deputies.receptionmatter", _("Turn into a suggestion"),
        url=lambda matter: reverse("admin:suggestions_suggestion_from_matter", args=[matter.pk]),
        show=lambda user, matter: user.has_perm("suggestions.add_suggestion"),
    )
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.utils.html import format_html_join


def _always(user, obj) -> bool:
    return True


@dataclass(frozen=True)
class AdminLink:
    label: str
    url: Callable[[models.Model], str]
    show: Callable[[object, models.Model], bool] = _always


_links: dict[str, list[AdminLink]] = {}


def register(model_label: str, label, *, url: Callable[[models.Model], str], show=None) -> None:
    """Show a link labelled ``label`` to ``url(obj)`` on the admin pages of ``model_label`` ("app.model")."""
    _links.setdefault(model_label.lower(), []).append(AdminLink(label, url, show or _always))


def links_for(obj: models.Model, user) -> list[tuple[str, str]]:
    """(label, url) of each link registered for ``obj``'s model that ``user`` may follow."""
    return [
        (str(link.label), link.url(obj))
        for link in _links.get(obj._meta.label_lower, [])
        if link.show(user, obj)
    ]


def links_html(obj: models.Model, user) -> str:
    """The links as HTML (an admin column or a change page's tools); "" when there are none."""
    return format_html_join(
        " · ", '<a href="{}">{}</a>', ((url, label) for label, url in links_for(obj, user))
    )
