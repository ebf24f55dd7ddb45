"""Helpers of the operations and fault tests: real processes (manage.py, Celery workers, the web
server, redis-server, a private PostgreSQL cluster) started with the test's own settings."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

BASE_DIR = Path(settings.BASE_DIR)
VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(name: str | None = None, *, host=None, port=None) -> str:
    """A DATABASE_URL for the test's PostgreSQL server (by default the test database)."""
    config = connection.settings_dict
    user = quote(config.get("USER") or "postgres")
    password = f":{quote(config['PASSWORD'])}" if config.get("PASSWORD") else ""
    host = host or config.get("HOST") or "127.0.0.1"
    port = port or config.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{name or config['NAME']}"


def environment(**overrides) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="trafficking_cases.settings",
        VAR_DIR=str(settings.VAR_DIR),
        DATABASE_URL=database_url(),
        LOG_LEVEL="INFO",
    )
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update({key: str(value) for key, value in overrides.items()})
    return env


def manage(*args, timeout=120, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=environment(**env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def start(command: list[str], log: Path, **env) -> subprocess.Popen:
    """A long-running process in its own process group, its output in `log`."""
    with log.open("ab") as output:
        return subprocess.Popen(
            command,
            cwd=BASE_DIR,
            env=environment(**env),
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def stop(process: subprocess.Popen, signal_number=15, timeout=20) -> None:
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal_number)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
            process.wait(timeout=timeout)


def wait_for(predicate, *, timeout: float, interval: float = 0.2, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


class HttpClient:
    """A small HTTP client for a server in a subprocess: keeps cookies, never follows
    redirects, returns (status, headers, body)."""

    def __init__(self, port: int, cookies: dict | None = None):
        self.port = port
        self.cookies = dict(cookies or {})

    def request(self, method: str, path: str, form: dict | None = None, timeout: float = 30):
        import http.client
        from http.cookies import SimpleCookie
        from urllib.parse import urlencode

        headers = {"Cookie": "; ".join(f"{key}={value}" for key, value in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            content = response.read().decode("utf-8", errors="replace")
            for header in response.headers.get_all("Set-Cookie") or []:
                for key, morsel in SimpleCookie(header).items():
                    self.cookies[key] = morsel.value
            return response.status, dict(response.headers.items()), content
        finally:
            conn.close()

    def get(self, path: str, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path: str, form: dict, **kwargs):
        return self.request("POST", path, form=form, **kwargs)
