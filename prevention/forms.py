from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.access import scope_for, scope_to_unit
from core.forms import DateInput, check_evidence_file
from locations.forms import PICKER_LEVELS, add_unit_picker, check_picker, indented_unit, picked_unit
from locations.models import AdministrativeUnit
from prevention import rules
from prevention.choices import ActivityType, AttachmentKind, DirectiveType, ItemKind
from prevention.models import (
    ActivityAttachment,
    Directive,
    PreventionActivity,
    TargetGroup,
)
from prevention.services import province_of

NEGATIVE = _("Số lượng không được âm.")


def _not_negative_messages(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        if isinstance(field, forms.IntegerField):
            field.error_messages["min_value"] = NEGATIVE


def directive_label(directive: Directive) -> str:
    title = directive.title if len(directive.title) <= 70 else directive.title[:69] + "…"
    return f"{directive.number} ({directive.issued_on:%d/%m/%Y}) — {title}"


def place_choices(user):
    """Units an activity may be held in or done with: the user's province without the legacy
    communes (too many to list), plus everything in the user's own area (a legacy district
    officer picks among their communes)."""
    province = province_of(user)
    if province is None:
        return AdministrativeUnit.objects.none()
    units = scope_to_unit(
        province,
        AdministrativeUnit.objects.exclude(level=AdministrativeUnit.Level.COMMUNE, is_legacy=True),
    )
    jurisdiction = user.jurisdiction
    if jurisdiction is not None and jurisdiction.level != AdministrativeUnit.Level.PROVINCE:
        units = units | scope_for(user, AdministrativeUnit.objects.all())
    return units.in_tree_order()


class DirectiveForm(forms.ModelForm):
    class Meta:
        model = Directive
        fields = ["directive_type", "number", "issued_on", "issuing_body", "title", "year", "file"]
        widgets = {"issued_on": DateInput(), "title": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].required = False
        self.fields["year"].help_text = _("Để trống: lấy năm ban hành.")
        self.fields["number"].widget.attrs["placeholder"] = "32/KH-SLĐTBXH"
        self.fields["directive_type"].choices = [
            ("", _("— Chọn loại văn bản —")),
            *DirectiveType.choices,
        ]

    def clean_file(self):
        return check_evidence_file(self.cleaned_data.get("file"))

    def clean(self):
        data = super().clean()
        number = data.get("number")
        if number:
            errors = rules.directive_number_errors(number, data.get("directive_type"))
            for message in errors:
                self.add_error("number", message)
            if not errors:
                data["number"] = str(rules.parse_directive_number(number))
                self._check_unique_in_year(data)
        year = data.get("year")
        if year is not None and not 1990 <= year <= 2100:
            self.add_error("year", _("Năm thực hiện phải từ 1990 đến 2100."))
        if data.get("issued_on") and not year:
            data["year"] = data["issued_on"].year
        return data

    def _check_unique_in_year(self, data):
        """Numbers restart every year (the database holds it too): shown next to the number."""
        issued_on = data.get("issued_on")
        if issued_on is None:
            return
        same = Directive.objects.filter(number=data["number"], issued_on__year=issued_on.year)
        if same.exclude(pk=self.instance.pk).exists():
            self.add_error(
                "number", _("Văn bản có số, ký hiệu này đã được nhập trong năm ban hành.")
            )


ACTIVITY_FIELDS = [
    "activity_type",
    "title",
    "start_date",
    "end_date",
    "directive",
    "venue",
    "places",
    "partner_units",
    "partner_organisations",
    "sessions",
    "participants",
    "participants_female",
    "item_kind",
    "items_produced",
    "items_distributed",
    "cost",
    "funding_source",
    "establishments_inspected",
    "violations_found",
    "findings",
    "notes",
]


class ActivityForm(forms.ModelForm):
    """An activity with its organising unit (picker) and one pair of fields per target group
    (`group_<code>`, `group_<code>_female`)."""

    class Meta:
        model = PreventionActivity
        fields = ACTIVITY_FIELDS
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "places": forms.SelectMultiple(attrs={"size": 6}),
            "partner_units": forms.SelectMultiple(attrs={"size": 6}),
            "findings": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if self.instance.pk:
            self.initial.setdefault("unit", self.instance.unit)
        elif user.jurisdiction_id:
            self.initial.setdefault("unit", user.jurisdiction)
        add_unit_picker(self, "unit", label=_("Đơn vị tổ chức"), required=True)
        self.fields["activity_type"].choices = [
            ("", _("— Chọn loại hoạt động —")),
            *ActivityType.choices,
        ]
        self.fields["item_kind"].choices = [("", _("— Không có —")), *ItemKind.choices]
        directive = self.fields["directive"]
        directive.queryset = Directive.objects.visible_to(user).order_by("-issued_on", "-pk")
        directive.label_from_instance = directive_label
        directive.empty_label = _("— Không gắn với văn bản nào —")
        for name in ("places", "partner_units"):
            self.fields[name].queryset = place_choices(user)
            self.fields[name].label_from_instance = indented_unit
        self.fields["places"].help_text = _("Giữ phím Ctrl để chọn nhiều đơn vị.")
        self.fields["partner_units"].help_text = _(
            "Ví dụ: UBND huyện Thạch Thành. Giữ phím Ctrl để chọn nhiều đơn vị."
        )
        self.groups = list(self._groups())
        existing = (
            {row.target_group_id: row for row in self.instance.participations.all()}
            if self.instance.pk
            else {}
        )
        for group in self.groups:
            row = existing.get(group.pk)
            self.fields[f"group_{group.code}"] = forms.IntegerField(
                label=group.display_name,
                min_value=0,
                required=False,
                initial=row.count if row else None,
            )
            self.fields[f"group_{group.code}_female"] = forms.IntegerField(
                label=_("Nữ"), min_value=0, required=False, initial=row.female if row else None
            )
        _not_negative_messages(self)

    def _groups(self):
        used = self.instance.participations.values("target_group") if self.instance.pk else None
        return TargetGroup.objects.usable(used).order_by("order")

    def group_rows(self):
        """(group, count field, female field) for the template's table."""
        return [
            (group, self[f"group_{group.code}"], self[f"group_{group.code}_female"])
            for group in self.groups
        ]

    def participations(self) -> list[tuple[TargetGroup, int, int | None]]:
        data = self.cleaned_data
        return [
            (group, data.get(f"group_{group.code}") or 0, data.get(f"group_{group.code}_female"))
            for group in self.groups
            if data.get(f"group_{group.code}")
        ]

    def clean(self):
        data = super().clean()
        check_picker(self, "unit")
        data["unit"] = picked_unit(data, "unit")
        for name, messages in rules.period_errors(
            data.get("start_date"), data.get("end_date")
        ).items():
            for message in messages:
                self.add_error(name, message)
        if self.errors:
            return data
        groups = [
            rules.GroupCount(
                group.code,
                data.get(f"group_{group.code}") or 0,
                data.get(f"group_{group.code}_female"),
            )
            for group in self.groups
        ]
        for name, messages in rules.participation_errors(
            total=data.get("participants"),
            total_female=data.get("participants_female"),
            groups=groups,
        ).items():
            field = name if name in self.fields else f"group_{name}_female"
            for message in messages:
                self.add_error(field, message)
        return data

    def save(self, commit=False):
        activity = super().save(commit=False)
        activity.unit = self.cleaned_data["unit"]
        return activity

    def unit_field(self) -> str:
        """The picker field an error about the unit is shown under: the lowest level chosen."""
        for level in reversed(PICKER_LEVELS):
            if self.cleaned_data.get(f"unit_{level}") is not None:
                return f"unit_{level}"
        return "unit_province"

    def add_service_errors(self, error: ValidationError) -> None:
        for name, messages in error.message_dict.items():
            if name == "unit":
                field = self.unit_field()
            elif name in self.fields:
                field = name
            elif f"group_{name}_female" in self.fields:
                field = f"group_{name}_female"
            else:
                field = None
            for message in messages:
                self.add_error(field, message)


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = ActivityAttachment
        fields = ["kind", "description", "file"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("— Chọn loại tài liệu —")), *AttachmentKind.choices]

    def clean_file(self):
        return check_evidence_file(self.cleaned_data.get("file"))
