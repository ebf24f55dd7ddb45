"""Issue 18, finding 9: files at rest.

Uploaded evidence and the import's files (names and ID numbers) are encrypted on disk with the
field keys (`core.storage.EncryptedFileSystemStorage`), readable by the owner only (0600 files,
0700 folders); downloads decrypt them; `encrypt_stored_files` encrypts files stored before; a key
rotation re-encrypts them; the import's files are deleted after IMPORT_FILE_RETENTION_HOURS by a
periodic task.
"""

import datetime
import io
import os
import stat
import time

import pytest
from cryptography.fernet import Fernet
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import models
from openpyxl import load_workbook

from tests.victims.conftest import import_checked, import_saved
from tests.victims.test_import import row, workbook
from verification.models import EvidenceDocument, VerificationDossier
from victims.models import Consent

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4 bien ban xac minh Nguyen Thi Dao 038195000123"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def mode_of(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def every_file(root):
    return [path for path in root.rglob("*") if path.is_file()]


def test_every_file_field_of_the_schema_stores_through_the_encrypted_storage():
    from core.storage import EncryptedFileSystemStorage

    fields = [
        (model._meta.label, field.name)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.FileField)
    ]
    assert fields
    for label, name in fields:
        field = apps.get_model(label)._meta.get_field(name)
        assert isinstance(field.storage, EncryptedFileSystemStorage), (label, name)


def test_an_uploaded_consent_is_encrypted_on_disk_owner_only_and_downloaded_as_uploaded(
    media, client_a, officer_a, units, make_case
):
    victim = make_case(officer_a, units.district_a).victim
    consent = Consent.objects.create(
        victim=victim,
        given_by="person",
        given_on=datetime.date(2025, 1, 1),
        purposes=["support"],
        evidence=SimpleUploadedFile("dong-y.pdf", PDF),
    )

    on_disk = media / consent.evidence.name
    raw = on_disk.read_bytes()
    assert PDF not in raw and b"%PDF" not in raw and b"038195000123" not in raw
    assert mode_of(on_disk) == 0o600
    folder = on_disk.parent
    while folder != media.parent:
        assert mode_of(folder) == 0o700, folder
        folder = folder.parent
    response = client_a.get(f"/victims/consents/{consent.pk}/evidence/")
    assert b"".join(response.streaming_content) == PDF


def test_evidence_of_a_dossier_is_encrypted_and_the_other_area_gets_404(
    media, client_a, client_b, officer_a, units, make_case
):
    case = make_case(officer_a, units.district_a)
    dossier = VerificationDossier.objects.create(case=case)
    document = EvidenceDocument.objects.create(
        dossier=dossier,
        ground="procedural_body",
        kind="police_certificate",
        file=SimpleUploadedFile("xn.pdf", PDF),
    )

    assert b"%PDF" not in (media / document.file.name).read_bytes()
    own = client_a.get(f"/verification/documents/{document.pk}/")
    assert b"".join(own.streaming_content) == PDF
    assert client_b.get(f"/verification/documents/{document.pk}/").status_code == 404


def test_the_import_files_are_encrypted_owner_only_and_the_errors_download_decrypted(
    media, client_a, units, thanh_hoa_served
):
    job, _page = import_checked(
        client_a,
        workbook(row(full_name="Lò Thị Mai"), row(full_name="Lò Thị Xuân", country="")),
    )
    upload = media / job.upload.name
    assert not upload.read_bytes().startswith(b"PK")
    import_saved(client_a, job)

    (errors,) = every_file(media)  # the upload is gone once its rows are saved
    raw = errors.read_bytes()
    assert not raw.startswith(b"PK") and "Xuân".encode() not in raw
    assert mode_of(errors) == 0o600 and mode_of(errors.parent) == 0o700
    response = client_a.get(f"/victims/import/{job.pk}/errors/")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert [values[0] for values in sheet.iter_rows(min_row=2, values_only=True)] == ["Lò Thị Xuân"]


def test_import_files_older_than_the_setting_are_deleted_by_the_periodic_task(media, settings):
    from victims.tasks import delete_old_import_files

    settings.IMPORT_FILE_RETENTION_HOURS = 24
    old = default_storage.save("imports/old-errors.xlsx", ContentFile(b"PK old"))
    recent = default_storage.save("imports/recent-errors.xlsx", ContentFile(b"PK recent"))
    two_days_ago = time.time() - 48 * 3600
    os.utime(media / old, (two_days_ago, two_days_ago))

    assert delete_old_import_files() == 1

    assert not (media / old).exists()
    assert (media / recent).exists()
    assert "delete-old-import-files" in settings.CELERY_BEAT_SCHEDULE


def test_the_retention_of_import_files_is_a_setting(media, settings):
    from victims.tasks import delete_old_import_files

    settings.IMPORT_FILE_RETENTION_HOURS = 1
    name = default_storage.save("imports/token-errors.xlsx", ContentFile(b"PK"))
    two_hours_ago = time.time() - 2 * 3600
    os.utime(media / name, (two_hours_ago, two_hours_ago))

    delete_old_import_files()

    assert not (media / name).exists()


def test_files_stored_before_are_encrypted_once_by_the_command(media):
    plain = media / "consents" / "2024" / "cu.pdf"
    plain.parent.mkdir(parents=True)
    plain.write_bytes(PDF)

    call_command("encrypt_stored_files", stdout=io.StringIO())
    once = plain.read_bytes()
    call_command("encrypt_stored_files", stdout=io.StringIO())

    assert b"%PDF" not in once
    assert plain.read_bytes() == once  # idempotent: not encrypted twice
    assert mode_of(plain) == 0o600
    with default_storage.open("consents/2024/cu.pdf", "rb") as stored:
        assert stored.read() == PDF


def test_a_key_rotation_re_encrypts_the_files_with_the_new_key(media, settings):
    name = default_storage.save("dossiers/2024/xn.pdf", ContentFile(PDF))
    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, *settings.FIELD_ENCRYPTION_KEYS]

    call_command("rotate_field_keys", stdout=io.StringIO())

    settings.FIELD_ENCRYPTION_KEYS = [new_key]  # the old key removed
    with default_storage.open(name, "rb") as stored:
        assert stored.read() == PDF


def test_a_stored_file_can_be_opened_again_after_it_was_closed(media, officer_a, units, make_case):
    victim = make_case(officer_a, units.district_a).victim
    consent = Consent.objects.create(
        victim=victim,
        given_by="person",
        given_on=datetime.date(2025, 1, 1),
        purposes=["support"],
        evidence=SimpleUploadedFile("dong-y.pdf", PDF),
    )
    consent = Consent.objects.get(pk=consent.pk)

    for _ in range(2):
        with consent.evidence.open("rb") as stored:
            assert stored.read() == PDF
    assert consent.evidence.size == len(PDF)
