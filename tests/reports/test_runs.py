"""Report runs: requested, built by the task into three files, approved and locked."""

import datetime
import io
import json

import pytest
from docx import Document
from openpyxl import load_workbook

from reports import generation, services, tasks
from reports.models import ReportRun, RunStatus
from reports.periods import period_for
from tests.conftest import stored_content
from victims.models import CriminalCase

pytestmark = pytest.mark.django_db
D = datetime.date
ANNUAL_2024 = period_for("annual", 2024)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def two_cases(officer_a, units, make_case):
    criminal_case = CriminalCase.objects.create(number="12/VA-2024", investigating_agency="CSĐT")
    for index, received in enumerate([D(2024, 3, 1), D(2024, 9, 1)]):
        case = make_case(officer_a, units.district_a, received=received, full_name=f"Người {index}")
        case.criminal_case = criminal_case
        case.save()


def build(run):
    claimed = tasks._claim(run.pk, "task-1")
    return generation.build(claimed)


def test_a_run_writes_the_json_the_workbook_and_the_word_report(
    provincial_staff, units, two_cases, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        run = services.report_request(
            actor=provincial_staff, period=ANNUAL_2024, unit=units.province
        )
    assert run.status == RunStatus.QUEUED and len(callbacks) == 1

    run = build(run)

    assert (run.status, run.progress) == (RunStatus.DONE, 100)
    data = json.loads(stored_content(run.indicators_file))
    assert data["indicators"]["received_total"]["value"] == 2
    assert data["indicators"]["received_through_criminal_cases"]["value"] == 2
    workbook = load_workbook(io.BytesIO(stored_content(run.excel_file)))
    summary = list(workbook["Tổng hợp"].iter_rows(values_only=True))
    assert (None, "Số người được tiếp nhận", 2, 0, 2) in summary
    text = "\n".join(p.text for p in Document(io.BytesIO(stored_content(run.word_file))).paragraphs)
    # The system holds nothing of the year before: it is not compared, and the report says so.
    assert "đã tiếp nhận 2 người trở về" in text and "(tăng" not in text
    assert "Hệ thống không có số liệu của kỳ trước (từ 15/12/2022 đến 14/12/2023)" in text
    assert "15/12/2023 đến 14/12/2024" in text


def test_a_rerun_replaces_the_files_and_keeps_one_run(provincial_staff, units, two_cases):
    first = build(
        services.report_request(actor=provincial_staff, period=ANNUAL_2024, unit=units.province)
    )
    old_name = first.excel_file.name

    again = services.report_request(actor=provincial_staff, period=ANNUAL_2024, unit=units.province)
    again = build(again)

    assert again.pk == first.pk and ReportRun.objects.count() == 1
    assert again.excel_file.name == old_name
    assert again.excel_file.storage.exists(old_name)


def test_a_second_copy_of_the_message_does_nothing_while_the_first_runs(provincial_staff, units):
    run = services.report_request(actor=provincial_staff, period=ANNUAL_2024, unit=units.province)

    assert tasks._claim(run.pk, "task-1") is not None
    assert tasks._claim(run.pk, "task-2") is None  # another message, the run is alive elsewhere
    assert tasks._claim(run.pk, "task-1") is not None  # the same message again: its worker died


def test_an_approved_report_is_locked_and_regenerating_it_needs_a_reason(
    provincial_staff, units, two_cases
):
    run = build(
        services.report_request(actor=provincial_staff, period=ANNUAL_2024, unit=units.province)
    )
    services.report_approve(actor=provincial_staff, run=run)

    with pytest.raises(services.ReportError, match="lý do"):
        services.report_request(actor=provincial_staff, period=ANNUAL_2024, unit=units.province)
    assert tasks._claim(run.pk, "task-9") is None  # the approved run is never rebuilt
    new = services.report_request(
        actor=provincial_staff, period=ANNUAL_2024, unit=units.province, reason="Bổ sung số liệu"
    )

    assert new.pk != run.pk
    run.refresh_from_db()
    assert run.is_approved and run.excel_file and run.excel_file.storage.exists(run.excel_file.name)
    assert new.events.get().note == "Bổ sung số liệu"


def test_a_district_officer_reports_only_on_their_area(officer_a, units):
    from django.core.exceptions import PermissionDenied

    services.report_request(actor=officer_a, period=ANNUAL_2024, unit=units.district_a)
    with pytest.raises(PermissionDenied):
        services.report_request(actor=officer_a, period=ANNUAL_2024, unit=units.district_b)


def test_only_provincial_users_approve(officer_a, units, two_cases):
    run = build(services.report_request(actor=officer_a, period=ANNUAL_2024, unit=units.district_a))

    with pytest.raises(services.ReportError):
        services.report_approve(actor=officer_a, run=run)


def test_a_run_without_a_sign_of_life_is_flagged_failed(provincial_staff, units):
    run = services.report_request(actor=provincial_staff, period=ANNUAL_2024, unit=units.province)
    tasks._claim(run.pk, "task-1")
    ReportRun.objects.filter(pk=run.pk).update(
        heartbeat_at=run.requested_at - datetime.timedelta(hours=1)
    )

    assert services.runs_flag_stuck() == [run.pk]
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and "tạo lại" in run.error


@pytest.mark.django_db(transaction=True)
def test_a_report_requested_on_the_page_is_built_by_a_real_worker(
    celery_worker, provincial_staff, units, two_cases
):
    import time

    run = services.report_request(actor=provincial_staff, period=ANNUAL_2024, unit=units.province)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if run.status in (RunStatus.DONE, RunStatus.FAILED):
            break
        time.sleep(0.2)

    assert (run.status, run.error) == (RunStatus.DONE, "")
    indicators = json.loads(stored_content(run.indicators_file))["indicators"]
    assert indicators["received_total"]["value"] == 2


def test_the_reports_page_requests_a_run_and_shows_its_progress(provincial_client, units):
    from django.urls import reverse

    response = provincial_client.post(
        reverse("reports:index"), {"kind": "annual", "year": "2024", "unit": units.province.pk}
    )

    run = ReportRun.objects.get()
    assert response.status_code == 302 and (run.start, run.end) == (
        D(2023, 12, 15),
        D(2024, 12, 14),
    )
    row = provincial_client.get(reverse("reports:run-status", args=[run.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in row and 'data-testid="report-progress"' in row


def test_a_custom_period_ending_before_it_starts_is_refused_next_to_the_field(
    provincial_client, units
):
    from django.urls import reverse

    response = provincial_client.post(
        reverse("reports:index"),
        {"kind": "custom", "start": "31/03/2024", "end": "01/03/2024", "unit": units.province.pk},
    )

    assert response.status_code == 200
    assert "không được trước ngày bắt đầu" in " ".join(response.context["form"].errors["end"])
    assert 'value="31/03/2024"' in response.content.decode()
    assert not ReportRun.objects.exists()


def test_another_districts_officer_gets_nothing_of_a_run(client_b, officer_a, units, two_cases):
    from django.urls import reverse

    run = build(services.report_request(actor=officer_a, period=ANNUAL_2024, unit=units.district_a))
    for url in [
        reverse("reports:run-status", args=[run.pk]),
        reverse("reports:download", args=[run.pk, "xlsx"]),
        reverse("reports:download", args=[run.pk, "json"]),
    ]:
        assert client_b.get(url).status_code == 404, url
    assert client_b.post(reverse("reports:approve", args=[run.pk])).status_code == 404
    page = client_b.get(reverse("reports:index")).content.decode()
    assert "Huyện Thạch Thành" not in page.split('data-testid="report-runs"')[1]
    form_units = client_b.get(reverse("reports:index")).context["form"].fields["unit"].queryset
    assert units.district_a not in form_units


def test_a_download_is_the_file_and_is_logged(client_a, officer_a, units, two_cases):
    from django.urls import reverse

    run = build(services.report_request(actor=officer_a, period=ANNUAL_2024, unit=units.district_a))

    response = client_a.get(reverse("reports:download", args=[run.pk, "docx"]))

    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert b"".join(response.streaming_content)[:2] == b"PK"
    assert run.events.filter(action="downloaded", actor=officer_a, note="docx").exists()


def test_the_command_writes_the_three_files(
    officer_a, units, two_cases, tmp_path, thanh_hoa_served
):
    from django.core.management import call_command

    call_command(
        "generate_report", kind="annual", year=2024, out=str(tmp_path / "out"), stdout=io.StringIO()
    )

    files = sorted(path.suffix for path in (tmp_path / "out").iterdir())
    assert files == [".docx", ".json", ".xlsx"]
    data = json.loads((tmp_path / "out" / "indicators.json").read_text())
    assert data["unit"]["code"] == "38"
    assert data["indicators"]["received_total"]["value"] == 2


def test_the_scheduled_reports_are_rows_supervisors_edit_in_the_admin(
    supervisor_client, thanh_hoa_served
):
    # The schedule is shared by the installation: its supervisor (here, of the one province
    # served) edits it (issue 18).
    from django_celery_beat.models import PeriodicTask

    annual = PeriodicTask.objects.get(
        task="reports.tasks.scheduled_report", kwargs='{"kind": "annual"}'
    )
    assert (annual.crontab.day_of_month, annual.crontab.month_of_year) == ("15", "12")
    from tests.test_vietnamese_ui import english_words_in

    for url in ["/admin/", f"/admin/django_celery_beat/periodictask/{annual.pk}/change/"]:
        response = supervisor_client.get(url)
        assert response.status_code == 200
        assert english_words_in(response.content.decode()) == set(), url
    assert "Lịch tác vụ định kỳ" in response.content.decode()


def test_the_scheduled_task_queues_the_period_just_ended_for_each_province(units, thanh_hoa_served):
    queued = services.reports_of_last_period("annual", today=D(2024, 12, 15))

    run = ReportRun.objects.get(pk__in=queued)
    assert (run.start, run.end, run.unit) == (D(2023, 12, 15), D(2024, 12, 14), units.province)
    assert run.events.get().action == "requested"


def test_a_viewer_downloads_the_tables_of_a_district_with_small_counts_hidden(
    client_colleague_a, client_a, officer_a, units, two_cases
):
    from django.urls import reverse

    run = build(services.report_request(actor=officer_a, period=ANNUAL_2024, unit=units.district_a))

    viewer = client_colleague_a.get(reverse("reports:download", args=[run.pk, "json"]))
    officer = client_a.get(reverse("reports:download", args=[run.pk, "json"]))
    viewer_xlsx = client_colleague_a.get(reverse("reports:download", args=[run.pk, "xlsx"]))
    viewer_docx = client_colleague_a.get(reverse("reports:download", args=[run.pk, "docx"]))

    assert json.loads(viewer.content)["indicators"]["received_total"]["value"] == "<5"
    officer_data = json.loads(b"".join(officer.streaming_content))
    assert officer_data["indicators"]["received_total"]["value"] == 2
    summary = list(
        load_workbook(io.BytesIO(viewer_xlsx.content))["Tổng hợp"].iter_rows(values_only=True)
    )
    assert (None, "Số người được tiếp nhận", "<5", 0, None) in summary
    text = "\n".join(p.text for p in Document(io.BytesIO(viewer_docx.content)).paragraphs)
    assert "đã tiếp nhận <5 người trở về" in text


def test_files_of_unapproved_runs_expire_and_approved_ones_stay(
    provincial_staff, officer_a, units, two_cases, settings
):
    import time_machine

    kept = build(
        services.report_request(actor=provincial_staff, period=ANNUAL_2024, unit=units.province)
    )
    services.report_approve(actor=provincial_staff, run=kept)
    old = build(services.report_request(actor=officer_a, period=ANNUAL_2024, unit=units.district_a))
    name = old.excel_file.name

    with time_machine.travel(
        old.finished_at + datetime.timedelta(days=settings.REPORT_FILE_RETENTION_DAYS + 1)
    ):
        assert services.report_files_expire() == [old.pk]

    old.refresh_from_db()
    kept.refresh_from_db()
    assert old.status == RunStatus.EXPIRED and not old.excel_file
    assert not old.excel_file.storage.exists(name)
    assert kept.excel_file.storage.exists(kept.excel_file.name)


def test_the_reports_page_runs_a_constant_number_of_queries(
    provincial_client, provincial_staff, units, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    for year in (2021, 2022):
        services.report_request(
            actor=provincial_staff, period=period_for("annual", year), unit=units.province
        )
    with CaptureQueriesContext(connection) as few:
        provincial_client.get(reverse("reports:index"))
    for year in (2023, 2024, 2025):
        for kind in ("annual", "six_month"):
            services.report_request(
                actor=provincial_staff, period=period_for(kind, year), unit=units.province
            )
    with django_assert_max_num_queries(len(few.captured_queries)):
        provincial_client.get(reverse("reports:index"))
