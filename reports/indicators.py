"""The indicators of the provincial report, each a SQL aggregate over the records of a unit's
area in a period (`values().annotate()` / `aggregate()`, no per-row Python loops).

Every indicator has a stable key (the key of `indicators.json`), a Vietnamese label and a one-line
definition. Scalars are numbers; tables are rows (key, label, {column: number}). People received
are counted once per person (a person received twice in a period is one person); ages are taken
at the reception date. Records of a unit's area are found through `accounts.access.scope_to_unit`,
the doorway the user-facing lists use.

The tables add up. A breakdown of the people received puts each person in one row (the first
case received in the period, so a person received twice is not counted twice); each table names
the headline indicator its total equals (`Table.headlines`); a report shows every category
present in either period, with both periods' figures, so that its previous-period column is the
current column of the previous period's report, cell for cell.

Additivity: counts of records (supports, referrals, visits, activities, plans, amounts) add up
over units — a unit's figure is the sum of its own level's (`Scope.own_level`) and of the units
directly below it (`parts`); counts of distinct people do not (a person may be received in two
districts), and are marked `additive=False`.
"""

from dataclasses import dataclass, field, replace

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from accounts.access import scope_to_unit
from core.models import name_shown
from locations.collation import vi_order
from locations.models import AdministrativeUnit
from locations.regimes import CURRENT_REGIME_START, LegalRegime
from prevention.choices import TRAINING_TYPES, ActivityType
from prevention.models import Directive, PreventionActivity
from reports.periods import Period, scope_note
from support_services.models import (
    CaseClosure,
    ClosureReason,
    ClosureStatus,
    FollowUp,
    FollowUpStatus,
    Programme,
    ProviderKind,
    Referral,
    ReferralStatus,
    SupportRecord,
    SupportStatus,
)
from verification.models import DossierStatus, VerificationDossier
from victims.choices import CaseStatus, PersonCategory, ReceivingAgencyType, ReturnChannel, Sex
from victims.models import Case


@dataclass(frozen=True)
class Scope:
    unit: AdministrativeUnit
    period: Period
    # Only the records of the unit itself, not of the units below it (the province's own cases):
    # with `parts`, what a unit's figure is the sum of.
    own_level: bool = False
    # A legacy unit with its successor communes, a current commune with its predecessors.
    with_succession: bool = False


@dataclass(frozen=True)
class Figure:
    """What every figure of the report has: a stable key, a Vietnamese label, a one-line
    definition and the section it belongs to."""

    key: str
    label: str
    definition: str
    section: str


@dataclass(frozen=True)
class Indicator(Figure):
    # Whether the unit's figure is the sum of its parts' (counts of records, amounts); counts of
    # distinct people are not (one person may be counted in two units).
    additive: bool = True


@dataclass(frozen=True)
class Table(Figure):
    columns: tuple = (("value", _("Số người")),)
    summable: bool = True  # False where one person may fall in several rows
    title: str = ""  # the whole name (a sheet of the workbook, the definitions)
    sheet_title: str = ""  # a shorter whole name, for a sheet when the title is too long
    # (column, indicator key): the column's total is that headline indicator.
    totals: tuple = ()
    distinct: tuple = ()  # columns of distinct people: a person may fall in several rows
    additive: tuple = ()  # columns whose figures add up over units

    @property
    def headlines(self) -> dict:
        return dict(self.totals)

    def summed_columns(self) -> list:
        """The columns whose rows add up to their total."""
        if not self.summable:
            return []
        return [key for key, _label in self.columns if key not in self.distinct]


@dataclass
class Figures:
    scalars: dict = field(default_factory=dict)
    tables: dict = field(default_factory=dict)  # key -> [(row key, row label, {column: n})]
    lists: dict = field(default_factory=dict)  # key -> [facts], e.g. the directives issued
    # key -> {row key: sort key}: the natural order of a table's categories (reference order);
    # a table without one is ordered by its figures.
    order: dict = field(default_factory=dict)


SECTIONS = {
    "reception": _("Tiếp nhận nạn nhân"),
    "verification": _("Xác minh, xác định nạn nhân"),
    "support": _("Hỗ trợ nạn nhân"),
    "referral": _("Chuyển gửi, kết nối dịch vụ"),
    "reintegration": _("Theo dõi tái hòa nhập"),
    "prevention": _("Phòng ngừa, truyền thông"),
}

INDICATORS = [
    Indicator(
        "received_total",
        _("Số người được tiếp nhận"),
        _("Người có ngày tiếp nhận trong kỳ, mỗi người tính một lần."),
        "reception",
    ),
    Indicator("received_female", _("— nữ"), _("Người được tiếp nhận trong kỳ là nữ."), "reception"),
    Indicator("received_male", _("— nam"), _("Người được tiếp nhận trong kỳ là nam."), "reception"),
    Indicator(
        "received_under_16",
        _("— trẻ em dưới 16 tuổi"),
        _("Chưa đủ 16 tuổi vào ngày tiếp nhận."),
        "reception",
    ),
    Indicator(
        "received_under_18",
        _("— người dưới 18 tuổi"),
        _("Chưa đủ 18 tuổi vào ngày tiếp nhận."),
        "reception",
    ),
    Indicator(
        "received_in_province",
        _("— thường trú trong tỉnh"),
        _("Nơi thường trú thuộc tỉnh của đơn vị quản lý."),
        "reception",
    ),
    Indicator(
        "received_other_province",
        _("— thường trú ngoại tỉnh"),
        _("Nơi thường trú ngoài tỉnh, hoặc chưa rõ."),
        "reception",
    ),
    Indicator(
        "received_abroad",
        _("— bị mua bán ra nước ngoài"),
        _("Quốc gia bị đưa đến không phải Việt Nam."),
        "reception",
    ),
    Indicator(
        "received_through_criminal_cases",
        _("— tiếp nhận, xác minh qua các vụ án"),
        _("Vụ việc gắn với một vụ án hình sự."),
        "reception",
    ),
    Indicator(
        "received_accompanying_children",
        _("Người dưới 18 tuổi đi cùng nạn nhân được tiếp nhận (không tính là nạn nhân)"),
        _(
            "Người có vụ việc thuộc đối tượng người dưới 18 tuổi đi cùng nạn nhân, ngày tiếp nhận "
            "trong kỳ; không tính trong các chỉ tiêu người được tiếp nhận, xác minh ở trên."
        ),
        "reception",
    ),
    Indicator(
        "identified_total",
        _("Số người được xác định là nạn nhân"),
        _("Người được tiếp nhận trong kỳ có vụ việc đã xác định là nạn nhân."),
        "verification",
    ),
    Indicator(
        "not_victim_total",
        _("Số người xác định không phải nạn nhân"),
        _("Người được tiếp nhận trong kỳ có vụ việc kết luận không phải nạn nhân."),
        "verification",
    ),
    Indicator(
        "pending_total",
        _("Số người đang xác minh"),
        _("Người được tiếp nhận trong kỳ có vụ việc chưa có kết luận."),
        "verification",
    ),
    Indicator(
        "dossiers_overdue",
        _("Hồ sơ xác minh quá hạn"),
        _("Hồ sơ đang xử lý có hạn trước ngày cuối kỳ."),
        "verification",
    ),
    Indicator(
        "supports_proposed",
        _("Lượt hỗ trợ được đề xuất"),
        _("Hỗ trợ có ngày đề xuất trong kỳ."),
        "support",
    ),
    Indicator(
        "supports_approved",
        _("Lượt hỗ trợ được quyết định"),
        _("Hỗ trợ có ngày quyết định trong kỳ."),
        "support",
    ),
    Indicator(
        "supports_provided_count",
        _("Lượt hỗ trợ đã thực hiện"),
        _("Hỗ trợ có ngày hỗ trợ trong kỳ."),
        "support",
    ),
    Indicator(
        "supports_provided_people",
        _("Số người được hỗ trợ"),
        _("Người nhận ít nhất một hỗ trợ có ngày hỗ trợ trong kỳ."),
        "support",
    ),
    Indicator(
        "supports_provided_amount_vnd",
        _("Kinh phí hỗ trợ đã chi (đồng)"),
        _("Tổng số tiền các hỗ trợ có ngày hỗ trợ trong kỳ."),
        "support",
    ),
]

INDICATORS += [
    Indicator(
        "followups_done",
        _("Lượt thăm, theo dõi đã thực hiện"),
        _("Lần thăm có ngày thăm trong kỳ."),
        "reintegration",
    ),
    Indicator(
        "followups_lost_contact",
        _("Lượt thăm mất liên lạc"),
        _("Lần thăm ghi nhận mất liên lạc trong kỳ."),
        "reintegration",
    ),
    Indicator(
        "followups_overdue",
        _("Lượt thăm quá hạn"),
        _("Lần thăm chưa thực hiện, đến hạn trước ngày cuối kỳ."),
        "reintegration",
    ),
    Indicator(
        "followups_high_risk",
        _("Người có nguy cơ bị mua bán lại cao"),
        _("Người có lần thăm trong kỳ đánh giá nguy cơ cao."),
        "reintegration",
    ),
    Indicator(
        "cases_closed",
        _("Hồ sơ đã đóng"),
        _("Hồ sơ có ngày đóng trong kỳ (chưa mở lại)."),
        "reintegration",
    ),
]

INDICATORS += [
    Indicator(
        "referrals_sent",
        _("Lượt chuyển gửi"),
        _("Chuyển gửi đến cơ sở dịch vụ hoặc chương trình có ngày gửi trong kỳ."),
        "referral",
    ),
    Indicator(
        "referrals_people",
        _("Số người được chuyển gửi"),
        _("Người có ít nhất một chuyển gửi có ngày gửi trong kỳ."),
        "referral",
    ),
    Indicator(
        "referrals_completed",
        _("Chuyển gửi đã hoàn thành"),
        _("Chuyển gửi trong kỳ đã hoàn thành."),
        "referral",
    ),
    Indicator(
        "referrals_overdue",
        _("Chuyển gửi quá hạn trả lời"),
        _("Chuyển gửi chưa được trả lời, quá hạn trước ngày cuối kỳ."),
        "referral",
    ),
]

INDICATORS += [
    Indicator(
        "directives_issued",
        _("Văn bản chỉ đạo, kế hoạch đã ban hành"),
        _("Văn bản do các cơ quan trong phạm vi ban hành, có ngày ban hành trong kỳ."),
        "prevention",
    ),
    Indicator(
        "training_classes",
        _("Lớp tập huấn"),
        _("Số lớp của các hoạt động tập huấn, bồi dưỡng bắt đầu trong kỳ."),
        "prevention",
    ),
    Indicator(
        "training_participants",
        _("Lượt người dự tập huấn"),
        _("Số người dự các lớp tập huấn, bồi dưỡng bắt đầu trong kỳ."),
        "prevention",
    ),
    Indicator(
        "communication_events",
        _("Hoạt động truyền thông"),
        _("Sự kiện truyền thông, hưởng ứng 30/7, họp dân, in ấn phẩm bắt đầu trong kỳ."),
        "prevention",
    ),
    Indicator(
        "national_day_events",
        _("Hoạt động hưởng ứng Ngày 30/7"),
        _("Hoạt động hưởng ứng Ngày toàn quốc phòng, chống mua bán người trong kỳ."),
        "prevention",
    ),
    Indicator(
        "media_items",
        _("Tin, bài trên báo chí, phát thanh, truyền hình"),
        _("Tin, bài đăng, phát trong kỳ."),
        "prevention",
    ),
    Indicator(
        "items_distributed",
        _("Tờ rơi, áp phích, ấn phẩm đã phát hành"),
        _("Số ấn phẩm được phát hành trong các hoạt động bắt đầu trong kỳ."),
        "prevention",
    ),
    Indicator(
        "counselled_people",
        _("Lượt người được tư vấn di cư an toàn, phòng tránh lừa đảo việc làm"),
        _("Số người dự các buổi tư vấn bắt đầu trong kỳ."),
        "prevention",
    ),
    Indicator(
        "inspections",
        _("Cuộc kiểm tra dịch vụ đưa người lao động đi làm việc ở nước ngoài"),
        _("Cuộc kiểm tra bắt đầu trong kỳ."),
        "prevention",
    ),
    Indicator(
        "violations_found",
        _("Vi phạm phát hiện qua kiểm tra"),
        _("Số vi phạm ghi nhận trong các cuộc kiểm tra trong kỳ."),
        "prevention",
    ),
    Indicator(
        "prevention_cost_vnd",
        _("Kinh phí các hoạt động phòng ngừa (đồng)"),
        _("Tổng kinh phí các hoạt động bắt đầu trong kỳ."),
        "prevention",
    ),
]

# Counts of distinct people: a person received (supported, referred, visited) in two units is one
# person of each, so a unit may count fewer than the sum of its parts.
DISTINCT_PEOPLE = {
    "received_total",
    "received_female",
    "received_male",
    "received_under_16",
    "received_under_18",
    "received_in_province",
    "received_other_province",
    "received_abroad",
    "received_through_criminal_cases",
    "received_accompanying_children",
    "identified_total",
    "not_victim_total",
    "pending_total",
    "supports_provided_people",
    "referrals_people",
    "followups_high_risk",
}
INDICATORS = [
    replace(indicator, additive=indicator.key not in DISTINCT_PEOPLE) for indicator in INDICATORS
]

PEOPLE = (("value", _("Số người")),)
SUPPORT_COLUMNS = (
    ("people", _("Số người")),
    ("count", _("Số lượt")),
    ("amount", _("Số tiền (đồng)")),
)
ACTIVITY_COLUMNS = (
    ("activities", _("Số hoạt động")),
    ("sessions", _("Số lớp, buổi")),
    ("participants", _("Số người tham dự")),
    ("items_distributed", _("Ấn phẩm phát hành")),
)
REFERRAL_COLUMNS = (
    ("sent", _("Đã gửi")),
    ("accepted", _("Đã tiếp nhận")),
    ("declined", _("Từ chối")),
    ("completed", _("Hoàn thành")),
)
RECEIVED = (("value", "received_total"),)


def _received_table(key, label, definition, **options) -> Table:
    """A breakdown of the people received in the period: its total is `received_total`."""
    return Table(key, label, definition, "reception", totals=RECEIVED, **options)


TABLES = [
    _received_table(
        "received_by_ethnicity",
        _("Theo dân tộc"),
        _("Người được tiếp nhận, theo dân tộc (mỗi người một dòng)."),
        title=_("Người được tiếp nhận theo dân tộc"),
        sheet_title=_("Tiếp nhận theo dân tộc"),
    ),
    _received_table(
        "received_by_unit",
        _("Theo đơn vị quản lý"),
        _(
            "Người được tiếp nhận, theo đơn vị quản lý vụ việc (người tiếp nhận hai lần: theo "
            "vụ việc tiếp nhận đầu tiên trong kỳ)."
        ),
        title=_("Người được tiếp nhận theo đơn vị quản lý"),
        sheet_title=_("Tiếp nhận theo đơn vị quản lý"),
    ),
    _received_table(
        "received_by_destination",
        _("Theo quốc gia bị đưa đến"),
        _(
            "Người được tiếp nhận, theo quốc gia bị đưa đến (người tiếp nhận hai lần: theo vụ "
            "việc tiếp nhận đầu tiên trong kỳ)."
        ),
        title=_("Người được tiếp nhận theo quốc gia bị đưa đến"),
        sheet_title=_("Tiếp nhận theo nước bị đưa đến"),
    ),
    _received_table(
        "received_by_exploitation",
        _("Theo hình thức bị bóc lột"),
        _("Người được tiếp nhận, theo hình thức bị bóc lột (một người có thể có nhiều hình thức)."),
        summable=False,
        title=_("Người được tiếp nhận theo hình thức bị bóc lột"),
        sheet_title=_("Tiếp nhận theo dạng bóc lột"),
        distinct=("value",),
    ),
    _received_table(
        "received_by_channel",
        _("Theo hình thức trở về"),
        _(
            "Người được tiếp nhận, theo hình thức trở về (người tiếp nhận hai lần: theo vụ việc "
            "tiếp nhận đầu tiên trong kỳ)."
        ),
        title=_("Người được tiếp nhận theo hình thức trở về"),
        sheet_title=_("Tiếp nhận theo hình thức trở về"),
    ),
    _received_table(
        "received_by_agency",
        _("Theo cơ quan tiếp nhận"),
        _(
            "Người được tiếp nhận, theo loại cơ quan tiếp nhận (người tiếp nhận hai lần: theo vụ "
            "việc tiếp nhận đầu tiên trong kỳ)."
        ),
        title=_("Người được tiếp nhận theo cơ quan tiếp nhận"),
        sheet_title=_("Tiếp nhận theo cơ quan"),
    ),
    Table(
        "supports_by_type",
        _("Hỗ trợ đã thực hiện theo chế độ"),
        _(
            "Hỗ trợ có ngày hỗ trợ trong kỳ: số người, số lượt, số tiền (một người có thể nhận "
            "nhiều chế độ)."
        ),
        "support",
        SUPPORT_COLUMNS,
        title=_("Hỗ trợ đã thực hiện theo chế độ"),
        totals=(
            ("people", "supports_provided_people"),
            ("count", "supports_provided_count"),
            ("amount", "supports_provided_amount_vnd"),
        ),
        distinct=("people",),
        additive=("count", "amount"),
    ),
    Table(
        "referrals_by_programme",
        _("Chuyển gửi theo chương trình và kết quả"),
        _("Chuyển gửi có ngày gửi trong kỳ, theo chương trình (hoặc loại cơ sở) và trạng thái."),
        "referral",
        REFERRAL_COLUMNS,
        title=_("Chuyển gửi theo chương trình và kết quả"),
        sheet_title=_("Chuyển gửi theo chương trình"),
        totals=(("sent", "referrals_sent"), ("completed", "referrals_completed")),
        additive=tuple(key for key, _label in REFERRAL_COLUMNS),
    ),
    Table(
        "activities_by_type",
        _("Hoạt động phòng ngừa theo loại"),
        _("Hoạt động bắt đầu trong kỳ: số hoạt động, số lớp/buổi, số người tham dự, ấn phẩm."),
        "prevention",
        ACTIVITY_COLUMNS,
        title=_("Hoạt động phòng ngừa theo loại"),
        totals=(("items_distributed", "items_distributed"),),
        additive=tuple(key for key, _label in ACTIVITY_COLUMNS),
    ),
    Table(
        "training_participants_by_group",
        _("Người dự tập huấn theo đối tượng"),
        _(
            "Người dự các lớp tập huấn, bồi dưỡng bắt đầu trong kỳ, theo nhóm đối tượng; người "
            "không ghi nhóm ở dòng riêng."
        ),
        "prevention",
        (("value", _("Số người")), ("female", _("Trong đó nữ"))),
        title=_("Người dự tập huấn theo nhóm đối tượng"),
        sheet_title=_("Người dự tập huấn theo nhóm"),
        totals=(("value", "training_participants"),),
        additive=("value", "female"),
    ),
    Table(
        "closures_by_reason",
        _("Hồ sơ đã đóng theo lý do"),
        _("Hồ sơ có ngày đóng trong kỳ (chưa mở lại), theo lý do đóng."),
        "reintegration",
        (("value", _("Số hồ sơ")),),
        title=_("Hồ sơ đã đóng theo lý do"),
        totals=(("value", "cases_closed"),),
        additive=("value",),
    ),
]


# The laws a figure counts under (DOMAIN.md "Two legal regimes, chosen by date").
REGIME_TEXTS = {
    LegalRegime.LEGACY: _(
        "Luật Phòng, chống mua bán người 2011 (66/2011/QH12), Nghị định 62/2012/NĐ-CP và "
        "Nghị định 09/2013/NĐ-CP"
    ),
    LegalRegime.CURRENT: _(
        "Luật Phòng, chống mua bán người 2024 (53/2024/QH15), Nghị định 162/2025/NĐ-CP"
    ),
}
# What decides the regime of a record of each section: the case's reception date, or the date
# of the activity or of the plan.
REGIME_BY = {
    "prevention": _("theo ngày bắt đầu hoạt động"),
    "directives": _("theo ngày ban hành văn bản"),
}


def regimes_of(period: Period) -> list[LegalRegime]:
    """The regimes in force during `period` (both for a period spanning 1 July 2025)."""
    found = []
    if period.start < CURRENT_REGIME_START:
        found.append(LegalRegime.LEGACY)
    if period.end >= CURRENT_REGIME_START:
        found.append(LegalRegime.CURRENT)
    return found


def legal_basis(key: str, section: str, period: Period) -> str:
    """The legal regime(s) an indicator or table of `section` counts under in `period`, and
    what date decides it."""
    basis = REGIME_BY.get("directives" if key == "directives_issued" else section) or _(
        "theo ngày tiếp nhận của vụ việc"
    )
    regimes = regimes_of(period)
    if len(regimes) == 1:
        return f"{REGIME_TEXTS[regimes[0]]} ({basis})"
    split = f"{CURRENT_REGIME_START:%d/%m/%Y}"
    return _("Trước %(day)s: %(legacy)s; từ %(day)s: %(current)s (%(basis)s)") % {
        "day": split,
        "legacy": REGIME_TEXTS[LegalRegime.LEGACY],
        "current": REGIME_TEXTS[LegalRegime.CURRENT],
        "basis": basis,
    }


# Identified, including cases closed since (an approved closure keeps the status the case had
# before; a pending or rejected proposal closes nothing).
IDENTIFIED = Q(status=CaseStatus.IDENTIFIED) | Q(
    status=CaseStatus.CLOSED,
    closures__status=ClosureStatus.APPROVED,
    closures__previous_status=CaseStatus.IDENTIFIED,
    closures__reopened_at__isnull=True,
)


def area(scope: Scope, queryset):
    """The records of `queryset` in the scope's area (the unit's subtree, through the doorway);
    with `own_level`, only those of the unit itself."""
    across = scope.with_succession
    queryset = scope_to_unit(
        scope.unit,
        queryset,
        with_predecessors=across and not scope.unit.is_legacy,
        with_successors=across and scope.unit.is_legacy,
    )
    if scope.own_level:
        queryset = queryset.filter(**{queryset.model.scope_unit_field: scope.unit})
    return queryset


def parts(unit: AdministrativeUnit) -> list[AdministrativeUnit]:
    """The units directly below `unit` (a province: its legacy districts and its current
    communes; a legacy district: its communes). A unit's additive figures are the sum of its own
    level's (`Scope(unit, period, own_level=True)`) and of these units'."""
    return list(AdministrativeUnit.objects.filter(parent=unit).order_by("level", vi_order("name")))


# Children accompanying a victim have cases of their own (the supports they receive) but are not
# victims: the people received, identified, verified are counted without them, and they have a
# figure of their own (Law 66/2011 Art 32; Law 53/2024 Art 37).
ACCOMPANYING_CHILD = Q(person_category=PersonCategory.ACCOMPANYING_CHILD)


def _received(scope: Scope, *, children: bool = False):
    """The cases received in the scope's period: those of the people counted as received (or
    suspected) victims, or with `children`, those of the children accompanying them."""
    period = scope.period
    cases = area(scope, Case.objects.all()).received_between(period.start, period.end)
    return cases.filter(ACCOMPANYING_CHILD) if children else cases.exclude(ACCOMPANYING_CHILD)


def _first_case_of_each_person(cases):
    """One case per person: the first received in the period (then the lowest id), so that a
    breakdown puts a person received twice in one row and adds up to the people received."""
    # "No earlier case of the same person among `cases`": an anti-join the database runs
    # once by hashing, not a sorted subquery per case (issue 17).
    received = OuterRef("reception__received_on")
    earlier = cases.filter(victim=OuterRef("victim")).filter(
        Q(reception__received_on__lt=received)
        | Q(reception__received_on=received, pk__lt=OuterRef("pk"))
    )
    return cases.filter(~Exists(earlier.order_by().values("pk")))


def _people(condition=None):
    return Count("victim", filter=condition, distinct=True)


def reception_figures(scope: Scope, figures: Figures) -> None:
    cases = _received(scope).with_age_at_reception().with_residence_in_province()
    figures.scalars.update(
        cases.aggregate(
            received_total=_people(),
            received_female=_people(Q(victim__sex=Sex.FEMALE)),
            received_male=_people(Q(victim__sex=Sex.MALE)),
            received_under_16=_people(Q(age_at_reception__lt=16)),
            received_under_18=_people(Q(age_at_reception__lt=18)),
            received_in_province=_people(Q(resides_in_province=True)),
            received_other_province=_people(Q(resides_in_province=False)),
            received_abroad=_people(~Q(destination_country="VN")),
            received_through_criminal_cases=_people(Q(criminal_case__isnull=False)),
            identified_total=_people(IDENTIFIED),
            not_victim_total=_people(Q(status=CaseStatus.NOT_VICTIM)),
            pending_total=_people(Q(status=CaseStatus.SUSPECTED)),
        )
    )
    figures.scalars.update(
        _received(scope, children=True).aggregate(received_accompanying_children=_people())
    )
    cases = _received(scope)
    first = _first_case_of_each_person(cases)
    channels, agencies = dict(ReturnChannel.choices), dict(ReceivingAgencyType.choices)
    figures.tables.update(
        received_by_ethnicity=_grouped(first, "victim__ethnic_group__name"),
        received_by_unit=_grouped(first, "managing_unit__code", name="managing_unit__name"),
        received_by_destination=_grouped(
            first, "destination_country", label=lambda code: countries.name(code) or code
        ),
        # One person may have several forms: every case of the period counts.
        received_by_exploitation=_grouped(
            cases, "exploitation_forms__name", english="exploitation_forms__name_en"
        ),
        received_by_channel=_grouped(first, "reception__channel", label=channels.get),
        received_by_agency=_grouped(first, "reception__agency_type", label=agencies.get),
    )


def _grouped(cases, field_name, label=None, name=None, english=None) -> list:
    """People per value of `field_name`; the row's label is `label(value)`, the field `name`
    beside it, or the value — in English mode the field `english` beside it when filled (a
    reference row's `name_en`); no value: "Chưa rõ"."""
    fields = [field_name, *(extra for extra in (name, english) if extra)]
    rows = cases.values(*fields).annotate(value=_people()).order_by("-value", *fields)
    unknown = str(_("Chưa rõ"))

    def label_of(row):
        value = row[field_name]
        if not value:
            return unknown
        if name:
            return row[name] or value
        if english:
            return name_shown(value, row[english])
        return (label(value) if label else value) or value

    return [(row[field_name] or "", label_of(row), {"value": row["value"]}) for row in rows]


def verification_figures(scope: Scope, figures: Figures) -> None:
    dossiers = area(scope, VerificationDossier.objects.all())
    figures.scalars["dossiers_overdue"] = dossiers.filter(
        status__in=[DossierStatus.SUBMITTED, DossierStatus.SENT], due_date__lt=scope.period.end
    ).count()


def support_figures(scope: Scope, figures: Figures) -> None:
    start, end = scope.period.start, scope.period.end
    # Bounded by the period on the three indexed dates (issue 17): no support outside it is read.
    records = area(scope, SupportRecord.objects.all()).filter(
        Q(proposed_on__range=(start, end))
        | Q(decision_date__range=(start, end))
        | Q(provided_on__range=(start, end))
    )
    provided = Q(status=SupportStatus.PROVIDED, provided_on__range=(start, end))
    figures.scalars.update(
        records.aggregate(
            supports_proposed=Count("pk", filter=Q(proposed_on__range=(start, end))),
            supports_approved=Count("pk", filter=Q(decision_date__range=(start, end))),
            supports_provided_count=Count("pk", filter=provided),
            supports_provided_people=Count("case__victim", filter=provided, distinct=True),
        )
    )
    given = records.filter(provided)
    by_type = (
        given.values(
            "support_type__regime",
            "support_type__order",
            "support_type__code",
            "support_type__name",
            "support_type__name_en",
        )
        .annotate(
            people=Count("case__victim", distinct=True), count=Count("pk"), amount=Sum("amount")
        )
        .order_by("support_type__regime", "support_type__order", "support_type__code")
    )
    rows, order, total = [], {}, 0
    for row in by_type:
        total += row["amount"] or 0  # the amounts of the same rows: no second scan
        regime, code = row["support_type__regime"], row["support_type__code"]
        key = f"{regime}:{code}"
        rows.append(
            (
                key,
                name_shown(row["support_type__name"], row["support_type__name_en"]),
                {"people": row["people"], "count": row["count"], "amount": row["amount"] or 0},
            )
        )
        # The older regime first, then the order of the reference list.
        order[key] = (regime != LegalRegime.LEGACY, row["support_type__order"], code)
    figures.scalars["supports_provided_amount_vnd"] = total
    figures.tables["supports_by_type"] = rows
    figures.order["supports_by_type"] = order


def reintegration_figures(scope: Scope, figures: Figures) -> None:
    start, end = scope.period.start, scope.period.end
    visits = area(scope, FollowUp.objects.all())
    in_period = Q(visited_on__range=(start, end))
    figures.scalars.update(
        visits.aggregate(
            followups_done=Count("pk", filter=in_period & Q(status=FollowUpStatus.DONE)),
            followups_lost_contact=Count(
                "pk", filter=in_period & Q(status=FollowUpStatus.LOST_CONTACT)
            ),
            followups_overdue=Count(
                "pk", filter=Q(status=FollowUpStatus.SCHEDULED, due_date__lt=end)
            ),
            followups_high_risk=Count(
                "case__victim",
                filter=in_period & Q(status=FollowUpStatus.DONE, risk="high"),
                distinct=True,
            ),
        )
    )
    # Only approved closures close a case (a proposal waits for a second person).
    closures = area(scope, CaseClosure.objects.in_force()).filter(closed_on__range=(start, end))
    reasons = dict(ClosureReason.choices)
    rows = closures.values("reason").annotate(value=Count("pk")).order_by("-value", "reason")
    figures.scalars["cases_closed"] = sum(row["value"] for row in rows)
    figures.tables["closures_by_reason"] = [
        (row["reason"], reasons.get(row["reason"], row["reason"]), {"value": row["value"]})
        for row in rows
    ]
    figures.order["closures_by_reason"] = _choice_order(ClosureReason, rows, "reason")


def _choice_order(choices, rows, field_name) -> dict:
    """Rows in the order of their choices' declaration."""
    position = {value: index for index, value in enumerate(choices.values)}
    return {
        row[field_name]: (position.get(row[field_name], len(position)), row[field_name])
        for row in rows
    }


def referral_figures(scope: Scope, figures: Figures) -> None:
    start, end = scope.period.start, scope.period.end
    referrals = area(scope, Referral.objects.all())
    sent = referrals.filter(sent_on__range=(start, end))
    figures.scalars.update(
        sent.aggregate(
            referrals_sent=Count("pk"),
            referrals_people=Count("case__victim", distinct=True),
            referrals_completed=Count("pk", filter=Q(status=ReferralStatus.COMPLETED)),
        )
    )
    figures.scalars["referrals_overdue"] = referrals.filter(
        status=ReferralStatus.SENT, due_on__lt=end
    ).count()
    by_status = {
        key: Count("pk", filter=Q(status=key)) for key in ("accepted", "declined", "completed")
    }
    rows = (
        sent.values("programme", "provider__kind")
        .annotate(sent=Count("pk"), **by_status)
        .order_by("programme", "provider__kind")
    )
    programmes, kinds = dict(Programme.choices), dict(ProviderKind.choices)
    programme_order = {value: index for index, value in enumerate(Programme.values)}
    kind_order = {value: index for index, value in enumerate(ProviderKind.values)}
    table, order = [], {}
    for row in rows:
        programme, kind = row["programme"], row["provider__kind"]
        key = programme or f"provider:{kind}"
        table.append(
            (
                key,
                programmes.get(programme) or str(kinds.get(kind, kind or "")),
                {column: row[column] for column, _label in REFERRAL_COLUMNS},
            )
        )
        order[key] = (
            (0, programme_order.get(programme, 99), programme)
            if programme
            else (1, kind_order.get(kind, 99), kind or "")
        )
    figures.tables["referrals_by_programme"] = table
    figures.order["referrals_by_programme"] = order


def prevention_figures(scope: Scope, figures: Figures) -> None:
    start, end = scope.period.start, scope.period.end
    activities = area(scope, PreventionActivity.objects.all()).in_period(start, end)
    totals = activities.indicators()
    for key in (
        "training_classes",
        "training_participants",
        "communication_events",
        "national_day_events",
        "media_items",
        "items_distributed",
        "counselled_people",
        "inspections",
        "violations_found",
    ):
        figures.scalars[key] = totals[key]
    figures.scalars["prevention_cost_vnd"] = totals["cost"]
    directives = area(scope, Directive.objects.all()).in_period(start, end)
    figures.scalars["directives_issued"] = directives.count()
    figures.lists["directives"] = [
        {"number": number, "issued_on": f"{issued_on:%d/%m/%Y}", "title": title}
        for number, issued_on, title in directives.order_by("issued_on", "number").values_list(
            "number", "issued_on", "title"
        )
    ]
    types = dict(ActivityType.choices)
    figures.lists["activities"] = _activity_list(activities, types)
    by_type = list(activities.totals_by("activity_type"))
    figures.tables["activities_by_type"] = [
        (
            row["activity_type"],
            types.get(row["activity_type"], row["activity_type"]),
            {key: row[key] for key, _label in ACTIVITY_COLUMNS},
        )
        for row in by_type
    ]
    figures.order["activities_by_type"] = _choice_order(ActivityType, by_type, "activity_type")
    training = activities.filter(activity_type__in=TRAINING_TYPES)
    (
        figures.tables["training_participants_by_group"],
        figures.order["training_participants_by_group"],
    ) = _participants_by_group(training, totals)


def _activity_list(activities, types) -> list[dict]:
    """The activities of the period, each with its organiser and the units it was done with
    (the report names them: "4 lớp … phối hợp với huyện Thạch Thành")."""
    return [
        {
            "start_date": f"{activity.start_date:%d/%m/%Y}",
            "type": activity.activity_type,
            "type_label": str(types.get(activity.activity_type, activity.activity_type)),
            "title": activity.title,
            "unit": activity.unit.name,
            "partners": [unit.name for unit in activity.partner_units.all()],
            "sessions": activity.sessions,
            "participants": activity.participants,
            "items_distributed": activity.items_distributed,
        }
        for activity in activities.select_related("unit")
        .prefetch_related("partner_units")
        .order_by("start_date", "pk")
    ]


NO_GROUP = "_no_group"


def _participants_by_group(training, totals) -> tuple[list, dict]:
    """Participants of the training activities per target group; those of no group (a class
    whose participants were not all split by group) in a row of their own, so that the table
    adds up to the participants of the training classes."""
    rows, order = [], {}
    for row in training.participants_by_group():
        key = row["target_group__code"]
        rows.append(
            (
                key,
                name_shown(row["target_group__name"], row["target_group__name_en"]),
                {"value": row["count"], "female": row["female"]},
            )
        )
        order[key] = (0, row["target_group__order"], key)
    grouped = sum(values["value"] for _key, _label, values in rows)
    grouped_female = sum(values["female"] for _key, _label, values in rows)
    ungrouped = totals["training_participants"] - grouped
    if ungrouped:
        female = max(totals["training_participants_female"] - grouped_female, 0)
        rows.append(
            (NO_GROUP, str(_("Không ghi nhóm đối tượng")), {"value": ungrouped, "female": female})
        )
        order[NO_GROUP] = (1, 0, NO_GROUP)
    return rows, order


SOURCES = [
    prevention_figures,
    reception_figures,
    verification_figures,
    support_figures,
    referral_figures,
    reintegration_figures,
]


def compute(scope: Scope) -> Figures:
    figures = Figures()
    for source in SOURCES:
        source(scope, figures)
    return figures


def compare(scope: Scope) -> dict:
    """`indicators.json`: each scalar with the previous period's value beside it, and each table
    with the categories of both periods, each with both periods' figures, and its total."""
    current = compute(scope)
    previous = compute(replace(scope, period=scope.period.previous()))
    scalars = {
        indicator.key: {
            "label": str(indicator.label),
            "value": current.scalars.get(indicator.key, 0),
            "previous": previous.scalars.get(indicator.key, 0),
            "definition": str(indicator.definition),
            "section": indicator.section,
            "additive": indicator.additive,
        }
        for indicator in INDICATORS
    }
    tables = {}
    for table in TABLES:
        rows = _both_periods(table, current, previous)
        tables[table.key] = {
            "label": str(table.label),
            "columns": [[key, str(label)] for key, label in table.columns],
            "rows": rows,
            "title": str(table.title or table.label),
            "definition": str(table.definition),
            "section": table.section,
            "summable": table.summable,
            "summed": table.summed_columns(),
            "additive": list(table.additive),
            "total": {
                "values": _total(table, rows, "values", current.scalars),
                "previous": _total(table, rows, "previous", previous.scalars),
            },
        }
    return {
        "period": {
            "kind": scope.period.kind,
            "start": scope.period.start.isoformat(),
            "end": scope.period.end.isoformat(),
            # A legacy unit's period cut at 30/06/2025: the note the Excel and Word reports print.
            **scope_note(scope.period, scope.unit, with_succession=scope.with_succession),
        },
        "unit": {"code": scope.unit.code, "name": scope.unit.name},
        "indicators": scalars,
        "tables": tables,
        "directives": current.lists.get("directives", []),
        "activities": current.lists.get("activities", []),
    }


def _both_periods(table: Table, current: Figures, previous: Figures) -> list[dict]:
    """The rows of `table`: every category of either period with both periods' figures (zeros
    where a period has none), in the categories' natural order when they have one, else by the
    figures of this period, then of the previous one; "Chưa rõ" last."""
    zeros = {key: 0 for key, _label in table.columns}
    now = {key: (label, values) for key, label, values in current.tables.get(table.key, [])}
    before = {key: (label, values) for key, label, values in previous.tables.get(table.key, [])}
    keys = [*now, *(key for key in before if key not in now)]
    natural = {**previous.order.get(table.key, {}), **current.order.get(table.key, {})}
    first = table.columns[0][0]

    def by_figures(key):
        this = now.get(key, (None, zeros))[1][first]
        last = before.get(key, (None, zeros))[1][first]
        return (key == "", -this, -last, str((now.get(key) or before[key])[0]))

    keys.sort(key=(lambda key: natural[key]) if natural.keys() >= set(keys) else by_figures)
    rows = [
        {
            "key": key,
            "label": str((now.get(key) or before[key])[0]),
            "values": {**zeros, **now.get(key, (None, {}))[1]},
            "previous": {**zeros, **before.get(key, (None, {}))[1]},
        }
        for key in keys
    ]
    _tell_apart(rows)
    return rows


def _tell_apart(rows: list[dict]) -> None:
    """Two categories with one name (a support of each regime): the regime, or the key, beside
    the name."""
    regimes = dict(LegalRegime.choices)
    labels = [row["label"] for row in rows]
    for row in rows:
        if labels.count(row["label"]) > 1:
            prefix = row["key"].split(":", 1)[0]
            row["label"] = f"{row['label']} — {regimes.get(prefix, row['key'])}"


def _total(table: Table, rows: list[dict], part: str, scalars: dict) -> dict:
    """Each column's total: the headline indicator it breaks down, the sum of its rows where
    they add up, else None (one person in several rows, and no headline)."""
    headlines = table.headlines
    summed = table.summed_columns()
    total = {}
    for key, _label in table.columns:
        if key in headlines:
            total[key] = scalars.get(headlines[key], 0)
        elif key in summed:
            total[key] = sum(row[part][key] for row in rows)
        else:
            total[key] = None
    return total


def suppressed_copy(data: dict, k: int) -> dict:
    """`data` (the shape of indicators.json) with every count between 1 and k-1 written "<k",
    for readers who must not see small numbers of an area below the province. Amounts stay."""
    import copy

    def hide(key, value):
        if key.endswith("vnd") or key == "amount" or not isinstance(value, int):
            return value
        return f"<{k}" if 0 < value < k else value

    result = copy.deepcopy(data)
    for key, figure in result["indicators"].items():
        figure["value"], figure["previous"] = (
            hide(key, figure["value"]),
            hide(key, figure["previous"]),
        )
    for table in result["tables"].values():
        for row in [*table["rows"], table.get("total", {})]:
            for part in ("values", "previous"):
                if part in row:
                    row[part] = {key: hide(key, value) for key, value in row[part].items()}
    for row in result.get("differences_from_approved", []):
        column = row["key"].rsplit("/", 1)[-1]
        row["approved"], row["value"] = hide(column, row["approved"]), hide(column, row["value"])
    result["suppressed_below"] = k
    return result
