"""Issue 18, finding 2: no unkeyed digest of personal data, in the schema or in the logs.

An unkeyed SHA-256 of a row whose other fields are in plain text gives its ID number back after a
brute force of the serial part. Every digest of personal data is an HMAC with FIELD_HASH_KEY and is
recomputed when that key changes (`manage.py rotate_field_keys`).

The schema test enumerates every field of every model (history models included) whose name says
it holds a digest, a hash, a fingerprint or a search key, and requires each to be declared in the
registry of keyed digests (`core.digests`), which `rotate_field_keys` recomputes. It then proves,
on stored rows, that each declared digest depends on the key: the same data under another key
gives other values, and no stored value is the unkeyed SHA-256 of what it digests.
"""

import hashlib
import io
import json
import re

import pytest
from django.apps import apps
from django.core.management import call_command

from accounts import audit
from accounts.models import AccessAction, AccessLog
from locations.text import search_key
from tests.victims.conftest import cccd_for
from tests.victims.test_import import row, workbook
from victims import importing
from victims.models import ImportedRow, Victim

pytestmark = pytest.mark.django_db

OTHER_KEY = "another-field-hash-key-of-at-least-32-characters"
# Names of columns that hold a digest of something (what a reviewer looks for).
DIGEST_NAME = re.compile(r"hash|digest|fingerprint|checksum|search_key|blind", re.IGNORECASE)
# Columns whose name matches but which are no digest of a person's data, with the reason.
NOT_PERSONAL = {
    # The user's password: Django's salted PBKDF2, of a user of the system, not of a person
    # in the registry; its own key derivation, never compared across rows.
    ("accounts.user", "password"),
    ("accounts.historicaluser", "password"),
    # django-axes' log of logins: a SHA-256 of the random session key, no person's data.
    ("axes.accesslog", "session_hash"),
}


def digest_columns() -> set[tuple[str, str]]:
    found = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if DIGEST_NAME.search(field.name):
                found.add((model._meta.label_lower, field.name))
    return found - NOT_PERSONAL


def imported_row(officer, number):
    content = workbook(row(id_number=number))
    results = importing.check_rows(importing.read_rows(io.BytesIO(content)), user=officer)
    assert importing.save_rows(results, user=officer) == 1
    return ImportedRow.objects.get()


def test_every_digest_column_of_the_schema_is_a_registered_keyed_digest():
    from core import digests

    registered = {(model._meta.label_lower, name) for model, name in digests.registered()}

    assert digest_columns() <= registered, digest_columns() - registered
    # The registry names real columns only (a renamed column is not silently dropped).
    assert ("victims.victim", "id_number_hash") in registered
    assert ("victims.importedrow", "fingerprint") in registered


def test_an_imported_rows_fingerprint_depends_on_the_field_hash_key(
    officer_a, units, thanh_hoa_served, settings
):
    number = cccd_for(sex="female", birth_year=2001)
    content = workbook(row(id_number=number))

    first = importing.check_rows(importing.read_rows(io.BytesIO(content)), user=officer_a)
    settings.FIELD_HASH_KEY = OTHER_KEY
    second = importing.check_rows(importing.read_rows(io.BytesIO(content)), user=officer_a)

    assert first[0].data["fingerprint"] != second[0].data["fingerprint"]


def test_a_stored_fingerprint_is_not_the_unkeyed_sha256_an_attacker_would_try(
    officer_a, units, thanh_hoa_served
):
    number = cccd_for(sex="female", birth_year=2001)
    stored = imported_row(officer_a, number).fingerprint

    # The attacker of the issue: every field of the row but the ID number is in plain text in
    # the database copy; the digest of the candidate row is compared with the stored one.
    candidate = {
        "name": search_key("Lò Thị Mai"),
        "birth": "2001",
        "id": number,
        "residence": units.commune_a1.pk,
        "country": "CN",
        "received": "2024-03-15",
        "managing_unit": units.district_a.pk,
    }
    unkeyed = hashlib.sha256(json.dumps(candidate, sort_keys=True).encode()).hexdigest()
    assert stored != unkeyed
    assert number not in stored and stored not in {
        hashlib.sha256(number.encode()).hexdigest(),
        hashlib.sha256(json.dumps(candidate).encode()).hexdigest(),
    }


@pytest.mark.usefixtures("own_media_root")
def test_rotation_recomputes_every_registered_digest_with_the_new_key(
    officer_a, units, thanh_hoa_served, make_case, settings
):
    from core import digests

    make_case(officer_a, units.district_a, id_number=cccd_for(sex="female", birth_year=1990))
    imported_row(officer_a, cccd_for(sex="female", birth_year=2001))
    before = {
        (model, name): dict(model._base_manager.values_list("pk", name))
        for model, name in digests.registered()
    }
    assert all(before.values()), "every registered digest has a stored row to compare"

    settings.FIELD_HASH_KEY = OTHER_KEY
    call_command("rotate_field_keys", stdout=io.StringIO())

    for (model, name), values in before.items():
        after = dict(model._base_manager.values_list("pk", name))
        for pk, value in values.items():
            if value:
                assert after[pk] != value, (model, name)


@pytest.mark.usefixtures("own_media_root")
def test_after_a_hash_key_change_and_rotation_the_same_file_is_still_recognised(
    officer_a, units, thanh_hoa_served, settings
):
    content = workbook(row(id_number=cccd_for(sex="female", birth_year=2001)))
    importing.save_rows(
        importing.check_rows(importing.read_rows(io.BytesIO(content)), user=officer_a),
        user=officer_a,
    )

    settings.FIELD_HASH_KEY = OTHER_KEY
    call_command("rotate_field_keys", stdout=io.StringIO())
    again = importing.check_rows(importing.read_rows(io.BytesIO(content)), user=officer_a)

    assert [result.status for result in again] == ["already"]


@pytest.mark.usefixtures("own_media_root")
def test_an_id_number_is_still_found_after_a_hash_key_change_and_rotation(
    officer_a, units, thanh_hoa_served, make_case, settings
):
    number = cccd_for(sex="female", birth_year=1990)
    victim = make_case(officer_a, units.district_a, id_number=number).victim

    settings.FIELD_HASH_KEY = OTHER_KEY
    call_command("rotate_field_keys", stdout=io.StringIO())

    assert Victim.objects.with_id_number(number).get() == victim


# --- Logs --------------------------------------------------------------------------------------


def test_the_search_digest_of_the_access_log_is_keyed_with_the_field_hash_key(settings):
    # The same SECRET_KEY, another field hash key: another digest. (Keyed with SECRET_KEY, as
    # before, it would neither follow a rotation of the field keys nor be recomputed.)
    first = audit.search_digest("Nguyễn Thị Đào")
    settings.FIELD_HASH_KEY = OTHER_KEY
    second = audit.search_digest("Nguyễn Thị Đào")

    assert first != second
    assert first not in {
        hashlib.sha256(text.encode()).hexdigest()[: len(first)]
        for text in ("nguyen thi dao", "Nguyễn Thị Đào")
    }


def test_a_search_in_the_access_log_is_found_again_after_a_hash_key_change(
    client_a, officer_a, units, make_case, settings
):
    make_case(officer_a, units.district_a, full_name="Nguyễn Thị Đào")
    client_a.post("/victims/", {"q": "Nguyễn Thị Đào"})
    client_a.get(client_a.post("/victims/", {"q": "Nguyễn Thị Đào"})["Location"])
    assert AccessLog.objects.filter(action=AccessAction.SEARCH).exists()

    # The log cannot be rewritten: the old key stays usable for finding, as a fallback only.
    settings.FIELD_HASH_KEY_FALLBACKS = [settings.FIELD_HASH_KEY]
    settings.FIELD_HASH_KEY = OTHER_KEY

    digests = audit.search_digests("nguyen thi dao")
    assert AccessLog.objects.filter(details__search_digest__in=digests).exists()


def test_the_migration_replaces_an_unkeyed_fingerprint_by_the_keyed_one_of_its_case(
    officer_a, units, thanh_hoa_served
):
    import importlib

    stored = imported_row(officer_a, cccd_for(sex="female", birth_year=2001))
    keyed = stored.fingerprint
    ImportedRow.objects.filter(pk=stored.pk).update(fingerprint=hashlib.sha256(b"old").hexdigest())
    migration = importlib.import_module("victims.migrations.0007_key_import_fingerprints")

    migration.key_fingerprints(apps, None)

    stored.refresh_from_db()
    # Recomputed from what the case saved, it is the fingerprint the import computed from the row.
    assert stored.fingerprint == keyed
