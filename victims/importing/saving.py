"""Saving the checked rows of an imported list: all of them or none."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.access import can_change
from victims import services
from victims.importing.matching import loose_key, number_key
from victims.importing.results import RowResult
from victims.models import Case, CriminalCase, ImportedRow, Reception, Victim


class ImportSaveError(Exception):
    """A row the checks passed was refused on saving (the registry changed in between);
    nothing of the import was saved."""


def import_allowed(user) -> str | None:
    """Why `user` may not import, or None."""
    if not can_change(user, Case):
        return _("Vai trò của bạn không được nhập vụ việc.")
    if user.jurisdiction_id is None:
        return _("Tài khoản chưa có địa bàn phụ trách: không xác định được đơn vị quản lý.")
    return None


@transaction.atomic
def save_rows(results: list[RowResult], *, user) -> int:
    """Save every OK and warning row as person, case and reception through case_create, in
    one transaction; the case is managed by the user's jurisdiction. Returns the cases saved."""
    saved = 0
    people = {}  # id number -> the person an earlier row of this import created
    criminal_cases = {}  # (number key, agency key) -> the criminal case an earlier row created
    for result in results:
        if not result.saves:
            continue
        try:
            case = _save_row(result.data, people, criminal_cases, user)
        except (ValidationError, IntegrityError) as error:
            raise ImportSaveError(_saving_failed(result, error)) from error
        if result.data["id_number"]:
            people.setdefault(result.data["id_number"], case.victim)
        saved += 1
    return saved


def _save_row(data, people, criminal_cases, user) -> Case:
    with transaction.atomic():
        case = services.case_create(
            actor=user,
            victim=data["existing_victim"] or people.get(data["id_number"]) or _victim(data),
            case=_case(data, criminal_cases, user),
            reception=Reception(
                received_on=data["received_on"],
                channel=data["channel"],
                agency_type=data["agency_type"],
                agency_name=data["agency_name"],
            ),
            exploitation_forms=data["forms"],
        )
        ImportedRow.objects.create(fingerprint=data["fingerprint"], case=case, imported_by=user)
    return case


def _victim(data) -> Victim:
    return Victim(
        full_name=data["full_name"],
        other_names=data["other_names"],
        sex=data["sex"],
        date_of_birth=data["date_of_birth"],
        birth_year=data["birth_year"],
        ethnic_group=data["ethnic_group"],
        id_type=data["id_type"],
        id_number=data["id_number"],
        permanent_unit=data["permanent_unit"],
    )


def _case(data, criminal_cases, user) -> Case:
    """The case of a row; its criminal case is the registry's one the checks found
    (Matcher.criminal_case), else one this import created for the same number and agency, else
    a new one."""
    criminal_case = data.get("criminal_case_found")
    if criminal_case is None and data["criminal_case"]:
        agency = data.get("investigating_agency", "")
        key = (number_key(data["criminal_case"]), loose_key(agency))
        if key not in criminal_cases:
            criminal_cases[key], _created = CriminalCase.objects.get_or_create(
                number=data["criminal_case"], investigating_agency=agency
            )
        criminal_case = criminal_cases[key]
    return Case(
        managing_unit=user.jurisdiction,
        destination_country=data["country"],
        criminal_case=criminal_case,
        note=data["note"],
    )


def _saving_failed(result, error) -> str:
    if isinstance(error, ValidationError):
        detail = " ".join(error.messages)
    else:
        detail = _("dữ liệu vừa được người khác thay đổi")
    return _(
        "Không lưu được dòng %(row)s (%(detail)s). Chưa dòng nào được lưu; vui lòng kiểm tra "
        "lại tệp."
    ) % {"row": result.number, "detail": detail}
