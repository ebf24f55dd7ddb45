"""The project's Celery app with a report task that pauses after each progress step, so that a
fault test can kill its worker half-way through a report (tests/security/test_faults.py).

Test-only: a worker started with `celery -A tests.security.slow_report_worker worker ...` runs
the production task unchanged, only slower; production code carries no pause of its own.
"""

import time

import django

from trafficking_cases.celery import app  # sets DJANGO_SETTINGS_MODULE

# The task module imports models: the app registry must be ready before it is patched.
django.setup()

from reports import tasks  # noqa: E402

STEP_DELAY_SECONDS = 3
_record_progress = tasks._progress


def _record_progress_then_pause(run, percent: int) -> None:
    _record_progress(run, percent)
    time.sleep(STEP_DELAY_SECONDS)


# `generate_report` looks `_progress` up at each step, so the worker's tasks use this one.
tasks._progress = _record_progress_then_pause

__all__ = ["app"]
