"""Uploaded files served only to those who may see their record: ``/files/<app>/<model>/<pk>/<field>/``.

Each app registers its file fields once, in its ``AppConfig.ready()``, with the
rule that decides who may see the record's file::

    from congress import protected_media
    protected_media.register(Activity, "outcome_document", can_view=protected_media.presidium)
    protected_media.register(Deputy, "photo", can_view=lambda user, deputy: deputy.status == "active")

``public_if=`` names the records whose file anyone may keep a copy of (a published
post's photos: browsers and the proxy cache them), when ``can_view`` is not ``anyone``.
Link to a file with ``protected_media.url(obj, "field")`` or, in templates,
``{% load protected_media %}{% file_url obj "field" %}``. Anything unregistered,
missing, empty or not allowed answers 404 (no existence leak). Images are shown
inline; every other file is a download. The production proxy serves no
``/media/`` at all: every upload goes through here.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_safe

from .roles import Role, has_role, is_staff_member
from .uploads import CONTENT_TYPES, IMAGE_EXTENSIONS, extension_of

Rule = Callable[[object, models.Model], bool]


@dataclass(frozen=True)
class ProtectedFile:
    model: type[models.Model]
    field: str
    can_view: Rule
    public: bool
    public_if: Callable[[models.Model], bool] | None = None

    def is_public(self, obj) -> bool:
        return self.public or (self.public_if is not None and self.public_if(obj))


_registry: dict[tuple[str, str, str], ProtectedFile] = {}


def anyone(user, obj) -> bool:
    """Public files (e.g. the photos of the deputies' directory)."""
    return True


def staff(user, obj) -> bool:
    """Presidium staff and superusers."""
    return is_staff_member(user)


def presidium(user, obj) -> bool:
    """Presidium staff and members (who see every record, domain.md §3)."""
    return is_staff_member(user) or has_role(user, Role.MEMBER)


def register(
    model: type[models.Model],
    field: str,
    *,
    can_view: Rule,
    public_if: Callable[[models.Model], bool] | None = None,
) -> None:
    """Serve ``model.field`` to users for whom ``can_view(user, obj)`` is true (cacheable when ``public_if(obj)``)."""
    model_field = model._meta.get_field(field)
    if not isinstance(model_field, models.FileField):
        raise ImproperlyConfigured(f"{model.__name__}.{field} is not a FileField")
    key = (model._meta.app_label, model._meta.model_name, field)
    _registry[key] = ProtectedFile(model, field, can_view, public=can_view is anyone, public_if=public_if)


def unregister(model: type[models.Model], field: str) -> None:
    _registry.pop((model._meta.app_label, model._meta.model_name, field), None)


def registered() -> list[ProtectedFile]:
    return list(_registry.values())


def url(obj: models.Model, field: str) -> str:
    """The permission-checked address of ``obj``'s file (empty when there is no file)."""
    if not getattr(obj, field):
        return ""
    meta = obj._meta
    return reverse(
        "protected_file",
        kwargs={"app_label": meta.app_label, "model_name": meta.model_name, "pk": obj.pk, "field": field},
    )


@require_safe
def serve(request, app_label: str, model_name: str, pk: int, field: str):
    entry = _registry.get((app_label, model_name, field))
    if entry is None:
        raise Http404
    obj = get_object_or_404(entry.model._default_manager, pk=pk)
    stored = getattr(obj, field)
    if not stored or not entry.can_view(request.user, obj):
        raise Http404
    extension = extension_of(stored.name)
    try:
        handle = stored.storage.open(stored.name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
        as_attachment=extension not in IMAGE_EXTENSIONS,
        filename=f"{obj._meta.verbose_name}-{obj.pk}.{extension}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Opened directly, a file may run nothing and load nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "public, max-age=3600" if entry.is_public(obj) else "private, no-store"
    return response
