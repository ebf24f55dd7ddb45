"""`manage.py backup [--output DIR]`: the database (pg_dump -Fc, or SQLite's backup API) and a
tar of MEDIA_ROOT, with a manifest of checksums, in a new folder (operations.backups)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from operations.backups import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database and the uploaded files (MEDIA_ROOT) into a new folder."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            default=None,
            help="Folder that receives the backup folder (default: BACKUP_DIR).",
        )

    def handle(self, *args, output=None, **options):
        try:
            folder = backup_create(output=output or Path(settings.BACKUP_DIR))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(folder))
