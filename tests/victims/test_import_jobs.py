"""The import as a background job on a real Celery worker (issue 16 item 8): the upload returns at
once, the job page polls its progress, the owner confirms, the saved rows are counted; only the
owner sees any page of the job."""

import io
import json
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from tests.factories import UserFactory
from tests.victims.test_import import XLSX, row, workbook
from victims.importing import jobs
from victims.models import Case, ImportJob

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _wait(job: ImportJob, *statuses, seconds: float = 60) -> ImportJob:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status in statuses:
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job.pk} still {job.status}")


def _upload(client, content: bytes):
    upload = SimpleUploadedFile("ds.xlsx", content, content_type=XLSX)
    return client.post("/victims/import/", {"file": upload})


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.mark.django_db(transaction=True)
def test_upload_poll_confirm_and_the_saved_counts_on_a_real_worker(
    celery_worker, officer_a, units, thanh_hoa_served, media
):
    client = _client(officer_a)
    rows = [row(full_name=f"Lò Thị Mai {index}") for index in range(12)]
    rows.append(row(full_name=""))

    response = _upload(client, workbook(*rows))

    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/victims/import/{job.pk}/"
    assert job.owner == officer_a and job.rows_total == 13
    _wait(job, ImportJob.Status.CHECKED)
    assert (job.rows_checked, job.rows_valid, job.rows_refused) == (13, 12, 1)
    page = client.get(f"/victims/import/{job.pk}/").content.decode()
    assert 'data-testid="import-preview"' in page and "Thiếu họ và tên." in page
    assert "Xác nhận nhập 12 dòng" in page
    assert Case.objects.count() == 0

    confirmed = client.post(f"/victims/import/{job.pk}/confirm/")

    assert confirmed["Location"] == f"/victims/import/{job.pk}/"
    _wait(job, ImportJob.Status.SAVED)
    assert job.rows_saved == 12 and job.finished_at is not None
    assert Case.objects.filter(managing_unit=units.district_a).count() == 12
    assert not job.upload  # the rows are saved or in the errors' workbook
    result = client.get(f"/victims/import/{job.pk}/").content.decode()
    assert "Đã lưu 12 vụ việc." in result
    errors = client.get(f"/victims/import/{job.pk}/errors/")
    sheet = load_workbook(io.BytesIO(b"".join(errors.streaming_content))).active
    assert [r[-1] for r in sheet.iter_rows(min_row=2, values_only=True)] == ["Thiếu họ và tên."]


@pytest.mark.django_db(transaction=True)
def test_a_workbook_with_refused_rows_saves_the_others_and_offers_their_reasons(
    celery_worker, officer_a, units, thanh_hoa_served, media
):
    client = _client(officer_a)
    _upload(client, workbook(row(), row(received_on="31/02/2024"), row(country="Atlantis")))
    job = _wait(ImportJob.objects.get(), ImportJob.Status.CHECKED)

    client.post(f"/victims/import/{job.pk}/confirm/")

    _wait(job, ImportJob.Status.SAVED)
    assert (job.rows_saved, job.rows_refused) == (1, 2)
    preview = json.loads(job.result)
    assert [r["status"] for r in preview] == ["ok", "error", "error"]
    assert "không tồn tại" in " ".join(preview[1]["reasons"])


def test_the_progress_fragment_counts_in_vietnamese_and_stops_polling_when_done(
    officer_a, units, thanh_hoa_served, media
):
    client = _client(officer_a)
    job = ImportJob.objects.create(owner=officer_a, rows_total=1000, rows_checked=350)

    fragment = client.get(f"/victims/import/{job.pk}/status/").content.decode()
    page = client.get(f"/victims/import/{job.pk}/").content.decode()

    assert "Đã kiểm tra 350/1.000 dòng" in fragment
    assert '<progress id="import-progress-bar"' in fragment and 'value="350"' in fragment
    assert 'hx-trigger="every 1s"' in fragment
    assert '<meta http-equiv="refresh"' in page and 'data-testid="import-reload"' in page
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.CHECKED)
    done = client.get(f"/victims/import/{job.pk}/status/", headers={"HX-Request": "true"})
    assert done["HX-Refresh"] == "true"
    assert "hx-trigger" not in done.content.decode()


def test_only_the_owner_sees_any_page_of_a_job(
    officer_a, colleague_a, officer_b, supervisor, units, thanh_hoa_served, media
):
    other_officer_a = UserFactory(
        username="canbo.a2", role=officer_a.role, jurisdiction=units.district_a
    )
    client = _client(officer_a)
    _upload(client, workbook(row(full_name="")))
    job = ImportJob.objects.get()
    jobs.import_job_check(job_id=job.pk)
    pages = [
        ("get", f"/victims/import/{job.pk}/"),
        ("get", f"/victims/import/{job.pk}/status/"),
        ("get", f"/victims/import/{job.pk}/errors/"),
        ("post", f"/victims/import/{job.pk}/confirm/"),
    ]

    for method, url in pages[:3]:
        assert getattr(client, method)(url).status_code == 200, url
    for user in (other_officer_a, officer_b, supervisor):
        other = _client(user)
        for method, url in pages:
            assert getattr(other, method)(url).status_code == 404, (user.username, url)
    # A read-only colleague may not import at all.
    assert _client(colleague_a).get(pages[0][1]).status_code == 403
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CHECKED


def test_a_job_is_confirmed_once(officer_a, units, thanh_hoa_served, media):
    client = _client(officer_a)
    _upload(client, workbook(row()))
    job = ImportJob.objects.get()
    jobs.import_job_check(job_id=job.pk)

    client.post(f"/victims/import/{job.pk}/confirm/")
    again = client.post(f"/victims/import/{job.pk}/confirm/", follow=True)

    assert "Lần nhập này không ở bước chờ xác nhận." in again.content.decode()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SAVING


def test_jobs_past_the_retention_are_deleted_with_their_files(
    officer_a, units, thanh_hoa_served, media, settings
):
    from datetime import timedelta

    from django.utils import timezone

    from victims.tasks import delete_old_import_files

    client = _client(officer_a)
    _upload(client, workbook(row(full_name="")))
    job = ImportJob.objects.get()
    jobs.import_job_check(job_id=job.pk)
    job.refresh_from_db()
    files = [media / job.upload.name, media / job.errors_file.name]
    assert all(path.exists() for path in files)
    assert oct(files[0].stat().st_mode & 0o777) == "0o600"
    assert not files[0].read_bytes().startswith(b"PK")  # encrypted at rest
    settings.IMPORT_FILE_RETENTION_HOURS = 2
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(hours=3))

    delete_old_import_files()

    assert not ImportJob.objects.exists()
    assert not any(path.exists() for path in files)


def test_the_checked_rows_are_stored_encrypted(officer_a, units, thanh_hoa_served, media):
    from django.db import connection

    client = _client(officer_a)
    _upload(client, workbook(row(full_name="Lò Thị Mai")))
    job = ImportJob.objects.get()
    jobs.import_job_check(job_id=job.pk)

    with connection.cursor() as cursor:
        cursor.execute("SELECT result FROM victims_importjob WHERE id = %s", [job.pk])
        stored = cursor.fetchone()[0]
    job.refresh_from_db()
    assert stored.startswith("gAAAAA") and "Lò Thị Mai" not in stored
    assert json.loads(job.result)[0]["full_name"] == "Lò Thị Mai"


def test_key_rotation_re_encrypts_the_checked_rows_of_a_job(officer_a, settings, own_media_root):
    import io as _io

    from cryptography.fernet import Fernet
    from django.core.management import call_command
    from django.db import connection

    job = ImportJob.objects.create(owner=officer_a, result=json.dumps([{"full_name": "Lò Mai"}]))
    old = settings.FIELD_ENCRYPTION_KEYS[0]
    new = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new, old]

    call_command("rotate_field_keys", stdout=_io.StringIO())

    with connection.cursor() as cursor:
        cursor.execute("SELECT result FROM victims_importjob WHERE id = %s", [job.pk])
        stored = cursor.fetchone()[0]
    assert json.loads(Fernet(new.encode()).decrypt(stored.encode()))[0]["full_name"] == "Lò Mai"
    settings.FIELD_ENCRYPTION_KEYS = [new]  # the old key can go
    job.refresh_from_db()
    assert json.loads(job.result) == [{"full_name": "Lò Mai"}]


def test_the_upload_page_lists_the_users_own_recent_jobs_only(
    officer_a, officer_b, units, thanh_hoa_served, media
):
    own = ImportJob.objects.create(owner=officer_a, rows_total=3)
    other = ImportJob.objects.create(owner=officer_b, rows_total=3)

    page = _client(officer_a).get("/victims/import/").content.decode()

    assert f"/victims/import/{own.pk}/" in page and "Đang chờ" in page
    assert f"/victims/import/{other.pk}/" not in page
