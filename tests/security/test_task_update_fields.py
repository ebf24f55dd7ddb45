"""Background tasks write only the fields they own (issue 8, item 6): a row changed by another
connection between the task's load and its save keeps that change.

The other connection is a real second PostgreSQL session (psycopg), committing on its own, as a
user's request or another worker would."""

import datetime
import threading
import time

import psycopg
import pytest
from django.db import connection

from reports import generation
from reports import services as report_services
from reports import tasks as report_tasks
from reports.models import ReportRun, RunStatus
from reports.periods import period_for
from verification import services as dossier_services
from verification.models import VerificationDossier

pytestmark = pytest.mark.django_db(transaction=True)
D = datetime.date


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def other_session():
    """A second database session, outside Django's connection."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    return psycopg.connect(**params, autocommit=True)


def run_for(unit) -> ReportRun:
    period = period_for("annual", 2024)
    return ReportRun.objects.create(
        kind=period.kind, start=period.start, end=period.end, unit=unit, reason="Lý do ban đầu"
    )


def test_a_progress_heartbeat_does_not_undo_a_run_flagged_failed_meanwhile(units):
    run = report_tasks._claim(run_for(units.province).pk, "task-1")
    with other_session() as other:
        # The watch task (another worker) gives up on the run while this worker still holds it.
        other.execute(
            "UPDATE reports_reportrun SET status = %s, error = %s WHERE id = %s",
            [RunStatus.FAILED, "Quá trình tạo báo cáo bị gián đoạn", run.pk],
        )

    report_tasks._progress(run, 55)

    stored = ReportRun.objects.get(pk=run.pk)
    assert stored.progress == 55
    assert stored.status == RunStatus.FAILED
    assert stored.error == "Quá trình tạo báo cáo bị gián đoạn"


def test_the_end_of_a_build_keeps_what_another_session_changed_on_the_run(units):
    run = report_tasks._claim(run_for(units.province).pk, "task-1")
    with other_session() as other:
        other.execute(
            "UPDATE reports_reportrun SET reason = %s, requested_by_id = NULL WHERE id = %s",
            ["Lý do do người khác sửa", run.pk],
        )

    generation.build(run)

    stored = ReportRun.objects.get(pk=run.pk)
    assert stored.status == RunStatus.DONE
    assert stored.reason == "Lý do do người khác sửa"


def test_expiring_old_files_keeps_what_another_session_changed(units, settings):
    run = report_tasks._claim(run_for(units.province).pk, "task-1")
    generation.build(run)
    ReportRun.objects.filter(pk=run.pk).update(finished_at=D(2020, 1, 1))
    with other_session() as other:
        other.execute(
            "UPDATE reports_reportrun SET reason = %s WHERE id = %s", ["Ghi chú mới", run.pk]
        )

    assert report_services.report_files_expire() == [run.pk]

    stored = ReportRun.objects.get(pk=run.pk)
    assert stored.status == RunStatus.EXPIRED
    assert stored.reason == "Ghi chú mới"


def test_flagging_overdue_dossiers_keeps_an_edit_committed_while_it_waited(
    officer_a, units, make_case
):
    case = make_case(officer_a, units.district_a, received=D(2024, 5, 10))
    dossier = dossier_services.dossier_submit(
        actor=officer_a, dossier=dossier_services.dossier_create(actor=officer_a, case=case)
    )
    table = VerificationDossier._meta.db_table
    flagged = []
    with other_session() as other:
        other.autocommit = False
        # Another session edits the dossier and holds its row lock while the task starts.
        other.execute(
            f"UPDATE {table} SET verifying_agency = %s, version = version + 1 WHERE id = %s",  # noqa: S608
            ["Công an tỉnh Thanh Hóa", dossier.pk],
        )

        def task():
            try:
                flagged.extend(dossier_services.dossiers_mark_overdue(today=D(2030, 1, 1)))
            finally:
                connection.close()

        worker = threading.Thread(target=task)
        worker.start()
        time.sleep(1)
        assert worker.is_alive(), "the task should wait for the row lock"
        other.commit()
        worker.join(timeout=30)

    assert flagged == [dossier.pk]
    stored = VerificationDossier.objects.get(pk=dossier.pk)
    assert stored.is_overdue is True
    assert stored.verifying_agency == "Công an tỉnh Thanh Hóa"
    # The task's save bumped the version on top of the other session's change.
    assert stored.version == dossier.version + 2
