"""Reference data every database starts with — ethnic groups, forms of exploitation, deadlines
and holidays, support types and application deadlines, target groups — is written once, by data
migrations: a fresh `migrate` (SQLite as PostgreSQL) and the test database have all of it, and a
transactional test that empties the database gets it back. The role groups are synced after
every migrate, once Django has created the permissions."""

import sqlite3

import pytest
from django.contrib.auth.models import Group

from prevention.models import TargetGroup
from prevention.reference_data import TARGET_GROUPS
from support_services.applications.reference_data import DEADLINES as APPLICATION_DEADLINES
from support_services.models import ApplicationDeadline, SupportType
from support_services.supports.reference_data import support_types
from tests.security.ops_helpers import manage
from verification.models import CalendarDay, DeadlineRule
from verification.reference_data import CALENDAR, DEADLINES
from victims.models import EthnicGroup, ExploitationForm
from victims.reference_data import ETHNIC_GROUPS, EXPLOITATION_FORMS


def expected_rows() -> dict:
    """Rows per model: every entry of each list (and the four role groups)."""
    return {
        EthnicGroup: len(ETHNIC_GROUPS),
        ExploitationForm: len(EXPLOITATION_FORMS),
        DeadlineRule: len(DEADLINES),
        CalendarDay: len({row[0] for row in CALENDAR}),
        SupportType: len(list(support_types())),
        ApplicationDeadline: len(APPLICATION_DEADLINES),
        TargetGroup: len(TARGET_GROUPS),
        Group: 4,
    }


def rows_in_database() -> dict:
    return {model: model.objects.count() for model in expected_rows()}


def test_every_list_has_rows_to_write():
    assert all(count > 0 for count in expected_rows().values())


@pytest.mark.django_db
def test_the_test_database_has_every_reference_list():
    assert rows_in_database() == expected_rows()
    assert all(group.permissions.exists() for group in Group.objects.all())


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_may_empty_the_reference_lists():
    ApplicationDeadline.objects.all().delete()
    TargetGroup.objects.all().delete()

    assert ApplicationDeadline.objects.count() == TargetGroup.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_the_next_transactional_test_finds_them_again():
    assert rows_in_database() == expected_rows()
    assert all(group.permissions.exists() for group in Group.objects.all())


def test_a_fresh_sqlite_database_gets_every_reference_list_from_migrate(tmp_path):
    database = tmp_path / "fresh.sqlite3"

    migrated = manage("migrate", "--noinput", timeout=600, DATABASE_URL=f"sqlite:///{database}")

    assert migrated.returncode == 0, migrated.stderr
    with sqlite3.connect(database) as db:
        rows = {
            model: db.execute(f"SELECT COUNT(*) FROM {model._meta.db_table}").fetchone()[0]  # noqa: S608
            for model in expected_rows()
        }
        groups_without_permissions = db.execute(
            "SELECT COUNT(*) FROM auth_group WHERE id NOT IN "
            "(SELECT group_id FROM auth_group_permissions)"
        ).fetchone()[0]
    assert rows == expected_rows()
    assert groups_without_permissions == 0
