"""Playwright on Debian's Chromium, against pytest-django's live server."""

import os

import pytest
from django.db import connection

# Playwright's sync API runs an event loop in this thread; Django refuses database calls from a
# thread with a running loop unless told it is safe (the tests do not share connections across it).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(autouse=True)
def static_files_by_plain_names(settings):
    """pytest-django's live server serves /static/ through the staticfiles finders, which know the
    source names only, not the hashed names of whitenoise's manifest storage (those are served
    from STATIC_ROOT by whitenoise in real deployments). Plain names let the browser load the
    CSS and JS, so that Bootstrap's dropdowns behave as they do for users."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def server_threads_close_their_database_connections():
    """The live server answers each browser connection in a thread of its own, which lives as long
    as the browser keeps the connection alive; with CONN_MAX_AGE the thread would keep its
    database session past the test (and the test database could not be dropped at the end). In
    these tests every request closes its database connection when it ends."""
    settings_dict = connection.settings_dict  # shared by the connections of every thread
    kept = settings_dict["CONN_MAX_AGE"]
    settings_dict["CONN_MAX_AGE"] = 0
    yield
    settings_dict["CONN_MAX_AGE"] = kept
