"""Reads that may be served by a PostgreSQL replica (issue 17, "Scale-out").

The report's indicators and the dashboard's figures are long aggregate reads of committed data:
when `DATABASE_REPLICA_URL` names a replica (a "replica" database alias), they run there inside
`reads_from_replica()`, and the primary keeps the registry's short reads and every write. Outside
that block, or without a replica, everything reads from "default" as before.

A replica lags its primary by a moment: a figure read there may miss a record saved in the last
seconds, which is acceptable for a dashboard and for a report generated in the background (the
period lock and the approval snapshot are written on the primary).
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connections

REPLICA = "replica"

_reading_from_replica: ContextVar[bool] = ContextVar("reading_from_replica", default=False)


def replica_configured() -> bool:
    return REPLICA in connections.settings


@contextmanager
def reads_from_replica():
    """Route the reads of this block (this thread or task) to the replica, when there is one."""
    token = _reading_from_replica.set(True)
    try:
        yield
    finally:
        _reading_from_replica.reset(token)


def reading_database() -> str:
    """The alias reads go to now: what a cache of figures read here must be keyed by (a
    replica may lag behind the primary)."""
    return REPLICA if _reading_from_replica.get() and replica_configured() else "default"


class ReplicaRouter:
    """Reads inside `reads_from_replica()` go to the replica; writes, migrations and every other
    read go to "default". Both aliases hold the same data, so relations between them are allowed."""

    def db_for_read(self, model, **hints):
        if _reading_from_replica.get() and replica_configured():
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica receives its schema from the primary (streaming replication).
        return db != REPLICA
