import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.translation import gettext as _

LAST_ACTIVITY_KEY = "last_activity"
LOGIN_TIME_KEY = "login_time"


class SessionTimeoutMiddleware:
    """Signs a user out after a period of inactivity, and in any case after the absolute limit.

    Requests made by the page itself (htmx polling, marked with the HX-Trigger-Name "poll") do
    not count as activity, so an open report page does not keep a session alive forever.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            session = request.session
            last_activity = session.get(LAST_ACTIVITY_KEY, now)
            login_time = session.setdefault(LOGIN_TIME_KEY, now)
            idle_limit = settings.SESSION_IDLE_TIMEOUT_MINUTES * 60
            absolute_limit = settings.SESSION_ABSOLUTE_TIMEOUT_HOURS * 3600
            if now - last_activity > idle_limit or now - login_time > absolute_limit:
                logout(request)
                messages.warning(request, _("Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại."))
                return redirect_to_login(request.get_full_path())
            if request.headers.get("HX-Trigger-Name") != "poll":
                session[LAST_ACTIVITY_KEY] = now
        return self.get_response(request)


# Pages a signed-in user reaches before the second factor: to finish signing in, or to leave.
TWO_FACTOR_OPEN_VIEWS = {
    "accounts:login",
    "accounts:logout",
    "accounts:two-factor-verify",
    "accounts:two-factor-enrol",
    "set_language",
}


class TwoFactorMiddleware:
    """Until the session is verified with a code, a user who needs two-factor
    (accounts.two_factor.two_factor_required) is sent from every page to the verification
    page, or to the set-up page when they have no device yet. The admin site needs a verified
    device for everyone who may use it, whatever TWO_FACTOR_ROLES says.

    Goes after django_otp's OTPMiddleware (which tells whether the session is verified).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from django.shortcuts import redirect
        from django.urls import reverse
        from django.utils.http import urlencode

        from accounts.two_factor import confirmed_device, is_verified, two_factor_required

        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or is_verified(user):
            return None
        match = request.resolver_match
        if match is None or match.view_name in TWO_FACTOR_OPEN_VIEWS:
            return None
        if request.path.startswith("/" + settings.STATIC_URL.lstrip("/")):
            return None
        for_admin = "admin" in match.namespaces and user.is_staff
        if not for_admin and not two_factor_required(user):
            return None
        name = (
            "accounts:two-factor-verify" if confirmed_device(user) else "accounts:two-factor-enrol"
        )
        return redirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")
