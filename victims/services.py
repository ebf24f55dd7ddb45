"""Writes of the registry: people, cases and receptions, with their rules, in one transaction."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import can_change, is_visible
from accounts.models import ServedProvince
from locations.models import AdministrativeUnit
from locations.regimes import unit_may_manage_on
from victims.choices import CaseStatus, PersonCategory
from victims.models import Case, CaseCodeCounter, Reception, Victim
from victims.rules import normalize_id_number


def case_code_next(*, managing_unit: AdministrativeUnit, year: int) -> str:
    """The next code of the managing unit's province for `year` ("TH-2024-0017")."""
    return case_codes_next(managing_unit=managing_unit, counts={year: 1})[year][0]


def case_codes_next(
    *, managing_unit: AdministrativeUnit, counts: dict[int, int], prefix: str | None = None
) -> dict[int, list[str]]:
    """The next `counts[year]` codes of the managing unit's province for each year, in order
    (an import's batch: every year of it in one step).

    One SQL statement adds each count to its year's counter (insert or update, returning the
    new values), so concurrent creations each get their own numbers without max()+1; the
    numbers of a rolled-back transaction are given again. `prefix`: the province's, when the
    caller has it already (`case_code_prefix`).
    """
    counts = {year: count for year, count in sorted(counts.items()) if count > 0}
    if not counts:
        return {}
    province = managing_unit.province()
    prefix = prefix or case_code_prefix(province)
    table = CaseCodeCounter._meta.db_table
    values = ", ".join(["(%s, %s, %s)"] * len(counts))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (province_id, year, last_number) VALUES {values} "  # noqa: S608
            f"ON CONFLICT (province_id, year) DO UPDATE SET last_number = {table}.last_number "
            "+ EXCLUDED.last_number RETURNING year, last_number",
            [value for year, count in counts.items() for value in (province.pk, year, count)],
        )
        last = dict(cursor.fetchall())
    return {
        year: [
            f"{prefix}-{year}-{number:04d}"
            for number in range(last[year] - count + 1, last[year] + 1)
        ]
        for year, count in counts.items()
    }


def case_code_prefix(province: AdministrativeUnit) -> str:
    """The prefix of the province's case codes: the served province's, else its code."""
    served = ServedProvince.objects.filter(province=province).first()
    return served.case_code_prefix if served else province.code


def ensure_may_manage(user, unit: AdministrativeUnit) -> None:
    """Officers create and move cases only inside their own jurisdiction."""
    if not can_change(user, Case):
        raise PermissionDenied(_("Vai trò của bạn không được nhập hoặc sửa vụ việc."))
    if not is_visible(user, unit):
        raise ValidationError(
            {"managing_unit": _("Đơn vị quản lý phải thuộc địa bàn bạn phụ trách.")}
        )


def check_managing_unit(*, unit: AdministrativeUnit | None, received_on) -> None:
    """A case received on or after 1 July 2025 is managed by a current unit (locations.regimes
    .unit_may_manage_on): refused next to the managing-unit field. Asked by every entry point —
    the entry, new-case and edit pages (victims.views) and the import (importing/checks.py) —
    not by `case_create` itself, which the test fixtures and the demo use to build records of
    any date."""
    if unit is not None and not unit_may_manage_on(unit, received_on):
        raise ValidationError({"managing_unit": managing_unit_refusal(unit)})


def managing_unit_refusal(unit: AdministrativeUnit) -> str:
    return _(
        "Vụ việc tiếp nhận từ 01/07/2025 phải do đơn vị hành chính hiện hành (tỉnh hoặc "
        "xã/phường) quản lý; %(unit)s không còn từ ngày đó."
    ) % {"unit": unit.name}


def check_dates(
    *, victim: Victim, received_on: datetime.date | None, today: datetime.date | None = None
) -> None:
    """The person's and the reception's dates against each other and `today` (the local date
    by default; an import's batch passes the one it read once)."""
    today = today or timezone.localdate()
    errors = {}
    if victim.date_of_birth and victim.date_of_birth > today:
        errors["date_of_birth"] = _("Ngày sinh không được sau ngày hôm nay.")
    if victim.birth_year and victim.birth_year > today.year:
        errors["birth_year"] = _("Năm sinh không được sau năm nay.")
    if received_on:
        if received_on > today:
            errors["received_on"] = _("Ngày tiếp nhận không được sau ngày hôm nay.")
        elif victim.date_of_birth and received_on < victim.date_of_birth:
            errors["received_on"] = _("Ngày tiếp nhận phải sau ngày sinh.")
        elif victim.birth_year and received_on.year < victim.birth_year:
            errors["received_on"] = _("Ngày tiếp nhận phải sau năm sinh.")
    if errors:
        raise ValidationError(errors)


@dataclass
class Duplicates:
    same_id: Victim | None
    possible: list[Victim]


def find_duplicates(
    *,
    full_name: str,
    birth_year: int | None,
    permanent_unit: AdministrativeUnit | None,
    id_number: str = "",
    exclude: Victim | None = None,
) -> Duplicates:
    """The person with the same ID number (however formatted), and people who may be the same:
    same name without diacritics, birth year within one year, same commune of residence — a
    legacy commune and the current commune(s) it became count as the same (locations
    `same_place_as`).
    Searched over the whole registry: the caller decides what the user may be shown."""
    people = Victim.objects.all()
    if exclude is not None:
        people = people.exclude(pk=exclude.pk).exclude(not_duplicate_of=exclude)
    number = normalize_id_number(id_number)
    same_id = people.with_id_number(number).first() if number else None
    possible = []
    if birth_year and permanent_unit is not None:
        from locations.text import search_key

        candidates = people.filter(
            Q(search_name=search_key(full_name))
            | Q(search_name__startswith=search_key(full_name) + " "),
            birth_year__gte=birth_year - 1,
            birth_year__lte=birth_year + 1,
            permanent_unit__in=AdministrativeUnit.objects.same_place_as(permanent_unit),
        )
        possible = [person for person in candidates[:20] if person != same_id]
    return Duplicates(same_id=same_id, possible=possible)


@transaction.atomic
def case_create(
    *,
    actor,
    victim: Victim,
    case: Case,
    reception: Reception,
    exploitation_forms=(),
) -> Case:
    """Save a new case with its reception (and the person, when new) in one transaction."""
    ensure_may_manage(actor, case.managing_unit)
    if victim.pk is not None and not is_visible(actor, victim):
        # A case is added to an existing person only by someone who may see that person.
        raise PermissionDenied
    check_dates(victim=victim, received_on=reception.received_on)
    if victim.pk is None:
        victim.id_number = normalize_id_number(victim.id_number)
        victim.created_by = actor
        victim.full_clean()
        victim.save()
    case.victim = victim
    case.created_by = actor
    case.code = case_code_next(managing_unit=case.managing_unit, year=reception.received_on.year)
    case.received_on = reception.received_on  # the registry's order (Case.received_on)
    case.save()
    case.exploitation_forms.set(exploitation_forms)
    reception.case = case
    reception.save()
    return case


@transaction.atomic
def case_status_set(*, case: Case, status: str, actor=None) -> Case:
    """Change a case's status; the one way other apps (a dossier decision) update it."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status != status:
        case.status = status
        fields = ["status", "updated_at"]
        presumed = {PersonCategory.PRESUMED_ABROAD, PersonCategory.PRESUMED_DOMESTIC}
        if status == CaseStatus.IDENTIFIED and case.person_category in presumed:
            # Identification makes a presumed victim a victim (Law 53/2024 Art 37 categories).
            case.person_category = PersonCategory.VICTIM
            fields.append("person_category")
        case._history_user = actor
        case.save(update_fields=fields)
    return case
