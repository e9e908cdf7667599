"""Make the photos stored before photos were processed on upload like those after: without EXIF or GPS.

Every photo field (``congress.uploads.PhotoField``) of every app: a stored photo
that still carries metadata (the camera, the time, the GPS position), is larger
than its field keeps or is no JPEG is processed as an upload is
(``process_photo``), stored under a new name, its record saved with the
change in its history, and the old file deleted once that is committed. Photos
already fit are left alone, so running it again changes nothing. ``--dry-run``
only counts. Back up first (``make backup``): the old files are gone afterwards.
"""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.db import transaction

from congress.uploads import PhotoField, is_fit_for_storing, process_photo

REASON = "photo made fit for phones, EXIF and GPS removed (strip_photo_metadata)"


def photo_fields():
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, PhotoField):
                yield model, field


class Command(BaseCommand):
    help = "Remove EXIF (GPS included) from photos stored before uploads were processed, and downscale them."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="only count what would change")

    def handle(self, *args, dry_run=False, **options):
        changed = fit = missing = unreadable = 0
        for model, field in photo_fields():
            for record in model._default_manager.exclude(**{field.name: ""}).iterator():
                stored = getattr(record, field.name)
                try:
                    stored.open("rb")
                except FileNotFoundError:
                    missing += 1
                    continue
                try:
                    with stored:
                        if is_fit_for_storing(stored, field.longest_side):
                            fit += 1
                            continue
                        photo = None if dry_run else process_photo(stored, field.longest_side)
                except (ValidationError, OSError):
                    unreadable += 1
                    self.stderr.write(
                        f"{model._meta.label} {record.pk} {field.name}: not a picture, left as it is"
                    )
                    continue
                changed += 1
                if photo is not None:
                    self._replace(record, field, photo)
        verb = "would be made" if dry_run else "made"
        self.stdout.write(
            f"{changed} photos {verb} fit for phones without EXIF or GPS; {fit} already were; "
            f"{missing} files missing; {unreadable} not pictures."
        )

    @staticmethod
    @transaction.atomic
    def _replace(record, field, photo):
        old_name = getattr(record, field.name).name
        storage = getattr(record, field.name).storage
        getattr(record, field.name).save(photo.name, photo, save=False)
        record._change_reason = REASON  # django-simple-history: why the record changed, and no acting user
        save = {"update_fields": [field.name]}
        if hasattr(record, "version"):
            save["keep_version"] = True  # a maintenance write: forms open on the record still save
        record.save(**save)
        transaction.on_commit(lambda: storage.delete(old_name))
