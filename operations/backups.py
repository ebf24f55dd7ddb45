"""Backup and restore of the configured database and of MEDIA_ROOT (attachments are data).

A backup is a folder `backup-YYYYmmdd-HHMMSS/` holding:
  database.dump      PostgreSQL: `pg_dump -Fc`;  database.sqlite3  SQLite: sqlite3's backup API
  media.tar.gz       MEDIA_ROOT as it was
  manifest.json      time, application version, applied migrations, SHA-256 of each file

A restore checks every checksum before touching anything, then replaces the database
(`pg_restore --clean --if-exists --no-owner`, or the SQLite backup API) and the content of
MEDIA_ROOT."""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar.gz"
POSTGRES_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
FORMAT_VERSION = 1


class BackupError(Exception):
    pass


@dataclass
class Database:
    vendor: str
    settings: dict

    @classmethod
    def default(cls) -> "Database":
        config = settings.DATABASES["default"]
        engine = config["ENGINE"]
        if "postgresql" in engine:
            return cls("postgresql", config)
        if "sqlite3" in engine:
            return cls("sqlite", config)
        raise BackupError(f"Unsupported database engine: {engine}")

    def pg_arguments(self) -> list[str]:
        arguments = ["--dbname", self.settings["NAME"]]
        for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
            if self.settings.get(key):
                arguments += [option, str(self.settings[key])]
        return arguments

    def pg_environment(self) -> dict:
        environment = dict(os.environ)
        if self.settings.get("PASSWORD"):
            environment["PGPASSWORD"] = str(self.settings["PASSWORD"])
        return environment


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        for block in iter(lambda: source.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _run(command: list[str], database: Database) -> None:
    try:
        result = subprocess.run(  # noqa: S603 — fixed program, arguments from settings
            command, env=database.pg_environment(), capture_output=True, text=True, check=False
        )
    except FileNotFoundError as error:
        raise BackupError(f"{command[0]} is not installed (PostgreSQL client tools).") from error
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")


def _applied_migrations() -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connections["default"]).applied_migrations():
        latest[app] = max(latest.get(app, ""), name)
    return dict(sorted(latest.items()))


def _app_version() -> str:
    version = "unknown"
    pyproject = Path(settings.BASE_DIR) / "pyproject.toml"
    if pyproject.exists():
        import tomllib

        version = tomllib.loads(pyproject.read_text())["project"]["version"]
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            check=False,
            timeout=5,
        ).stdout.strip()
    except (FileNotFoundError, subprocess.TimeoutExpired):
        commit = ""
    return f"{version}+{commit}" if commit else version


def backup_create(*, output: Path) -> Path:
    """Write a new backup folder under `output` and return it."""
    database = Database.default()
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    folder = Path(output) / f"backup-{stamp}"
    folder.mkdir(parents=True, exist_ok=False)
    folder.chmod(0o700)  # the people in it are victims of a crime
    try:
        if database.vendor == "postgresql":
            dump = folder / POSTGRES_DUMP
            _run(["pg_dump", "-Fc", "--file", str(dump), *database.pg_arguments()], database)
        else:
            dump = folder / SQLITE_COPY
            source = sqlite3.connect(database.settings["NAME"])
            target = sqlite3.connect(dump)
            with target:
                source.backup(target)
            source.close()
            target.close()
        media_root = Path(settings.MEDIA_ROOT)
        with tarfile.open(folder / MEDIA_ARCHIVE, "w:gz") as archive:
            if media_root.exists():
                archive.add(media_root, arcname=".")
        files = [dump.name, MEDIA_ARCHIVE]
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": timezone.now().isoformat(),
            "app_version": _app_version(),
            "database": {"vendor": database.vendor, "file": dump.name},
            "migrations": _applied_migrations(),
            "files": {name: sha256(folder / name) for name in files},
        }
        (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
        for path in folder.iterdir():
            path.chmod(0o600)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return folder


def backup_verify(folder: Path) -> dict:
    """Read the manifest and check every file against its checksum."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"No readable {MANIFEST} in {folder}.") from error
    for name, expected in manifest.get("files", {}).items():
        path = folder / name
        if not path.is_file():
            raise BackupError(f"{name} is missing from the backup.")
        if sha256(path) != expected:
            raise BackupError(f"{name} does not match its checksum: the backup is damaged.")
    if MEDIA_ARCHIVE not in manifest.get("files", {}):
        raise BackupError(f"{MEDIA_ARCHIVE} is not listed in the manifest.")
    return manifest


def backup_restore(*, folder: Path) -> dict:
    """Replace the database and MEDIA_ROOT with the backup's content (checked first)."""
    folder = Path(folder)
    manifest = backup_verify(folder)
    database = Database.default()
    if manifest["database"]["vendor"] != database.vendor:
        raise BackupError(
            f"The backup is of a {manifest['database']['vendor']} database; "
            f"the configured database is {database.vendor}."
        )
    connections.close_all()
    dump = folder / manifest["database"]["file"]
    if database.vendor == "postgresql":
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                *database.pg_arguments(),
                str(dump),
            ],
            database,
        )
    else:
        source = sqlite3.connect(dump)
        target = sqlite3.connect(database.settings["NAME"])
        with target:
            source.backup(target)
        source.close()
        target.close()
    _restore_media(folder / MEDIA_ARCHIVE)
    return manifest


def _restore_media(archive_path: Path) -> None:
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    # Extract beside, then swap the content: a damaged archive leaves MEDIA_ROOT as it was.
    staging = media_root.parent / f".{media_root.name}-restore-{datetime.datetime.now():%s}"
    staging.mkdir()
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            archive.extractall(staging, filter="data")
        for child in media_root.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
        for child in staging.iterdir():
            shutil.move(str(child), media_root / child.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
