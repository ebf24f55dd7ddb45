"""Pages under gunicorn with concurrent connections (issue 17): the app served by gunicorn
(4 sync workers) on a free local port, a real login (password, then the TOTP code computed
from the benchmark user's key), then a load generator of N threads, each sending requests one
after another on its own connections (the standard library's http.client), for a fixed time.
Reports requests per second and the median and 95th percentile latency per page.

No Django here: the server is a separate process and this module speaks HTTP only.
"""

import hashlib
import hmac
import http.client
import http.cookiejar
import os
import re
import socket
import statistics
import struct
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def totp(key_hex: str, *, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    """RFC 6238 (HMAC-SHA1), as django-otp's TOTPDevice checks it (t0 = 0, no drift)."""
    counter = int((time.time() if at is None else at) // step)
    digest = hmac.new(bytes.fromhex(key_hex), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(code % 10**digits).zfill(digits)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn serving the app on DATABASE_URL (a context manager)."""

    def __init__(self, database_url: str, *, workers: int = 4):
        self.port = free_port()
        self.database_url = database_url
        self.workers = workers

    def __enter__(self):
        env = {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "DEBUG": "false",
            "LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "trafficking_cases.settings",
        }
        self.log = open(ROOT / "var" / "bench-gunicorn.log", "ab")
        self.process = subprocess.Popen(  # noqa: S603
            [
                str(ROOT / ".venv/bin/gunicorn"),
                "trafficking_cases.wsgi",
                "--workers",
                str(self.workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "120",
                "--backlog",
                "256",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=self.log,
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            try:  # any HTTP answer will do (/health/ says 503 without a Celery worker)
                with urllib.request.urlopen(f"{self.base}/accounts/login/", timeout=5):  # noqa: S310
                    break
            except urllib.error.HTTPError:
                break
            except OSError:
                time.sleep(0.5)
        else:
            self.__exit__(None, None, None)
            raise RuntimeError("gunicorn did not answer within 60 s (var/bench-gunicorn.log)")
        for _ in range(self.workers * 2):  # every worker imports and connects once
            urllib.request.urlopen(f"{self.base}/accounts/login/", timeout=30).close()  # noqa: S310
        return self

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def worker_rss_mb(self) -> list[float]:
        """Resident memory of each worker (Linux /proc), after the load."""
        pid = self.process.pid
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
            sizes = []
            for child in children:
                status = Path(f"/proc/{child}/status").read_text()
                sizes.append(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024)
            return sizes
        except (OSError, AttributeError):
            return []

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def _csrf(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not match:
        raise RuntimeError("no CSRF token on the page")
    return match.group(1)


def login(base: str, username: str, password: str, totp_key: str) -> dict[str, str]:
    """The cookies of a session logged in as a user would: the login form, then the code."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/accounts/login/?next=/").read().decode()
    data = {"username": username, "password": password, "csrfmiddlewaretoken": _csrf(page)}
    response = opener.open(
        f"{base}/accounts/login/?next=/", urllib.parse.urlencode({**data, "next": "/"}).encode()
    )
    page, url = response.read().decode(), response.geturl()
    if "/two-factor/" not in url:
        raise RuntimeError(f"after the password, expected the code page, got {url}")
    # A code is accepted once per time step: if this step's code was used (an earlier login
    # within 30 s), wait for the next step and type its code.
    for attempt in range(2):
        response = opener.open(
            url,
            urllib.parse.urlencode(
                {"token": totp(totp_key), "csrfmiddlewaretoken": _csrf(page)}
            ).encode(),
        )
        if urllib.parse.urlparse(response.geturl()).path == "/":
            break
        if attempt:
            raise RuntimeError(f"the code was refused ({response.geturl()})")
        page = response.read().decode()
        time.sleep(30 - time.time() % 30 + 1)
    return {cookie.name: cookie.value for cookie in jar}


def hammer(base: str, path: str, cookies: dict, *, connections: int, seconds: float) -> dict:
    """`connections` threads requesting `path` back to back for `seconds`."""
    host, port = urllib.parse.urlparse(base).hostname, urllib.parse.urlparse(base).port
    header = "; ".join(f"{k}={v}" for k, v in cookies.items())
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def worker():
        mine, codes = [], {}
        while time.perf_counter() < stop_at:
            started = time.perf_counter()
            conn = http.client.HTTPConnection(host, port, timeout=120)
            try:
                conn.request("GET", path, headers={"Cookie": header, "Connection": "close"})
                response = conn.getresponse()
                response.read()
                codes[response.status] = codes.get(response.status, 0) + 1
            except OSError:
                codes[0] = codes.get(0, 0) + 1
            finally:
                conn.close()
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)
            for code, count in codes.items():
                statuses[code] = statuses.get(code, 0) + count

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "path": path,
        "requests": len(latencies),
        "seconds": elapsed,
        "rps": len(latencies) / elapsed,
        "p50_ms": statistics.median(latencies) * 1000 if latencies else None,
        "p95_ms": latencies[int(len(latencies) * 0.95) - 1] * 1000 if latencies else None,
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "latencies_ms": [latency * 1000 for latency in latencies],
    }


def measure(
    database_url: str,
    pages: dict[str, str],
    *,
    username: str,
    password: str,
    totp_key: str,
    connections: int = 16,
    seconds: float = 15.0,
    workers: int = 4,
    rounds: int = 3,
) -> dict:
    """Each of `pages` (name: path) under load, on one gunicorn, one logged-in session. The pages
    take turns in `rounds` short rounds (trivial, case, list, trivial, …), so that a change in
    what else the machine runs weighs on every page alike; the rounds' figures are summed."""
    with Server(database_url, workers=workers) as server:
        cookies = login(server.base, username, password, totp_key)
        for path in pages.values():
            hammer(server.base, path, cookies, connections=4, seconds=2)  # warm every worker
        runs: dict[str, list[dict]] = {name: [] for name in pages}
        for _ in range(rounds):
            for name, path in pages.items():
                runs[name].append(
                    hammer(
                        server.base,
                        path,
                        cookies,
                        connections=connections,
                        seconds=seconds / rounds,
                    )
                )
        return {
            "workers": workers,
            "connections": connections,
            "rounds": rounds,
            "worker_rss_mb": server.worker_rss_mb(),
            "pages": {name: _combined(parts) for name, parts in runs.items()},
        }


def _combined(parts: list[dict]) -> dict:
    latencies = sorted(ms for part in parts for ms in part["latencies_ms"])
    statuses: dict[str, int] = {}
    for part in parts:
        for code, count in part["statuses"].items():
            statuses[code] = statuses.get(code, 0) + count
    seconds = sum(part["seconds"] for part in parts)
    return {
        "path": parts[0]["path"],
        "requests": len(latencies),
        "seconds": seconds,
        "rps": len(latencies) / seconds,
        "p50_ms": statistics.median(latencies) if latencies else None,
        "p95_ms": latencies[max(0, int(len(latencies) * 0.95) - 1)] if latencies else None,
        "statuses": statuses,
    }


if __name__ == "__main__":
    sys.exit("Run through bench/run.py (make bench).")
