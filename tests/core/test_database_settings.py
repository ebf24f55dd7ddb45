"""The app's PostgreSQL connections run without the planner's JIT (issue 17: compiling the
aggregates' plans cost hundreds of milliseconds a page)."""

import pytest
from django.db import connection

from trafficking_cases.env_checks import database_from_url


def test_a_postgresql_url_turns_jit_off():
    config = database_from_url("postgres://app@db.example:5432/cases")

    assert config["OPTIONS"]["options"] == "-c jit=off"


def test_options_given_in_the_url_are_kept():
    config = database_from_url("postgres://app@db/cases?options=-c%20statement_timeout%3D5000")

    assert config["OPTIONS"]["options"] == "-c statement_timeout=5000 -c jit=off"


def test_sqlite_has_no_such_option():
    config = database_from_url("sqlite:///var/db.sqlite3")

    assert "options" not in config.get("OPTIONS", {})


@pytest.mark.django_db
def test_the_apps_connection_runs_without_jit():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
