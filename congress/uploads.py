"""Uploaded photos and attachments: checked by content, limited in size, stored under random names.

On every FileField/ImageField: ``upload_to=random_upload_to("<app>/<what>")`` and
``validators=photo_validators()`` or ``attachment_validators()``. Files of records
that are not public are served only by ``congress.protected_media``.
"""

import uuid
import zipfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

MB = 1024 * 1024
PHOTO_MAX_BYTES = 8 * MB
ATTACHMENT_MAX_BYTES = 20 * MB
PHOTO_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
ATTACHMENT_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "jpg", "jpeg", "png"]

# Larger photos are refused before decoding (a small file can decode to a huge image).
PHOTO_MAX_PIXELS = 40_000_000

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


def content_matches(upload, extension: str) -> bool:
    """Whether the file's content is what its extension says (signature, and structure where cheap)."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(sig) for sig in SIGNATURES.get(extension, [])):
        return False
    if extension == "webp" and head[8:12] != b"WEBP":
        return False
    if extension in OFFICE_MAIN_PARTS:
        try:
            with zipfile.ZipFile(upload) as archive:
                return OFFICE_MAIN_PARTS[extension] in archive.namelist()
        except zipfile.BadZipFile:
            return False
        finally:
            upload.seek(0)
    if extension in IMAGE_EXTENSIONS:
        return _is_decodable_image(upload)
    return True


def _is_decodable_image(upload) -> bool:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(upload) as image:
            if image.width * image.height > PHOTO_MAX_PIXELS:
                return False
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return False
    finally:
        upload.seek(0)
    return True


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
            raise ValidationError(
                _("The file is %(size)s MB; at most %(max)s MB is allowed."),
                params={"size": round(upload.size / MB, 1), "max": self.max_bytes // MB},
                code="file_too_large",
            )
        extension = extension_of(upload.name)
        if not content_matches(upload, extension):
            raise ValidationError(
                _("The content of this file is not a .%(ext)s file."),
                params={"ext": extension},
                code="bad_content",
            )

    def __eq__(self, other):
        return isinstance(other, FileContentValidator) and other.max_bytes == self.max_bytes


def photo_validators():
    return [FileExtensionValidator(PHOTO_EXTENSIONS), FileContentValidator(PHOTO_MAX_BYTES)]


def attachment_validators():
    return [FileExtensionValidator(ATTACHMENT_EXTENSIONS), FileContentValidator(ATTACHMENT_MAX_BYTES)]
