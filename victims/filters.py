import json

import django_filters
from django.db import connections
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.access import scope_to_unit
from core.forms import StaticChoicesSelect
from core.lists import AreaUnitFilter, ListFilterSet
from locations.collation import VietnameseCountries, vi_order
from locations.regimes import LegalRegime
from locations.text import search_key
from victims import choices
from victims.models import Case, ExploitationForm, Victim
from victims.rules import normalize_id_number

AGE_BANDS = [
    ("under_16", _("Dưới 16 tuổi")),
    ("16_17", _("Từ 16 đến dưới 18")),
    ("adult", _("Từ 18 tuổi")),
]
RESIDENCE = [("in_province", _("Trong tỉnh")), ("other_province", _("Ngoại tỉnh"))]

# A name shared by at least this share of the people (by the planner's estimate) is a broad
# search: its first page is found by walking the list in its order and testing each case's
# person, and its count stops after BROAD_SEARCH_EXACT_COUNT_UP_TO cases (issue 17).
BROAD_SEARCH_SHARE = 0.01
BROAD_SEARCH_EXACT_COUNT_UP_TO = 250


def _id_number_hash(text: str) -> str | None:
    """The keyed hash an ID number is found by (the number is stored encrypted), when `text`
    may be one."""
    number = normalize_id_number(text)
    return Victim.id_number_key(number) if number.isalnum() and len(number) >= 6 else None


def _people(key: str, hashed: str | None, prefix: str = "") -> Q:
    """The people a search matches: by the diacritics-free name, or the ID number's hash
    (`prefix`: the lookup path from the searched model to Victim)."""
    found = Q(**{f"{prefix}search_name__contains": key})
    if hashed:
        found |= Q(**{f"{prefix}id_number_hash": hashed})
    return found


def _code(text: str) -> Q:
    return Q(code__icontains=text.strip())


def broad_name_search(text: str, using: str | None = None) -> bool:
    """Whether `text` searches a name at least BROAD_SEARCH_SHARE of the people share, by the
    planner's estimate (one EXPLAIN; no row read). Numbers and codes are not names."""
    key = search_key(text)
    if not any(char.isalpha() for char in key):
        return False
    using = using or Victim.objects.db
    share = _people_share(_people(key, _id_number_hash(text)), using)
    return share is not None and share >= BROAD_SEARCH_SHARE


def _people_share(people, using: str) -> float | None:
    """The planner's estimate of the share of the people `people` (a Q on Victim) matches, from
    one EXPLAIN (planning only: nothing is read) of their rows beside all the people's; None
    where there is no such estimate (SQLite)."""
    if connections[using].vendor != "postgresql":
        return None
    found = Victim.objects.using(using).filter(people).order_by().values("pk")
    everyone = Victim.objects.using(using).order_by().values("pk")
    plan = json.loads(found.union(everyone, all=True).explain(format="json"))[0]["Plan"]
    parts = plan.get("Plans", [])
    if plan.get("Node Type") != "Append" or len(parts) != 2 or not parts[1]["Plan Rows"]:
        return None
    return parts[0]["Plan Rows"] / parts[1]["Plan Rows"]


class NameOrderingFilter(django_filters.OrderingFilter):
    """Sorting by the person's name compares it in Vietnamese order (locations.collation)."""

    collated = ("victim__full_name",)

    def get_ordering_value(self, param):
        value = super().get_ordering_value(param)
        field = value.lstrip("-")
        if field not in self.collated:
            return value
        return vi_order(field).desc() if value.startswith("-") else vi_order(field).asc()


class CaseFilter(ListFilterSet):
    """The registry's list filters; every queryset it sees is already scoped by the view."""

    q = django_filters.CharFilter(label=_("Tìm kiếm"), method="filter_search")
    unit = AreaUnitFilter(
        label=_("Đơn vị quản lý"), field_name="managing_unit", method="filter_unit"
    )
    succession = django_filters.ChoiceFilter(
        label=_("Đơn vị trước/sau 01/07/2025"),
        choices=[("with", _("Kể cả đơn vị kế thừa (huyện, xã cũ) hoặc tiền thân (xã hiện hành)"))],
        empty_label=_("Chỉ đơn vị đã chọn"),
        method="filter_succession",
    )
    status = django_filters.ChoiceFilter(label=_("Tình trạng"), choices=choices.CaseStatus.choices)
    sex = django_filters.ChoiceFilter(
        label=_("Giới tính"), field_name="victim__sex", choices=choices.Sex.choices
    )
    age_band = django_filters.ChoiceFilter(
        label=_("Tuổi khi trở về"), choices=AGE_BANDS, method="filter_age_band"
    )
    destination = django_filters.ChoiceFilter(
        label=_("Quốc gia bị đưa đến"),
        field_name="destination_country",
        choices=VietnameseCountries(),
        widget=StaticChoicesSelect(choices_key="countries"),
    )
    exploitation = django_filters.ModelChoiceFilter(
        label=_("Hình thức bóc lột"),
        field_name="exploitation_forms",
        queryset=ExploitationForm.objects.all(),
    )
    year = django_filters.NumberFilter(
        label=_("Năm tiếp nhận"), field_name="received_on", lookup_expr="year"
    )
    regime = django_filters.ChoiceFilter(
        label=_("Chế độ pháp lý"), choices=LegalRegime.choices, method="filter_regime"
    )
    residence = django_filters.ChoiceFilter(
        label=_("Nơi thường trú"), choices=RESIDENCE, method="filter_residence"
    )
    ordering = NameOrderingFilter(
        label=_("Sắp xếp"),
        fields=(
            ("received_on", "received"),
            ("code", "code"),
            ("victim__full_name", "name"),
            ("status", "status"),
        ),
        field_labels={
            "received_on": _("Ngày tiếp nhận"),
            "code": _("Mã vụ việc"),
            "victim__full_name": _("Họ tên"),
            "status": _("Tình trạng"),
        },
    )

    class Meta:
        model = Case
        fields = []

    def __init__(self, *args, broad_search: bool | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # Whether the search is a broad one (`broad_name_search`), when already known (decided
        # as the search was sent, victims/search_keys.py); None: decided when filtering.
        self.broad_search = broad_search
        # Set by a broad search (filter_search): the list counts exactly only up to this many
        # rows (core.lists.EstimatingPaginator), then estimates.
        self.exact_count_up_to = None

    def filter_unit(self, queryset, name, value):
        """The cases of the chosen unit's subtree; with "succession", also those of the current
        communes a legacy unit became, or of the legacy units a current commune took over
        (accounts.access.scope_to_unit, the rule of the README's "Jurisdiction across 1 July
        2025"). The queryset is the user's already: nothing outside their area is added."""
        if not value:
            return queryset
        across = self.form.cleaned_data.get("succession") == "with"
        return scope_to_unit(
            value,
            queryset,
            with_predecessors=across and not value.is_legacy,
            with_successors=across and value.is_legacy,
        )

    def filter_succession(self, queryset, name, value):
        return queryset  # read by filter_unit

    def filter_search(self, queryset, name, value):
        key = search_key(value)
        if not key:
            return queryset
        hashed = _id_number_hash(value)
        broad = self.broad_search
        if broad is None:
            broad = broad_name_search(value, queryset.db)
        if broad:
            # A name many people share ("nguyen thi"): the cases in the list's order, each
            # tested against its person (a nested loop on the people's key) — the first page
            # stops after 26 matches at any size, where the set of every match would grow
            # with the registry; the count stops early too (issue 17).
            self.exact_count_up_to = BROAD_SEARCH_EXACT_COUNT_UP_TO
            return queryset.filter(_people(key, hashed, "victim__") | _code(value))
        # A rare name, an ID number, a code: the people first, on their own table (a trigram
        # index on search_name, the unique index of the ID number's hash), then their cases by
        # the indexed victim column — not an OR across a join, which no index serves.
        found = Victim.objects.filter(_people(key, hashed)).order_by().values("pk")
        # A UNION of two indexed lookups (the cases of those people; the codes by the trigram
        # index), which the database computes first and small.
        matching = (
            Case.objects.filter(victim__in=found)
            .order_by()
            .values("pk")
            .union(Case.objects.filter(_code(value)).order_by().values("pk"))
        )
        return queryset.filter(pk__in=matching)

    def filter_age_band(self, queryset, name, value):
        # The stored column (victims/derived.py), with an index for the youngest band.
        return {
            "under_16": queryset.filter(age_at_reception__lt=16),
            "16_17": queryset.filter(age_at_reception__gte=16, age_at_reception__lt=18),
            "adult": queryset.filter(age_at_reception__gte=18),
        }.get(value, queryset)

    def filter_regime(self, queryset, name, value):
        return queryset.under_regime(value) if value else queryset

    def filter_residence(self, queryset, name, value):
        # The stored column (victims/derived.py), with an index for "ngoại tỉnh".
        if value == "in_province":
            return queryset.filter(resides_in_province=True)
        if value == "other_province":
            return queryset.filter(resides_in_province=False)
        return queryset
