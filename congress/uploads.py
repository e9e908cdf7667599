"""Uploaded photos and attachments: checked by content, limited in size, stored under random names.

On every file field: ``upload_to=random_upload_to("<app>/<what>")``. A photo is a
``PhotoField`` (its checks come with it); any other file a ``FileField`` with
``validators=attachment_validators()``. Files of records that are not public are
served only by ``congress.protected_media``.

What a photo goes through, whichever app and form it arrives by:

1. **While the request is read** (``UploadLimitHandler``, first of ``FILE_UPLOAD_HANDLERS``): a file
   stops being kept at its field's limit (8 MB for a photo, 20 MB for an attachment); the rest of
   it is read past, not stored, and the form says how large it was. The whole request is capped
   before anything reads it (``congress.middleware.RequestSizeLimitMiddleware``).
2. **Checked** (``check_upload``): the extension, the size, the content (its signature, and that it
   decodes), and the picture's size in pixels: a small file that opens into a huge picture (a
   decompression bomb) is refused with a message saying so, before anything decodes it.
3. **Made fit for a phone** (``process_photo``): turned upright, downscaled to at most
   ``PHOTO_LONGEST_SIDE`` pixels and re-encoded as JPEG, without EXIF (GPS included), XMP or
   comments. ``PhotoFieldFile.save`` does it for every photo stored, from a form or from code.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from pathlib import Path

from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models.fields.files import ImageFieldFile
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

MB = 1024 * 1024
PHOTO_MAX_BYTES = 8 * MB
ATTACHMENT_MAX_BYTES = 20 * MB
PHOTO_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
ATTACHMENT_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "jpg", "jpeg", "png"]

# Pictures larger than this are refused before decoding (a small file can decode to a huge image).
# A JPEG is decoded at 1/2, 1/4 or 1/8 of its size (libjpeg's scaling), so a 100-megapixel camera
# photo costs the server no more memory than a 6-megapixel one; PNG and WebP are decoded whole, at
# 4 bytes a pixel (24 megapixels: 96 MB).
JPEG_MAX_PIXELS = 100_000_000
PHOTO_MAX_PIXELS = 24_000_000

# What is stored: sharp on any phone, about 0.3–0.8 MB a photo; thumbnails for lists.
PHOTO_LONGEST_SIDE = 2048
THUMBNAIL_LONGEST_SIDE = 640
PHOTO_QUALITY = 82

# The first bytes of each allowed kind of file.
SIGNATURES = {
    "jpg": [b"\xff\xd8\xff"],
    "jpeg": [b"\xff\xd8\xff"],
    "png": [b"\x89PNG\r\n\x1a\n"],
    "webp": [b"RIFF"],
    "pdf": [b"%PDF-"],
    "doc": [b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"],
    "xls": [b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"],
    "docx": [b"PK\x03\x04"],
    "xlsx": [b"PK\x03\x04"],
}
# Office files are zip archives: the part that makes one a document or a workbook.
OFFICE_MAIN_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
IMAGE_EXTENSIONS = {"jpg", "jpeg", "png", "webp"}
# The decoder each picture's extension must find.
IMAGE_FORMATS = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}

# What each allowed kind of file is served as (congress.protected_media).
CONTENT_TYPES = {
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "pdf": "application/pdf",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def extension_of(name: str) -> str:
    return Path(name).suffix.lower().lstrip(".")


def megabytes(size: int) -> float:
    return round(size / MB, 1)


# ---- checking a file ------------------------------------------------------------------------------


def too_large(size: int, max_bytes: int) -> ValidationError:
    return ValidationError(
        _("The file is %(size)s MB; at most %(max)s MB is allowed."),
        params={"size": megabytes(size), "max": max_bytes // MB},
        code="file_too_large",
    )


def bad_content(extension: str) -> ValidationError:
    return ValidationError(
        _("The content of this file is not a .%(ext)s file."), params={"ext": extension}, code="bad_content"
    )


def too_many_pixels(limit: int, size: tuple[int, int] | None = None) -> ValidationError:
    """A picture too large to decode: a decompression bomb, or a photo far larger than a phone shows."""
    if size is None:  # beyond Pillow's own limit: refused before its size is known
        return ValidationError(
            _(
                "This picture has more than %(max)s megapixels. A small file that opens into a huge "
                "picture can be an attack on the server (a decompression bomb), so it is refused: send "
                "the photo as the camera took it, or a smaller copy."
            ),
            params={"max": limit // 1_000_000},
            code="too_many_pixels",
        )
    width, height = size
    return ValidationError(
        _(
            "This picture is %(width)s × %(height)s pixels (%(megapixels)s megapixels); at most %(max)s "
            "megapixels are accepted. A small file that opens into a huge picture can be an attack on "
            "the server (a decompression bomb), so it is refused: send the photo as the camera took it, "
            "or a smaller copy."
        ),
        params={
            "width": width,
            "height": height,
            "megapixels": round(width * height / 1_000_000, 1),
            "max": limit // 1_000_000,
        },
        code="too_many_pixels",
    )


def max_pixels(image_format: str) -> int:
    return JPEG_MAX_PIXELS if image_format == "JPEG" else PHOTO_MAX_PIXELS


def content_matches(upload, extension: str) -> bool:
    """Whether the file's content is what its extension says (signature, and structure where cheap)."""
    try:
        check_content(upload, extension)
    except ValidationError:
        return False
    return True


def check_content(upload, extension: str) -> None:
    """Raise ``ValidationError`` unless the content is what the extension says (a picture: also not too large)."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(sig) for sig in SIGNATURES.get(extension, [])):
        raise bad_content(extension)
    if extension == "webp" and head[8:12] != b"WEBP":
        raise bad_content(extension)
    if extension in OFFICE_MAIN_PARTS:
        try:
            with zipfile.ZipFile(upload) as archive:
                if OFFICE_MAIN_PARTS[extension] not in archive.namelist():
                    raise bad_content(extension)
        except zipfile.BadZipFile:
            raise bad_content(extension) from None
        finally:
            upload.seek(0)
    if extension in IMAGE_EXTENSIONS:
        check_picture(upload, extension)


def check_picture(upload, extension: str | None = None) -> None:
    """The picture decodes (as ``extension``'s format, when given) and is within the pixel limit.

    The size comes from the picture's header: nothing is decoded before it is known to fit.
    """
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if extension and image.format != IMAGE_FORMATS.get(extension):
                raise bad_content(extension)
            limit = max_pixels(image.format)
            if image.width * image.height > limit:
                raise too_many_pixels(limit, image.size)
            image.verify()
    except Image.DecompressionBombError:  # beyond Pillow's own limit (twice 89 megapixels)
        raise too_many_pixels(JPEG_MAX_PIXELS) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise bad_content(extension or extension_of(getattr(upload, "name", "") or "") or "jpg") from None
    finally:
        upload.seek(0)


def check_upload(upload, *, max_bytes: int, extensions: list[str]) -> None:
    """Every check of an upload, in the order that reads least: extension, size, then content."""
    if isinstance(upload, RefusedUpload):
        raise too_large(upload.size, max_bytes)
    FileExtensionValidator(extensions)(upload)
    if upload.size > max_bytes:
        raise too_large(upload.size, max_bytes)
    check_content(upload, extension_of(upload.name))


@deconstructible
class random_upload_to:  # noqa: N801 - used like a function in upload_to=
    """Store under ``<folder>/<random hex>.<ext>``: the original name may carry personal data."""

    def __init__(self, folder: str):
        self.folder = folder.strip("/")

    def __call__(self, instance, filename):
        return f"{self.folder}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"

    def __eq__(self, other):
        return isinstance(other, random_upload_to) and other.folder == self.folder


@deconstructible
class FileContentValidator:
    """The file's size is within ``max_bytes`` and its content matches its extension."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes

    def __call__(self, upload):
        if getattr(upload, "_committed", False):
            return  # a file already stored was checked when it was uploaded
        if upload.size > self.max_bytes:
            raise too_large(upload.size, self.max_bytes)
        check_content(upload, extension_of(upload.name))

    def __eq__(self, other):
        return isinstance(other, FileContentValidator) and other.max_bytes == self.max_bytes


def photo_validators():
    return [FileExtensionValidator(PHOTO_EXTENSIONS), FileContentValidator(PHOTO_MAX_BYTES)]


def attachment_validators():
    return [FileExtensionValidator(ATTACHMENT_EXTENSIONS), FileContentValidator(ATTACHMENT_MAX_BYTES)]


# ---- making a photo fit for a phone ---------------------------------------------------------------


ORIENTATION = 0x0112  # the EXIF tag: how the camera was held
# How to turn a picture upright for each EXIF orientation (as PIL.ImageOps.exif_transpose does).
UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


class ProcessedPhoto(ContentFile):
    """A photo already made fit for storing (``process_photo``): saved as it is."""

    def __init__(self, content: bytes, name: str, size: tuple[int, int]):
        super().__init__(content, name=name)
        self.width, self.height = size


def process_photo(upload, longest_side: int = PHOTO_LONGEST_SIDE) -> ProcessedPhoto:
    """The photo upright, at most ``longest_side`` pixels wide and high, as a JPEG without metadata.

    EXIF (the camera, the time and the GPS position), XMP and comments are left
    behind; the colour profile is kept. Transparent parts become white. Raises
    ``ValidationError`` when the picture is not one or is too large to decode.
    """
    if isinstance(upload, ProcessedPhoto) and max(upload.width, upload.height) <= longest_side:
        return upload
    check_picture(upload)
    upload.seek(0)
    with Image.open(upload) as image:
        if image.format == "JPEG":
            # Decode at the smallest of 1/8, 1/4, 1/2 that is still at least the size wanted.
            image.draft(None, _fitted(image.size, longest_side))
        orientation = image.getexif().get(ORIENTATION, 1)  # the pixels are stored as the sensor saw them
        icc_profile = image.info.get("icc_profile")
        picture = _plain_colours(image)
    picture.thumbnail((longest_side, longest_side), Image.Resampling.LANCZOS, reducing_gap=3.0)
    if orientation in UPRIGHT:
        picture = picture.transpose(UPRIGHT[orientation])
    picture.info = {}  # no EXIF, XMP, comment or anything else the camera wrote
    out = io.BytesIO()
    options = {"quality": PHOTO_QUALITY, "optimize": True, "progressive": True}
    if icc_profile:
        options["icc_profile"] = icc_profile
    picture.save(out, "JPEG", **options)
    stem = Path(getattr(upload, "name", "") or "photo").stem or "photo"
    return ProcessedPhoto(out.getvalue(), name=f"{stem}.jpg", size=picture.size)


def is_fit_for_storing(picture_file, longest_side: int = PHOTO_LONGEST_SIDE) -> bool:
    """Whether a stored photo is as ``process_photo`` makes them: a JPEG within the size, without metadata."""
    picture_file.seek(0)
    try:
        with Image.open(picture_file) as image:
            return (
                image.format == "JPEG"
                and max(image.size) <= longest_side
                and not image.getexif()
                and not {"exif", "xmp", "comment"} & set(image.info)
            )
    finally:
        picture_file.seek(0)


def _fitted(size: tuple[int, int], longest_side: int) -> tuple[int, int]:
    width, height = size
    scale = min(1.0, longest_side / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def _plain_colours(image):
    """The decoded picture in RGB or greyscale, transparent parts on white."""
    if image.mode in ("RGB", "L"):
        image.load()
        return image
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    if image.mode.startswith("I"):  # 16-bit greyscale PNG: scale to 8 bits rather than clip
        return image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    return image.convert("RGB")


# ---- the model field and the form field ----------------------------------------------------------


class PhotoFieldFile(ImageFieldFile):
    """A stored photo: whatever is saved to it is made fit for a phone first (``process_photo``)."""

    def save(self, name, content, save=True):
        if not isinstance(content, ProcessedPhoto):
            content = process_photo(content, self.field.longest_side)
        super().save(f"{Path(name).stem or 'photo'}.jpg", content, save)


class PhotoField(models.ImageField):
    """A photo: checked when uploaded, stored upright, downscaled, as JPEG without EXIF or GPS."""

    attr_class = PhotoFieldFile
    default_validators = photo_validators()

    def __init__(self, *args, longest_side: int = PHOTO_LONGEST_SIDE, **kwargs):
        self.longest_side = longest_side
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.longest_side != PHOTO_LONGEST_SIDE:
            kwargs["longest_side"] = self.longest_side
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        return super().formfield(
            **{"form_class": PhotoFormField, "longest_side": self.longest_side, **kwargs}
        )


class PhotoFormField(forms.ImageField):
    """A photo in a form: every check first, each with its own message; cleaned into the photo to store."""

    def __init__(self, *, longest_side: int = PHOTO_LONGEST_SIDE, **kwargs):
        self.longest_side = longest_side
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        # static/js/site.js checks the sizes when photos are chosen, before anything is sent.
        attrs = super().widget_attrs(widget)
        attrs.setdefault("accept", "image/jpeg,image/png,image/webp")
        attrs["data-max-bytes"] = PHOTO_MAX_BYTES
        attrs["data-too-large"] = _("{name} is {size} MB: a photo may be at most {max} MB.")
        return attrs

    def to_python(self, data):
        if data not in self.empty_values and isinstance(data, UploadedFile):
            check_upload(data, max_bytes=PHOTO_MAX_BYTES, extensions=PHOTO_EXTENSIONS)
        return super().to_python(data)

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if isinstance(value, UploadedFile):  # a new upload (not the stored photo, not "clear")
            return process_photo(value, self.longest_side)
        return value


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(PhotoFormField):
    """Several photos in one file input (``<input type="file" multiple>``): a list of photos to store."""

    widget = MultiplePhotoInput

    def __init__(self, *, max_count: int, **kwargs):
        self.max_count = max_count
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {
            **super().widget_attrs(widget),
            "multiple": True,
            "data-max-count": self.max_count,
            "data-too-many": _("At most {max} photos, please: {count} were chosen."),
        }

    def clean(self, data, initial=None):
        uploads = [upload for upload in (data or []) if upload] if isinstance(data, list | tuple) else [data]
        uploads = [upload for upload in uploads if upload]
        if not uploads:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        if len(uploads) > self.max_count:
            raise ValidationError(
                _("At most %(max)s photos, please: %(count)s were chosen."),
                params={"max": self.max_count, "count": len(uploads)},
                code="too_many_photos",
            )
        photos, errors = [], []
        for upload in uploads:
            try:
                photos.append(super().clean(upload, None))
            except ValidationError as error:
                errors.extend(_named(upload, message) for message in error.messages)
        if errors:
            raise ValidationError(errors)
        return photos


def _named(upload, message: str) -> str:
    return _("%(name)s: %(message)s") % {
        "name": Path(getattr(upload, "name", "") or "").name,
        "message": message,
    }


# ---- while the request is read: a file stops being kept at its field's limit ----------------------


class RefusedUpload(UploadedFile):
    """A file that passed its field's limit while it was read: nothing of it was kept, only its size."""

    def __init__(self, name: str, size: int, content_type: str | None):
        super().__init__(io.BytesIO(), name=name, content_type=content_type, size=size)


_field_limits: dict[str, int] | None = None
_declared_limits: dict[str, int] = {}


def declare_upload_field(name: str, max_bytes: int) -> None:
    """Name a form's upload field that is no model field (e.g. a form's several photos) with its limit."""
    global _field_limits
    _declared_limits[name] = max_bytes
    _field_limits = None


def field_limit(field_name: str) -> int:
    """The size limit of a posted file field (``photo``, or an inline's ``photos-0-image``).

    From the models' file fields (the largest limit any field of that name has)
    and the form fields declared with ``declare_upload_field``; a name no form
    declares gets the largest limit there is.
    """
    global _field_limits
    if _field_limits is None:
        limits = dict(_declared_limits)
        for model in apps.get_models():
            for field in model._meta.concrete_fields:
                if not isinstance(field, models.FileField):
                    continue
                for validator in field.validators:
                    if isinstance(validator, FileContentValidator):
                        limits[field.name] = max(limits.get(field.name, 0), validator.max_bytes)
        _field_limits = limits
    name = field_name.rsplit("-", 1)[-1]
    return _field_limits.get(name, max(ATTACHMENT_MAX_BYTES, PHOTO_MAX_BYTES))


class UploadLimitHandler(FileUploadHandler):
    """First upload handler: a file past its field's limit is read past, not kept, and becomes a
    ``RefusedUpload`` that the field's checks refuse with its size. The handlers after this one
    (memory, temporary file) never receive more than the limit."""

    def new_file(self, field_name, *args, **kwargs):
        super().new_file(field_name, *args, **kwargs)
        self.limit = field_limit(field_name)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            return None  # the later handlers do not get it: it is dropped
        return raw_data

    def file_complete(self, file_size):
        if self.received > self.limit:
            return RefusedUpload(self.file_name, self.received, self.content_type)
        return None
