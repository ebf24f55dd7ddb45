"""Scale-out (issue 17): with a replica configured, the report's indicators and the dashboard's
figures are read from it, and nothing else is.

A real second PostgreSQL database stands in for the replica: a copy of the test database made
with CREATE DATABASE … TEMPLATE, after which the primary receives one more case. What the copy
lacks shows where a read went. (A true streaming replica needs a second server; the router only
sees a database alias, so a second database proves the same.)
"""

import datetime
import json
import subprocess
import sys

import psycopg
import pytest
from django.conf import settings
from django.db import connections

from core.replica import REPLICA, ReplicaRouter, reads_from_replica, replica_configured
from reports import generation, services, tasks
from reports.dashboard import case_counts
from reports.periods import period_for
from tests.conftest import stored_content
from victims.models import Case

pytestmark = pytest.mark.django_db(transaction=True)
D = datetime.date


def _server_dsn(database: str) -> str:
    default = connections["default"].settings_dict
    return psycopg.conninfo.make_conninfo(
        dbname=database,
        host=default["HOST"] or "",
        port=str(default["PORT"] or ""),
        user=default["USER"] or "",
        password=default["PASSWORD"] or "",
    )


@pytest.fixture
def replica_copy(transactional_db):
    """Registers a "replica" alias on a copy of the test database as it is now; removed (and
    dropped) afterwards."""
    source = connections["default"].settings_dict["NAME"]
    name = f"{source}_replica"
    connections.close_all()  # a template database must have no other session
    with psycopg.connect(_server_dsn("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        # Sessions of earlier tests' threads (live servers, workers) of this test database.
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            [source],
        )
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
    connections.settings[REPLICA] = {**connections.settings["default"], "NAME": name}
    # Connected here: the test case forbids opening a connection to an alias it did not declare,
    # and it cannot declare one that did not exist when it started.
    connections[REPLICA].connect()
    try:
        yield name
    finally:
        connections[REPLICA].close()
        del connections[REPLICA]
        del connections.settings[REPLICA]
        with psycopg.connect(_server_dsn("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def one_case_only_on_the_primary(replica_copy, officer_a, units, make_case):
    make_case(officer_a, units.district_a, received=D(2024, 9, 1), full_name="Chỉ ở máy chính")


@pytest.fixture
def one_case_before_the_copy(officer_a, units, make_case):
    make_case(officer_a, units.district_a, received=D(2024, 3, 1), full_name="Ở cả hai")


def test_without_a_replica_every_read_stays_on_the_primary(one_case_before_the_copy):
    assert not replica_configured()
    with reads_from_replica():
        assert ReplicaRouter().db_for_read(Case) is None
        assert Case.objects.count() == 1


def test_reads_inside_the_block_go_to_the_replica_and_writes_never(
    one_case_before_the_copy, one_case_only_on_the_primary, officer_a, units
):
    assert Case.objects.count() == 2
    with reads_from_replica():
        assert Case.objects.count() == 1
        # A write in the block lands on the primary only.
        Case.objects.filter(victim__full_name="Ở cả hai").update(recruitment_place="sửa")
    assert Case.objects.filter(recruitment_place="sửa").count() == 1
    assert Case.objects.using(REPLICA).filter(recruitment_place="sửa").count() == 0
    # Outside the block, reads are the primary's again.
    assert Case.objects.count() == 2


def test_the_dashboard_figures_come_from_the_replica_and_the_registry_does_not(
    one_case_before_the_copy, one_case_only_on_the_primary, provincial_client, provincial_staff
):
    page = provincial_client.get("/")

    assert page.status_code == 200
    assert page.context["case_count"] == 1  # the replica's one case
    assert case_counts(provincial_staff)["total"] == 2  # the primary's two
    registry = provincial_client.get("/victims/")
    assert registry.status_code == 200
    assert "Chỉ ở máy chính" in registry.content.decode()


def test_a_report_run_reads_its_figures_from_the_replica_and_is_saved_on_the_primary(
    one_case_before_the_copy,
    one_case_only_on_the_primary,
    provincial_staff,
    units,
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path
    run = services.report_request(
        actor=provincial_staff, period=period_for("annual", 2024), unit=units.province
    )

    run = generation.build(tasks._claim(run.pk, "task-replica"))

    data = json.loads(stored_content(run.indicators_file))
    assert data["indicators"]["received_total"]["value"] == 1
    run.refresh_from_db()
    assert run.status == "done"
    assert not type(run).objects.using(REPLICA).filter(pk=run.pk).exists()


def test_database_replica_url_adds_a_replica_alias_that_tests_mirror():
    script = (
        "import django, json; django.setup(); from django.conf import settings as s;"
        "print(json.dumps({k: (v['NAME'], v.get('TEST', {}).get('MIRROR'))"
        " for k, v in s.DATABASES.items()}))"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "trafficking_cases.settings",
        "DATABASE_URL": "postgres://u@127.0.0.1:5432/primary_db",
        "DATABASE_REPLICA_URL": "postgres://ro@10.0.0.2:5432/primary_db_copy",
    }
    out = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
    ).stdout
    databases = json.loads(out.strip().splitlines()[-1])
    assert databases["replica"] == ["primary_db_copy", "default"]
    assert databases["default"][0] == "primary_db"
