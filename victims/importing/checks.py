"""Checks of an imported list, row by row, the way the entry form checks a person, a case and a
reception. Every row ends OK, warning or error with its reasons in Vietnamese; a row saved by an
earlier import is recognised by its fingerprint (ImportedRow) and marked "already"."""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl.utils.datetime import from_excel

from core.period_locks import PeriodLocked, active_locks, lock_covering
from locations.regimes import CURRENT_REGIME_START
from locations.text import search_key
from victims import choices, id_checks, services
from victims.importing import fingerprints
from victims.importing.matching import Matcher, text_of
from victims.importing.results import RowResult
from victims.models import CriminalCase, ImportedRow, Reception, Victim
from victims.rules import guess_id_type, id_number_errors, normalize_id_number

# Excel day numbers of 1900-01-01 .. 2099-12-31, for a date cell left without a date format.
EXCEL_DAYS = range(1, 73415)
DATE_PATTERN = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
ISO_DATE_PATTERN = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


# Rows checked together: the registry is asked once per batch for their ID numbers, their
# fingerprints and their people's earlier returns, and the progress is reported per batch.
CHECK_BATCH = 200


@dataclass
class _Batch:
    """What the earlier rows of the same file will save."""

    fingerprints: dict = field(default_factory=dict)  # fingerprint -> row
    ids: dict = field(default_factory=dict)  # id number -> {reception date: row}
    people: dict = field(default_factory=dict)  # (name key, birth year, unit) -> row


@dataclass
class _Known:
    """What the registry says about one batch of rows (one query each, not one per row)."""

    id_numbers: dict = field(default_factory=dict)  # number -> (person, visible)
    similar: dict = field(default_factory=dict)  # (name key, year, unit) -> [(person, visible)]
    imported: set = field(default_factory=set)  # fingerprints saved by earlier imports
    returns: set = field(default_factory=set)  # (person id, date of return) already recorded


def check_rows(
    rows: list[tuple[int, dict]],
    *,
    user,
    request=None,
    recheck: bool = False,
    progress: Callable[[int], None] | None = None,
) -> list[RowResult]:
    """Every row of `rows` (from read_rows) checked for an import by `user`; nothing saved.
    `request`: the upload's, for the access log rows of numbers of other areas; `recheck`: the
    confirmation checking again the file of a counted preview (victims/id_checks.py);
    `progress(rows checked)` after each batch of CHECK_BATCH rows."""
    matcher = Matcher()
    batch = _Batch()
    results = []
    locks = active_locks()
    today = timezone.localdate()  # read once for the file, not once a row
    for start in range(0, len(rows), CHECK_BATCH):
        chunk = rows[start : start + CHECK_BATCH]
        known = _Known(
            id_numbers=_id_numbers_of(chunk, user), similar=_similar_of(chunk, matcher, user)
        )
        checked = []
        for number, raw in chunk:
            result = RowResult(number=number, raw=raw)
            _check_row(result, matcher, user, request, recheck, known, today)
            _check_locked_period(result, user, locks)
            checked.append(result)
        _load_repeats(checked, known, user)
        for result in checked:
            if result.saves:
                _check_repeats(result, batch, known)
        results.extend(checked)
        if progress is not None:
            progress(len(results))
    return results


def _id_numbers_of(chunk, user) -> dict:
    numbers = [_id_number_from_cell(raw["id_number"]) for _number, raw in chunk]
    return id_checks.id_numbers_lookup(user=user, numbers=numbers)


def _similar_of(chunk, matcher, user) -> dict:
    """The name check of every row of the batch that may need it (a superset: the row's own
    checks decide whether it is asked), read from the cells as the row checks read them."""
    wanted = []
    for _number, raw in chunk:
        name = text_of(raw["full_name"])
        _birth, year, error = parse_date(raw["birth"], year_only_ok=True)
        unit, _error = matcher.unit(
            text_of(raw["province"]), text_of(raw["district"]), text_of(raw["commune"])
        )
        if len(name) >= 2 and year and not error and unit is not None:
            wanted.append((name, year, unit))
    return id_checks.similar_people_lookup(user=user, wanted=wanted)


def _load_repeats(checked, known: _Known, user) -> None:
    """The fingerprints of the batch's rows, and whether each was imported before or its known
    person already returned on its date: two queries for the batch."""
    saving = [result for result in checked if result.saves]
    for result in saving:
        result.data["fingerprint"] = _fingerprint(result.data, user)
    if saving:
        known.imported = set(
            ImportedRow.objects.filter(
                fingerprint__in=[result.data["fingerprint"] for result in saving]
            ).values_list("fingerprint", flat=True)
        )
    people = {r.data["existing_victim"].pk for r in saving if r.data["existing_victim"]}
    if people:
        known.returns = set(
            Reception.objects.filter(case__victim__in=people).values_list(
                "case__victim_id", "received_on"
            )
        )


def _check_locked_period(result, user, locks):
    """A row received in a report period approved (and locked) for the importer's area is
    refused, naming the report (core/period_locks.py); its case would be managed by the
    importer's unit."""
    received = result.data.get("received_on")
    lock = lock_covering(user.jurisdiction, received, locks) if user.jurisdiction_id else None
    if lock is not None:
        result.error(str(PeriodLocked(lock, _("dòng này"))))


def _check_row(result, matcher, user, request=None, recheck=False, known=None, today=None):
    today = today or timezone.localdate()
    _check_person(result, matcher, today)
    _check_ethnic_group(result, matcher)
    _check_id_number(result, user, request, recheck, known)
    _check_residence(result, matcher, user, request, recheck, known)
    _check_case(result, matcher)
    _check_reception(result, matcher, today)
    _check_after_the_reform(result, matcher, user)


def _check_after_the_reform(result, matcher, user):
    """From 1 July 2025 (locations.regimes.unit_may_manage_on): the case, managed by the
    importer's unit, needs a current unit; a residence written with the legacy units is
    accepted and the current commune it became is suggested."""
    received, unit = result.data.get("received_on"), result.data.get("permanent_unit")
    if received is None or received < CURRENT_REGIME_START:
        return
    if user.jurisdiction_id and user.jurisdiction.is_legacy:
        result.error(services.managing_unit_refusal(user.jurisdiction))
    if unit is not None and unit.is_legacy:
        successors = matcher.successors(unit)
        if successors:
            result.warn(
                _(
                    "Nơi thường trú ghi theo địa giới trước 01/07/2025 (%(old)s); đơn vị hiện "
                    "hành: %(new)s."
                )
                % {"old": unit.name, "new": _(" hoặc ").join(u.name for u in successors)}
            )
        else:
            result.warn(
                _("Nơi thường trú ghi theo địa giới trước 01/07/2025 (%(old)s).")
                % {"old": unit.name}
            )


# --- Dates --------------------------------------------------------------------------------------


def parse_date(value, *, year_only_ok=False):
    """(date, year, error) from a cell: a real date, dd/mm/yyyy, yyyy-mm-dd, an Excel day
    number, or a bare year when allowed."""
    if value in (None, ""):
        return None, None, None
    if isinstance(value, datetime.datetime):
        return value.date(), value.year, None
    if isinstance(value, datetime.date):
        return value, value.year, None
    if isinstance(value, int | float) and not isinstance(value, bool) and value == int(value):
        if year_only_ok and 1900 <= value <= 2100:
            return None, int(value), None
        if int(value) in EXCEL_DAYS:
            day = from_excel(int(value))
            return day.date(), day.year, None
    text = text_of(value)
    if year_only_ok and re.fullmatch(r"\d{4}", text):
        return None, int(text), None
    return _parse_date_text(text)


def _parse_date_text(text):
    if match := DATE_PATTERN.match(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := ISO_DATE_PATTERN.match(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        return None, None, _("Ngày “%(value)s” không đúng dạng dd/mm/yyyy.") % {"value": text}
    try:
        parsed = datetime.date(year, month, day)
    except ValueError:
        return None, None, _("Ngày “%(value)s” không tồn tại.") % {"value": text}
    return parsed, parsed.year, None


# --- The person ---------------------------------------------------------------------------------


def _check_person(result, matcher, today):
    raw, data = result.raw, result.data
    data["full_name"] = text_of(raw["full_name"])
    data["other_names"] = text_of(raw["other_names"])
    data["note"] = text_of(raw["note"])
    if len(data["full_name"]) < 2:
        result.error(_("Thiếu họ và tên."))
    _check_length(result, "full_name", Victim, _("Họ và tên"))
    _check_length(result, "other_names", Victim, _("Tên gọi khác"))
    data["sex"], error = matcher.sex(text_of(raw["sex"]))
    if error:
        result.error(error)
    birth, year, error = parse_date(raw["birth"], year_only_ok=True)
    if error is None and year is None:
        error = _("Thiếu ngày sinh hoặc năm sinh.")
    elif error is None and ((birth and birth > today) or year > today.year):
        error = _("Ngày sinh không được sau ngày hôm nay.")
    elif error is None and year < 1900:
        error = _("Năm sinh %(year)s không hợp lý.") % {"year": year}
    if error:
        result.error(error)
        birth = year = None
    data["date_of_birth"], data["birth_year"] = birth, year


def _check_ethnic_group(result, matcher):
    text = text_of(result.raw["ethnic_group"])
    group, error = matcher.ethnic_group_match(text) if text else (None, None)
    if error:
        result.error(error)
    result.data["ethnic_group"] = group


def _id_number_from_cell(value) -> str:
    """The number as typed; a number cell lost its leading zeros (every CCCD starts with 0),
    so a 10–11 digit number is read as a 12-digit CCCD and an 8-digit one as a 9-digit CMND."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        digits = str(int(value))
        if len(digits) in (10, 11):
            return digits.zfill(12)
        if len(digits) == 8:
            return digits.zfill(9)
        return digits
    return normalize_id_number(text_of(value))


def _check_id_number(result, user, request=None, recheck=False, known=None):
    """The number's own checks (against the row's sex and birth year), then the registry: a
    person the user may see gets the new case; anyone else's number is refused without a word
    about them (counted, logged and limited: victims/id_checks.py)."""
    data = result.data
    number = _id_number_from_cell(result.raw["id_number"])
    data["id_number"], data["id_type"], data["existing_victim"] = number, "", None
    if not number:
        return
    data["id_type"] = guess_id_type(number)
    for error in id_number_errors(
        number, id_type=data["id_type"], sex=data["sex"], birth_year=data["birth_year"]
    ):
        result.error(error)
    found = id_checks.id_number_check(
        user=user,
        number=number,
        request=request,
        counted=not recheck,
        lookup=known.id_numbers if known is not None else None,
    )
    if found.refused:
        result.error(found.refused)
    elif found.elsewhere:
        result.error(
            _("Số định danh đã có trong hệ thống, thuộc địa bàn khác: vui lòng liên hệ Sở.")
        )
    else:
        data["existing_victim"] = found.person


def _check_residence(result, matcher, user, request=None, recheck=False, known=None):
    raw, data = result.raw, result.data
    unit, error = matcher.unit(
        text_of(raw["province"]), text_of(raw["district"]), text_of(raw["commune"])
    )
    if error:
        result.error(error)
    data["permanent_unit"] = unit
    if unit is None or not data["birth_year"] or data["existing_victim"] or not result.saves:
        return  # a row refused already (its ID number, say) asks the registry nothing more
    # Counted, logged and limited for people of other areas (victims/id_checks.py).
    found = id_checks.similar_people_check(
        user=user,
        full_name=data["full_name"],
        birth_year=data["birth_year"],
        permanent_unit=unit,
        request=request,
        counted=not recheck,
        lookup=known.similar if known is not None else None,
    )
    if found.refused:
        result.error(found.refused)
    elif found.people:
        result.warn(
            _(
                "Có thể trùng với người đã có trong hệ thống "
                "(cùng họ tên, năm sinh, nơi thường trú)."
            )
        )


# --- The case and the reception -------------------------------------------------------------------


def _check_case(result, matcher):
    raw, data = result.raw, result.data
    country_text = text_of(raw["country"])
    data["country"], error = (
        matcher.country(country_text)
        if country_text
        else (None, _("Thiếu quốc gia bị đưa đến (ghi Việt Nam nếu bị mua bán trong nước)."))
    )
    if error:
        result.error(error)
    data["forms"], errors = matcher.exploitation_forms(text_of(raw["forms"]))
    for error in errors:
        result.error(error)
    data["criminal_case"] = text_of(raw["criminal_case"])
    data["investigating_agency"] = text_of(raw.get("investigating_agency"))
    _check_length(result, "criminal_case", CriminalCase, _("Số vụ án"), field_name="number")
    _check_length(
        result,
        "investigating_agency",
        CriminalCase,
        _("Cơ quan điều tra"),
        field_name="investigating_agency",
    )
    data["criminal_case_found"] = None
    if data["criminal_case"]:
        found, error, warning = matcher.criminal_case(
            data["criminal_case"], data["investigating_agency"]
        )
        data["criminal_case_found"] = found
        if error:
            result.error(error)
        elif warning:
            result.warn(warning)
    elif data["investigating_agency"]:
        result.error(_("Có cơ quan điều tra nhưng thiếu số vụ án."))


def _check_reception(result, matcher, today):
    raw, data = result.raw, result.data
    received, _year, error = parse_date(raw["received_on"])
    if error is None and received is None:
        error = _("Thiếu ngày trở về.")
    elif error is None and received > today:
        error = _("Ngày trở về không được sau ngày hôm nay.")
    elif error is None and _born_after(data, received):
        error = _("Ngày trở về phải sau ngày sinh.")
    if error:
        result.error(error)
    data["received_on"] = received
    channel_text = text_of(raw["channel"])
    data["channel"], error = (
        matcher.channel(channel_text) if channel_text else (None, _("Thiếu hình thức trở về."))
    )
    if error:
        result.error(error)
    agency_text = text_of(raw["agency"])
    data["agency_type"], data["agency_name"] = (
        matcher.agency(agency_text) if agency_text else (choices.ReceivingAgencyType.OTHER, "")
    )
    _check_length(result, "agency_name", Reception, _("Cơ quan tiếp nhận"))


def _check_length(result, key, model, label, *, field_name=None):
    """A cell longer than its column in the database is an error of its row, found in the
    preview rather than when saving (where it would refuse the whole file)."""
    limit = model._meta.get_field(field_name or key).max_length
    if len(result.data.get(key) or "") > limit:
        result.error(
            ngettext(
                "%(label)s quá dài: tối đa %(limit)s ký tự.",
                "%(label)s quá dài: tối đa %(limit)s ký tự.",
                limit,
            )
            % {"label": label, "limit": limit}
        )


def _born_after(data, received) -> bool:
    if data["date_of_birth"]:
        return received < data["date_of_birth"]
    return bool(data["birth_year"]) and received.year < data["birth_year"]


# --- Rows seen before ---------------------------------------------------------------------------


def _check_repeats(result, batch, known: _Known):
    """The same row earlier in the file, or saved by an earlier import; then the same person."""
    data = result.data
    fingerprint = data["fingerprint"]
    if fingerprint in batch.fingerprints:
        result.error(
            _("Trùng với dòng %(row)s của tệp.") % {"row": batch.fingerprints[fingerprint]}
        )
        return
    batch.fingerprints[fingerprint] = result.number
    if fingerprint in known.imported:
        result.already(_("Dòng này đã được nhập trước đây; không nhập lại."))
        return
    _check_same_person(result, batch, known)


def _check_same_person(result, batch, known: _Known):
    """A known ID number: the new case goes to that person unless they already have a case
    received on the same day (in the registry or earlier in the file)."""
    data = result.data
    number, received, existing = data["id_number"], data["received_on"], data["existing_victim"]
    rows = batch.ids.setdefault(number, {}) if number else {}
    if existing and (existing.pk, received) in known.returns:
        result.error(
            _("Người này đã có vụ việc trở về ngày %(date)s: đã có trong hệ thống.")
            % {"date": received.strftime("%d/%m/%Y")}
        )
    elif received in rows:
        result.error(
            _("Trùng số định danh và ngày trở về với dòng %(row)s của tệp.")
            % {"row": rows[received]}
        )
    elif existing:
        result.warn(
            _("Người này đã có trong hệ thống (%(name)s): vụ việc mới sẽ gắn với hồ sơ đã có.")
            % {"name": existing.full_name}
        )
    elif rows:
        result.warn(
            _("Cùng số định danh với dòng %(row)s: các vụ việc sẽ gắn với cùng một người.")
            % {"row": next(iter(rows.values()))}
        )
    if result.saves:
        rows.setdefault(received, result.number)
        _check_same_person_in_file(result, batch)


def _check_same_person_in_file(result, batch):
    data = result.data
    if data["id_number"] or data["existing_victim"] or data["permanent_unit"] is None:
        return
    key = (search_key(data["full_name"]), data["birth_year"], data["permanent_unit"].pk)
    if key in batch.people:
        result.warn(
            _("Có thể là cùng người với dòng %(row)s (cùng họ tên, năm sinh, nơi thường trú).")
            % {"row": batch.people[key]}
        )
    batch.people.setdefault(key, result.number)


def _fingerprint(data, user) -> str:
    """The row's identity: who, born when, living where, returned from where and when, and the
    unit that manages the case; list values and notes may be corrected without a new case. A
    keyed digest (importing/fingerprints.py), never a bare hash of the row."""
    return fingerprints.of_row(data, user)
