"""Forms of the provider directory and of referrals: validation only; the rules are in
referrals_rules.py and referrals_services.py."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.policy import can
from core.concurrency import VersionedFormMixin
from core.forms import DateInput
from locations.forms import add_unit_picker, check_picker, picked_unit
from locations.models import AdministrativeUnit
from support_services.models import (
    Programme,
    ProviderKind,
    Referral,
    ReferralStatus,
    ServiceKind,
    ServiceProvider,
)

TEXTAREA = {"rows": 2}


def _indented_unit(unit: AdministrativeUnit) -> str:
    return "— " * (unit.path.count("/") - 1) + str(unit)


class ProviderForm(forms.ModelForm):
    services = forms.MultipleChoiceField(
        label=_("Dịch vụ cung cấp"),
        choices=ServiceKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = ServiceProvider
        fields = [
            "kind",
            "name",
            "address",
            "phone",
            "email",
            "contact_person",
            "services",
            "capacity",
            "is_active",
            "note",
        ]
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


class ProviderFilter(django_filters.FilterSet):
    """The directory's filters (the directory is not personal data: not scoped)."""

    q = django_filters.CharFilter(label=_("Tên cơ sở"), field_name="name", lookup_expr="icontains")
    kind = django_filters.ChoiceFilter(label=_("Loại cơ sở"), choices=ProviderKind.choices)
    service = django_filters.ChoiceFilter(
        label=_("Dịch vụ"), choices=ServiceKind.choices, method="filter_service"
    )
    area = django_filters.ModelChoiceFilter(
        label=_("Địa bàn"), queryset=AdministrativeUnit.objects.none(), method="filter_area"
    )
    active = django_filters.ChoiceFilter(
        label=_("Tình trạng"),
        choices=[("yes", _("Đang hoạt động")), ("no", _("Ngừng hoạt động"))],
        method="filter_active",
        empty_label=_("Tất cả"),
    )

    class Meta:
        model = ServiceProvider
        fields = ["q", "kind", "service", "area", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.form.fields["area"]
        # Provinces and legacy districts, and every unit that has a provider.
        field.queryset = AdministrativeUnit.objects.filter(
            Q(level__in=["province", "district"]) | Q(pk__in=ServiceProvider.objects.values("area"))
        ).order_by("path")
        field.label_from_instance = _indented_unit

    def filter_service(self, queryset, name, value):
        return queryset.filter(services__contains=[value]) if value else queryset

    def filter_area(self, queryset, name, value):
        return queryset.filter(area__path__startswith=value.path) if value else queryset

    def filter_active(self, queryset, name, value):
        return queryset.filter(is_active=value == "yes") if value else queryset


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
        self.fields["provider"].queryset = ServiceProvider.objects.filter(is_active=True)
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

WORKLIST_VIEWS = [
    ("open", _("Đang xử lý")),
    ("overdue", _("Quá hạn")),
    ("all", _("Tất cả")),
]


class ReferralFilter(django_filters.FilterSet):
    """The worklist's filters; the queryset it sees is already scoped by the view."""

    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=ReferralStatus.choices)
    programme = django_filters.ChoiceFilter(label=_("Chương trình"), choices=Programme.choices)
    provider = django_filters.ModelChoiceFilter(
        label=_("Cơ sở tiếp nhận"), queryset=ServiceProvider.objects.all()
    )
    service = django_filters.ChoiceFilter(label=_("Dịch vụ"), choices=ServiceKind.choices)

    class Meta:
        model = Referral
        fields = ["status", "programme", "provider", "service"]
