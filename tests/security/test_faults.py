"""Faults, with real processes: a Celery worker killed in the middle of a report, Redis down when
a report is requested, PostgreSQL restarted while requests run."""

import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from reports import services
from reports.models import ReportEvent, ReportRun, RunStatus
from reports.periods import period_for
from tests.security.ops_helpers import (
    VENV_BIN,
    HttpClient,
    database_url,
    free_port,
    manage,
    port_open,
    start,
    stop,
    wait_for,
)
from trafficking_cases.celery import all_queues, app

pytestmark = pytest.mark.django_db(transaction=True)
ANNUAL_2024 = period_for("annual", 2024)
VISIBILITY_TIMEOUT = 4  # seconds before a message a dead worker held is delivered again


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def processes():
    """Processes started by the test, stopped (then killed) at the end whatever happens."""
    started = []
    yield started
    for process in reversed(started):
        stop(process)


def worker(
    processes, log: Path, name: str, *, app_module="trafficking_cases", queue=None, **env
) -> subprocess.Popen:
    """A Celery worker process of `app_module` (the project's app unless a test's own) consuming
    `queue` (the app's default queue unless given)."""
    queues = ["-Q", queue] if queue else []
    process = start(
        [
            str(VENV_BIN / "celery"),
            "-A",
            app_module,
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            f"{name}@%h",
            *queues,
        ],
        log,
        **env,
    )
    processes.append(process)
    return process


def files_of(run, media_root: Path) -> list[str]:
    folder = media_root / "reports" / str(run.pk)
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


# --- A worker killed in the middle of a report -----------------------------------------------


def test_a_report_whose_worker_was_killed_completes_once_on_a_new_worker(
    provincial_staff, units, make_case, officer_a, media_root, processes, tmp_path
):
    make_case(officer_a, units.district_a)
    app.control.purge()
    env = {
        "MEDIA_ROOT": media_root,
        "CELERY_VISIBILITY_TIMEOUT": VISIBILITY_TIMEOUT,
        # The queue this test process sends to (its own under pytest-xdist, see conftest).
        "queue": ",".join(all_queues()),
    }
    # The first worker pauses after each step of the report (a test-only app), so that it can be
    # killed half-way through.
    first = worker(
        processes, tmp_path / "w1.log", "w1", app_module="tests.security.slow_report_worker", **env
    )

    run = services.report_request(actor=provincial_staff, period=ANNUAL_2024, unit=units.province)

    def half_way():
        run.refresh_from_db()
        return run.status == RunStatus.RUNNING and run.progress >= 40

    wait_for(half_way, timeout=60, what="the first worker to be half-way through the report")
    os.killpg(first.pid, signal.SIGKILL)
    first.wait(timeout=10)
    run.refresh_from_db()
    assert (run.status, run.attempts) == (RunStatus.RUNNING, 1)
    assert run.progress < 100 and not run.excel_file
    # The message stays unacknowledged in Redis; after the visibility timeout a live worker
    # gets it again.
    time.sleep(VISIBILITY_TIMEOUT + 1)

    worker(processes, tmp_path / "w2.log", "w2", LOG_FORMAT="json", **env)

    def finished():
        run.refresh_from_db()
        return run.status in (RunStatus.DONE, RunStatus.FAILED)

    wait_for(finished, timeout=60, what="the new worker to finish the report")
    assert run.status == RunStatus.DONE, (run.error, (tmp_path / "w2.log").read_text()[-3000:])
    assert run.attempts == 2
    assert ReportEvent.objects.filter(run=run, action="done").count() == 1
    assert ReportEvent.objects.filter(run=run, action="failed").count() == 0
    stem = f"bao-cao-annual-20231215-20241214-{units.province.code}"
    assert files_of(run, media_root) == sorted(["indicators.json", f"{stem}.xlsx", f"{stem}.docx"])
    assert run.excel_file.name == f"reports/{run.pk}/{stem}.xlsx"
    assert ReportRun.objects.count() == 1
    # The new worker's lines are JSON, and those of the task carry its id.
    lines = [
        json.loads(line)
        for line in (tmp_path / "w2.log").read_text().splitlines()
        if line.startswith("{")
    ]
    succeeded = [line for line in lines if "succeeded" in line["message"]]
    assert [line["task_id"] for line in succeeded] == [run.task_id]


# --- Redis down when a report is requested ------------------------------------------------------


def redis_server(processes, port: int, log: Path) -> subprocess.Popen:
    process = start(
        [
            shutil.which("redis-server") or "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--daemonize",
            "no",
        ],
        log,
    )
    processes.append(process)
    wait_for(lambda: port_open(port), timeout=10, what="redis-server")
    return process


def web_server(processes, port: int, log: Path, **env) -> subprocess.Popen:
    process = start(
        [
            str(VENV_BIN / "gunicorn"),
            "trafficking_cases.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--threads",
            "4",
            "--timeout",
            "60",
        ],
        log,
        **env,
    )
    processes.append(process)
    wait_for(lambda: port_open(port), timeout=30, what="gunicorn")
    return process


def signed_in(user, port: int) -> HttpClient:
    """A session made in the test database (committed), used against the server."""
    client = Client()
    client.force_login(user)
    return HttpClient(port, {settings.SESSION_COOKIE_NAME: client.cookies["sessionid"].value})


def csrf_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_a_report_requested_while_redis_is_down_is_queued_then_runs_when_it_is_back(
    provincial_staff, units, media_root, processes, tmp_path
):
    redis_port, web_port = free_port(), free_port()
    broker = {
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{redis_port}/0",
        "CELERY_RESULT_BACKEND": f"redis://127.0.0.1:{redis_port}/1",
        "MEDIA_ROOT": media_root,
    }
    redis = redis_server(processes, redis_port, tmp_path / "redis.log")
    web_server(processes, web_port, tmp_path / "web.log", **broker)
    browser = signed_in(provincial_staff, web_port)
    status, _headers, page = browser.get("/reports/")
    assert status == 200
    stop(redis, signal.SIGKILL)
    assert not port_open(redis_port)

    started = time.monotonic()
    status, headers, _body = browser.post(
        "/reports/",
        {
            "csrfmiddlewaretoken": csrf_token(page),
            "kind": "annual",
            "year": "2024",
            "unit": str(units.province.pk),
            "reason": "",
        },
    )

    assert status == 302, (tmp_path / "web.log").read_text()[-3000:]
    assert time.monotonic() - started < 20
    run = ReportRun.objects.get()
    assert headers["Location"].endswith(f"?run={run.pk}")
    assert run.status == RunStatus.QUEUED
    status, _headers, page = browser.get(f"/reports/?run={run.pk}")
    assert status == 200 and "Đang chờ" in page

    redis_server(processes, redis_port, tmp_path / "redis.log")
    worker(processes, tmp_path / "worker.log", "w", **broker)
    # The watcher (a beat task every five minutes) resends runs queued for RESEND_AFTER.
    ReportRun.objects.filter(pk=run.pk).update(
        requested_at=run.requested_at - services.RESEND_AFTER
    )
    watcher = manage(
        "shell",
        "--no-imports",
        "-c",
        "from reports.tasks import watch_report_runs; print(watch_report_runs())",
        **broker,
    )
    assert watcher.returncode == 0, watcher.stderr
    assert f"'resent': [{run.pk}]" in watcher.stdout

    def finished():
        run.refresh_from_db()
        return run.status in (RunStatus.DONE, RunStatus.FAILED)

    wait_for(finished, timeout=60, what="the worker to build the report")
    assert run.status == RunStatus.DONE, run.error
    assert ReportEvent.objects.filter(run=run, action="done").count() == 1
    assert len(files_of(run, media_root)) == 3


# --- PostgreSQL restarted while requests run ---------------------------------------------------

PG_BIN = Path("/usr/lib/postgresql/15/bin")


def as_postgres(*command, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["runuser", "-u", "postgres", "--", *map(str, command)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        **kwargs,
    )


@pytest.fixture
def private_cluster():
    """A PostgreSQL cluster of the test's own, on a free port, removed afterwards."""
    if not (PG_BIN / "initdb").exists():
        pytest.skip("PostgreSQL 15 server binaries are not installed")
    folder = Path(tempfile.mkdtemp(prefix="pg-faults-"))
    shutil.chown(folder, "postgres", "postgres")
    data, port = folder / "data", free_port()
    as_postgres(
        PG_BIN / "initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale"
    )
    options = f"-p {port} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off"

    def pg_ctl(*args):
        return as_postgres(PG_BIN / "pg_ctl", "-D", data, "-l", folder / "server.log", *args)

    pg_ctl("-o", options, "-w", "start")
    try:
        yield {"port": port, "pg_ctl": pg_ctl, "options": options, "folder": folder}
    finally:
        subprocess.run(
            [
                "runuser",
                "-u",
                "postgres",
                "--",
                str(PG_BIN / "pg_ctl"),
                "-D",
                str(data),
                "-m",
                "immediate",
                "stop",
            ],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(folder, ignore_errors=True)


def clean_error_page(status: int, body: str, secrets: list[str]) -> bool:
    return (
        status in (500, 503)
        and ("Hệ thống tạm thời gián đoạn" in body or "Lỗi hệ thống" in body)
        and "Traceback" not in body
        and "OperationalError" not in body
        and "psycopg" not in body
        and not any(secret in body for secret in secrets)
    )


def test_postgresql_restarted_while_requests_run_gives_clean_pages_then_recovers(
    officer_a, units, make_case, private_cluster, processes, tmp_path
):
    make_case(officer_a, units.district_a, full_name="Vàng Thị Bí Mật")
    browser_session = signed_in(officer_a, 0).cookies
    secrets = ["Vàng Thị Bí Mật", officer_a.username, officer_a.last_name]
    # The test database (the person, the officer and the session) copied into the cluster.
    port = private_cluster["port"]
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-c", "CREATE DATABASE app"],
        capture_output=True,
        check=True,
    )
    dump = subprocess.run(
        ["pg_dump", "-Fc", "--dbname", database_url()], capture_output=True, check=True
    ).stdout
    subprocess.run(
        ["pg_restore", "--no-owner", "--dbname", database_url("app", port=port)],
        input=dump,
        capture_output=True,
        check=True,
    )
    web_port = free_port()
    gunicorn = web_server(
        processes, web_port, tmp_path / "web.log", DATABASE_URL=database_url("app", port=port)
    )
    browser = HttpClient(web_port, browser_session)
    status, _headers, body = browser.get("/victims/")
    assert status == 200 and "Vàng Thị Bí Mật" in body

    # Requests keep coming while the server restarts.
    results, running = [], threading.Event()
    running.set()

    def keep_requesting():
        client = HttpClient(web_port, browser_session)
        while running.is_set():
            results.append(client.get("/victims/")[::2])
            time.sleep(0.05)

    thread = threading.Thread(target=keep_requesting)
    thread.start()
    try:
        time.sleep(0.5)
        private_cluster["pg_ctl"]("-m", "fast", "stop")
        # While it is down: a clean Vietnamese page, nothing of the person, no traceback.
        status, headers, body = browser.get("/victims/")
        assert clean_error_page(status, body, secrets), (status, body[:2000])
        assert status == 503 and headers.get("Retry-After") == "30"
        # A load balancer (no cookies) is told the database is down.
        status, _headers, body = HttpClient(web_port).get("/health/")
        assert status == 503 and '"database": {"ok": false}' in body, body
        private_cluster["pg_ctl"]("-o", private_cluster["options"], "-w", "start")
        time.sleep(0.5)
    finally:
        running.clear()
        thread.join(timeout=30)

    # The same server process, not restarted, answers again.
    status, _headers, body = wait_for(
        lambda: (lambda answer: answer if answer[0] == 200 else None)(browser.get("/victims/")),
        timeout=20,
        what="the application to serve pages again",
    )
    assert "Vàng Thị Bí Mật" in body
    assert gunicorn.poll() is None
    assert '"database": {"ok": true}' in HttpClient(web_port).get("/health/")[2]
    statuses = [status for status, _body in results]
    assert 200 in statuses and set(statuses) <= {200, 500, 503}, set(statuses)
    assert any(status != 200 for status in statuses), "no request met the outage"
    for status, body in results:
        if status != 200:
            assert clean_error_page(status, body, secrets), (status, body[:2000])
