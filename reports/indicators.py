"""The indicators of the provincial report, each a SQL aggregate over the records of a unit's
area in a period (`values().annotate()` / `aggregate()`, no per-row Python loops).

Every indicator has a stable key (the key of `indicators.json`), a Vietnamese label and a one-line
definition. Scalars are numbers; tables are rows (key, label, {column: number}). People received
are counted once per person (a person received twice in a period is one person); ages are taken
at the reception date. Records of a unit's area are found through `accounts.access.scope_to_unit`,
the doorway the user-facing lists use.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from accounts.access import scope_to_unit
from locations.models import AdministrativeUnit
from prevention.choices import TRAINING_TYPES, ActivityType
from prevention.models import Directive, PreventionActivity
from reports.periods import Period
from support_services.models import (
    CaseClosure,
    ClosureReason,
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
from victims.choices import CaseStatus, ReceivingAgencyType, ReturnChannel, Sex
from victims.models import Case


@dataclass(frozen=True)
class Scope:
    unit: AdministrativeUnit
    period: Period


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    definition: str
    section: str


@dataclass(frozen=True)
class Table:
    key: str
    label: str
    definition: str
    section: str
    columns: tuple = (("value", _("Số người")),)
    summable: bool = True  # False where one person may fall in several rows


@dataclass
class Figures:
    scalars: dict = field(default_factory=dict)
    tables: dict = field(default_factory=dict)  # key -> [(row key, row label, {column: n})]
    lists: dict = field(default_factory=dict)  # key -> [facts], e.g. the directives issued


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

PEOPLE = (("value", _("Số người")),)
SUPPORT_COLUMNS = (
    ("people", _("Số người")),
    ("count", _("Số lượt")),
    ("amount", _("Số tiền (đồng)")),
)
REFERRAL_COLUMNS = (
    ("sent", _("Đã gửi")),
    ("accepted", _("Đã tiếp nhận")),
    ("declined", _("Từ chối")),
    ("completed", _("Hoàn thành")),
)
TABLES = [
    Table(
        "received_by_ethnicity",
        _("Theo dân tộc"),
        _("Người được tiếp nhận, theo dân tộc."),
        "reception",
    ),
    Table(
        "received_by_unit",
        _("Theo đơn vị quản lý"),
        _("Người được tiếp nhận, theo đơn vị quản lý vụ việc."),
        "reception",
    ),
    Table(
        "received_by_destination",
        _("Theo quốc gia bị đưa đến"),
        _("Người được tiếp nhận, theo quốc gia bị đưa đến."),
        "reception",
    ),
    Table(
        "received_by_exploitation",
        _("Theo hình thức bị bóc lột"),
        _("Người được tiếp nhận, theo hình thức bị bóc lột (một người có thể có nhiều hình thức)."),
        "reception",
        summable=False,
    ),
    Table(
        "received_by_channel",
        _("Theo hình thức trở về"),
        _("Người được tiếp nhận, theo hình thức trở về."),
        "reception",
    ),
    Table(
        "received_by_agency",
        _("Theo cơ quan tiếp nhận"),
        _("Người được tiếp nhận, theo loại cơ quan tiếp nhận."),
        "reception",
    ),
    Table(
        "supports_by_type",
        _("Hỗ trợ đã thực hiện theo chế độ"),
        _("Hỗ trợ có ngày hỗ trợ trong kỳ: số người, số lượt, số tiền."),
        "support",
        SUPPORT_COLUMNS,
    ),
    Table(
        "referrals_by_programme",
        _("Chuyển gửi theo chương trình và kết quả"),
        _("Chuyển gửi có ngày gửi trong kỳ, theo chương trình (hoặc loại cơ sở) và trạng thái."),
        "referral",
        REFERRAL_COLUMNS,
    ),
    Table(
        "activities_by_type",
        _("Hoạt động phòng ngừa theo loại"),
        _("Hoạt động bắt đầu trong kỳ: số hoạt động, số lớp/buổi, số người tham dự, ấn phẩm."),
        "prevention",
        (
            ("activities", _("Số hoạt động")),
            ("sessions", _("Số lớp, buổi")),
            ("participants", _("Số người tham dự")),
            ("items_distributed", _("Ấn phẩm phát hành")),
        ),
    ),
    Table(
        "training_participants_by_group",
        _("Người dự tập huấn theo đối tượng"),
        _("Người dự các lớp tập huấn, bồi dưỡng bắt đầu trong kỳ, theo nhóm đối tượng."),
        "prevention",
        (("value", _("Số người")), ("female", _("Trong đó nữ"))),
    ),
    Table(
        "closures_by_reason",
        _("Hồ sơ đã đóng theo lý do"),
        _("Hồ sơ có ngày đóng trong kỳ (chưa mở lại), theo lý do đóng."),
        "reintegration",
        (("value", _("Số hồ sơ")),),
    ),
]


# Identified, including cases closed since (a closure keeps the status the case had before).
IDENTIFIED = Q(status=CaseStatus.IDENTIFIED) | Q(
    status=CaseStatus.CLOSED,
    closures__previous_status=CaseStatus.IDENTIFIED,
    closures__reopened_at__isnull=True,
)


def _received(scope: Scope):
    period = scope.period
    return scope_to_unit(scope.unit, Case.objects.all()).received_between(period.start, period.end)


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
    cases = _received(scope)
    channels, agencies = dict(ReturnChannel.choices), dict(ReceivingAgencyType.choices)
    figures.tables.update(
        received_by_ethnicity=_grouped(cases, "victim__ethnic_group__name"),
        received_by_unit=_grouped(cases, "managing_unit__name"),
        received_by_destination=_grouped(
            cases, "destination_country", label=lambda code: countries.name(code) or code
        ),
        received_by_exploitation=_grouped(cases, "exploitation_forms__name"),
        received_by_channel=_grouped(cases, "reception__channel", label=channels.get),
        received_by_agency=_grouped(cases, "reception__agency_type", label=agencies.get),
    )


def _grouped(cases, field_name, label=None) -> list:
    rows = cases.values(field_name).annotate(value=_people()).order_by("-value", field_name)
    unknown = str(_("Chưa rõ"))
    return [
        (
            row[field_name] or "",
            (label(row[field_name]) if label and row[field_name] else row[field_name]) or unknown,
            {"value": row["value"]},
        )
        for row in rows
    ]


def verification_figures(scope: Scope, figures: Figures) -> None:
    dossiers = scope_to_unit(scope.unit, VerificationDossier.objects.all())
    figures.scalars["dossiers_overdue"] = dossiers.filter(
        status__in=[DossierStatus.SUBMITTED, DossierStatus.SENT], due_date__lt=scope.period.end
    ).count()


def support_figures(scope: Scope, figures: Figures) -> None:
    start, end = scope.period.start, scope.period.end
    records = scope_to_unit(scope.unit, SupportRecord.objects.all())
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
        given.values("support_type__regime", "support_type__order", "support_type__name")
        .annotate(
            people=Count("case__victim", distinct=True), count=Count("pk"), amount=Sum("amount")
        )
        .order_by("support_type__regime", "support_type__order")
    )
    figures.scalars["supports_provided_amount_vnd"] = (
        given.aggregate(total=Sum("amount"))["total"] or 0
    )
    figures.tables["supports_by_type"] = [
        (
            f"{row['support_type__regime']}:{row['support_type__name']}",
            row["support_type__name"],
            {"people": row["people"], "count": row["count"], "amount": row["amount"] or 0},
        )
        for row in by_type
    ]


def reintegration_figures(scope: Scope, figures: Figures) -> None:
    start, end = scope.period.start, scope.period.end
    visits = scope_to_unit(scope.unit, FollowUp.objects.all())
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
    closures = scope_to_unit(scope.unit, CaseClosure.objects.all()).filter(
        closed_on__range=(start, end), reopened_at__isnull=True
    )
    reasons = dict(ClosureReason.choices)
    rows = closures.values("reason").annotate(value=Count("pk")).order_by("-value", "reason")
    figures.scalars["cases_closed"] = sum(row["value"] for row in rows)
    figures.tables["closures_by_reason"] = [
        (row["reason"], reasons.get(row["reason"], row["reason"]), {"value": row["value"]})
        for row in rows
    ]


def referral_figures(scope: Scope, figures: Figures) -> None:
    start, end = scope.period.start, scope.period.end
    referrals = scope_to_unit(scope.unit, Referral.objects.all())
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
    figures.tables["referrals_by_programme"] = [
        (
            row["programme"] or f"provider:{row['provider__kind']}",
            programmes.get(row["programme"])
            or str(kinds.get(row["provider__kind"], row["provider__kind"] or "")),
            {key: row[key] for key, _label in REFERRAL_COLUMNS},
        )
        for row in rows
    ]


def prevention_figures(scope: Scope, figures: Figures) -> None:
    start, end = scope.period.start, scope.period.end
    activities = scope_to_unit(scope.unit, PreventionActivity.objects.all()).in_period(start, end)
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
    directives = scope_to_unit(scope.unit, Directive.objects.all()).in_period(start, end)
    figures.scalars["directives_issued"] = directives.count()
    figures.lists["directives"] = [
        {"number": number, "issued_on": f"{issued_on:%d/%m/%Y}", "title": title}
        for number, issued_on, title in directives.order_by("issued_on", "number").values_list(
            "number", "issued_on", "title"
        )
    ]
    types = dict(ActivityType.choices)
    figures.tables["activities_by_type"] = [
        (
            row["activity_type"],
            types.get(row["activity_type"], row["activity_type"]),
            {
                key: row[key]
                for key in ("activities", "sessions", "participants", "items_distributed")
            },
        )
        for row in activities.totals_by("activity_type")
    ]
    training = activities.filter(activity_type__in=TRAINING_TYPES)
    figures.tables["training_participants_by_group"] = [
        (
            row["target_group__code"],
            row["target_group__name"],
            {"value": row["count"], "female": row["female"]},
        )
        for row in training.participants_by_group()
    ]


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
    with its rows (previous values too)."""
    current = compute(scope)
    previous = compute(Scope(scope.unit, scope.period.previous()))
    scalars = {
        indicator.key: {
            "label": str(indicator.label),
            "value": current.scalars.get(indicator.key, 0),
            "previous": previous.scalars.get(indicator.key, 0),
        }
        for indicator in INDICATORS
    }
    tables = {}
    for table in TABLES:
        before = {key: values for key, _label, values in previous.tables.get(table.key, [])}
        tables[table.key] = {
            "label": str(table.label),
            "columns": [[key, str(label)] for key, label in table.columns],
            "rows": [
                {
                    "key": key,
                    "label": str(label),
                    "values": values,
                    "previous": before.get(key, dict.fromkeys(values, 0)),
                }
                for key, label, values in current.tables.get(table.key, [])
            ],
        }
    return {
        "period": {
            "kind": scope.period.kind,
            "start": scope.period.start.isoformat(),
            "end": scope.period.end.isoformat(),
        },
        "unit": {"code": scope.unit.code, "name": scope.unit.name},
        "indicators": scalars,
        "tables": tables,
        "directives": current.lists.get("directives", []),
    }


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
        for row in table["rows"]:
            for part in ("values", "previous"):
                row[part] = {key: hide(key, value) for key, value in row[part].items()}
    for row in result.get("differences_from_approved", []):
        column = row["key"].rsplit("/", 1)[-1]
        row["approved"], row["value"] = hide(column, row["approved"]), hide(column, row["value"])
    result["suppressed_below"] = k
    return result
