from django import forms
from django.utils.translation import gettext_lazy as _

from core.concurrency import VersionedFormMixin
from core.forms import DateInput, check_evidence_file
from verification.models import DossierStatus, EvidenceDocument


class SendForm(VersionedFormMixin, forms.Form):
    version_field_map = {"agency": "verifying_agency"}

    agency = forms.CharField(label=_("Cơ quan được đề nghị xác minh"), max_length=200)
    letter_number = forms.CharField(label=_("Số công văn đề nghị"), max_length=60)
    letter_date = forms.DateField(label=_("Ngày công văn"), widget=DateInput())
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


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


class NoteForm(VersionedFormMixin, forms.Form):
    # A reopening's reason is the note.
    service_fields = {"reason": "note"}

    note = forms.CharField(
        label=_("Ghi chú / lý do"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class EvidenceForm(forms.ModelForm):
    class Meta:
        model = EvidenceDocument
        fields = ["ground", "kind", "issuing_body", "number", "issued_on", "file"]
        widgets = {"issued_on": DateInput()}

    def clean_file(self):
        return check_evidence_file(self.cleaned_data.get("file"))
