"""Excel exports of the registry, written by core.spreadsheets (every cell goes through its
guard, so no formula runs from typed text)."""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.services import ethnic_code_set
from core.spreadsheets import Sheet, workbook_response


def case_rows(cases, code_set="2008"):
    for case in cases.iterator(chunk_size=500) if not cases._prefetch_related_lookups else cases:
        victim = case.victim
        reception = getattr(case, "reception", None)
        yield [
            case.code,
            victim.full_name,
            victim.get_sex_display(),
            victim.birth_display,
            victim.ethnic_group.name if victim.ethnic_group_id else "",
            victim.ethnic_group.code_in(code_set) if victim.ethnic_group_id else "",
            str(victim.permanent_unit.full_name()) if victim.permanent_unit else "",
            str(case.managing_unit),
            case.destination_country.name,
            "; ".join(form.display_name for form in case.exploitation_forms.all()),
            reception.received_on if reception else None,
            reception.get_channel_display() if reception else "",
            case.get_status_display(),
        ]


def ethnic_code_header(code_set) -> str:
    """The header of an ethnic-code column names its code set (issue 15 item 9): the 2008 and
    the 1979 lists give different groups the same number."""
    return _("Mã dân tộc (%(code_set)s)") % {"code_set": code_set.label}


def cases_workbook_response(cases) -> HttpResponse:
    code_set = ethnic_code_set()
    headers = [
        _("Mã vụ việc"),
        _("Họ và tên"),
        _("Giới tính"),
        _("Ngày/năm sinh"),
        _("Dân tộc"),
        ethnic_code_header(code_set),
        _("Nơi thường trú"),
        _("Đơn vị quản lý"),
        _("Quốc gia bị đưa đến"),
        _("Hình thức bóc lột"),
        _("Ngày trở về"),
        _("Hình thức trở về"),
        _("Tình trạng"),
    ]
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    cases = cases.select_related("victim__permanent_unit__parent__parent", "victim__ethnic_group")
    return workbook_response(
        f"danh-sach-vu-viec-{stamp}.xlsx",
        [Sheet(_("Vụ việc"), headers, case_rows(cases, code_set))],
    )
