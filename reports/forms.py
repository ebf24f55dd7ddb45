from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.access import scope_for
from core.forms import DateInput
from locations.models import AdministrativeUnit
from reports.periods import KINDS, Period, last_closed, period_for


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, unit):
        return unit.name if unit.level == unit.Level.PROVINCE else f"— {unit.name}"


class PeriodReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do mở lại kỳ báo cáo"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Cần ghi lý do mở lại kỳ báo cáo.")},
    )


class ReportRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kỳ báo cáo"), choices=list(KINDS.items()), initial="annual")
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100, required=False)
    start = forms.DateField(label=_("Từ ngày"), required=False, widget=DateInput())
    end = forms.DateField(label=_("Đến ngày"), required=False, widget=DateInput())
    unit = UnitChoiceField(label=_("Phạm vi"), queryset=AdministrativeUnit.objects.none())
    reason = forms.CharField(
        label=_("Lý do tạo lại"),
        max_length=300,
        required=False,
        help_text=_("Chỉ cần khi báo cáo kỳ này đã được phê duyệt."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = scope_for(user, AdministrativeUnit.objects.active())
        # The area itself and the units one level below it (districts of old, current
        # communes); a smaller area is reported by its own officers.
        top = units.order_by("path").first()
        self.fields["unit"].queryset = (
            units.filter(Q(pk=top.pk) | Q(parent=top)).order_by("level", "name")
            if top
            else units.none()
        )
        self.fields["unit"].initial = top
        self.fields["year"].initial = last_closed("annual", timezone.localdate()).year

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == "custom":
            start, end = data.get("start"), data.get("end")
            if not start:
                self.add_error("start", _("Cần nhập ngày bắt đầu."))
            if not end:
                self.add_error("end", _("Cần nhập ngày kết thúc."))
            if start and end and end < start:
                self.add_error("end", _("Ngày kết thúc không được trước ngày bắt đầu."))
            if start and end and end >= start:
                data["period"] = Period("custom", start, end)
        elif kind:
            if not data.get("year"):
                self.add_error("year", _("Cần nhập năm báo cáo."))
            else:
                data["period"] = period_for(kind, data["year"])
        return data
