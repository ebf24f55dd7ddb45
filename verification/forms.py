from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.concurrency import VersionedFormMixin
from core.forms import DateInput, check_evidence_file
from verification import rules
from verification.models import DossierStatus, EvidenceDocument


class SubmitForm(VersionedFormMixin, forms.Form):
    notified_on = forms.DateField(
        label=_("Ngày nhận thông báo"),
        widget=DateInput(),
        help_text=_(
            "Ngày nhận được thông báo, hồ sơ của UBND xã hoặc Công an về người trở về: thời hạn "
            "03 ngày xử lý tính từ ngày này (không phải ngày nhập vào hệ thống)."
        ),
    )
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_notified_on(self):
        day = self.cleaned_data["notified_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Ngày nhận thông báo không được sau ngày hôm nay."))
        return day


class SendForm(VersionedFormMixin, forms.Form):
    version_field_map = {"agency": "verifying_agency"}

    agency = forms.CharField(label=_("Cơ quan được đề nghị xác minh"), max_length=200)
    letter_number = forms.CharField(
        label=_("Số công văn đề nghị"),
        max_length=60,
        required=False,
        help_text=_(
            "Để trống: lấy số tiếp theo trong sổ văn bản đi của cơ quan gửi (năm của ngày công "
            "văn). Chỉ ghi khi công văn đã được cấp số ngoài hệ thống."
        ),
    )
    letter_date = forms.DateField(label=_("Ngày công văn"), widget=DateInput())
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_letter_date(self):
        day = self.cleaned_data["letter_date"]
        error = rules.letter_date_error(letter_date=day, today=timezone.localdate())
        if error:
            raise forms.ValidationError(error)
        return day


class ResultForm(VersionedFormMixin, forms.Form):
    version_field_map = {"result": "status"}

    result = forms.ChoiceField(
        label=_("Kết quả xác minh"),
        choices=[
            (DossierStatus.IDENTIFIED, _("Xác định là nạn nhân")),
            (DossierStatus.NOT_VICTIM, _("Không phải nạn nhân")),
            (DossierStatus.SUBMITTED, _("Cần bổ sung thông tin")),
        ],
    )
    reply_number = forms.CharField(label=_("Số văn bản trả lời"), max_length=60, required=False)
    reply_date = forms.DateField(
        label=_("Ngày văn bản trả lời"), required=False, widget=DateInput()
    )
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        data = super().clean()
        if "result" not in data:
            return data
        # The dossier the form was opened on (`versioned`) gives the request's date.
        dossier = self.versioned
        errors = rules.result_reply_errors(
            result=data["result"],
            reply_number=data.get("reply_number", ""),
            reply_date=data.get("reply_date"),
            letter_date=dossier.letter_date if dossier is not None else None,
            today=timezone.localdate(),
        )
        for field, message in errors.items():
            if field not in self.errors:
                self.add_error(field, message)
        return data


class NoteForm(VersionedFormMixin, forms.Form):
    # A reopening's reason is the note.
    service_fields = {"reason": "note"}

    note = forms.CharField(
        label=_("Ghi chú / lý do"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReopenForm(NoteForm):
    """A reopening: its reason is required, refused next to the field when blank."""

    note = forms.CharField(
        label=_("Lý do mở lại"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Cần ghi lý do mở lại hồ sơ.")},
    )


class EvidenceForm(forms.ModelForm):
    class Meta:
        model = EvidenceDocument
        fields = ["ground", "kind", "issuing_body", "number", "issued_on", "file"]
        widgets = {"issued_on": DateInput()}

    def clean_file(self):
        return check_evidence_file(self.cleaned_data.get("file"))
