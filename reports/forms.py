from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.access import scope_for, sees_everything
from core.forms import DateInput, reason_field
from locations.models import AdministrativeUnit
from reports import services
from reports.periods import KINDS, Period, last_closed, legacy_last_day, period_for

Level = AdministrativeUnit.Level


def report_scopes(user):
    """The units `user` may report on: every unit of their area that a report can cover — its
    province, the legacy districts and legacy communes (before 1 July 2025) and the current
    communes; a user with the whole installation, the provinces it serves."""
    units = scope_for(user, AdministrativeUnit.objects.all())
    if sees_everything(user):
        from accounts.models import Organisation

        served = list(Organisation.current().served_provinces.values_list("path", flat=True))
        if served:
            inside = Q()
            for path in served:
                inside |= Q(path__startswith=path)
            units = units.filter(inside)
    # Current units that are no longer active (merged since) are left out.
    return units.filter(Q(is_legacy=True) | Q(is_active=True))


def scope_tree(units) -> list[tuple[AdministrativeUnit, int, AdministrativeUnit | None]]:
    """`units` as the picker shows them — (unit, depth, parent in the tree): each province
    first, then its legacy districts, each followed by its legacy communes, then its current
    communes; names in alphabetical order (without diacritics)."""
    units = list(units)
    by_path = {unit.path: unit for unit in units}

    def ancestor(unit, level):
        parts = unit.path.rstrip("/").split("/")
        for end in range(len(parts) - 1, 0, -1):
            above = by_path.get("/".join(parts[:end]) + "/")
            if above is not None and above.level == level:
                return above
        return None

    def key(unit):
        province = unit.path.split("/", 1)[0]
        if unit.level == Level.PROVINCE:
            return (province, 0, "", 0, "")
        if unit.is_legacy:
            district = unit if unit.level == Level.DISTRICT else ancestor(unit, Level.DISTRICT)
            district_key = (district.search_name, district.path) if district else ("", "")
            own = 0 if unit.level == Level.DISTRICT else 1
            return (province, 1, district_key, own, (unit.search_name, unit.path))
        return (province, 2, "", 0, (unit.search_name, unit.path))

    tree = []
    for unit in sorted(units, key=key):
        if unit.level == Level.PROVINCE:
            tree.append((unit, 0, None))
            continue
        parent = (ancestor(unit, Level.DISTRICT) if unit.is_legacy else None) or ancestor(
            unit, Level.PROVINCE
        )
        depth = 0 if parent is None else (2 if parent.level == Level.DISTRICT else 1)
        tree.append((unit, depth, parent))
    return tree


def scope_label(unit) -> str:
    if unit.level == Level.PROVINCE:
        return unit.formal_name
    last = f"{legacy_last_day():%d/%m/%Y}"
    if unit.level == Level.DISTRICT:
        return str(_("%(name)s (huyện cũ, đến %(last)s)") % {"name": unit.name, "last": last})
    if unit.is_legacy:
        return str(_("%(name)s (xã cũ, đến %(last)s)") % {"name": unit.name, "last": last})
    return unit.name


class ScopeSelect(forms.Select):
    """A plain select of the units (it works alone); `static/js/scope_picker.js` turns it into a
    searchable tree. Each option says where it sits in the tree (data-depth, data-parent) and
    carries its diacritics-free name (data-search)."""

    template_name = "django/forms/widgets/select.html"

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.option_data = {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["attrs"].update(self.option_data.get(str(value), {}))
        return option


class UnitChoiceField(forms.ModelChoiceField):
    widget = ScopeSelect
    default_error_messages = {
        "invalid_choice": _(
            "Phạm vi này không thuộc địa bàn bạn được xem: hãy chọn một đơn vị trong danh sách."
        ),
        "required": _("Cần chọn phạm vi báo cáo."),
    }

    def label_from_instance(self, unit):
        return scope_label(unit)

    def set_tree(self, tree) -> None:
        """The choices in tree order, grouped for the plain select: each province, then its
        legacy units, then its current communes."""
        last = f"{legacy_last_day():%d/%m/%Y}"
        groups = {
            True: str(_("Huyện, xã cũ (đến %(last)s)") % {"last": last}),
            False: str(_("Xã, phường hiện nay")),
        }
        provinces = {
            unit.path: unit for unit, _depth, _parent in tree if unit.level == Level.PROVINCE
        }
        choices, data = [], {}
        for unit, depth, parent in tree:
            data[str(unit.pk)] = {
                "data-depth": str(depth),
                "data-parent": str(parent.pk) if parent else "",
                "data-level": unit.level,
                "data-legacy": "1" if unit.is_legacy else "",
                "data-search": unit.search_name,
            }
            option = (unit.pk, ("— " * max(depth - 1, 0)) + scope_label(unit))
            if unit.level == Level.PROVINCE:
                choices.append(option)
                continue
            group = groups[unit.is_legacy]
            province = provinces.get(unit.province_path)
            if len(provinces) > 1 and province is not None:
                group = f"{province.name} — {group}"
            if choices and isinstance(choices[-1][1], list) and choices[-1][0] == group:
                choices[-1][1].append(option)
            else:
                choices.append((group, [option]))
        self.choices = choices
        self.widget.option_data = data


class PeriodReopenForm(forms.Form):
    reason = reason_field(
        _("Lý do mở lại kỳ báo cáo"),
        _("Cần ghi lý do mở lại kỳ báo cáo."),
        rows=3,
        max_length=2000,
    )


class ReportRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kỳ báo cáo"), choices=list(KINDS.items()), initial="annual")
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100, required=False)
    start = forms.DateField(label=_("Từ ngày"), required=False, widget=DateInput())
    end = forms.DateField(label=_("Đến ngày"), required=False, widget=DateInput())
    unit = UnitChoiceField(
        label=_("Phạm vi"),
        queryset=AdministrativeUnit.objects.none(),
        help_text=_(
            "Tỉnh, huyện cũ (chỉ các kỳ trước 01/07/2025; kỳ có ngày này chỉ tính phần trước đó) "
            "hoặc xã, phường hiện nay."
        ),
    )
    with_succession = forms.BooleanField(
        label=_("Kể cả đơn vị trước/sau 01/07/2025"),
        required=False,
        help_text=_(
            "Huyện, xã cũ: tính cả các xã, phường kế thừa (cả kỳ báo cáo). Xã, phường hiện nay: "
            "tính cả hồ sơ của các đơn vị cũ mà xã kế thừa (theo quy tắc xem hồ sơ)."
        ),
    )
    reason = forms.CharField(
        label=_("Lý do tạo lại"),
        max_length=300,
        required=False,
        help_text=_("Chỉ cần khi báo cáo kỳ này đã được phê duyệt."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = report_scopes(user)
        field = self.fields["unit"]
        field.queryset = units
        tree = scope_tree(units)
        field.set_tree(tree)
        field.widget.attrs.update(
            {
                "data-scope-picker": "",
                "data-search-label": str(_("Tìm đơn vị")),
                "data-search-placeholder": str(_("Gõ tên tỉnh, huyện cũ, xã, phường…")),
                "data-empty-label": str(_("Không tìm thấy đơn vị nào.")),
            }
        )
        own = getattr(user, "jurisdiction", None)
        field.initial = (
            own
            if own is not None and any(u == own for u, _d, _p in tree)
            else (tree[0][0] if tree else None)
        )
        self.no_scope = not tree
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
        if data.get("period") and data.get("unit"):
            problem = services.request_problem(
                period=data["period"],
                unit=data["unit"],
                with_succession=data.get("with_succession", False),
            )
            if problem:
                field, message = problem
                self.add_error(field, message)
        return data
