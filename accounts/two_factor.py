"""Two-factor authentication with TOTP (django-otp): who needs it, enrolment, verification.

A user of a role in `TWO_FACTOR_ROLES`, or any user who set up a device, enters a code from an
authenticator app after the password (accounts.middleware.TwoFactorMiddleware sends them to the
pages of accounts.views until the session is verified). The admin site needs a verified
device for everyone. Wrong codes are throttled by django-otp (the wait doubles after each one)
and logged with ids only.
"""

import io
import logging
from base64 import b32encode

import django_otp
from django.conf import settings
from django.db import transaction
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

logger = logging.getLogger("trafficking_cases.security")

DEVICE_NAME = "default"
DEMO_DEVICE_NAME = "demo"


def two_factor_required(user) -> bool:
    """Whether `user` must verify a code before using the application."""
    if not user.is_authenticated:
        return False
    return role_requires_two_factor(user) or confirmed_device(user) is not None


def role_requires_two_factor(user) -> bool:
    """The roles in TWO_FACTOR_ROLES (a setting, not the role policy: how strongly a user signs
    in, not what they may do) always enter a code."""
    return user.role in settings.TWO_FACTOR_ROLES


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def is_verified(user) -> bool:
    return bool(getattr(user, "is_verified", None) and user.is_verified())


def device_key_text(device: TOTPDevice) -> str:
    """The key as authenticator apps take it by hand: base32, in groups of four."""
    key = b32encode(device.bin_key).decode()
    return " ".join(key[index : index + 4] for index in range(0, len(key), 4))


def device_qr_svg(device: TOTPDevice) -> str:
    """An SVG QR code of the device's otpauth:// address, drawn here (no outside service)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    out = io.BytesIO()
    image.save(out)
    svg = out.getvalue().decode()
    # Inline in the page: drop the XML declaration.
    return svg[svg.index("<svg") :]


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


@transaction.atomic
def device_enrolment_start(*, user) -> TOTPDevice:
    """The unconfirmed device a user is setting up (a new key the first time). A user with a
    confirmed device gets none: a second device is only set up after verifying the first."""
    if confirmed_device(user) is not None:
        raise ValueError("The user already has a confirmed device.")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def verification_wait(device: TOTPDevice) -> int:
    """Seconds to wait before the next try after wrong codes (0: a code may be tried now)."""
    from django.utils import timezone

    allowed, details = device.verify_is_allowed()
    if allowed or not details or "locked_until" not in details:
        return 0
    return max(1, int((details["locked_until"] - timezone.now()).total_seconds() + 0.999))


def device_verify(*, request, device: TOTPDevice, token: str) -> bool:
    """Check `token` against `device` (throttled by django-otp); on success the device is
    confirmed if it was being set up and the session is verified."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=request.user)
        verified = device.verify_token(token.strip().replace(" ", ""))
        if verified and not device.confirmed:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            # Any half-done set-up left behind is of no use any more.
            TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
    if verified:
        # A new session key once the user is fully signed in.
        request.session.cycle_key()
        django_otp.login(request, device)
        logger.info("two-factor verified: user=%s device=%s", request.user.pk, device.pk)
    else:
        logger.warning(
            "two-factor code refused: user=%s device=%s failures=%s",
            request.user.pk,
            device.pk,
            device.throttling_failure_count,
        )
    return verified


@transaction.atomic
def device_regenerate(*, user) -> TOTPDevice:
    """Replace the user's devices by a new, unconfirmed one (a new key to scan and confirm)."""
    TOTPDevice.objects.filter(user=user).delete()
    logger.info("two-factor device regenerated: user=%s", user.pk)
    return TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def device_reset(*, user, actor) -> int:
    """A supervisor removes a user's devices (a lost phone): the user sets up a new one at the
    next sign-in. Returns how many devices were removed."""
    deleted, _by_model = TOTPDevice.objects.filter(user=user).delete()
    logger.info("two-factor device reset: user=%s by=%s devices=%s", user.pk, actor.pk, deleted)
    return deleted


def demo_device_ensure(*, user) -> TOTPDevice:
    """The demo's confirmed device with the public demo key (DEMO_OTP_KEY)."""
    TOTPDevice.objects.filter(user=user).exclude(name=DEMO_DEVICE_NAME).delete()
    device, _created = TOTPDevice.objects.update_or_create(
        user=user,
        name=DEMO_DEVICE_NAME,
        defaults={"key": settings.DEMO_OTP_KEY, "confirmed": True},
    )
    return device


def is_demo_device(device: TOTPDevice) -> bool:
    return device.name == DEMO_DEVICE_NAME and device.key == settings.DEMO_OTP_KEY
