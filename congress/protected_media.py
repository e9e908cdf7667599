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
inline; every other file is a download. An app's own download address (a suggestion's
attachment) answers through ``serve_record()``: the same rule, the same headers.

Every file field of the apps is registered one way or the other: the few public photo
fields with ``register_public(Deputy, "photo")`` instead, whose upload folders the production
proxy serves from ``/media/`` (``public_folders()``: README.md and docs/deployment.md name the
same folders, a test checks it); the proxy serves nothing else under ``/media/``.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_safe

from .roles import is_presidium, is_staff_member
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
# Public photo fields the proxy serves from their upload folder: (app_label, model_name, field) → folder.
_public: dict[tuple[str, str, str], str] = {}


def anyone(user, obj) -> bool:
    """Public files (e.g. the photos of the deputies' directory)."""
    return True


def staff(user, obj) -> bool:
    """Presidium staff and superusers."""
    return is_staff_member(user)


def presidium(user, obj) -> bool:
    """Presidium staff and members (who see every record, domain.md §3)."""
    return is_presidium(user)


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


def register_public(model: type[models.Model], field: str) -> None:
    """``model.field`` is public (a deputy's photo): the proxy serves its upload folder under ``/media/``."""
    model_field = model._meta.get_field(field)
    folder = getattr(model_field.upload_to, "folder", None)
    if not isinstance(model_field, models.FileField) or not folder:
        raise ImproperlyConfigured(f"{model.__name__}.{field} is not a FileField with random_upload_to")
    _public[(model._meta.app_label, model._meta.model_name, field)] = folder


def is_registered(model: type[models.Model], field: str) -> bool:
    """Whether ``model.field`` is served one way or the other (protected, or public from its folder)."""
    key = (model._meta.app_label, model._meta.model_name, field)
    return key in _registry or key in _public


def public_folders() -> list[str]:
    """The upload folders the proxy may serve directly under ``/media/`` (nothing else there)."""
    return sorted(set(_public.values()))


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
    return serve_record(request, obj, field)


def serve_record(request, obj: models.Model, field: str, *, filename: str = "", as_attachment=None):
    """``obj``'s file if its registered rule lets the user see it, else 404 (an app's own download view).

    ``filename`` names the download (default: the record's kind and id); images are shown inline
    unless ``as_attachment``.
    """
    entry = _registry.get((obj._meta.app_label, obj._meta.model_name, field))
    stored = getattr(obj, field)
    if entry is None or not stored or not entry.can_view(request.user, obj):
        raise Http404
    extension = extension_of(stored.name)
    try:
        handle = stored.storage.open(stored.name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
        as_attachment=extension not in IMAGE_EXTENSIONS if as_attachment is None else as_attachment,
        filename=filename or f"{obj._meta.verbose_name}-{obj.pk}.{extension}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Opened directly, a file may run nothing and load nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "public, max-age=3600" if entry.is_public(obj) else "private, no-store"
    return response
