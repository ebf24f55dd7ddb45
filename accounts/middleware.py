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
