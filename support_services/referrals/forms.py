"""Forms of the provider directory and of referrals: validation only; the rules are in
referrals_rules.py and referrals_services.py."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.policy import can
from core.concurrency import VersionedFormMixin
from core.forms import DateInput
from locations.forms import add_unit_picker, check_picker, picked_unit
from support_services.models import (
    Programme,
    ServiceKind,
    ServiceProvider,
)

TEXTAREA = {"rows": 2}


# The directory's editable fields, in the order the forms show them (here and in the admin).
PROVIDER_FIELDS = [
    "kind",
    "name",
    "area",
    "address",
    "phone",
    "email",
    "contact_person",
    "services",
    "capacity",
    "is_active",
    "note",
]


def services_field(**kwargs) -> forms.MultipleChoiceField:
    """The services a provider offers, as check boxes."""
    return forms.MultipleChoiceField(
        choices=ServiceKind.choices, widget=forms.CheckboxSelectMultiple, required=False, **kwargs
    )


class ProviderForm(forms.ModelForm):
    services = services_field(label=_("Dịch vụ cung cấp"))

    class Meta:
        model = ServiceProvider
        # The area is chosen with the unit picker instead.
        fields = [name for name in PROVIDER_FIELDS if name != "area"]
        widgets = {"note": forms.Textarea(attrs=TEXTAREA)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("area", self.instance.area)
        add_unit_picker(self, "area", label=_("Địa bàn"), required=True)

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if len(name) < 3:
            raise forms.ValidationError(_("Tên cơ sở quá ngắn."))
        return name

    def clean_capacity(self):
        capacity = self.cleaned_data.get("capacity")
        if capacity is not None and capacity < 1:
            raise forms.ValidationError(_("Khả năng tiếp nhận phải lớn hơn 0."))
        return capacity

    def clean(self):
        data = super().clean()
        check_picker(self, "area")
        area = picked_unit(data, "area")
        name = data.get("name")
        if area is not None and name:
            self.instance.area = area
            duplicate = ServiceProvider.objects.filter(name__iexact=name, area=area).exclude(
                pk=self.instance.pk
            )
            if duplicate.exists():
                self.add_error("name", _("Địa bàn này đã có cơ sở cùng tên."))
        return data

    def save(self, commit=True):
        provider = super().save(commit=False)
        provider.area = picked_unit(self.cleaned_data, "area")
        if commit:
            provider.save()
        return provider


def _consent_label(consent) -> str:
    purposes = ", ".join(str(label) for label in _purpose_labels(consent.purposes))
    text = f"{consent.get_given_by_display()} — {consent.given_on:%d/%m/%Y} — {purposes}"
    if consent.withdrawn_on:
        text += " — " + str(_("đã rút lại %(day)s") % {"day": f"{consent.withdrawn_on:%d/%m/%Y}"})
    return text


def _purpose_labels(purposes):
    from victims.choices import ConsentPurpose

    labels = dict(ConsentPurpose.choices)
    return [labels.get(code, code) for code in purposes or ()]


class ReferralForm(forms.Form):
    """Refer a case: to a provider or a programme, relying on a consent of the person; the
    override reason is offered to provincial users only."""

    provider = forms.ModelChoiceField(
        label=_("Cơ sở tiếp nhận"),
        queryset=ServiceProvider.objects.none(),
        required=False,
        empty_label=_("— Chọn cơ sở —"),
    )
    programme = forms.ChoiceField(
        label=_("hoặc chương trình"),
        choices=[("", _("— Chọn chương trình —")), *Programme.choices],
        required=False,
    )
    service = forms.ChoiceField(label=_("Dịch vụ cần"), choices=ServiceKind.choices)
    need = forms.CharField(
        label=_("Nhu cầu, nội dung chuyển gửi"),
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("Chỉ ghi những thông tin cần cho cơ sở tiếp nhận."),
    )
    sent_on = forms.DateField(label=_("Ngày chuyển gửi"), widget=DateInput())
    consent = forms.ModelChoiceField(
        label=_("Sự đồng ý của người được hỗ trợ"),
        queryset=None,
        required=False,
        empty_label=_("— Chưa có sự đồng ý —"),
    )
    override_reason = forms.CharField(
        label=_("Lý do chuyển gửi khi chưa có sự đồng ý"),
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("Chỉ cán bộ cấp tỉnh; lý do được ghi vào nhật ký."),
    )

    def __init__(self, *args, case, user, consents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = ServiceProvider.objects.active()
        self.fields["provider"].label_from_instance = (
            lambda provider: f"{provider.name} ({provider.get_kind_display()})"
        )
        self.fields["consent"].queryset = consents
        self.fields["consent"].label_from_instance = _consent_label
        self.initial.setdefault("sent_on", timezone.localdate())
        if not can(user, "referral.override_consent"):
            del self.fields["override_reason"]

    def clean(self):
        data = super().clean()
        if bool(data.get("provider")) == bool(data.get("programme")):
            self.add_error(
                "provider",
                _("Chọn một cơ sở tiếp nhận hoặc một chương trình (chỉ một trong hai)."),
            )
        return data


class AcceptForm(VersionedFormMixin, forms.Form):
    responded_on = forms.DateField(label=_("Ngày tiếp nhận"), widget=DateInput())
    expected_completion_on = forms.DateField(
        label=_("Dự kiến hoàn thành"), required=False, widget=DateInput()
    )
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )


class DeclineForm(VersionedFormMixin, forms.Form):
    version_field_map = {"reason": "decline_reason"}

    responded_on = forms.DateField(label=_("Ngày trả lời"), widget=DateInput())
    reason = forms.CharField(
        label=_("Lý do từ chối"), max_length=300, widget=forms.Textarea(attrs=TEXTAREA)
    )


class CompleteForm(VersionedFormMixin, forms.Form):
    completed_on = forms.DateField(label=_("Ngày hoàn thành"), widget=DateInput())
    outcome = forms.CharField(label=_("Kết quả"), widget=forms.Textarea(attrs=TEXTAREA))


class CancelForm(VersionedFormMixin, forms.Form):
    version_field_map = {"reason": "cancel_reason"}

    reason = forms.CharField(
        label=_("Lý do hủy"), max_length=300, widget=forms.Textarea(attrs=TEXTAREA)
    )


ACTION_FORMS = {
    "accept": AcceptForm,
    "decline": DeclineForm,
    "complete": CompleteForm,
    "cancel": CancelForm,
}
