"""Saving an imported list in batches (issue 17): what is written equals what case_create writes,
in a number of queries that does not grow with the rows, and a batch the database refuses is
saved row by row so that no row is lost and each refusal is reported."""

import datetime
import io

import pytest
from django.db import transaction
from openpyxl import load_workbook

from tests.victims.conftest import cccd_for
from tests.victims.test_import import row, workbook
from victims import importing, services
from victims.importing import saving
from victims.models import (
    Case,
    CaseCodeCounter,
    CriminalCase,
    HistoricalCaseExploitationForm,
    ImportedRow,
    Reception,
    Victim,
)

pytestmark = pytest.mark.django_db


def check(user, *rows):
    return importing.check_rows(importing.read_rows(io.BytesIO(workbook(*rows))), user=user)


class Rollback(Exception):
    pass


IGNORED = {
    "id",
    "victim",
    "case",
    "criminal_case",
    "history_id",
    "history_date",
    "created_at",
    "updated_at",
}


def _fields(obj) -> dict:
    values = {
        field.attname: getattr(obj, field.attname)
        for field in obj._meta.concrete_fields
        if field.name not in IGNORED and field.attname not in IGNORED
    }
    return values


def _history(model, pk) -> list[dict]:
    return [_fields(record) for record in model.history.filter(id=pk).order_by("history_id")]


def _state_after(save, user, values) -> dict:
    """Everything one imported row writes, read back before the transaction is rolled back (so
    that both ways of saving start from the same registry, counters included)."""
    results = check(user, row(**values))
    assert results[0].saves, results[0].reasons
    state = {}
    with pytest.raises(Rollback), transaction.atomic():
        save(results, user)
        case = Case.objects.get()
        state["victim"] = _fields(case.victim)
        state["case"] = _fields(case)
        state["reception"] = _fields(case.reception)
        state["criminal_case"] = _fields(case.criminal_case)
        state["forms"] = sorted(case.exploitation_forms.values_list("code", flat=True))
        state["imported"] = list(ImportedRow.objects.values_list("fingerprint", "imported_by"))
        state["victim_history"] = _history(Victim, case.victim_id)
        state["case_history"] = _history(Case, case.pk)
        state["reception_history"] = _history(Reception, case.reception.pk)
        state["criminal_case_history"] = _history(CriminalCase, case.criminal_case_id)
        state["forms_history"] = [
            (record.history.history_type, record.exploitationform_id)
            for record in HistoricalCaseExploitationForm.objects.order_by("m2m_history_id")
        ]
        state["counter"] = list(CaseCodeCounter.objects.values_list("year", "last_number"))
        raise Rollback
    return state


def _through_case_create(results, user):
    """The normal path: each row through services.case_create."""
    assert saving._save_one_by_one(results, saving._Memory(), user) == 1


def _in_bulk(results, user):
    assert saving.save_rows(results, user=user) == 1


def test_a_bulk_saved_row_equals_one_saved_through_case_create_field_by_field(
    officer_a, units, thanh_hoa_served
):
    values = {
        "full_name": "Hà Thị Ngọc Ánh",
        "other_names": "Ánh Hà",
        "birth": "09/07/2001",
        "id_number": cccd_for(sex="female", birth_year=2001),
        "forms": "Bóc lột tình dục; cưỡng bức lao động",
        "criminal_case": "12/VA-2024",
        "investigating_agency": "Công an tỉnh Thanh Hóa",
        "agency": "Đồn Biên phòng cửa khẩu Na Mèo",
        "note": "Trao trả tại cửa khẩu",
    }

    normal = _state_after(_through_case_create, officer_a, values)
    bulk = _state_after(_in_bulk, officer_a, values)

    for part in normal:
        assert bulk[part] == normal[part], part
    # What save() derives is there, not just equal: the search name, the hash, the dates.
    assert bulk["victim"]["search_name"] == "ha thi ngoc anh anh ha"
    assert bulk["victim"]["id_number_hash"] == Victim.id_number_key(values["id_number"])
    assert bulk["victim"]["birth_year"] == 2001
    assert bulk["case"]["received_on"] == datetime.date(2024, 3, 15)
    assert bulk["reception"]["recorded_on"] is not None
    assert bulk["case"]["code"] == "TH-2024-0001"
    assert [h["history_type"] for h in bulk["case_history"]] == ["+", "~"]
    assert len(bulk["forms_history"]) == 2


def test_the_id_number_is_stored_encrypted_and_found_by_its_hash(
    officer_a, units, thanh_hoa_served
):
    number = cccd_for(sex="female", birth_year=2001)

    saving.save_rows(check(officer_a, row(id_number=number)), user=officer_a)

    victim = Victim.objects.with_id_number(number).get()
    assert victim.id_number == number
    stored = Victim.objects.filter(pk=victim.pk).values_list("id_number", flat=True)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM victims_victim WHERE id = %s", [victim.pk])
        raw = cursor.fetchone()[0]
    assert raw != number and raw.startswith("gAAAAA")
    assert list(stored) == [number]


def _many_rows(count: int) -> list:
    rows = []
    for index in range(count):
        values = {
            "full_name": f"Nguyễn Thị Số {index}",
            "birth": str(1970 + index % 40),
            "received_on": f"{1 + index % 28:02d}/{1 + index % 12:02d}/{2023 + index % 2}",
        }
        if index % 3 == 0:
            values["id_number"] = cccd_for(sex="female", birth_year=1970 + index % 40)
        if index % 5 == 0:
            values["criminal_case"] = f"{index % 7}/VA-2024"
        if index % 2 == 0:
            values["forms"] = "Bóc lột tình dục; cưỡng bức lao động"
        rows.append(row(**values))
    return rows


def test_saving_a_thousand_rows_takes_a_constant_number_of_queries(
    officer_a, units, thanh_hoa_served, django_assert_max_num_queries
):
    results = check(officer_a, *_many_rows(1000))
    assert sum(result.saves for result in results) == 1000, [
        r.reasons for r in results if not r.saves
    ][:3]

    with django_assert_max_num_queries(30):
        saved = saving.save_rows(results, user=officer_a)

    assert saved == 1000
    assert Case.objects.count() == Reception.objects.count() == ImportedRow.objects.count() == 1000
    assert Case.history.count() == 2000  # "+" for each, "~" for its forms
    assert CriminalCase.objects.count() == 7
    codes = set(Case.objects.values_list("code", flat=True))
    assert len(codes) == 1000 and "TH-2023-0500" in codes and "TH-2024-0500" in codes


def test_a_batch_the_database_refuses_is_saved_row_by_row_reporting_the_refused_row(
    officer_a, officer_b, units, make_case
):
    number = cccd_for(sex="female", birth_year=2001)
    results = check(officer_a, row(full_name="Vi Thị Hà"), row(id_number=number), row(birth="1990"))
    # Registered in another area after the check: the unique number refuses the batch.
    make_case(officer_b, units.district_b, id_number=number, birth_year=2001)

    saved = saving.save_rows(results, user=officer_a)

    assert saved == 2
    assert [r.status for r in results] == ["ok", "error", "ok"]
    assert "Không lưu được dòng này: Số định danh này đã có trong hệ thống." in results[1].reasons
    assert Victim.objects.filter(full_name="Vi Thị Hà").exists()
    assert Case.objects.filter(managing_unit=units.district_a).count() == 2
    assert ImportedRow.objects.count() == 2
    # The refused row goes to the workbook of the rows in error.
    sheet = load_workbook(io.BytesIO(importing.error_workbook(results))).active
    assert [r[-1] for r in sheet.iter_rows(min_row=2, values_only=True)] == [
        "Không lưu được dòng này: Số định danh này đã có trong hệ thống."
    ]


def test_case_codes_are_taken_in_one_step_and_follow_the_single_ones(
    officer_a, units, thanh_hoa_served
):
    first = services.case_code_next(managing_unit=units.district_a, year=2024)

    codes = services.case_codes_next(managing_unit=units.district_a, counts={2024: 3, 2023: 2})

    assert first == "TH-2024-0001"
    assert codes == {
        2024: ["TH-2024-0002", "TH-2024-0003", "TH-2024-0004"],
        2023: ["TH-2023-0001", "TH-2023-0002"],
    }
    assert services.case_code_next(managing_unit=units.commune_a1, year=2024) == "TH-2024-0005"


def test_the_history_of_a_bulk_saved_batch_copies_each_record_as_saved(
    officer_a, units, thanh_hoa_served
):
    """The history rows the database copies from the rows just written (importing/history.py):
    one "+" per person, case, reception and criminal case, one "~" per case with forms holding
    its links, all by the importer at one date, with the saved values (the ID number too)."""
    results = check(officer_a, *_many_rows(30))

    assert saving.save_rows(results, user=officer_a) == 30

    for model in (Victim, Case, Reception, CriminalCase):
        created = model.history.filter(history_type="+")
        assert sorted(created.values_list("id", flat=True)) == sorted(
            model.objects.values_list("pk", flat=True)
        ), model
    records = [
        record
        for model in (Victim, Case, Reception, CriminalCase)
        for record in model.history.all()
    ]
    assert {(r.history_user_id, r.history_change_reason) for r in records} == {(officer_a.pk, None)}
    assert len({r.history_date for r in records}) == 1
    for victim in Victim.objects.all():
        record = Victim.history.get(id=victim.pk)
        assert _fields(record)["id_number"] == victim.id_number
        assert record.full_name == victim.full_name and record.version == victim.version
    changed = Case.history.filter(history_type="~")
    with_forms = Case.objects.filter(exploitation_forms__isnull=False).distinct()
    assert sorted(changed.values_list("id", flat=True)) == sorted(
        with_forms.values_list("pk", flat=True)
    )
    for record in changed:
        links = HistoricalCaseExploitationForm.objects.filter(history=record)
        case = Case.objects.get(pk=record.id)
        assert sorted(links.values_list("id", "exploitationform_id")) == sorted(
            case.exploitation_forms.through.objects.filter(case=case).values_list(
                "id", "exploitationform_id"
            )
        )
        assert record.code == case.code and record.victim_id == case.victim_id
    assert not HistoricalCaseExploitationForm.objects.filter(history__history_type="+").exists()
