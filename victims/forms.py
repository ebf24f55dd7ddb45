from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.access import scope_for
from accounts.policy import can
from core.concurrency import VersionedFormMixin
from core.forms import DateInput, check_evidence_file
from locations.forms import add_unit_picker, check_picker, indented_unit, picked_unit
from locations.models import AdministrativeUnit
from victims import choices, id_checks
from victims.models import Case, Consent, CriminalCase, ExploitationForm, Reception, Victim
from victims.rules import (
    IDENTIFIER_FIELDS,
    guess_id_type,
    id_number_errors,
    normalize_id_number,
)


class VictimForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Victim
        fields = [
            "full_name",
            "other_names",
            "sex",
            "date_of_birth",
            "birth_year",
            "ethnic_group",
            "nationality",
            "id_type",
            "id_number",
            "permanent_address",
            "current_address",
            "phone",
            "education",
            "occupation",
            "marital_status",
            "poverty_status",
            "receives_social_allowance",
            "has_disability",
            "disability_note",
            "guardian_name",
            "guardian_relation",
            "guardian_phone",
        ]
        widgets = {"date_of_birth": DateInput()}
        help_texts = {"id_number": _("CCCD 12 số; CMND cũ 9 số; hộ chiếu với người nước ngoài.")}

    def __init__(self, *args, user, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.request = request
        # The ID-number check refused past its limit (victims/id_checks.py): the page is 429.
        self.id_check_refused = False
        self.fields["birth_year"].required = False
        # Retired ethnic groups are not offered; a person keeps theirs (core.Deactivatable).
        ethnic_group = self.fields["ethnic_group"]
        ethnic_group.queryset = ethnic_group.queryset.usable(self.instance.ethnic_group_id)
        # Need-to-know: a user who may not see whole ID and phone numbers (accounts.roles,
        # `person.reveal_identifiers`: supervisors) edits the other fields of a person; the
        # stored numbers are kept as they are and shown masked beside the form.
        self.locked_identifiers = []
        if self.instance.pk and not can(user, "person.reveal_identifiers"):
            for name in IDENTIFIER_FIELDS:
                if getattr(self.instance, name):
                    self.locked_identifiers.append(
                        (Victim._meta.get_field(name).verbose_name, getattr(self.instance, name))
                    )
                    del self.fields[name]
            if "id_number" not in self.fields:
                del self.fields["id_type"]
        instance = self.instance
        for name, label, required in (
            ("permanent", _("Nơi thường trú"), True),
            ("current", _("Nơi ở hiện tại (nếu khác)"), False),
        ):
            if instance.pk:
                self.initial.setdefault(name, getattr(instance, f"{name}_unit"))
            add_unit_picker(self, name, label=label, required=required)

    def clean_full_name(self):
        name = " ".join(self.cleaned_data["full_name"].split())
        if len(name) < 2:
            raise forms.ValidationError(_("Họ và tên quá ngắn."))
        return name

    def clean_id_number(self):
        return normalize_id_number(self.cleaned_data.get("id_number"))

    def clean(self):
        data = super().clean()
        dob, year = data.get("date_of_birth"), data.get("birth_year")
        today = timezone.localdate()
        if dob:
            if dob > today:
                self.add_error("date_of_birth", _("Ngày sinh không được sau ngày hôm nay."))
            if year and year != dob.year:
                self.add_error("birth_year", _("Năm sinh khác với năm của ngày sinh."))
            data["birth_year"] = dob.year
        elif not year:
            self.add_error("birth_year", _("Nhập ngày sinh hoặc ít nhất năm sinh."))
        elif not 1900 <= year <= today.year:
            self.add_error("birth_year", _("Năm sinh phải từ 1900 đến năm nay."))
        for name in ("permanent", "current"):
            check_picker(self, name)
        self._clean_id_number(data)
        return data

    def _clean_id_number(self, data):
        if "id_number" not in self.fields:  # kept as stored (need-to-know), checked still
            self._check_kept_id_number(data)
            return
        number = data.get("id_number")
        if not number:
            data["id_type"] = data.get("id_type") or ""
            return
        id_type = data.get("id_type") or guess_id_type(number)
        data["id_type"] = id_type
        for error in id_number_errors(
            number, id_type=id_type, sex=data.get("sex"), birth_year=data.get("birth_year")
        ):
            self.add_error("id_number", error)
        if self.instance.pk and number == normalize_id_number(self.instance.id_number or ""):
            return  # the person's own number, unique in the registry: nothing to look up
        # Counted, logged and limited for numbers of other areas (victims/id_checks.py).
        found = id_checks.id_number_check(
            user=self.user, number=number, request=self.request, exclude=self.instance
        )
        if found.refused:
            self.id_check_refused = True
            self.add_error("id_number", found.refused)
        elif found.person is not None:
            self.add_error(
                "id_number",
                format_html(
                    '{} <a href="{}">{}</a>',
                    _("Số định danh này đã có trong hệ thống:"),
                    reverse("victims:victim-detail", args=[found.person.pk]),
                    found.person.full_name,
                ),
            )
        elif found.elsewhere:
            self.add_error(
                "id_number",
                _(
                    "Số định danh này đã có trong hệ thống, thuộc địa bàn khác. "
                    "Vui lòng liên hệ Sở để được hướng dẫn."
                ),
            )

    def _check_kept_id_number(self, data):
        """A stored CCCD still agrees with the sex and birth year typed (errors on those)."""
        instance = self.instance
        for error in id_number_errors(
            instance.id_number,
            id_type=instance.id_type,
            sex=data.get("sex"),
            birth_year=data.get("birth_year"),
        ):
            self.add_error(None, error)

    def save(self, commit=True):
        victim = super().save(commit=False)
        victim.birth_year = self.cleaned_data["birth_year"]
        if "id_type" in self.fields:
            victim.id_type = self.cleaned_data.get("id_type", "")
        victim.permanent_unit = picked_unit(self.cleaned_data, "permanent")
        victim.current_unit = picked_unit(self.cleaned_data, "current")
        if commit:
            victim.save()
        return victim


class ManagingUnitSelect(forms.Select):
    """The managing-unit select: legacy units marked, so that `static/js/managing_unit.js`
    disables them once a reception date from 01/07/2025 is typed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.attrs["data-managing-unit"] = ""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        unit = getattr(value, "instance", None)
        if unit is not None and unit.is_legacy:
            option["attrs"]["data-legacy"] = "1"
        return option


class CaseForm(VersionedFormMixin, forms.ModelForm):
    criminal_case_number = forms.CharField(
        label=_("Số vụ án (nếu có)"), required=False, max_length=60
    )
    investigating_agency = forms.CharField(
        label=_("Cơ quan điều tra"), required=False, max_length=200
    )
    exploitation_forms = forms.ModelMultipleChoiceField(
        label=_("Hình thức bóc lột"),
        queryset=ExploitationForm.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Case
        fields = [
            "managing_unit",
            "person_category",
            "accompanies",
            "recruited_on",
            "recruitment_place",
            "recruitment_means",
            "recruitment_channel",
            "trafficker_relation",
            "destination_country",
            "destination_place",
            "exploitation_forms",
            "exploitation_months",
            "note",
        ]
        widgets = {
            "recruited_on": DateInput(),
            "note": forms.Textarea(attrs={"rows": 3}),
            "managing_unit": ManagingUnitSelect(),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = scope_for(user, AdministrativeUnit.objects.all())
        if self.instance.pk:
            # A case keeps the unit it has (a legacy case seen by a successor commune's officer).
            units |= AdministrativeUnit.objects.filter(pk=self.instance.managing_unit_id)
        self.fields["managing_unit"].queryset = units.in_tree_order()
        self.fields["managing_unit"].help_text = _(
            "Vụ việc tiếp nhận từ 01/07/2025 do tỉnh hoặc xã/phường hiện hành quản lý; đơn vị "
            "ghi “cũ” (huyện, xã trước 01/07/2025) chỉ dành cho vụ việc tiếp nhận trước ngày đó."
        )
        self.fields["managing_unit"].label_from_instance = indented_unit
        # Retired forms of exploitation are not offered; a case keeps those it has.
        kept = self.instance.exploitation_forms.all() if self.instance.pk else None
        forms_field = self.fields["exploitation_forms"]
        forms_field.queryset = forms_field.queryset.usable(kept)
        if not self.instance.pk and user.jurisdiction_id:
            self.initial.setdefault("managing_unit", user.jurisdiction)
        # The victim's case a child accompanies: a case of the user's area, not a child's.
        accompanied = Case.objects.exclude(
            person_category=choices.PersonCategory.ACCOMPANYING_CHILD
        ).select_related("victim")
        if self.instance.pk:
            accompanied = accompanied.exclude(pk=self.instance.pk)
        self.fields["accompanies"].queryset = scope_for(user, accompanied).order_by("-pk")
        self.fields["accompanies"].label_from_instance = lambda case: (
            f"{case.code} — {case.victim.full_name}"
        )
        if self.instance.pk and self.instance.criminal_case_id:
            self.initial["criminal_case_number"] = self.instance.criminal_case.number
            self.initial["investigating_agency"] = self.instance.criminal_case.investigating_agency

    def clean_recruited_on(self):
        day = self.cleaned_data.get("recruited_on")
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("Ngày bị dụ dỗ không được sau ngày hôm nay."))
        return day

    def clean(self):
        data = super().clean()
        if data.get("investigating_agency") and not data.get("criminal_case_number"):
            self.add_error("criminal_case_number", _("Nhập số vụ án của cơ quan điều tra này."))
        if (
            data.get("accompanies")
            and data.get("person_category") != choices.PersonCategory.ACCOMPANYING_CHILD
        ):
            self.add_error(
                "accompanies",
                _("Chỉ người dưới 18 tuổi đi cùng nạn nhân mới gắn với vụ việc của nạn nhân."),
            )
        return data

    def criminal_case(self) -> CriminalCase | None:
        number = self.cleaned_data.get("criminal_case_number", "").strip()
        if not number:
            return None
        criminal_case, _created = CriminalCase.objects.get_or_create(
            number=number,
            investigating_agency=self.cleaned_data.get("investigating_agency", "").strip(),
        )
        return criminal_case


class ReceptionForm(forms.ModelForm):
    documents = forms.MultipleChoiceField(
        label=_("Giấy tờ nhận được"),
        choices=choices.ReceptionDocument.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Reception
        fields = [
            "received_on",
            "channel",
            "agency_type",
            "agency_name",
            "place",
            "record_number",
            "record_date",
            "officer",
            "documents",
        ]
        widgets = {"received_on": DateInput(), "record_date": DateInput()}

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        for name in ("received_on", "record_date"):
            if data.get(name) and data[name] > today:
                self.add_error(name, _("Ngày này không được sau ngày hôm nay."))
        return data


class ConsentForm(forms.ModelForm):
    purposes = forms.MultipleChoiceField(
        label=_("Mục đích"),
        choices=choices.ConsentPurpose.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Consent
        fields = ["given_by", "given_on", "purposes", "evidence"]
        widgets = {"given_on": DateInput()}

    def __init__(self, *args, victim, **kwargs):
        super().__init__(*args, **kwargs)
        self.victim = victim

    def clean_given_on(self):
        day = self.cleaned_data["given_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Ngày đồng ý không được sau ngày hôm nay."))
        return day

    def clean_evidence(self):
        return check_evidence_file(self.cleaned_data.get("evidence"))

    def clean(self):
        data = super().clean()
        age = self.victim.age_on(data.get("given_on") or timezone.localdate())
        if age < 18 and data.get("given_by") == choices.ConsentGiver.PERSON:
            # A child aged 7 or more consents together with a guardian (DOMAIN.md).
            self.add_error(
                "given_by", _("Với người dưới 18 tuổi, cần có sự đồng ý của người giám hộ.")
            )
        return data
