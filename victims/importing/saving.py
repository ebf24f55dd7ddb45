"""Saving the checked rows of an imported list, in batches (issue 17: the import at >= 500 rows/s).

Each batch of SAVE_BATCH rows is written in one transaction with a constant number of queries:
the people, criminal cases, cases, their exploitation forms, receptions and imported-row
fingerprints by `bulk_create`, their history rows copied by the database from the rows just
written (victims/importing/history.py: the rows simple-history's `bulk_history_create` would
write), the case codes of each year by one statement
(`services.case_codes_next`). Every column `save()` derives is computed here as the models' own
`save()` and `case_create` compute it (`Victim.search_name`, `birth_year`, the ID number
normalised, encrypted and its keyed hash, `Case.received_on`, `Reception.recorded_on`), and the
rules `case_create` applies (role and area, dates, the person's fields, a known person's
visibility, locked periods) are applied to the batch first; tests/victims/test_import_saving.py
compares a bulk-saved case with one saved through `case_create`, field by field.

When the database (or one of those rules) refuses a batch, nothing of it stays and its rows are
saved again one by one through `services.case_create`, each in its own transaction: no row is
lost, and a row refused then is reported as an error of its own ("Không lưu được dòng này: …"),
which goes to the workbook of the rows in error.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import can_change, scope_for
from core.period_locks import PeriodLocked, active_locks, lock_covering
from victims import services
from victims.derived import case_derived_refresh
from victims.importing.history import copy_history, copy_links_history
from victims.importing.matching import loose_key, number_key
from victims.importing.results import RowResult
from victims.models import (
    Case,
    CaseExploitationForm,
    CriminalCase,
    HistoricalCaseExploitationForm,
    ImportedRow,
    Reception,
    Victim,
)
from victims.rules import normalize_id_number

# Rows written together: about 16 queries a batch, so 1,000 rows take the same ~20 queries
# as 10 (tests/victims/test_import_saving.py); the page's saving bar moves by batch.
SAVE_BATCH = 1000
# Fields of the person not validated in Python before a bulk insert: foreign keys (each would
# cost a query; the database checks them) and the columns save() derives.
_VICTIM_UNCHECKED = [
    "nationality",  # the default, "VN" (its check sorts every country name)
    "ethnic_group",
    "permanent_unit",
    "current_unit",
    "created_by",
    "anonymised_by",
    "search_name",
    "id_number_hash",
    "not_duplicate_of",
]


class BatchRefused(Exception):
    """A rule refused a row of the batch: the batch is saved again row by row."""


def import_allowed(user) -> str | None:
    """Why `user` may not import, or None."""
    if not can_change(user, Case):
        return _("Vai trò của bạn không được nhập vụ việc.")
    if user.jurisdiction_id is None:
        return _("Tài khoản chưa có địa bàn phụ trách: không xác định được đơn vị quản lý.")
    return None


@dataclass
class _Context:
    province: object  # the managing unit's: its case codes
    prefix: str
    locks: list


class _Memory:
    """What earlier rows of this import saved: people by ID number, criminal cases by number and
    agency. Copied for a batch and kept only when the batch commits."""

    def __init__(self, people=None, criminal_cases=None):
        self.people = dict(people or {})
        self.criminal_cases = dict(criminal_cases or {})

    def copy(self) -> "_Memory":
        return _Memory(self.people, self.criminal_cases)


def save_rows(
    results: list[RowResult], *, user, progress: Callable[[int], None] | None = None
) -> int:
    """Save every OK and warning row as person, case and reception, managed by the user's
    jurisdiction, batch by batch; returns the cases saved. A row the database refuses is
    marked as an error with its reason (see the module). `progress(saved)` after each batch."""
    rows = [result for result in results if result.saves]
    memory = _Memory()
    saved = 0
    if not rows:
        return 0
    # Read once for the import: the province's code prefix and the locked periods.
    province = user.jurisdiction.province()
    context = _Context(
        province=province, prefix=services.case_code_prefix(province), locks=active_locks()
    )
    for start in range(0, len(rows), SAVE_BATCH):
        batch = rows[start : start + SAVE_BATCH]
        attempt = memory.copy()
        try:
            with transaction.atomic():
                _save_batch(batch, attempt, user, context)
        except (BatchRefused, ValidationError, PermissionDenied, IntegrityError, DatabaseError):
            saved += _save_one_by_one(batch, memory, user)
        else:
            memory = attempt
            saved += len(batch)
        if progress is not None:
            progress(saved)
    return saved


# --- One batch, in bulk ---------------------------------------------------------------------------


def _save_batch(batch: list[RowResult], memory: _Memory, user, context: _Context) -> None:
    unit = user.jurisdiction
    services.ensure_may_manage(user, unit)
    _refuse_locked(batch, unit, context.locks)
    _refuse_invisible_people(batch, user)
    now = timezone.now()
    today = timezone.localdate(now)  # read once: the day every row of the batch is recorded
    _create_with_history(_new_victims(batch, memory, user, today), Victim, user, now)
    _criminal_cases(batch, memory, user, now)
    cases = _cases(batch, memory, user, context)
    _create_with_history(cases, Case, user, now)
    _exploitation_forms(batch, cases, user, now)
    receptions = [
        Reception(
            case=case,
            received_on=result.data["received_on"],
            channel=result.data["channel"],
            agency_type=result.data["agency_type"],
            agency_name=result.data["agency_name"],
            recorded_on=today,
        )
        for result, case in zip(batch, cases, strict=True)
    ]
    _create_with_history(receptions, Reception, user, now)
    # The columns a case derives from its person and reception (victims/derived.py): one UPDATE.
    case_derived_refresh(Case.objects.filter(pk__in=[case.pk for case in cases]))
    ImportedRow.objects.bulk_create(
        ImportedRow(fingerprint=result.data["fingerprint"], case=case, imported_by=user)
        for result, case in zip(batch, cases, strict=True)
    )


def _create_with_history(objs, model, user, now) -> None:
    """`objs` inserted, with the "+" history row of each, by the importer at `now` (what
    simple-history's bulk_create_with_history writes): two queries."""
    if objs:
        model._default_manager.bulk_create(objs)
        copy_history(model, [obj.pk for obj in objs], user=user, date=now)


def _refuse_locked(batch, unit, locks) -> None:
    """The period-lock guard of Case and Reception (core.period_locks), for the whole batch
    (the locks read when the saving began): a row received in a locked period of the managing
    unit's area is refused."""
    if locks and any(lock_covering(unit, r.data["received_on"], locks) for r in batch):
        raise BatchRefused


def _refuse_invisible_people(batch, user) -> None:
    """`case_create` adds a case to a known person only for someone who may see them."""
    known = {r.data["existing_victim"].pk for r in batch if r.data["existing_victim"]}
    if known:
        visible = set(
            scope_for(user, Victim.objects.filter(pk__in=known)).values_list("pk", flat=True)
        )
        if known - visible:
            raise BatchRefused


def _new_victims(batch, memory: _Memory, user, today) -> list[Victim]:
    """The people the batch creates (a known person, or one an earlier row of the import
    created, is reused); each row's person is left in `data["_victim"]`."""
    created = []
    for result in batch:
        data = result.data
        victim = data["existing_victim"] or memory.people.get(data["id_number"])
        if victim is None:
            victim = _victim(data, user)
            created.append(victim)
        services.check_dates(victim=victim, received_on=data["received_on"], today=today)
        data["_victim"] = victim
        if data["id_number"]:
            memory.people.setdefault(data["id_number"], victim)
    return created


def _victim(data, user) -> Victim:
    """A new person as `case_create` and `Victim.save()` would write it."""
    victim = Victim(
        full_name=data["full_name"],
        other_names=data["other_names"],
        sex=data["sex"],
        date_of_birth=data["date_of_birth"],
        birth_year=data["birth_year"],
        ethnic_group=data["ethnic_group"],
        id_type=data["id_type"],
        id_number=normalize_id_number(data["id_number"]),
        permanent_unit=data["permanent_unit"],
        created_by=user,
    )
    victim.clean_fields(exclude=_VICTIM_UNCHECKED)  # Victim.full_clean in case_create
    victim.search_name = Victim.search_name_of(victim.full_name, victim.other_names)
    if victim.date_of_birth:
        victim.birth_year = victim.date_of_birth.year
    victim.id_number_hash = Victim.id_number_key(victim.id_number)
    return victim


def _criminal_key(data) -> tuple[str, str]:
    return number_key(data["criminal_case"]), loose_key(data.get("investigating_agency", ""))


def _criminal_cases(batch, memory: _Memory, user, now) -> None:
    """The criminal cases the batch's rows name and the checks did not find: the registry's of
    the same number and agency (as get_or_create), else new ones — two queries at most."""
    wanted = {}
    for result in batch:
        data = result.data
        if data.get("criminal_case_found") is None and data["criminal_case"]:
            key = _criminal_key(data)
            if key not in memory.criminal_cases:
                wanted.setdefault(
                    (data["criminal_case"], data.get("investigating_agency", "")), key
                )
    if not wanted:
        return
    numbers = {number for number, _agency in wanted}
    existing = {
        (case.number, case.investigating_agency): case
        for case in CriminalCase.objects.filter(number__in=numbers).order_by("pk")
    }
    new = []
    for (number, agency), key in wanted.items():
        if key in memory.criminal_cases:
            continue
        found = existing.get((number, agency))
        if found is None:
            found = CriminalCase(number=number, investigating_agency=agency)
            new.append(found)
        memory.criminal_cases[key] = found
    _create_with_history(new, CriminalCase, user, now)


def _cases(batch, memory: _Memory, user, context: _Context) -> list[Case]:
    """The cases, with their codes: one statement for every year of return in the batch."""
    unit = user.jurisdiction
    by_year = defaultdict(list)
    for result in batch:
        by_year[result.data["received_on"].year].append(result)
    numbers = services.case_codes_next(
        managing_unit=context.province,  # the codes are the province's
        counts={year: len(results) for year, results in by_year.items()},
        prefix=context.prefix,
    )
    codes = {}
    for year, results in by_year.items():
        codes.update(zip((id(r) for r in results), numbers[year], strict=True))
    cases = []
    for result in batch:
        data = result.data
        criminal_case = data.get("criminal_case_found")
        if criminal_case is None and data["criminal_case"]:
            criminal_case = memory.criminal_cases[_criminal_key(data)]
        cases.append(
            Case(
                code=codes[id(result)],
                victim=data["_victim"],
                managing_unit=unit,
                destination_country=data["country"],
                criminal_case=criminal_case,
                note=data["note"],
                created_by=user,
                received_on=data["received_on"],
            )
        )
    return cases


def _exploitation_forms(batch, cases, user, now) -> None:
    """The cases' forms of exploitation, and the history `case.exploitation_forms.set()` writes:
    a second history row ("~") of each case that has forms, holding them."""
    links, with_forms = [], []
    for result, case in zip(batch, cases, strict=True):
        forms = list(result.data["forms"])
        for form in forms:
            links.append(CaseExploitationForm(case=case, exploitationform=form))
        if forms:
            with_forms.append(case)
    if not links:
        return
    CaseExploitationForm.objects.bulk_create(links)
    history = copy_history(
        Case, [case.pk for case in with_forms], user=user, date=now, history_type="~"
    )
    # The history's copy of the links, as simple-history writes them (the link's own id too).
    copy_links_history(HistoricalCaseExploitationForm, owner="case", history_ids=history.values())


# --- Row by row, when a batch is refused ----------------------------------------------------------


def _save_one_by_one(batch, memory: _Memory, user) -> int:
    saved = 0
    for result in batch:
        try:
            with transaction.atomic():
                case = _save_row(result.data, memory, user)
        except (ValidationError, PermissionDenied, IntegrityError, DatabaseError) as error:
            result.error(_saving_failed(error))
            continue
        # Remembered once committed: a rolled-back row leaves nothing for the next ones.
        if result.data["id_number"]:
            memory.people.setdefault(result.data["id_number"], case.victim)
        if case.criminal_case is not None and result.data["criminal_case"]:
            memory.criminal_cases.setdefault(_criminal_key(result.data), case.criminal_case)
        saved += 1
    return saved


def _save_row(data, memory: _Memory, user) -> Case:
    victim = data["existing_victim"] or memory.people.get(data["id_number"]) or _victim_plain(data)
    case = _case_plain(data, memory, user)
    reception = Reception(
        received_on=data["received_on"],
        channel=data["channel"],
        agency_type=data["agency_type"],
        agency_name=data["agency_name"],
    )
    for record in (victim, case, reception):
        record._history_user = user  # as the bulk path names the importer
    case = services.case_create(
        actor=user,
        victim=victim,
        case=case,
        reception=reception,
        exploitation_forms=data["forms"],
    )
    ImportedRow.objects.create(fingerprint=data["fingerprint"], case=case, imported_by=user)
    return case


def _victim_plain(data) -> Victim:
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


def _case_plain(data, memory: _Memory, user) -> Case:
    """The case of a row; its criminal case is the registry's one the checks found
    (Matcher.criminal_case), else one this import created for the same number and agency, else
    a new one."""
    criminal_case = data.get("criminal_case_found")
    if criminal_case is None and data["criminal_case"]:
        criminal_case = memory.criminal_cases.get(_criminal_key(data))
        if criminal_case is None:
            fields = {
                "number": data["criminal_case"],
                "investigating_agency": data.get("investigating_agency", ""),
            }
            criminal_case = CriminalCase.objects.filter(**fields).order_by("pk").first()
            if criminal_case is None:
                criminal_case = CriminalCase(**fields)
                criminal_case._history_user = user
                criminal_case.save()
    return Case(
        managing_unit=user.jurisdiction,
        destination_country=data["country"],
        criminal_case=criminal_case,
        note=data["note"],
    )


def _saving_failed(error) -> str:
    if isinstance(error, PeriodLocked):
        detail = str(error)
    elif isinstance(error, ValidationError):
        detail = " ".join(error.messages)
    elif isinstance(error, PermissionDenied):
        detail = _("bạn không được thêm vụ việc cho người này")
    else:
        detail = _("dữ liệu vừa được người khác thay đổi")
    return _("Không lưu được dòng này: %(detail)s") % {"detail": detail}
