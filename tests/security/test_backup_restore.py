"""`manage.py backup` / `manage.py restore`: a round trip on a database made for the test (a copy
of the test database with a person in it, on the same PostgreSQL server), with a media file."""

import json
import sqlite3
import stat
import subprocess
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from tests.security.ops_helpers import database_url, manage

# The test database must exist (it is the source of the schema); nothing here writes to it.
pytestmark = pytest.mark.django_db
SECRET_BYTES = b"%PDF-1.4 evidence of the return, page 1"
SEED = (
    "from victims.choices import Sex; from victims.models import Victim; "
    "print(Victim.objects.create(full_name='Lò Thị Sao Mai', sex=Sex.FEMALE, "
    "birth_year=2001).pk)"
)


def connect(dbname: str) -> psycopg.Connection:
    config = connection.settings_dict
    return psycopg.connect(
        host=config.get("HOST") or "127.0.0.1",
        port=config.get("PORT") or 5432,
        user=config.get("USER") or "postgres",
        password=config.get("PASSWORD") or None,
        dbname=dbname,
        autocommit=True,
    )


def admin_sql(*statements: str) -> None:
    with connect("postgres") as admin:
        for statement in statements:
            admin.execute(statement)


@pytest.fixture(scope="module")
def migrated_schema(django_db_setup, django_db_blocker) -> bytes:
    """The test database as migrations left it (schema and reference data), dumped once."""
    with django_db_blocker.unblock():
        return subprocess.run(
            ["pg_dump", "-Fc", "--dbname", database_url()], capture_output=True, check=True
        ).stdout


@pytest.fixture
def scratch(tmp_path, migrated_schema):
    """A database of its own on the test's server (never the test database other tests use)
    with a person in it, and a MEDIA_ROOT with an attachment; dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_backup"
    admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')
    subprocess.run(
        ["pg_restore", "--no-owner", "--dbname", database_url(name)],
        input=migrated_schema,
        capture_output=True,
        check=True,
    )
    media = tmp_path / "media"
    attachment = media / "verification" / "2024" / "giay-xac-nhan.pdf"
    attachment.parent.mkdir(parents=True)
    attachment.write_bytes(SECRET_BYTES)
    env = {"DATABASE_URL": database_url(name), "MEDIA_ROOT": str(media)}
    seeded = manage("shell", "--no-imports", "-c", SEED, **env)
    assert seeded.returncode == 0, seeded.stderr
    victim = int(seeded.stdout.strip().splitlines()[-1])
    try:
        yield {"env": env, "name": name, "victim": victim, "file": attachment}
    finally:
        admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def victim_name(scratch) -> str | None:
    with connect(scratch["name"]) as db:
        row = db.execute(
            "SELECT full_name FROM victims_victim WHERE id = %s", [scratch["victim"]]
        ).fetchone()
    return row[0] if row else None


def rename_victim(scratch, name: str) -> None:
    with connect(scratch["name"]) as db:
        db.execute(
            "UPDATE victims_victim SET full_name = %s WHERE id = %s", [name, scratch["victim"]]
        )


def make_backup(scratch, output) -> Path:
    result = manage("backup", "--output", str(output), **scratch["env"])
    assert result.returncode == 0, result.stderr
    return Path(result.stdout.strip().splitlines()[-1])


def test_a_backup_restored_over_changed_data_brings_back_the_data_and_the_file(scratch, tmp_path):
    assert victim_name(scratch) == "Lò Thị Sao Mai"
    folder = make_backup(scratch, tmp_path / "backups")

    rename_victim(scratch, "Đã bị sửa")
    scratch["file"].unlink()
    (scratch["file"].parent / "added-later.pdf").write_bytes(b"%PDF later")
    assert victim_name(scratch) == "Đã bị sửa"

    result = manage("restore", str(folder), "--yes", **scratch["env"])

    assert result.returncode == 0, result.stderr
    assert victim_name(scratch) == "Lò Thị Sao Mai"
    assert scratch["file"].read_bytes() == SECRET_BYTES
    assert not (scratch["file"].parent / "added-later.pdf").exists()


def test_a_backup_restores_a_lost_database_into_an_empty_one(scratch, tmp_path):
    folder = make_backup(scratch, tmp_path / "backups")
    name = scratch["name"]
    admin_sql(f'DROP DATABASE "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')
    scratch["file"].unlink()

    result = manage("restore", str(folder), "--yes", **scratch["env"])

    assert result.returncode == 0, result.stderr
    assert victim_name(scratch) == "Lò Thị Sao Mai"
    assert scratch["file"].read_bytes() == SECRET_BYTES


def test_the_backup_holds_a_dump_the_media_and_a_manifest_of_checksums(scratch, tmp_path):
    folder = make_backup(scratch, tmp_path / "backups")

    assert sorted(path.name for path in folder.iterdir()) == [
        "database.dump",
        "manifest.json",
        "media.tar.gz",
    ]
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["database"] == {"vendor": "postgresql", "file": "database.dump"}
    assert manifest["migrations"]["operations"] == "0001_worker_heartbeat"
    assert manifest["app_version"].startswith("0.1.0")
    assert set(manifest["files"]) == {"database.dump", "media.tar.gz"}
    assert all(len(digest) == 64 for digest in manifest["files"].values())
    assert manifest["created_at"]


def test_restore_refuses_without_yes_and_changes_nothing(scratch, tmp_path):
    folder = make_backup(scratch, tmp_path / "backups")
    scratch["file"].unlink()

    result = manage("restore", str(folder), **scratch["env"])

    assert result.returncode != 0
    assert "--yes" in result.stderr
    assert not scratch["file"].exists()


def test_restore_refuses_a_damaged_backup_and_changes_nothing(scratch, tmp_path):
    folder = make_backup(scratch, tmp_path / "backups")
    dump = folder / "database.dump"
    dump.chmod(0o600)
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0xFF
    dump.write_bytes(bytes(data))
    rename_victim(scratch, "Sau sao lưu")

    result = manage("restore", str(folder), "--yes", **scratch["env"])

    assert result.returncode != 0
    assert "checksum" in result.stderr
    assert victim_name(scratch) == "Sau sao lưu"


def test_on_sqlite_the_backup_api_makes_the_copy_and_restores_it(tmp_path):
    database = tmp_path / "demo.sqlite3"
    with sqlite3.connect(database) as db:
        db.execute("CREATE TABLE person (name TEXT)")
        db.execute("INSERT INTO person VALUES ('Hà Thị Nga')")
    env = {"DATABASE_URL": f"sqlite:///{database}", "MEDIA_ROOT": str(tmp_path / "media")}
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "a.png").write_bytes(b"\x89PNG image")

    backup = manage("backup", "--output", str(tmp_path / "backups"), **env)
    assert backup.returncode == 0, backup.stderr
    folder = backup.stdout.strip().splitlines()[-1]
    with sqlite3.connect(database) as db:
        db.execute("DELETE FROM person")
    (tmp_path / "media" / "a.png").unlink()

    restore = manage("restore", folder, "--yes", **env)

    assert restore.returncode == 0, restore.stderr
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT name FROM person").fetchall() == [("Hà Thị Nga",)]
    assert (tmp_path / "media" / "a.png").read_bytes() == b"\x89PNG image"
