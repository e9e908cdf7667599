from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from congress.backup import BackupError, backup, default_folder


class Command(BaseCommand):
    help = "Back up the database (every row, as JSON) and the uploaded files into one folder (congress/backup.py)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", type=Path, help="the folder to create (default: var/backups/<date-time>)"
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args, output=None, database="default", **options):
        try:
            summary = backup(output or default_folder(), using=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Backed up {summary.rows} rows of {summary.models} models and {summary.files} files "
            f"to {summary.folder}"
        )
