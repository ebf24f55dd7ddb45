"""The pseudonymised export for partners (issue 8 item 4): one row per case of the user's area,
with no name, ID number, phone, exact date or address below the province.

Each row gets a random pseudonym, new at every export (never the case id or code), and rows are
sorted by it, so two exports cannot be joined row by row. Columns carry the field name of the
Human Trafficking Case Data Standard (HTCDS, IOM — github.com/UNMigration/HTCDS) where one
matches (`prs_Gender`, `prs_Nationality`, `prs_MailingState`, `vic_MethodOfRecruitment`,
`vic_RecruitmentWebsitesAndApps`, `hte_Country`, `cas_Status`, `cas_ReasonForCaseClosure`), and
our own name otherwise; the second sheet documents each column (HTCDS name, meaning, source).
Values are ours (Vietnamese labels), not HTCDS picklist values, except the ISO 3166 codes.

k-anonymity (`generalise`, issue 16 item 5): the quasi-identifiers (`QUASI`) are the columns an
outsider could know of a person — birth year, sex, nationality, ethnic group, province of
residence, year of return and destination country. No released row may share its combination of
them with fewer than k − 1 others, k = `settings.PARTNER_EXPORT_K` (default 5, the small-count
threshold of the dashboard; at least 2). A row whose combination is rarer is generalised, one step
at a time and only as far as needed, counting again after each step (`STEPS`):
  1. the ethnic group becomes "Kinh" or "Dân tộc thiểu số" (the minority group), foreigners
     "Người nước ngoài";
  2. the birth year becomes its five-year band ("1995–1999");
  3. the nationality becomes "VN" or "Nước ngoài";
  4. the destination country becomes its region ("Đông Á", "Đông Nam Á"…);
  5. the year of return becomes its five-year band;
  6. the birth year becomes its ten-year band ("1990–1999");
  7. the ethnic group is left blank;
  8. the province of residence is left blank;
  9. the birth year is left blank;
  10. the year of return is left blank;
  11. the destination is left blank;
  12. the sex is left blank;
  13. the nationality is left blank.
Suppression is the last resort: a row still rarer than k after the last step is left out. Rows
whose combination is common enough are never changed (a step touches only rare rows, so a common
combination only gains rows). Each row says in its column `generalised` which steps it took, and
the documentation sheet states the rule, k and how many rows were left out.
"""

import logging
import secrets
from collections import Counter

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

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
        "generalised",
        "",
        gettext_lazy("Các bước khái quát hóa đã áp dụng cho dòng này (để trống: giữ nguyên)"),
        gettext_lazy("Sinh khi xuất (k-ẩn danh)"),
    ),
    (
        "supports_provided",
        "",
        gettext_lazy("Các hỗ trợ đã nhận, theo loại (số lần)"),
        gettext_lazy("Hỗ trợ: các hỗ trợ ở trạng thái đã hỗ trợ"),
    ),
]
KEYS = [key for key, *_rest in COLUMNS]
QUASI = (
    "birth_year",
    "prs_Gender",
    "prs_Nationality",
    "ethnicity",
    "prs_MailingState",
    "return_year",
    "hte_Country",
)
KINH = "01"  # GSO Decision 1019/QĐ-TCTK (2008) code of the Kinh group
FOREIGNER = "99"  # the reference list's entry for foreigners (victims.reference_data)


def k_anonymity() -> int:
    """k of the partner export: `settings.PARTNER_EXPORT_K`, never below 2."""
    return max(2, int(getattr(settings, "PARTNER_EXPORT_K", 5)))


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
    open_closure = next((c for c in case.closures.all() if c.is_open), None)
    supports = Counter(str(record.support_type.name) for record in case.provided_supports)
    return {
        "birth_year": victim.birth_year,
        "prs_Gender": "Female" if victim.sex == Sex.FEMALE else "Male",
        "prs_Nationality": victim.nationality.code,
        "ethnicity": victim.ethnic_group.name if victim.ethnic_group_id else "",
        "ethnicity_code": victim.ethnic_group.code_in(code_set) if victim.ethnic_group_id else "",
        "_ethnic_code": victim.ethnic_group.code_2008 if victim.ethnic_group_id else "",
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
        "generalised": "",
    }


def _band(width):
    def band(value):
        if isinstance(value, int):
            start = value - value % width
            return f"{start}–{start + width - 1}"
        if isinstance(value, str) and "–" in value:  # a narrower band already
            start = int(value.split("–")[0])
            start -= start % width
            return f"{start}–{start + width - 1}"
        return value

    return band


def _region(code):
    if code in ("", None) or code in {str(region) for region in REGIONS.values()}:
        return code
    return str(REGIONS.get(code, OTHER_REGION))


def _ethnic_group(value, row):
    """ "Kinh", or the minority group, or foreigners: the group of the row's ethnic code."""
    code = row.get("_ethnic_code", "")
    if not value or not code:
        return value
    if code == KINH:
        return value
    if code == FOREIGNER:
        return str(gettext_lazy("Người nước ngoài"))
    return str(gettext_lazy("Dân tộc thiểu số"))


def _nationality(value):
    return value if value in ("", "VN") else str(gettext_lazy("Nước ngoài"))


def _blank(value):
    return ""


# (column, how it is generalised, what the row's `generalised` column says)
STEPS = [
    ("ethnicity", _ethnic_group, gettext_lazy("dân tộc → nhóm")),
    ("birth_year", _band(5), gettext_lazy("năm sinh → nhóm 5 năm")),
    ("prs_Nationality", _nationality, gettext_lazy("quốc tịch → Việt Nam/nước ngoài")),
    ("hte_Country", _region, gettext_lazy("quốc gia → khu vực")),
    ("return_year", _band(5), gettext_lazy("năm trở về → nhóm 5 năm")),
    ("birth_year", _band(10), gettext_lazy("năm sinh → nhóm 10 năm")),
    ("ethnicity", _blank, gettext_lazy("bỏ dân tộc")),
    ("prs_MailingState", _blank, gettext_lazy("bỏ tỉnh cư trú")),
    ("birth_year", _blank, gettext_lazy("bỏ năm sinh")),
    ("return_year", _blank, gettext_lazy("bỏ năm trở về")),
    ("hte_Country", _blank, gettext_lazy("bỏ quốc gia bị đưa đến")),
    ("prs_Gender", _blank, gettext_lazy("bỏ giới tính")),
    ("prs_Nationality", _blank, gettext_lazy("bỏ quốc tịch")),
]
_TAKES_ROW = {_ethnic_group}


def quasi_key(row) -> tuple:
    return tuple(row.get(name, "") for name in QUASI)


def generalise(rows: list[dict], k: int) -> tuple[list[dict], int]:
    """The rows with rare combinations of quasi-identifiers generalised (module docstring);
    returns (rows kept, number left out). Every kept row shares its combination of `QUASI`
    with at least k − 1 other kept rows."""
    for row in rows:
        row.setdefault("generalised", "")
    for field, step, label in STEPS:
        counts = Counter(quasi_key(row) for row in rows)
        rare = [row for row in rows if counts[quasi_key(row)] < k]
        if not rare:
            break
        for row in rare:
            before = row.get(field, "")
            after = step(before, row) if step in _TAKES_ROW else step(before)
            if after != before:
                row[field] = after
                row.setdefault("_generalised_fields", set()).add(field)
                row["generalised"] = "; ".join(filter(None, [row["generalised"], str(label)]))
    counts = Counter(quasi_key(row) for row in rows)
    kept = [row for row in rows if counts[quasi_key(row)] >= k]
    return kept, len(rows) - len(kept)


def build(user, code_set="2008") -> tuple[list[list], int]:
    """The data rows (in column order) and the number of rows left out."""
    rows = [_row(case, code_set) for case in _cases(user)]
    rows, left_out = generalise(rows, k_anonymity())
    for row in rows:
        # A generalised ethnic group keeps no code that would name the group again.
        if "ethnicity" in row.get("_generalised_fields", ()):
            row["ethnicity_code"] = ""
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
            ngettext(
                "k-ẩn danh với k = %(k)s: mỗi tổ hợp năm sinh, giới tính, quốc tịch, dân tộc, "
                "tỉnh cư trú, năm trở về, quốc gia bị đưa đến phải có ít nhất %(k)s dòng. Dòng "
                "có tổ hợp hiếm hơn được khái quát hóa lần lượt, chỉ đến khi đủ: %(steps)s. "
                "Cột “generalised” ghi các bước đã áp dụng cho từng dòng. Số dòng bị loại vì "
                "vẫn ít hơn %(k)s: %(left)s.",
                "k-ẩn danh với k = %(k)s: mỗi tổ hợp năm sinh, giới tính, quốc tịch, dân tộc, "
                "tỉnh cư trú, năm trở về, quốc gia bị đưa đến phải có ít nhất %(k)s dòng. Dòng "
                "có tổ hợp hiếm hơn được khái quát hóa lần lượt, chỉ đến khi đủ: %(steps)s. "
                "Cột “generalised” ghi các bước đã áp dụng cho từng dòng. Số dòng bị loại vì "
                "vẫn ít hơn %(k)s: %(left)s.",
                k_anonymity(),
            )
            % {
                "k": k_anonymity(),
                "steps": "; ".join(str(label) for _field, _step, label in STEPS),
                "left": left_out,
            },
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
