from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.two_factor import current_code, is_demo_device


class Command(BaseCommand):
    help = (
        "Print the current two-factor code of a demo user's device (the public demo key). "
        "Refuses any other device."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        devices = list(TOTPDevice.objects.filter(user__username=username, confirmed=True))
        if not devices:
            raise CommandError(f"{username} has no two-factor device.")
        if not all(is_demo_device(device) for device in devices):
            raise CommandError(
                f"{username} has a device that is not a demo device: its code is not shown."
            )
        self.stdout.write(current_code(devices[0]))
