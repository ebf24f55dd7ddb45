"""Structured logs: a request id on every response and every log line of the request, with the
user id; Celery task lines carry the task id; LOG_FORMAT=json writes JSON lines."""

import datetime
import io
import json
import logging
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from operations.logs import ContextFilter, JsonFormatter, PlainFormatter
from trafficking_cases.celery import app

pytestmark = pytest.mark.django_db
HEX_ID = re.compile(r"[0-9a-f]{32}")


@pytest.fixture
def captured():
    """A handler configured as in settings.LOGGING, on the root logger, writing JSON lines."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(ContextFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)


def test_each_response_carries_a_new_request_id(client):
    first = client.get("/accounts/login/")["X-Request-ID"]
    second = client.get("/accounts/login/")["X-Request-ID"]

    assert HEX_ID.fullmatch(first) and HEX_ID.fullmatch(second)
    assert first != second


def test_a_safe_incoming_request_id_is_kept(client):
    response = client.get("/accounts/login/", headers={"X-Request-ID": "lb-7f3a9c21.0004"})

    assert response["X-Request-ID"] == "lb-7f3a9c21.0004"


@pytest.mark.parametrize(
    "unsafe",
    [
        "a" * 65,
        "short",
        "has space 12345",
        "<script>alert(1)</script>",
        "id\r\nSet-Cookie:x=1",
        "../../etc/passwd",
        "Nguyễn-Văn-A-1990",
    ],
)
def test_an_unsafe_incoming_request_id_is_replaced(client, unsafe):
    response = client.get("/accounts/login/", headers={"X-Request-ID": unsafe})

    assert HEX_ID.fullmatch(response["X-Request-ID"])


def test_log_lines_of_a_request_carry_its_id_and_the_user_id(client_a, officer_a, captured):
    response = client_a.get("/no-such-page/")

    assert response.status_code == 404
    lines = [line for line in captured() if line["logger"] == "django.request"]
    assert lines, "Django logs a 404 on django.request"
    line = lines[-1]
    assert line["level"] == "WARNING"
    assert line["message"] == "Not Found: /no-such-page/"
    assert line["request_id"] == response["X-Request-ID"]
    assert line["user_id"] == officer_a.pk
    assert line["time"].endswith("+00:00")


def test_an_anonymous_request_logs_no_user_id(client, captured):
    response = client.get("/no-such-page/")

    line = [line for line in captured() if line["logger"] == "django.request"][-1]
    assert line["request_id"] == response["X-Request-ID"]
    assert line["user_id"] is None


def test_the_next_request_does_not_inherit_the_previous_user(client_a, client, captured):
    client_a.get("/no-such-page/")
    second = client.get("/no-such-page/")

    line = [line for line in captured() if line["logger"] == "django.request"][-1]
    assert line["request_id"] == second["X-Request-ID"]
    assert line["user_id"] is None


def test_outside_a_request_a_line_has_no_request_id(client, captured):
    client.get("/no-such-page/")
    logging.getLogger("tests.security.ops").warning("after the request")

    line = [line for line in captured() if line["logger"] == "tests.security.ops"][-1]
    assert line["request_id"] is None and line["user_id"] is None


def test_an_exception_is_written_into_its_json_line():
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", None, None)
    try:
        raise ValueError("broken")
    except ValueError:
        record.exc_info = sys.exc_info()
    ContextFilter().filter(record)

    line = json.loads(JsonFormatter().format(record))

    assert line["message"] == "failed"
    assert "ValueError: broken" in line["exception"]
    assert line["request_id"] is None and line["task_id"] is None


def test_plain_lines_show_only_the_known_context():
    record = logging.LogRecord("reports", logging.INFO, __file__, 1, "run %s done", (7,), None)
    record.request_id, record.user_id, record.task_id = "abc12345", 3, None

    text = PlainFormatter().format(record)

    assert text.endswith(" INFO reports [request=abc12345 user=3] run 7 done")


@app.task(name="tests.security.log_from_a_task")
def log_from_a_task() -> str:
    logging.getLogger("tests.security.ops").warning("report step finished")
    return "logged"


@pytest.mark.django_db(transaction=True)
def test_log_lines_written_by_a_task_carry_its_task_id(celery_worker, captured):
    # The test worker sets the root level to ERROR; this logger keeps its own.
    logging.getLogger("tests.security.ops").setLevel(logging.INFO)
    result = log_from_a_task.delay()

    assert result.get(timeout=30) == "logged"
    lines = [line for line in captured() if line["logger"] == "tests.security.ops"]
    assert [line["task_id"] for line in lines] == [result.id]
    assert lines[0]["request_id"] is None


def run_django(code: str, **env) -> subprocess.CompletedProcess:
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "trafficking_cases.settings",
        "VAR_DIR": str(Path(settings.VAR_DIR)),
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_log_format_json_writes_one_json_object_per_line():
    result = run_django(
        "import logging; logging.getLogger('reports').info('run %s done', 7)", LOG_FORMAT="json"
    )

    assert result.returncode == 0, result.stderr
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert line["message"] == "run 7 done"
    assert line["level"] == "INFO" and line["logger"] == "reports"
    assert {"time", "request_id", "user_id", "task_id"} <= set(line)
    assert abs(time.time() - datetime.datetime.fromisoformat(line["time"]).timestamp()) < 60


def test_log_format_plain_is_the_default():
    result = run_django("import logging; logging.getLogger('reports').info('run 7 done')")

    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().endswith("INFO reports run 7 done")


def test_an_unknown_log_format_stops_start_up_naming_the_variable():
    result = run_django("pass", LOG_FORMAT="xml")

    assert result.returncode != 0
    assert "LOG_FORMAT" in result.stderr
