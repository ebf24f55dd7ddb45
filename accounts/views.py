from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from accounts import two_factor
from accounts.forms import LoginForm, TwoFactorCodeForm
from accounts.services import user_sessions_end


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        # The new password ends every other session of the user (other browsers, a stolen one).
        user_sessions_end(
            user=self.request.user,
            actor=self.request.user,
            keep_session_key=self.request.session.session_key,
        )
        messages.success(self.request, gettext_lazy("Đã đổi mật khẩu."))
        return response


@login_required
def notification_list(request):
    """The user's own notifications; opening the page marks them read."""
    notifications = list(request.user.notifications.all()[:100])
    request.user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
    return render(request, "accounts/notifications.html", {"notifications": notifications})


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("home")


def _code_form_post(request, device, template, context):
    """Check the code typed on the set-up or verification page (throttled, logged)."""
    form = TwoFactorCodeForm(request.POST or None)
    wait = two_factor.verification_wait(device)
    if request.method == "POST" and form.is_valid():
        if wait:
            form.add_error(
                "token",
                ngettext(
                    "Nhập sai quá nhiều lần. Vui lòng thử lại sau %(seconds)s giây.",
                    "Nhập sai quá nhiều lần. Vui lòng thử lại sau %(seconds)s giây.",
                    wait,
                )
                % {"seconds": wait},
            )
        elif two_factor.device_verify(
            request=request, device=device, token=form.cleaned_data["token"]
        ):
            return redirect(_next_url(request))
        else:
            form.add_error("token", _("Mã xác thực không đúng hoặc đã hết hạn."))
    return render(request, template, {**context, "form": form, "next": _next_url(request)})


@login_required
def two_factor_verify(request):
    """After the password: a code from the user's authenticator app."""
    device = two_factor.confirmed_device(request.user)
    if device is None:
        return redirect(f"{reverse('accounts:two-factor-enrol')}?{request.GET.urlencode()}")
    if two_factor.is_verified(request.user):
        return redirect(_next_url(request))
    return _code_form_post(request, device, "accounts/two_factor_verify.html", {})


@login_required
def two_factor_enrol(request):
    """Set up an authenticator app: a QR code and the key as text, confirmed by one code."""
    if two_factor.confirmed_device(request.user) is not None:
        return redirect(f"{reverse('accounts:two-factor-verify')}?{request.GET.urlencode()}")
    device = two_factor.device_enrolment_start(user=request.user)
    context = {
        "qr_svg": two_factor.device_qr_svg(device),
        "key_text": two_factor.device_key_text(device),
    }
    return _code_form_post(request, device, "accounts/two_factor_enrol.html", context)


@login_required
def account(request):
    """The user's own account: their two-factor device and their sessions."""
    return render(
        request,
        "accounts/account.html",
        {
            "device": two_factor.confirmed_device(request.user),
            "two_factor_required": two_factor.role_requires_two_factor(request.user),
            "session_count": request.user.sessions.filter(expire_date__gt=timezone.now()).count(),
        },
    )


@login_required
@require_POST
def account_device_regenerate(request):
    """A new key replaces the old device (a new phone, a key that may have been seen)."""
    two_factor.device_regenerate(user=request.user)
    messages.info(request, _("Thiết bị cũ đã bị hủy. Hãy quét mã QR mới và nhập mã xác thực."))
    return redirect(f"{reverse('accounts:two-factor-enrol')}?next={reverse('accounts:account')}")


@login_required
@require_POST
def account_logout_everywhere(request):
    """End every session of the user, in this browser and every other."""
    user = request.user
    user_sessions_end(user=user, actor=user)
    logout(request)
    messages.success(request, _("Đã đăng xuất khỏi mọi phiên làm việc."))
    return redirect("accounts:login")
