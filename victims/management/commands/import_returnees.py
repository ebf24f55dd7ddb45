from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from victims import importing


class Command(BaseCommand):
    help = "Import a returnee list (the Excel template) as USERNAME; prints the row report."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the filled template (.xlsx)")
        parser.add_argument("--as", dest="username", required=True, help="importing user")
        parser.add_argument("--dry-run", action="store_true", help="check only, save nothing")

    def handle(self, *args, file, username, dry_run=False, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user {username!r}.")
        if reason := importing.import_allowed(user):
            raise CommandError(reason)
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"File not found: {path}")
        try:
            with path.open("rb") as handle:
                rows = importing.read_rows(handle)
        except importing.ImportFileError as error:
            raise CommandError(str(error)) from error
        results = importing.check_rows(rows, user=user)
        for result in results:
            reasons = " ".join(result.reasons)
            self.stdout.write(f"{result.number:>5}  {result.status:<8} {reasons}".rstrip())
        counts = importing.summary(results)
        saved = 0 if dry_run else importing.save_rows(results, user=user)
        self.stdout.write(
            f"ok: {counts['ok']}, warning: {counts['warning']}, error: {counts['error']}, "
            f"already imported: {counts['already']}; saved: {saved}"
            + (" (dry run)" if dry_run else "")
        )
