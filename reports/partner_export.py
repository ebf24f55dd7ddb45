"""The pseudonymised export for partners (issue 8 item 4): one row per case of the user's area,
with no name, ID number, phone, exact date or address below the province.

Each row gets a random pseudonym, new at every export (never the case id or code), and rows are
sorted by it, so two exports cannot be joined row by row. Columns carry the field name of the
Human Trafficking Case Data Standard (HTCDS, IOM — github.com/UNMigration/HTCDS) where one
matches (`prs_Gender`, `prs_Nationality`, `prs_MailingState`, `vic_MethodOfRecruitment`,
`vic_RecruitmentWebsitesAndApps`, `hte_Country`, `cas_Status`, `cas_ReasonForCaseClosure`), and
our own name otherwise; the second sheet documents each column (HTCDS name, meaning, source).
Values are ours (Vietnamese labels), not HTCDS picklist values, except the ISO 3166 codes.

Small counts (`generalise`): the quasi-identifiers are birth year, sex, province of residence and
destination country. A row whose combination is shared by fewer than
`settings.SMALL_COUNT_THRESHOLD` rows of the export is generalised, one step at a time and only
as far as needed, counting again after each step:
  1. the birth year becomes its five-year band ("1995–1999");
  2. the birth year is left blank;
  3. the destination country becomes its region ("Đông Á", "Đông Nam Á"…);
  4. the province of residence is left blank;
  5. the sex is left blank.
A row still rarer than the threshold after the last step is left out, and the documentation sheet
says how many were.
"""

import logging
import secrets
from collections import Counter

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.access import scope_for
from accounts.policy import can
from accounts.services import ethnic_code_set
from core.spreadsheets import Sheet, workbook_response
from support_services.models import SupportRecord, SupportStatus
from victims.choices import Sex
from victims.models import Case

logger = logging.getLogger("trafficking_cases.access")


# Regions of the destinations met in Vietnamese returns (UN M49 sub-regions, in Vietnamese).
REGIONS = {
    **dict.fromkeys(["CN", "HK", "MO", "TW", "KR", "KP", "JP", "MN"], gettext_lazy("Đông Á")),
    **dict.fromkeys(
        ["LA", "KH", "TH", "MY", "SG", "ID", "PH", "MM", "BN", "TL"], gettext_lazy("Đông Nam Á")
    ),
    **dict.fromkeys(["VN"], gettext_lazy("Trong nước")),
    **dict.fromkeys(
        ["AE", "SA", "QA", "KW", "OM", "BH", "JO", "LB", "IL", "TR", "CY"], gettext_lazy("Tây Á")
    ),
    **dict.fromkeys(
        ["RU", "UA", "BY", "PL", "CZ", "SK", "HU", "RO", "BG"], gettext_lazy("Đông Âu")
    ),
    **dict.fromkeys(["GB", "IE", "FR", "DE", "NL", "BE", "LU", "AT", "CH"], gettext_lazy("Tây Âu")),
}
OTHER_REGION = gettext_lazy("Khu vực khác")

# (key, HTCDS field or "", meaning, source)
COLUMNS = [
    (
        "pseudonym",
        "",
        gettext_lazy("Mã giả danh ngẫu nhiên của vụ việc, khác nhau ở mỗi lần xuất"),
        gettext_lazy("Sinh ngẫu nhiên khi xuất"),
    ),
    (
        "birth_year",
        "prs_Birthdate",
        gettext_lazy("Năm sinh (chỉ năm; nhóm 5 năm hoặc để trống khi ít người)"),
        gettext_lazy("Người trở về: năm sinh"),
    ),
    (
        "prs_Gender",
        "prs_Gender",
        gettext_lazy("Giới tính (Female/Male)"),
        gettext_lazy("Người trở về: giới tính"),
    ),
    (
        "prs_Nationality",
        "prs_Nationality",
        gettext_lazy("Quốc tịch (mã ISO 3166)"),
        gettext_lazy("Người trở về: quốc tịch"),
    ),
    (
        "ethnicity",
        "",
        gettext_lazy("Dân tộc"),
        gettext_lazy("Người trở về: dân tộc"),
    ),
    (
        "ethnicity_code",
        "",
        gettext_lazy("Mã dân tộc, theo bộ mã ghi ở dòng “Bộ mã dân tộc” bên dưới"),
        gettext_lazy("Người trở về: dân tộc"),
    ),
    (
        "prs_MailingState",
        "prs_MailingState",
        gettext_lazy("Tỉnh, thành phố nơi thường trú (để trống khi ít người)"),
        gettext_lazy("Người trở về: nơi thường trú, chỉ cấp tỉnh"),
    ),
    (
        "return_year",
        "",
        gettext_lazy("Năm trở về, tiếp nhận"),
        gettext_lazy("Tiếp nhận: ngày trở về, chỉ năm"),
    ),
    (
        "return_channel",
        "",
        gettext_lazy("Hình thức trở về"),
        gettext_lazy("Tiếp nhận: hình thức trở về"),
    ),
    (
        "hte_Country",
        "hte_Country",
        gettext_lazy("Quốc gia bị đưa đến (mã ISO 3166; khu vực khi ít người)"),
        gettext_lazy("Vụ việc: quốc gia bị đưa đến"),
    ),
    (
        "exploitation_forms",
        "",
        gettext_lazy(
            "Hình thức bóc lột (gần với vic_TypeOfLabourExploitation, vic_TypeOfSexExploitation)"
        ),
        gettext_lazy("Vụ việc: hình thức bóc lột"),
    ),
    (
        "exploitation_months",
        "",
        gettext_lazy("Thời gian bị bóc lột (tháng)"),
        gettext_lazy("Vụ việc: thời gian bị bóc lột"),
    ),
    (
        "vic_MethodOfRecruitment",
        "vic_MethodOfRecruitment",
        gettext_lazy("Thủ đoạn dụ dỗ, lừa bán"),
        gettext_lazy("Vụ việc: thủ đoạn"),
    ),
    (
        "vic_RecruitmentWebsitesAndApps",
        "vic_RecruitmentWebsitesAndApps",
        gettext_lazy("Kênh tiếp cận (mạng xã hội, ứng dụng…)"),
        gettext_lazy("Vụ việc: kênh tiếp cận"),
    ),
    (
        "trafficker_relation",
        "",
        gettext_lazy("Quan hệ với đối tượng mua bán"),
        gettext_lazy("Vụ việc: quan hệ với đối tượng mua bán"),
    ),
    (
        "person_category",
        "",
        gettext_lazy("Đối tượng (nạn nhân, người đang được xác định…)"),
        gettext_lazy("Vụ việc: đối tượng"),
    ),
    (
        "cas_Status",
        "cas_Status",
        gettext_lazy("Tình trạng vụ việc"),
        gettext_lazy("Vụ việc: tình trạng"),
    ),
    (
        "cas_ReasonForCaseClosure",
        "cas_ReasonForCaseClosure",
        gettext_lazy("Lý do đóng hồ sơ"),
        gettext_lazy("Đóng hồ sơ: lý do (lần đóng chưa mở lại)"),
    ),
    (
        "supports_provided",
        "",
        gettext_lazy("Các hỗ trợ đã nhận, theo loại (số lần)"),
        gettext_lazy("Hỗ trợ: các hỗ trợ ở trạng thái đã hỗ trợ"),
    ),
]
KEYS = [key for key, *_rest in COLUMNS]
QUASI = ("birth_year", "prs_Gender", "prs_MailingState", "hte_Country")


def may_export(user) -> bool:
    return can(user, "report.partner_export")


def _province_name(unit) -> str:
    while unit is not None and unit.parent_id is not None:
        unit = unit.parent
    return unit.name if unit is not None else ""


def _cases(user):
    provided = SupportRecord.objects.filter(status=SupportStatus.PROVIDED).select_related(
        "support_type"
    )
    return (
        scope_for(user, Case.objects.all())
        .select_related(
            "victim__ethnic_group",
            "victim__permanent_unit__parent__parent",
            "reception",
        )
        .prefetch_related(
            "exploitation_forms",
            "closures",
            Prefetch("supports", queryset=provided, to_attr="provided_supports"),
        )
    )


def _row(case, code_set="2008") -> dict:
    victim = case.victim
    reception = getattr(case, "reception", None)
    open_closure = next((c for c in case.closures.all() if c.reopened_at is None), None)
    supports = Counter(str(record.support_type.name) for record in case.provided_supports)
    return {
        "birth_year": victim.birth_year,
        "prs_Gender": "Female" if victim.sex == Sex.FEMALE else "Male",
        "prs_Nationality": victim.nationality.code,
        "ethnicity": victim.ethnic_group.name if victim.ethnic_group_id else "",
        "ethnicity_code": victim.ethnic_group.code_in(code_set) if victim.ethnic_group_id else "",
        "prs_MailingState": _province_name(victim.permanent_unit),
        "return_year": reception.received_on.year if reception else None,
        "return_channel": reception.get_channel_display() if reception else "",
        "hte_Country": case.destination_country.code,
        "exploitation_forms": "; ".join(form.name for form in case.exploitation_forms.all()),
        "exploitation_months": case.exploitation_months,
        "vic_MethodOfRecruitment": case.get_recruitment_means_display(),
        "vic_RecruitmentWebsitesAndApps": case.get_recruitment_channel_display(),
        "trafficker_relation": case.get_trafficker_relation_display(),
        "person_category": case.get_person_category_display(),
        "cas_Status": case.get_status_display(),
        "cas_ReasonForCaseClosure": open_closure.get_reason_display() if open_closure else "",
        "supports_provided": "; ".join(f"{name}: {n}" for name, n in sorted(supports.items())),
    }


def _band(value):
    if isinstance(value, int):
        start = value - value % 5
        return f"{start}–{start + 4}"
    return value


def _region(code):
    return str(REGIONS.get(code, OTHER_REGION)) if code else code


STEPS = [
    ("birth_year", _band),
    ("birth_year", lambda value: ""),
    ("hte_Country", _region),
    ("prs_MailingState", lambda value: ""),
    ("prs_Gender", lambda value: ""),
]


def generalise(rows: list[dict], k: int) -> tuple[list[dict], int]:
    """The rows with rare combinations of quasi-identifiers generalised (module docstring);
    returns (rows kept, number left out)."""

    def key(row):
        return tuple(row[name] for name in QUASI)

    for field, step in STEPS:
        counts = Counter(key(row) for row in rows)
        rare = [row for row in rows if counts[key(row)] < k]
        if not rare:
            return rows, 0
        for row in rare:
            row[field] = step(row[field])
    counts = Counter(key(row) for row in rows)
    kept = [row for row in rows if counts[key(row)] >= k]
    return kept, len(rows) - len(kept)


def build(user, code_set="2008") -> tuple[list[list], int]:
    """The data rows (in column order) and the number of rows left out."""
    rows = [_row(case, code_set) for case in _cases(user)]
    rows, left_out = generalise(rows, settings.SMALL_COUNT_THRESHOLD)
    used = set()
    for row in rows:
        pseudonym = f"P-{secrets.token_hex(5).upper()}"
        while pseudonym in used:
            pseudonym = f"P-{secrets.token_hex(5).upper()}"
        used.add(pseudonym)
        row["pseudonym"] = pseudonym
    rows.sort(key=lambda row: row["pseudonym"])
    return [[row[key] for key in KEYS] for row in rows], left_out


def partner_export_response(user):
    """The workbook response and the number of rows it holds."""
    code_set = ethnic_code_set()
    rows, left_out = build(user, code_set)
    documentation = [
        [key, htcds, str(meaning), str(source)] for key, htcds, meaning, source in COLUMNS
    ]
    documentation.append(["", "", "", ""])
    documentation.append([_("Bộ mã dân tộc"), "", code_set.decision, ""])
    documentation.append(
        [
            _("Quy tắc"),
            "",
            _(
                "Tổ hợp năm sinh, giới tính, tỉnh cư trú, quốc gia bị đưa đến có ít hơn %(k)s "
                "dòng thì lần lượt: năm sinh thành nhóm 5 năm, rồi để trống; quốc gia thành "
                "khu vực; để trống tỉnh; để trống giới tính. Số dòng bị loại vì vẫn ít hơn "
                "%(k)s: %(left)s."
            )
            % {"k": settings.SMALL_COUNT_THRESHOLD, "left": left_out},
            "",
        ]
    )
    logger.info(
        "partner export: user=%s jurisdiction=%s rows=%s left_out=%s",
        user.pk,
        user.jurisdiction_id,
        len(rows),
        left_out,
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = workbook_response(
        f"du-lieu-doi-tac-{stamp}.xlsx",
        [
            Sheet(_("Dữ liệu"), KEYS, rows),
            Sheet(
                _("Giải thích cột"),
                [_("Cột"), _("Tên trường HTCDS"), _("Ý nghĩa"), _("Nguồn dữ liệu")],
                documentation,
            ),
        ],
    )
    return response, len(rows)
