"""A province › district › commune picker for forms; htmx re-renders it when a level changes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from locations.collation import vi_order
from locations.models import AdministrativeUnit

Level = AdministrativeUnit.Level
PICKER_LEVELS = ("province", "district", "commune")


def indented_unit(unit: AdministrativeUnit) -> str:
    """A unit's name indented by its depth, for a select listing a subtree in path order."""
    return "— " * (unit.path.count("/") - 1) + str(unit)


def succession_text(units) -> str:
    """Units named for a note on succession: "Xã Thạch Lâm (Huyện Thạch Thành), Xã Thạch Quảng
    (Huyện Thạch Thành)" — a legacy commune with its legacy district; "—" for none."""
    names = [
        f"{unit.name} ({unit.parent.name})"
        if unit.is_legacy and unit.parent_id and unit.parent.level == Level.DISTRICT
        else unit.name
        for unit in units
    ]
    return ", ".join(names) or "—"


def commune_option(unit: AdministrativeUnit) -> str:
    """A commune in the picker; a legacy one with what it became ("Xã Thạch Lâm (cũ) → Xã Thạch
    Quảng"), from its prefetched successors."""
    successors = [successor.name for successor in unit.successors.all()] if unit.is_legacy else []
    return f"{unit} → {', '.join(successors)}" if successors else str(unit)


def succession_note(unit: AdministrativeUnit | None) -> str:
    """The line under the picker: what a chosen legacy unit became, or what a chosen current
    commune was formed from."""
    if unit is None:
        return ""
    if unit.is_legacy:
        successors = AdministrativeUnit.objects.successors_of(unit).order_by(vi_order("name"))
        if successors:
            return _("Từ 01/07/2025 nay là: %(units)s.") % {"units": succession_text(successors)}
        return ""
    predecessors = unit.predecessors.select_related("parent").order_by(
        vi_order("parent__name"), vi_order("name"), "path"
    )
    if predecessors:
        return _("Hình thành từ (trước 01/07/2025): %(units)s.") % {
            "units": succession_text(predecessors)
        }
    return ""


def add_unit_picker(form: forms.BaseForm, name: str, *, label: str, required: bool) -> None:
    """Add `<name>_province`, `<name>_district` and `<name>_commune` fields to `form`.

    The district level is optional: current units (from 1 July 2025) have none, legacy ones
    (for records before that date) do. Lower levels list the children of what is chosen above,
    taken from the bound data or, for an unbound form, from `form.initial[name]` (a unit).
    """
    chosen = _chosen(form, name)
    form.fields[f"{name}_province"] = forms.ModelChoiceField(
        label=label,
        queryset=AdministrativeUnit.objects.provinces()
        .filter(is_legacy=False)
        .order_by(vi_order("name")),
        required=required,
        empty_label=_("— Tỉnh/thành phố —"),
    )
    form.fields[f"{name}_district"] = forms.ModelChoiceField(
        label=_("Huyện/quận cũ (trước 01/07/2025)"),
        queryset=_children(chosen["province"], Level.DISTRICT),
        required=False,
        empty_label=_("— Không chọn (địa giới hiện hành) —"),
    )
    form.fields[f"{name}_commune"] = forms.ModelChoiceField(
        label=_("Xã/phường"),
        queryset=_children(
            chosen["district"] or chosen["province"], Level.COMMUNE
        ).prefetch_related("successors"),
        required=False,
        empty_label=_("— Xã/phường —"),
        help_text=succession_note(chosen["commune"] or chosen["district"]),
    )
    form.fields[f"{name}_commune"].label_from_instance = commune_option
    if not form.is_bound:
        for level in PICKER_LEVELS:
            if chosen[level] is not None:
                form.initial[f"{name}_{level}"] = chosen[level]


def picked_unit(cleaned_data: dict, name: str) -> AdministrativeUnit | None:
    """The lowest unit chosen (commune, else district, else province)."""
    for level in reversed(PICKER_LEVELS):
        unit = cleaned_data.get(f"{name}_{level}")
        if unit is not None:
            return unit
    return None


def check_picker(form: forms.BaseForm, name: str) -> None:
    """A commune must lie in the chosen district (or province): refuse a mismatched post."""
    data = form.cleaned_data
    province, district, commune = (data.get(f"{name}_{level}") for level in PICKER_LEVELS)
    if district and province and district.parent_id != province.pk:
        form.add_error(f"{name}_district", _("Huyện này không thuộc tỉnh đã chọn."))
    parent = district or province
    if commune and parent and commune.parent_id != parent.pk:
        form.add_error(f"{name}_commune", _("Xã/phường này không thuộc đơn vị đã chọn."))


class UnitPickerForm(forms.Form):
    """The picker alone, re-rendered by htmx with the values chosen so far."""

    def __init__(self, *args, name: str, label: str = "", required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        add_unit_picker(self, name, label=label, required=required)


def _children(parent, level):
    if parent is None:
        return AdministrativeUnit.objects.none()
    return AdministrativeUnit.objects.filter(parent=parent, level=level).order_by(vi_order("name"))


def _chosen(form, name) -> dict:
    chosen = dict.fromkeys(PICKER_LEVELS)
    if form.is_bound:
        for level in PICKER_LEVELS:
            value = form.data.get(form.add_prefix(f"{name}_{level}"))
            if value and str(value).isdecimal():
                chosen[level] = AdministrativeUnit.objects.filter(pk=value).first()
        return chosen
    unit = form.initial.get(name)
    while isinstance(unit, AdministrativeUnit):
        chosen[unit.level] = unit
        unit = unit.parent
    return chosen


def unit_from_choices(province, district, commune) -> AdministrativeUnit | None:
    """The lowest consistent unit of a partial choice: a level that does not belong to the level
    above it (the user changed the province after choosing a commune) is dropped."""
    if district is not None and (province is None or district.parent_id != province.pk):
        district = None
    parent = district or province
    if commune is not None and (parent is None or commune.parent_id != parent.pk):
        commune = None
    return commune or district or province
