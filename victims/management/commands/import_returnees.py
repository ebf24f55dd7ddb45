"""manage.py import_returnees FILE --as USERNAME [--dry-run]: the screen's import, in a shell
(the same services, run synchronously: victims.importing)."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from victims import importing


class Command(BaseCommand):
    help = "Import a returnee list (the Excel template) as USERNAME; prints the row report."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the filled template (.xlsx)")
        parser.add_argument("--as", dest="username", required=True, help="importing user")
        parser.add_argument("--dry-run", action="store_true", help="check only, save nothing")

    def handle(self, *args, file, username, dry_run=False, **options):
        user = self._user(username)
        results = importing.check_rows(self._rows(Path(file)), user=user)
        # Saved before the report is printed: a row the database refuses is reported with it.
        saved = 0 if dry_run else importing.save_rows(results, user=user)
        for result in results:
            reasons = " ".join(result.reasons)
            self.stdout.write(f"{result.number:>5}  {result.status_label:<10} {reasons}".rstrip())
        self.stdout.write(self._counts(importing.summary(results), saved, dry_run))

    def _user(self, username):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            message = _("Không có tài khoản đang hoạt động “%(name)s”.")
            raise CommandError(message % {"name": username})
        if reason := importing.import_allowed(user):
            raise CommandError(reason)
        return user

    def _rows(self, path: Path):
        if not path.is_file():
            raise CommandError(_("Không tìm thấy tệp %(path)s.") % {"path": path})
        try:
            with path.open("rb") as handle:
                return importing.read_rows(handle)
        except importing.ImportFileError as error:
            raise CommandError(str(error)) from error

    def _counts(self, counts, saved, dry_run) -> str:
        line = ngettext(
            "Hợp lệ: %(ok)s, cần lưu ý: %(warning)s, lỗi: %(error)s, đã nhập trước đây: "
            "%(already)s; đã lưu: %(saved)s vụ việc.",
            "Hợp lệ: %(ok)s, cần lưu ý: %(warning)s, lỗi: %(error)s, đã nhập trước đây: "
            "%(already)s; đã lưu: %(saved)s vụ việc.",
            saved,
        ) % {**counts, "saved": saved}
        return f"{line} {_('(Chạy thử: không lưu gì.)')}" if dry_run else line
