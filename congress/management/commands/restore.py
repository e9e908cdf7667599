from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from congress.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into this database (migrated first) and MEDIA_ROOT, "
        "checking every model's row count and every file's checksum (congress/backup.py)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--input", type=Path, required=True, help="the backup folder")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="replace the content of a database that already has user accounts",
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args, input, replace=False, database="default", **options):  # noqa: A002
        try:
            summary = restore(input, replace=replace, using=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored {summary.rows} rows of {summary.models} models and {summary.files} files "
            f"from {summary.folder}"
        )
