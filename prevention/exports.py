"""Excel exports of prevention work (core.spreadsheets writes the workbook and neutralises
formula-like text)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.spreadsheets import Sheet, workbook_response

TOTAL_KEYS = [
    "activities",
    "sessions",
    "participants",
    "participants_female",
    "items_produced",
    "items_distributed",
    "cost",
    "establishments_inspected",
    "violations_found",
]


def total_headers() -> list[str]:
    return [
        _("Số hoạt động"),
        _("Số lớp, buổi"),
        _("Số người tham gia"),
        _("Trong đó nữ"),
        _("Số sản phẩm in, sản xuất"),
        _("Số sản phẩm cấp phát"),
        _("Kinh phí (đồng)"),
        _("Số cơ sở được kiểm tra"),
        _("Số vi phạm"),
    ]


def _units(units) -> str:
    return "; ".join(str(unit) for unit in units)


def activity_rows(activities):
    for activity in activities:
        yield [
            activity.start_date,
            activity.end_date,
            activity.get_activity_type_display(),
            activity.title,
            str(activity.unit),
            _units(activity.places.all()),
            activity.venue,
            "; ".join(
                part
                for part in (_units(activity.partner_units.all()), activity.partner_organisations)
                if part
            ),
            activity.directive.number if activity.directive else "",
            activity.sessions,
            activity.participants,
            activity.participants_female,
            "; ".join(
                f"{row.target_group.display_name}: {row.count}"
                for row in activity.participations.all()
            ),
            activity.get_item_kind_display(),
            activity.items_produced,
            activity.items_distributed,
            activity.cost,
            activity.funding_source,
            activity.establishments_inspected,
            activity.violations_found,
            activity.findings,
            activity.notes,
        ]


def participation_rows(activities):
    for activity in activities:
        for row in activity.participations.all():
            yield [
                activity.start_date,
                activity.title,
                str(activity.unit),
                row.target_group.display_name,
                row.count,
                row.female,
            ]


def activities_workbook_response(activities):
    activities = list(activities)
    headers = [
        _("Ngày bắt đầu"),
        _("Ngày kết thúc"),
        _("Loại hoạt động"),
        _("Tên, nội dung hoạt động"),
        _("Đơn vị tổ chức"),
        _("Địa bàn thực hiện"),
        _("Địa điểm cụ thể"),
        _("Đơn vị phối hợp"),
        _("Thực hiện văn bản"),
        _("Số lớp, buổi"),
        _("Số người tham gia"),
        _("Trong đó nữ"),
        _("Theo nhóm đối tượng"),
        _("Loại sản phẩm"),
        _("Số lượng in, sản xuất"),
        _("Số lượng cấp phát"),
        _("Kinh phí (đồng)"),
        _("Nguồn kinh phí"),
        _("Số cơ sở được kiểm tra"),
        _("Số vi phạm"),
        _("Kết quả kiểm tra"),
        _("Ghi chú"),
    ]
    group_headers = [
        _("Ngày bắt đầu"),
        _("Tên, nội dung hoạt động"),
        _("Đơn vị tổ chức"),
        _("Nhóm đối tượng"),
        _("Số người"),
        _("Trong đó nữ"),
    ]
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return workbook_response(
        f"hoat-dong-phong-ngua-{stamp}.xlsx",
        [
            Sheet(_("Hoạt động"), headers, activity_rows(activities)),
            Sheet(_("Theo nhóm đối tượng"), group_headers, participation_rows(activities)),
        ],
    )


INDICATORS = [
    ("training_classes", gettext_lazy("Số lớp tập huấn")),
    ("training_participants", gettext_lazy("Số người được tập huấn")),
    ("training_participants_female", gettext_lazy("Trong đó nữ")),
    ("communication_events", gettext_lazy("Số sự kiện truyền thông, họp dân (kể cả 30/7)")),
    ("communication_participants", gettext_lazy("Số người tham dự truyền thông")),
    ("national_day_events", gettext_lazy("Số hoạt động hưởng ứng Ngày 30/7")),
    ("media_items", gettext_lazy("Số tin, bài trên báo chí, phát thanh, truyền hình")),
    ("items_produced", gettext_lazy("Số sản phẩm truyền thông in, sản xuất")),
    ("items_distributed", gettext_lazy("Số sản phẩm truyền thông cấp phát")),
    ("counselling_sessions", gettext_lazy("Số buổi tư vấn di cư an toàn")),
    ("counselled_people", gettext_lazy("Số người được tư vấn")),
    ("inspections", gettext_lazy("Số cuộc kiểm tra")),
    ("establishments_inspected", gettext_lazy("Số cơ sở được kiểm tra")),
    ("violations_found", gettext_lazy("Số vi phạm phát hiện")),
    ("cost", gettext_lazy("Tổng kinh phí (đồng)")),
]


def _totals_sheet(title: str, first: str, rows: list[dict], key: str) -> Sheet:
    """A sheet of totals: one row a `key` (its column headed `first`), then TOTAL_KEYS."""
    return Sheet(
        title,
        [first, *total_headers()],
        [[row[key], *(row[k] for k in TOTAL_KEYS)] for row in rows],
    )


def totals_workbook_response(year: int, unit, totals: dict):
    suffix = f"-{unit.code}" if unit is not None else ""
    indicator_rows = [[str(label), totals["indicators"][key]] for key, label in INDICATORS]
    indicator_rows.insert(0, [_("Số văn bản chỉ đạo ban hành"), len(totals["directives"])])
    return workbook_response(
        f"phong-ngua-{year}{suffix}.xlsx",
        [
            Sheet(
                _("Chỉ tiêu"), [_("Chỉ tiêu"), _("Năm %(year)s") % {"year": year}], indicator_rows
            ),
            _totals_sheet(
                _("Theo loại hoạt động"), _("Loại hoạt động"), totals["by_type"], "label"
            ),
            _totals_sheet(_("Theo đơn vị"), _("Đơn vị tổ chức"), totals["by_unit"], "label"),
            Sheet(
                _("Theo nhóm đối tượng"),
                [_("Nhóm đối tượng"), _("Số người"), _("Trong đó nữ")],
                [[row["label"], row["count"], row["female"]] for row in totals["by_group"]],
            ),
            _totals_sheet(_("Theo năm"), _("Năm"), totals["by_year"], "year"),
            Sheet(
                _("Văn bản chỉ đạo"),
                [_("Số, ký hiệu"), _("Ngày ban hành"), _("Loại văn bản"), _("Trích yếu")],
                [
                    [d.number, d.issued_on, d.get_directive_type_display(), d.title]
                    for d in totals["directives"]
                ],
            ),
        ],
    )
