"""`manage.py restore PATH --yes`: replace the database and MEDIA_ROOT with a backup made by
`manage.py backup`, after checking its checksums. Stop the web server and the workers first."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup folder made by `backup`: the database and MEDIA_ROOT are REPLACED. "
        "Stop the web server and the Celery workers first."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The backup folder (backup-YYYYmmdd-HHMMSS).")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Confirm that the current database and files are to be replaced.",
        )

    def handle(self, *args, path, yes=False, **options):
        if not yes:
            raise CommandError(
                "Restoring replaces the whole database and MEDIA_ROOT; "
                "run again with --yes to confirm."
            )
        try:
            manifest = backup_restore(folder=path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored the backup of {manifest['created_at']} "
            f"(version {manifest['app_version']}); run `manage.py migrate` if the code is newer."
        )
