"""ID numbers and phones are encrypted at rest (history rows too), found again and kept unique
through a keyed hash, and the keys rotate (core/crypto.py)."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from core.crypto import FieldDecryptionError
from tests.victims.conftest import cccd_for, make_case, thanh_hoa_served  # noqa: F401
from tests.victims.test_create_flow import form_data
from victims.models import Victim

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
PHONE, GUARDIAN_PHONE = "0912345678", "0987654321"


def raw_row(table: str, where: str, value) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id_number, phone, guardian_phone FROM {table} WHERE {where} = %s "  # noqa: S608
            "ORDER BY 1",
            [value],
        )
        return [
            dict(zip(("id_number", "phone", "guardian_phone"), row, strict=True)) for row in cursor
        ]


@pytest.fixture
def person(officer_a, units, make_case):  # noqa: F811
    number = cccd_for(sex="female", birth_year=1999)
    victim = make_case(officer_a, units.district_a, id_number=number, birth_year=1999).victim
    victim.phone, victim.guardian_phone = PHONE, GUARDIAN_PHONE
    victim.save()
    return victim


def assert_no_plaintext(stored: str, number: str):
    assert stored.startswith("gAAAAA")  # a Fernet token
    assert number not in stored
    assert number[-6:] not in stored  # not even the serial part of the number


def test_the_columns_hold_tokens_not_the_numbers(person):
    [row] = raw_row("victims_victim", "id", person.pk)

    assert_no_plaintext(row["id_number"], person.id_number)
    assert_no_plaintext(row["phone"], PHONE)
    assert_no_plaintext(row["guardian_phone"], GUARDIAN_PHONE)


def test_the_history_table_holds_tokens_too(person):
    rows = raw_row("victims_historicalvictim", "id", person.pk)

    assert len(rows) == 2  # created, then the phones added
    for row in rows:
        assert_no_plaintext(row["id_number"], person.id_number)
    empty, added = sorted(row["phone"] for row in rows)
    assert empty == ""
    assert_no_plaintext(added, PHONE)
    assert person.history.first().phone == PHONE  # and the history reads back


def test_values_read_back_as_typed(person):
    fresh = Victim.objects.get(pk=person.pk)

    assert (fresh.phone, fresh.guardian_phone) == (PHONE, GUARDIAN_PHONE)
    assert fresh.id_number == person.id_number and len(fresh.id_number) == 12


def test_an_empty_value_stays_empty(officer_a, units, make_case):  # noqa: F811
    victim = make_case(officer_a, units.district_a, id_number="").victim

    [row] = raw_row("victims_victim", "id", victim.pk)
    assert row == {"id_number": "", "phone": "", "guardian_phone": ""}
    assert Victim.objects.get(pk=victim.pk).id_number == ""
    assert Victim.objects.values_list("id_number_hash", flat=True).get(pk=victim.pk) == ""


def test_a_wrong_key_raises_and_never_returns_the_token(person, settings):
    [row] = raw_row("victims_victim", "id", person.pk)
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]

    with pytest.raises(FieldDecryptionError) as raised:
        Victim.objects.get(pk=person.pk)

    assert "FIELD_ENCRYPTION_KEYS" in str(raised.value)
    assert row["id_number"] not in str(raised.value)


@pytest.mark.usefixtures("own_media_root")
def test_an_old_key_still_decrypts_and_rotation_rewrites_every_row_with_the_first(person, settings):
    old = settings.FIELD_ENCRYPTION_KEYS[0]
    new = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    assert Victim.objects.get(pk=person.pk).phone == PHONE  # read with the old key

    call_command("rotate_field_keys", stdout=io.StringIO())

    rows = raw_row("victims_victim", "id", person.pk) + raw_row(
        "victims_historicalvictim", "id", person.pk
    )
    assert len(rows) == 3
    for row in rows:
        plain = Fernet(new.encode()).decrypt(row["id_number"].encode()).decode()
        assert plain == person.id_number
    settings.FIELD_ENCRYPTION_KEYS = [new]  # the old key can go
    assert Victim.objects.get(pk=person.pk).guardian_phone == GUARDIAN_PHONE
    assert person.history.last().id_number == person.id_number


@pytest.mark.usefixtures("own_media_root")
def test_rotation_recomputes_the_hashes_after_the_hash_key_changes(person, settings):
    settings.FIELD_HASH_KEY = "n" * 40
    assert not Victim.objects.with_id_number(person.id_number).exists()

    call_command("rotate_field_keys", stdout=io.StringIO())

    assert Victim.objects.with_id_number(person.id_number).get() == person


def test_the_hash_is_keyed_and_of_the_normalised_number(person):
    stored = Victim.objects.values_list("id_number_hash", flat=True).get(pk=person.pk)
    number = person.id_number

    assert len(stored) == 64 and number not in stored
    assert stored != __import__("hashlib").sha256(number.encode()).hexdigest()  # keyed
    spaced = f"{number[:3]} {number[3:6]}.{number[6:]}"
    assert Victim.objects.with_id_number(spaced).get() == person


def test_the_database_refuses_a_second_person_with_the_same_number(person):
    twin = Victim(
        full_name="Người Khác",
        sex="female",
        birth_year=1999,
        id_type="cccd",
        id_number=person.id_number,
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()  # bypassing every form and service


def test_filtering_on_the_encrypted_value_raises_instead_of_finding_nothing(person):
    with pytest.raises(TypeError, match="keyed hash"):
        Victim.objects.filter(id_number=person.id_number).exists()
    assert Victim.objects.filter(phone="").count() == 0  # "" (no value) can still be asked


def test_the_list_search_finds_the_person_by_exact_id_number(client_a, person):
    number = person.id_number
    response = client_a.post("/victims/", {"q": f"{number[:3]} {number[3:]}"})
    assert number not in response["Location"]

    listing = client_a.get(response["Location"]).content.decode()

    assert person.cases.get().code in listing
    assert "1 vụ việc" in listing


def test_the_same_number_on_case_creation_is_still_refused(client_a, units, person):
    response = client_a.post(
        "/victims/new/", form_data(units, **{"victim-id_number": person.id_number})
    )

    assert "Số định danh này đã có trong hệ thống" in response.content.decode()
    assert Victim.objects.count() == 1


def test_the_possible_duplicate_warning_on_case_creation_still_works(
    client_a,
    officer_a,
    units,
    make_case,  # noqa: F811
):
    make_case(
        officer_a,
        units.district_a,
        full_name="Đặng Thị Đào",
        birth_year=1998,
        residence=units.commune_a1,
    )

    response = client_a.post("/victims/new/", form_data(units))

    assert 'data-testid="duplicates"' in response.content.decode()
    assert Victim.objects.count() == 1


def run_settings(tmp_path, **environment):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("FIELD_") and key != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        cwd=ROOT,
        env={
            **env,
            "DJANGO_SETTINGS_MODULE": "trafficking_cases.settings",
            "VAR_DIR": str(tmp_path),
            "SECRET_KEY": "k" * 60,
            **environment,
        },
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_the_keys_in_the_environment(tmp_path):
    result = run_settings(tmp_path, SECURE_COOKIES="true")

    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS and FIELD_HASH_KEY must be set" in result.stderr
    assert not (tmp_path / "field_encryption_key").exists()


def test_a_malformed_key_stops_start_up_naming_the_variable(tmp_path):
    result = run_settings(tmp_path, FIELD_ENCRYPTION_KEYS="not-a-key", FIELD_HASH_KEY="h" * 40)

    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS: key 1 is not a Fernet key" in result.stderr


def test_the_demo_makes_its_own_key_files_apart_from_the_secret_key(tmp_path):
    result = run_settings(tmp_path)

    assert result.stdout.strip() == "started", result.stderr
    key_file, hash_file = tmp_path / "field_encryption_key", tmp_path / "field_hash_key"
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert hash_file.stat().st_mode & 0o777 == 0o600
    Fernet(key_file.read_text().strip())  # a valid key
    assert key_file.read_text().strip() != "k" * 60


@pytest.mark.django_db(transaction=True)
def test_the_data_migration_encrypts_existing_rows_and_fills_the_hash():
    executor = MigrationExecutor(connection)
    executor.migrate([("victims", "0004_victim_anonymisation")])
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO victims_victim (full_name, other_names, search_name, sex, "
                "birth_year, nationality, id_type, id_number, permanent_address, "
                "current_address, phone, education, occupation, marital_status, has_disability, "
                "disability_note, poverty_status, guardian_name, guardian_relation, "
                "guardian_phone, anonymisation_reason, created_at, updated_at) "
                "VALUES ('Lò Thị Mai', '', 'lo thi mai', "
                "'female', 1999, 'VN', 'cccd', '038199000123', '', '', %s, 'unknown', '', "
                "'unknown', false, '', 'unknown', '', '', '', '', now(), now()) RETURNING id",
                [PHONE],
            )
            pk = cursor.fetchone()[0]
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
        [row] = raw_row("victims_victim", "id", pk)
        assert_no_plaintext(row["id_number"], "038199000123")
        assert_no_plaintext(row["phone"], PHONE)
        assert row["guardian_phone"] == ""
        assert Victim.objects.with_id_number("038 199 000 123").get().phone == PHONE
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())


def test_the_admin_takes_no_id_number_to_search(supervisor_client, person):
    # Issue 18, finding 6: the admin's search travels in the URL (?q=), so it searches no
    # personal field; an exact number is found by the registry's POST search (above).
    response = supervisor_client.get("/admin/victims/victim/", {"q": person.id_number})

    assert response.status_code == 200
    assert not response.context["cl"].search_fields
    assert response.context["cl"].query == "" or response.context["cl"].result_count == (
        response.context["cl"].full_result_count
    )
