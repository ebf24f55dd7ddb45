"""The test databases: the demo's, seeded once per session, and the check that a session leaves no
connection behind.

Most tests build a small world of their own on the empty test database. Some need the whole demo
(`manage.py seed_demo`: every URL walked, the admin scoped, every form attacked, the demo's own
checks), and seeding it takes seconds. So it is seeded once per session — per pytest-xdist worker —
into a copy of the freshly migrated test database, `<test database>_demo`. A test that asks for it
runs on that copy, in a transaction rolled back at its end like any other test, so every such
test sees the demo as seeded.

The default connection is pointed at one database or the other before a test's fixtures are set
up (conftest's `pytest_runtest_setup`), so the transaction pytest-django opens for the test, the
test's own queries and the threads it starts all use the same database. A test that flushes the
database (`transaction=True`, `live_server`) may not use the demo: it would empty it for the tests
after it.
"""

import gc
import io
import time
from contextlib import contextmanager

from django.core.management import call_command
from django.db import connection, connections
from django.test import override_settings

FIXTURE = "demo_database"


class _State:
    main: str | None = None  # the suite's test database
    demo: str | None = None  # its copy with the demo, once made


def wanted_by(item) -> bool:
    """Whether a collected test uses the demo (directly or through one of its fixtures)."""
    return FIXTURE in getattr(item, "fixturenames", ())


def flushes_the_database(item) -> bool:
    """Whether pytest-django runs the test as a TransactionTestCase (emptied at its end):
    `django_db(transaction=True)` or `reset_sequences=True`, `transactional_db`, `live_server`."""
    marker = item.get_closest_marker("django_db")
    if marker is not None:
        flags = dict(zip(("transaction", "reset_sequences"), marker.args, strict=False))
        flags.update(marker.kwargs)
        if flags.get("transaction") or flags.get("reset_sequences"):
            return True
    fixtures = getattr(item, "fixturenames", ())
    return any(
        name in fixtures
        for name in ("transactional_db", "django_db_reset_sequences", "live_server")
    )


@contextmanager
def _server():
    """A session on the server's maintenance database (a database cannot be created, copied or
    dropped from a session on it)."""
    import psycopg

    params = {**connection.get_connection_params(), "dbname": "postgres"}
    for internal in ("cursor_factory", "context"):
        params.pop(internal, None)
    with psycopg.connect(**params, autocommit=True) as server:
        yield server


def _quoted(name: str) -> str:
    return connection.ops.quote_name(name)


def use(name: str) -> None:
    """Point the default connection (of this thread, and of the threads started later) at the
    database `name`."""
    if connection.settings_dict["NAME"] == name:
        return
    if connection.in_atomic_block:
        raise RuntimeError(
            f"cannot switch the test database to {name!r}: a transaction is still open on "
            f"{connection.settings_dict['NAME']!r} (a module- or class-scoped fixture?)"
        )
    connections["default"].close()
    connection.settings_dict["NAME"] = name


def create(media_root) -> str:
    """Copy the migrated test database and seed the demo into the copy. Nothing else may be
    connected to the test database: PostgreSQL copies only a database nobody uses."""
    if connection.vendor != "postgresql":
        raise RuntimeError("the demo database is a PostgreSQL copy of the test database")
    _State.main = connection.settings_dict["NAME"]
    demo = f"{_State.main}_demo"
    connections.close_all()
    with _server() as server:
        server.execute(f"DROP DATABASE IF EXISTS {_quoted(demo)} WITH (FORCE)")
        server.execute(f"CREATE DATABASE {_quoted(demo)} TEMPLATE {_quoted(_State.main)}")
    _State.demo = demo
    use(demo)
    try:
        with override_settings(MEDIA_ROOT=media_root):
            call_command("seed_demo", stdout=io.StringIO())
    finally:
        use(_State.main)
    return demo


def point_at_demo(wanted: bool) -> None:
    """Before a test: the demo's database if it wants the demo, the suite's own otherwise."""
    if _State.demo is not None:
        use(_State.demo if wanted else _State.main)


def drop() -> None:
    """At the end of the session: back to the suite's database, the copy dropped."""
    if _State.demo is None:
        return
    use(_State.main)
    with _server() as server:
        server.execute(f"DROP DATABASE IF EXISTS {_quoted(_State.demo)}")
    _State.demo = None


def sessions_left(*, grace_seconds: float = 5.0) -> list[tuple]:
    """The sessions still connected to the test databases once this process has closed its own:
    connections a test, a thread or a process it started forgot to close. (A finished thread's
    connection goes when its objects are collected, hence a short grace.)"""
    connections.close_all()
    names = [name for name in (connection.settings_dict["NAME"], _State.demo) if name]
    deadline = time.monotonic() + grace_seconds
    with _server() as server:
        while True:
            gc.collect()  # an abandoned connection object closes its connection when collected
            rows = server.execute(
                "SELECT datname, application_name, backend_type, state, left(query, 200) "
                "FROM pg_stat_activity WHERE datname = ANY(%s) AND pid <> pg_backend_pid()",
                [names],
            ).fetchall()
            if not rows or time.monotonic() > deadline:
                return rows
            time.sleep(0.2)


def sessions_end(rows) -> None:
    """End the sessions `sessions_left` listed (so the databases can be dropped)."""
    with _server() as server:
        server.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = ANY(%s) AND pid <> pg_backend_pid()",
            [sorted({row[0] for row in rows})],
        )
