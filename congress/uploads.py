"""Uploaded photos and attachments: checked by content, limited in size, stored under random names.

Use ``photo_field_options()`` / ``attachment_field_options()`` (or the
validators and ``random_upload_to``) on every FileField/ImageField.
"""

import uuid
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
        if upload.size > self.max_bytes:
            raise ValidationError(
                _("The file is %(size)s MB; at most %(max)s MB is allowed."),
                params={"size": round(upload.size / MB, 1), "max": self.max_bytes // MB},
                code="file_too_large",
            )
        extension = Path(upload.name).suffix.lower().lstrip(".")
        upload.seek(0)
        head = upload.read(16)
        upload.seek(0)
        if not any(head.startswith(sig) for sig in SIGNATURES.get(extension, [])):
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
