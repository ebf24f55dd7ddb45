"""/health/: the database, the broker and a worker heartbeat; 200 when all answer, 503 when one
does not; no login, nothing personal, never cached."""

import datetime
import socket
import time

import pytest
from django.utils import timezone
from django_celery_beat.schedulers import DatabaseScheduler

from operations.models import WorkerHeartbeat
from operations.tasks import record_worker_heartbeat
from trafficking_cases.celery import app

pytestmark = pytest.mark.django_db


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def fresh_heartbeat():
    return WorkerHeartbeat.objects.create(worker="celery@test", last_seen=timezone.now())


def test_all_checks_ok_answers_200_without_login(client, fresh_heartbeat):
    response = client.get("/health/")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == {"ok": True}
    assert body["checks"]["broker"] == {"ok": True}
    assert body["checks"]["worker"]["ok"] is True
    assert body["checks"]["worker"]["last_seen"] == fresh_heartbeat.last_seen.isoformat()


def test_the_answer_is_never_cached(client, fresh_heartbeat):
    response = client.get("/health/")

    assert "no-store" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]


def test_the_answer_holds_only_the_states_of_the_checks(client, fresh_heartbeat):
    body = client.get("/health/").json()

    assert set(body) == {"status", "checks"}
    assert set(body["checks"]) == {"database", "broker", "worker"}
    assert set(body["checks"]["worker"]) == {"ok", "last_seen"}
    assert "celery@test" not in str(body)  # no host names


def test_no_heartbeat_yet_is_503_with_the_worker_down(client):
    response = client.get("/health/")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["worker"] == {"ok": False, "last_seen": None}
    assert body["checks"]["database"]["ok"] and body["checks"]["broker"]["ok"]


def test_a_heartbeat_older_than_the_limit_is_503(client, settings):
    settings.WORKER_HEARTBEAT_MAX_AGE = 180
    old = timezone.now() - datetime.timedelta(seconds=181)
    WorkerHeartbeat.objects.create(worker="celery@gone", last_seen=old)

    response = client.get("/health/")

    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == {"ok": False, "last_seen": old.isoformat()}


def test_the_newest_heartbeat_of_several_workers_counts(client):
    now = timezone.now()
    WorkerHeartbeat.objects.create(worker="celery@a", last_seen=now - datetime.timedelta(hours=2))
    WorkerHeartbeat.objects.create(worker="celery@b", last_seen=now)

    assert client.get("/health/").status_code == 200


def test_an_unreachable_broker_is_503_within_the_timeout(client, settings, fresh_heartbeat):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{free_port()}/0"
    settings.HEALTH_CHECK_TIMEOUT = 1.0
    started = time.monotonic()

    response = client.get("/health/")

    assert time.monotonic() - started < 5
    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == {"ok": False}
    assert response.json()["checks"]["database"] == {"ok": True}


def test_the_demo_filesystem_broker_is_up_when_its_folder_is_writable(
    client, settings, tmp_path, fresh_heartbeat
):
    settings.CELERY_BROKER_URL = "filesystem://"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(tmp_path),
        "data_folder_out": str(tmp_path),
    }

    assert client.get("/health/").json()["checks"]["broker"] == {"ok": True}

    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(tmp_path / "missing"),
        "data_folder_out": str(tmp_path / "missing"),
    }
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == {"ok": False}


def test_head_is_answered_and_post_is_refused(client, fresh_heartbeat):
    assert client.head("/health/").status_code == 200
    assert client.post("/health/").status_code == 405


def test_behind_https_the_health_check_is_not_redirected(client, settings, fresh_heartbeat):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/health/").status_code == 200
    assert client.get("/accounts/login/").status_code == 301


@pytest.mark.django_db(transaction=True)  # the scheduler closes the connection it used
def test_beat_sends_the_heartbeat_every_minute_and_drops_an_unrun_one():
    """Through django-celery-beat's scheduler, as beat runs it: the schedule is written to the
    database and each heartbeat message expires before the next one is sent."""
    scheduler = DatabaseScheduler(app=app, lazy=True)
    scheduler.setup_schedule()

    entry = scheduler.schedule["worker-heartbeat"]

    assert entry.task == record_worker_heartbeat.name
    assert entry.schedule.run_every == datetime.timedelta(seconds=60)
    assert entry.options["expires"] == 55


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_running_the_heartbeat_makes_the_worker_check_pass(client, celery_worker):
    assert client.get("/health/").json()["checks"]["worker"]["ok"] is False

    record_worker_heartbeat.delay()
    deadline = time.monotonic() + 30
    while not WorkerHeartbeat.objects.exists() and time.monotonic() < deadline:
        time.sleep(0.2)

    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["checks"]["worker"]["ok"] is True
    assert WorkerHeartbeat.objects.count() == 1
