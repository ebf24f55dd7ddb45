"""Checks on environment values, so that a bad setting stops start-up with a clear message."""

import secrets
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

SUPPORTED_DATABASE_SCHEMES = {"sqlite", "postgres", "postgresql", "pgsql"}


def database_from_url(url: str, *, conn_max_age: int = 0, base_dir: Path | None = None) -> dict:
    """Parse DATABASE_URL; anything malformed is reported naming the variable."""
    try:
        parts = urlsplit(url)
        scheme = parts.scheme
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_URL is malformed ({error}): {url!r}") from error
    if scheme not in SUPPORTED_DATABASE_SCHEMES:
        raise ImproperlyConfigured(
            "DATABASE_URL is malformed: expected sqlite:///path or "
            f"postgres://user:password@host:port/name, got scheme {scheme!r}."
        )
    if scheme != "sqlite" and not parts.path.strip("/"):
        raise ImproperlyConfigured("DATABASE_URL is malformed: the database name is missing.")
    try:
        config = environ.Env.db_url_config(url)
        if parts.port is not None:
            int(parts.port)
    except (ValueError, KeyError) as error:
        raise ImproperlyConfigured(f"DATABASE_URL is malformed ({error}).") from error
    if scheme == "sqlite" and base_dir and config["NAME"] != ":memory:":
        config["NAME"] = str(base_dir / config["NAME"])
    if scheme != "sqlite":
        # PostgreSQL's JIT compiles the plans of the registry's and dashboard's aggregates for
        # hundreds of milliseconds that their execution never wins back (issue 17): off for the
        # app's connections, whatever the server's default.
        options = config.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()
    config["CONN_MAX_AGE"] = conn_max_age if scheme != "sqlite" else 0
    config["CONN_HEALTH_CHECKS"] = scheme != "sqlite"
    return config


def ensure_secret_key(path: Path) -> str:
    """The demo's secret key: made once per installation and kept in var/, never in the code."""
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_urlsafe(50)
    path.write_text(key)
    path.chmod(0o600)
    return key
