"""manage.py anonymise_due --reason TEXT [--dry-run]: anonymise every person due (all of their
cases closed for longer than RETENTION_YEARS_AFTER_CLOSURE years). Prints ids and case codes,
never a name."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from victims.anonymise import victim_anonymise, victims_due


class Command(BaseCommand):
    help = "List (--dry-run) or anonymise the people past the retention period after closure."

    def add_arguments(self, parser):
        parser.add_argument("--reason", default="", help="why (kept on each person)")
        parser.add_argument("--dry-run", action="store_true", help="list only, change nothing")

    def handle(self, *args, reason="", dry_run=False, **options):
        if not dry_run and not reason.strip():
            raise CommandError(_("Cần ghi lý do ẩn danh (--reason)."))
        due = victims_due().order_by("pk").prefetch_related("cases")
        done = 0
        for victim in due:
            codes = ", ".join(sorted(case.code for case in victim.cases.all()))
            self.stdout.write(f"{victim.pk:>8}  {codes}")
            if not dry_run and victim_anonymise(actor=None, victim=victim, reason=reason):
                done += 1
        if dry_run:
            self.stdout.write(
                ngettext(
                    "%(count)s người đến hạn ẩn danh.", "%(count)s người đến hạn ẩn danh.", len(due)
                )
                % {"count": len(due)}
            )
        else:
            self.stdout.write(
                ngettext("Đã ẩn danh %(count)s người.", "Đã ẩn danh %(count)s người.", done)
                % {"count": done}
            )
