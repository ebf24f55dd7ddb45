"""Forms of applications for re-integration supports: validation only; the rules are in
applications_services / applications_rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput
from locations.forms import add_unit_picker, check_picker, picked_unit
from support_services.applications import services
from support_services.models import ApplicantRelation
from support_services.supports import services as support_services

NOTE = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RecordForm(forms.Form):
    support_type = forms.ModelChoiceField(
        label=_("Chế độ đề nghị hỗ trợ"), queryset=None, empty_label=None
    )
    received_on = forms.DateField(label=_("Ngày nhận đơn"), widget=DateInput())
    applicant_relation = forms.ChoiceField(
        label=_("Người làm đơn"), choices=ApplicantRelation.choices
    )
    applicant_name = forms.CharField(
        label=_("Họ tên người làm đơn thay"),
        max_length=150,
        required=False,
        help_text=_("Khi cha, mẹ, người giám hộ hoặc người đại diện làm đơn."),
    )
    certified_on = forms.DateField(label=_("Ngày UBND cấp xã xác nhận"), widget=DateInput())
    certification_number = forms.CharField(
        label=_("Số văn bản xác nhận"), max_length=60, required=False
    )
    note = NOTE

    # Where a refusal of the service is shown.
    service_fields = {"certifying": "certifying_commune"}

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        regime = support_services.case_facts(case).regime
        # A new application: the supports in use (core.Deactivatable).
        self.fields["support_type"].queryset = services.reintegration_types(regime).active()
        self.fields["support_type"].label_from_instance = (
            lambda support_type: support_type.display_name
        )
        residence = case.victim.permanent_unit
        if not self.is_bound and residence is not None and residence.level == "commune":
            self.initial.setdefault("certifying", residence)
        add_unit_picker(self, "certifying", label=_("UBND xã/phường xác nhận"), required=True)
        self.fields["certifying_commune"].required = True
        self.fields["certifying_commune"].error_messages["required"] = _(
            "Chọn xã/phường đã xác nhận đơn."
        )

    def clean(self):
        data = super().clean()
        check_picker(self, "certifying")
        data["certifying_unit"] = picked_unit(data, "certifying")
        relation = data.get("applicant_relation", ApplicantRelation.SELF)
        if relation != ApplicantRelation.SELF and not (data.get("applicant_name") or "").strip():
            self.add_error("applicant_name", _("Cần ghi họ tên người làm đơn thay."))
        return data


class ForwardForm(forms.Form):
    forwarded_on = forms.DateField(label=_("Ngày xã chuyển hồ sơ lên huyện"), widget=DateInput())
    note = NOTE


class AppraiseForm(forms.Form):
    appraised_on = forms.DateField(label=_("Ngày thẩm định"), widget=DateInput())
    note = forms.CharField(
        label=_("Ý kiến thẩm định"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ApproveForm(forms.Form):
    decision_number = forms.CharField(
        label=_("Số quyết định"),
        max_length=60,
        required=False,
        help_text=_(
            "Để trống: lấy số tiếp theo trong sổ văn bản đi của cơ quan quyết định (năm của "
            "ngày quyết định). Chỉ ghi khi quyết định đã được cấp số ngoài hệ thống."
        ),
    )
    decision_date = forms.DateField(label=_("Ngày quyết định"), widget=DateInput())
    authority = forms.CharField(
        label=_("Cơ quan, người quyết định"),
        max_length=200,
        required=False,
        help_text=_(
            "Để trống: cơ quan có thẩm quyền vào ngày quyết định theo bảng thủ tục (từ "
            "01/07/2025 không còn cấp huyện)."
        ),
    )
    note = NOTE


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do không hỗ trợ"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )
    decision_number = forms.CharField(label=_("Số văn bản trả lời"), max_length=60, required=False)
    decision_date = forms.DateField(
        label=_("Ngày văn bản trả lời"), required=False, widget=DateInput()
    )
    authority = forms.CharField(label=_("Cơ quan trả lời"), max_length=200, required=False)


ACTION_FORMS = {
    "forward": ForwardForm,
    "appraise": AppraiseForm,
    "approve": ApproveForm,
    "reject": RejectForm,
}
