from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts import demo as accounts_demo
from locations.models import AdministrativeUnit
from prevention import demo as prevention_demo
from reports import demo as reports_demo
from support_services.applications import demo as applications_demo
from support_services.referrals import demo as referrals_demo
from support_services.reintegration import demo as followups_demo
from support_services.supports import demo as support_demo
from verification import demo as verification_demo
from victims import demo as victims_demo

LEGACY_CSV = settings.BASE_DIR / "locations" / "data" / "legacy_units_38_thanh_hoa.csv"


class Command(BaseCommand):
    help = "Create the demo province (Thanh Hóa) with one user per role. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--logins-only", action="store_true", help="Only print the demo logins."
        )

    def handle(self, *args, logins_only=False, **options):
        if logins_only:
            self._print_logins(accounts_demo.demo_logins())
            return
        if not AdministrativeUnit.objects.filter(is_legacy=True, code="391").exists():
            call_command("load_units", legacy=[str(LEGACY_CSV)], stdout=self.stdout)
        with transaction.atomic():
            users = accounts_demo.seed()
        cases = victims_demo.seed()
        dossiers = verification_demo.seed()
        supports = support_demo.seed()
        applications_demo.seed()
        referrals_demo.seed()
        followups_demo.seed()
        prevention = prevention_demo.seed()
        # A person past the retention period (the retention screen) and an approved report of
        # a past period (a locked period).
        followups_demo.seed_retention_due()
        reports_demo.seed_locked_period()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready ({cases} new demo cases, {dossiers} new demo dossiers, "
                f"{supports} new demo supports, {prevention} new demo prevention records)."
            )
        )
        self._print_logins(users)

    def _print_logins(self, users):
        self.stdout.write(
            "Two-factor (supervisor, provincial staff): key GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ in an "
            "authenticator app, or `manage.py demo_otp_code USERNAME`."
        )
        self.stdout.write(self.style.SUCCESS("Demo logins (tên đăng nhập / mật khẩu):"))
        for user, password in users:
            role = user.get_role_display()
            self.stdout.write(f"  {user.username:<18} {password:<16} {role} — {user.jurisdiction}")
