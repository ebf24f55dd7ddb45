"""Excel exports of the registry, written by core.spreadsheets (every cell goes through its
guard, so no formula runs from typed text)."""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.spreadsheets import Sheet, workbook_response


def case_rows(cases):
    for case in cases.iterator(chunk_size=500) if not cases._prefetch_related_lookups else cases:
        victim = case.victim
        reception = getattr(case, "reception", None)
        yield [
            case.code,
            victim.full_name,
            victim.get_sex_display(),
            victim.birth_display,
            str(victim.permanent_unit.full_name()) if victim.permanent_unit else "",
            str(case.managing_unit),
            case.destination_country.name,
            "; ".join(form.name for form in case.exploitation_forms.all()),
            reception.received_on if reception else None,
            reception.get_channel_display() if reception else "",
            case.get_status_display(),
        ]


def cases_workbook_response(cases) -> HttpResponse:
    headers = [
        _("Mã vụ việc"),
        _("Họ và tên"),
        _("Giới tính"),
        _("Ngày/năm sinh"),
        _("Nơi thường trú"),
        _("Đơn vị quản lý"),
        _("Quốc gia bị đưa đến"),
        _("Hình thức bóc lột"),
        _("Ngày trở về"),
        _("Hình thức trở về"),
        _("Tình trạng"),
    ]
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    cases = cases.select_related("victim__permanent_unit__parent__parent")
    return workbook_response(
        f"danh-sach-vu-viec-{stamp}.xlsx", [Sheet(_("Vụ việc"), headers, case_rows(cases))]
    )
