"""Forms of follow-up visits and case closure: validation only; the rules live in
followups_rules and the writes in followups_services."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.forms import DateInput, reason_field
from locations.collation import vi_order
from locations.models import AdministrativeUnit
from support_services.models import ClosureReason, Rating, Risk, VisitMethod
from support_services.reintegration import rules
from support_services.reintegration.models import DOMAINS, HANDOVER_FIELDS

RATING_CHOICES = [("", _("Không đánh giá")), *Rating.choices]


def officers_for(case):
    """Active officers who may see the case: their jurisdiction is the case's managing unit or
    a unit above it (the materialised path's prefixes)."""
    path = case.managing_unit.path
    parts = path.rstrip("/").split("/")
    prefixes = ["/".join(parts[: index + 1]) + "/" for index in range(len(parts))]
    return (
        User.objects.filter(is_active=True, jurisdiction__path__in=prefixes)
        .exclude(role="viewer")
        .order_by(vi_order("last_name"), vi_order("first_name"), "username")
    )


class OfficerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


def checked_day(form, name: str, rule):
    """The date field `name` of `form`, refused with the message of `rule(day, returned on,
    today)` (the return date the form was given, `returned_on`)."""
    day = form.cleaned_data[name]
    error = rule(day, form.returned_on, timezone.localdate())
    if error:
        raise forms.ValidationError(error)
    return day


class VisitDateMixin:
    """The date of a visit (or of an attempt to reach the person), within the rules."""

    def clean_visited_on(self):
        return checked_day(self, "visited_on", rules.visit_date_error)


class VisitForm(VisitDateMixin, forms.Form):
    """One visit done: when, by whom, how, the situation in each domain and the risk."""

    visited_on = forms.DateField(
        label=_("Ngày thăm"),
        widget=DateInput(),
        error_messages={"required": _("Cần ghi ngày thăm.")},
    )
    officer = OfficerChoiceField(label=_("Cán bộ thăm"), queryset=User.objects.none())
    method = forms.ChoiceField(label=_("Hình thức"), choices=VisitMethod.choices)
    risk = forms.ChoiceField(
        label=_("Nguy cơ bị mua bán lại"),
        choices=[("", "—"), *Risk.choices],
        error_messages={"required": _("Cần đánh giá nguy cơ bị mua bán lại.")},
    )
    next_steps = forms.CharField(
        label=_("Việc cần làm tiếp"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, case, returned_on=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.returned_on = returned_on
        self.fields["officer"].queryset = officers_for(case)
        if user is not None and not self.is_bound:
            self.initial.setdefault("officer", user.pk)
        for name, label in DOMAINS:
            self.fields[f"{name}_rating"] = forms.ChoiceField(
                label=label, choices=RATING_CHOICES, required=False
            )
            self.fields[f"{name}_note"] = forms.CharField(
                label=_("Ghi chú: %(domain)s") % {"domain": str(label).lower()},
                max_length=300,
                required=False,
            )

    @property
    def domain_rows(self):
        """(rating field, note field) per domain, for the template's grid."""
        return [(self[f"{name}_rating"], self[f"{name}_note"]) for name, _label in DOMAINS]

    def clean(self):
        data = super().clean()
        # The answers per domain, as the service takes them: {"safety": (rating, note), ...}.
        data["situation"] = {
            name: (data.get(f"{name}_rating", ""), data.get(f"{name}_note", ""))
            for name, _label in DOMAINS
        }
        return data


class LostContactForm(VisitDateMixin, forms.Form):
    visited_on = forms.DateField(label=_("Ngày liên lạc không thành"), widget=DateInput())
    note = forms.CharField(
        label=_("Đã thử liên lạc thế nào"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    service_fields = {"attempted_on": "visited_on"}

    def __init__(self, *args, returned_on=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.returned_on = returned_on


class ProvinceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ClosureForm(forms.Form):
    closed_on = forms.DateField(
        label=_("Ngày đóng hồ sơ"),
        widget=DateInput(),
        error_messages={"required": _("Cần ghi ngày đóng hồ sơ.")},
    )
    reason = forms.ChoiceField(
        label=_("Lý do đóng"),
        choices=[("", "—"), *ClosureReason.choices],
        error_messages={"required": _("Cần chọn lý do đóng hồ sơ.")},
    )
    receiving_province = ProvinceChoiceField(
        label=_("Tỉnh tiếp nhận"),
        queryset=AdministrativeUnit.objects.filter(level="province", is_legacy=False).order_by(
            "name"
        ),
        required=False,
    )
    receiving_province_name = forms.CharField(
        label=_("Tên tỉnh tiếp nhận (nếu không có trong danh sách)"),
        max_length=150,
        required=False,
    )
    receiving_agency = forms.CharField(label=_("Cơ quan tiếp nhận"), max_length=200, required=False)
    handover_number = forms.CharField(
        label=_("Số biên bản bàn giao"), max_length=60, required=False
    )
    handover_date = forms.DateField(label=_("Ngày bàn giao"), widget=DateInput(), required=False)
    handed_over = forms.CharField(
        label=_("Hồ sơ, giấy tờ đã bàn giao"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, case=None, returned_on=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.returned_on = returned_on
        if case is not None:
            # The province a case moves to is another one than its own.
            own = case.managing_unit.province_path
            field = self.fields["receiving_province"]
            field.queryset = field.queryset.exclude(path=own)
        if not self.is_bound:
            self.initial.setdefault("closed_on", timezone.localdate())

    def clean_closed_on(self):
        return checked_day(self, "closed_on", rules.closure_date_error)

    def clean(self):
        data = super().clean()
        if data.get("reason") == ClosureReason.MOVED:
            errors = rules.handover_errors(
                receiving_province=data.get("receiving_province"),
                receiving_province_name=data.get("receiving_province_name", ""),
                receiving_agency=data.get("receiving_agency", ""),
                handover_number=data.get("handover_number", ""),
                handover_date=data.get("handover_date"),
                handed_over=data.get("handed_over", ""),
                closed_on=data.get("closed_on"),
            )
            for field, message in errors.items():
                if field not in self.errors:
                    self.add_error(field, message)
        return data

    def handover_fields(self):
        return [self[name] for name in HANDOVER_FIELDS]

    def main_fields(self):
        return [self["closed_on"], self["reason"]]


class ReopenForm(forms.Form):
    reason = reason_field(_("Lý do mở lại"), _("Cần ghi lý do mở lại hồ sơ."))

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Cần ghi lý do mở lại hồ sơ."))
        return reason


class ClosureApproveForm(forms.Form):
    note = forms.CharField(
        label=_("Ghi chú phê duyệt"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ClosureRejectForm(forms.Form):
    reason = reason_field(_("Lý do không phê duyệt"), _("Cần ghi lý do không phê duyệt."))

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Cần ghi lý do không phê duyệt."))
        return reason
