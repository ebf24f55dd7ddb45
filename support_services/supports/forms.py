from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.concurrency import VersionedFormMixin
from core.forms import DateInput, check_evidence_file
from support_services.models import MAX_QUANTITY, SupportDocument, SupportType

NOTE_WIDGET = forms.Textarea(attrs={"rows": 2})


class ProposeForm(forms.Form):
    support_type = forms.ModelChoiceField(
        label=_("Chế độ hỗ trợ"), queryset=SupportType.objects.none(), empty_label=None
    )
    proposed_on = forms.DateField(label=_("Ngày đề xuất"), widget=DateInput())
    quantity = forms.IntegerField(
        label=_("Số lượng / số ngày"),
        min_value=1,
        max_value=MAX_QUANTITY,
        initial=1,
        help_text=_("Số ngày với hỗ trợ nhu cầu thiết yếu; số lượt, số buổi với các hỗ trợ khác."),
    )
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=NOTE_WIDGET)

    service_fields = {"on_date": "proposed_on"}

    def __init__(self, *args, regime: str, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the supports in use of the regime in force on the case's reception date.
        self.fields["support_type"].queryset = SupportType.objects.active().filter(regime=regime)
        self.fields["support_type"].label_from_instance = (
            lambda support_type: support_type.display_name
        )
        self.fields["proposed_on"].initial = timezone.localdate()


class ExtensionForm(forms.Form):
    """A decision extending a support's maximum days for a case (Decree 162/2025 Art 17)."""

    support_type = forms.ModelChoiceField(
        label=_("Chế độ hỗ trợ"), queryset=SupportType.objects.none(), empty_label=None
    )
    days = forms.IntegerField(label=_("Số ngày gia hạn"), min_value=1, max_value=MAX_QUANTITY)
    reason = forms.CharField(label=_("Lý do gia hạn"), max_length=300, widget=NOTE_WIDGET)
    decision_number = forms.CharField(label=_("Số quyết định gia hạn"), max_length=60)
    decision_date = forms.DateField(label=_("Ngày quyết định gia hạn"), widget=DateInput())
    authority = forms.CharField(label=_("Cơ quan quyết định"), max_length=200, required=False)

    def __init__(self, *args, regime: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["support_type"].queryset = SupportType.objects.active().filter(
            regime=regime, extendable=True
        )
        self.fields["support_type"].label_from_instance = (
            lambda support_type: support_type.display_name
        )
        self.fields["decision_date"].initial = timezone.localdate()


class ApproveForm(VersionedFormMixin, forms.Form):
    version_field_map = {"authority": "deciding_authority"}

    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60)
    decision_date = forms.DateField(label=_("Ngày quyết định"), widget=DateInput())
    authority = forms.CharField(label=_("Cơ quan quyết định"), max_length=200)


class ProvideForm(VersionedFormMixin, forms.Form):
    version_field_map = {"override_reason": "amount_override_reason"}

    provided_on = forms.DateField(label=_("Ngày hỗ trợ"), widget=DateInput())
    quantity = forms.IntegerField(
        label=_("Số lượng / số ngày"), min_value=1, max_value=MAX_QUANTITY
    )
    amount = forms.IntegerField(
        label=_("Số tiền (đồng)"),
        required=False,
        min_value=0,
        help_text=_("Để trống để tính theo mức hỗ trợ đang áp dụng × số lượng."),
    )
    override_reason = forms.CharField(
        label=_("Lý do điều chỉnh số tiền"), max_length=300, required=False
    )
    provider = forms.CharField(label=_("Đơn vị thực hiện"), max_length=200, required=False)
    document_kind = forms.ChoiceField(
        label=_("Chứng từ kèm theo"),
        choices=[("", "—"), *SupportDocument._meta.get_field("kind").choices],
        required=False,
    )
    document_number = forms.CharField(label=_("Số chứng từ"), max_length=60, required=False)
    document_file = forms.FileField(label=_("Tệp chứng từ"), required=False)

    def clean_document_file(self):
        return check_evidence_file(self.cleaned_data.get("document_file"))

    def clean(self):
        data = super().clean()
        if data.get("document_file") and not data.get("document_kind"):
            self.add_error("document_kind", _("Chọn loại chứng từ của tệp."))
        return data


class RejectForm(VersionedFormMixin, forms.Form):
    version_field_map = {"reason": "rejection_reason"}

    reason = forms.CharField(label=_("Lý do không hỗ trợ"), max_length=300, widget=NOTE_WIDGET)


class DocumentForm(forms.ModelForm):
    class Meta:
        model = SupportDocument
        fields = ["kind", "number", "issued_on", "file"]
        widgets = {"issued_on": DateInput()}

    def clean_file(self):
        return check_evidence_file(self.cleaned_data.get("file"))
