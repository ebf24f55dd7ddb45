from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: mật khẩu phân biệt chữ hoa, chữ thường."
        ),
        "inactive": _("Tài khoản này đã bị khóa. Vui lòng liên hệ quản trị hệ thống."),
    }

    username = forms.CharField(
        label=_("Tên đăng nhập"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class TwoFactorCodeForm(forms.Form):
    token = forms.CharField(
        label=_("Mã xác thực"),
        max_length=10,
        help_text=_(
            "Mã 6 chữ số trong ứng dụng xác thực (Google Authenticator, Microsoft Authenticator…)."
        ),
        widget=forms.TextInput(
            attrs={
                "autofocus": True,
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9 ]*",
            }
        ),
    )

    def clean_token(self):
        token = self.cleaned_data["token"].replace(" ", "")
        if not token.isdigit() or len(token) not in (6, 8):
            raise forms.ValidationError(_("Mã xác thực gồm 6 chữ số."))
        return token


class ExportReasonForm(forms.Form):
    """Why personal data leaves the system, and optionally a password for the file."""

    reason = forms.CharField(
        label=_("Lý do xuất dữ liệu"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Ví dụ: gửi danh sách cho Công an tỉnh theo Công văn số 123/CV-PC02. "
            "Lý do được ghi vào nhật ký truy cập."
        ),
        error_messages={"required": _("Vui lòng nêu lý do xuất dữ liệu.")},
    )
    password = forms.CharField(
        label=_("Mật khẩu bảo vệ tệp (không bắt buộc)"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=True, attrs={"autocomplete": "new-password"}),
        help_text=_("Nếu nhập, tệp Excel được mã hóa; người nhận cần mật khẩu này để mở tệp."),
    )
    password_confirm = forms.CharField(
        label=_("Nhập lại mật khẩu"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=True, attrs={"autocomplete": "new-password"}),
    )

    def clean_reason(self):
        reason = " ".join(self.cleaned_data["reason"].split())
        minimum = settings.EXPORT_REASON_MIN_LENGTH
        if len(reason) < minimum:
            raise forms.ValidationError(
                ngettext(
                    "Lý do quá ngắn: vui lòng nêu rõ lý do (ít nhất %(count)s ký tự).",
                    "Lý do quá ngắn: vui lòng nêu rõ lý do (ít nhất %(count)s ký tự).",
                    minimum,
                )
                % {"count": minimum}
            )
        return reason

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password", "")
        confirm = cleaned.get("password_confirm", "")
        if password or confirm:
            minimum = settings.EXPORT_PASSWORD_MIN_LENGTH
            if len(password) < minimum:
                self.add_error(
                    "password",
                    ngettext(
                        "Mật khẩu cần ít nhất %(count)s ký tự.",
                        "Mật khẩu cần ít nhất %(count)s ký tự.",
                        minimum,
                    )
                    % {"count": minimum},
                )
            elif password != confirm:
                self.add_error("password_confirm", _("Hai lần nhập mật khẩu không khớp."))
        return cleaned
