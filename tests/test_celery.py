"""Celery runs tasks on a real worker over Redis, against committed data (never eager mode)."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import UserSession as Session
from accounts.sessions import SessionStore
from accounts.tasks import clear_expired_sessions
from locations.models import AdministrativeUnit
from trafficking_cases.celery import app

pytestmark = pytest.mark.django_db(transaction=True)


@app.task(name="tests.count_units_within")
def count_units_within(path: str) -> int:
    """What the worker sees: the units of a subtree, read from the database."""
    return AdministrativeUnit.objects.filter(path__startswith=path).count()


def test_the_app_uses_the_redis_broker_of_the_test_environment():
    assert app.conf.broker_url.startswith("redis://")
    assert not app.conf.task_always_eager


def test_a_worker_counts_the_committed_units_of_a_subtree(celery_worker, units):
    result = count_units_within.delay(units.district_a.path)

    assert result.get(timeout=30) == 3


def test_a_worker_sees_data_committed_after_it_started(celery_worker, units):
    assert count_units_within.delay(units.province.path).get(timeout=30) == 7

    units.commune_b1.delete()

    assert count_units_within.delay(units.province.path).get(timeout=30) == 6


def test_the_session_clean_up_task_deletes_only_expired_sessions(celery_worker):
    for expire_date in (
        timezone.now() - datetime.timedelta(days=1),
        timezone.now() + datetime.timedelta(hours=1),
    ):
        store = SessionStore()
        store.create()
        Session.objects.filter(session_key=store.session_key).update(expire_date=expire_date)

    deleted = clear_expired_sessions.delay().get(timeout=30)

    assert deleted == 1
    assert Session.objects.filter(expire_date__gt=timezone.now()).count() == 1
    assert Session.objects.count() == 1


def test_the_session_clean_up_task_is_scheduled_nightly():
    schedule = app.conf.beat_schedule["clear-expired-sessions"]

    assert schedule["task"] == "accounts.tasks.clear_expired_sessions"
    assert clear_expired_sessions.name in app.tasks


# --- Queues (issue 17, "Scale-out") ----------------------------------------------------------


def _routed_queue(task_name: str) -> str:
    return app.amqp.router.route({}, task_name)["queue"].name


def test_reports_and_notifications_have_queues_of_their_own():
    from trafficking_cases.celery import queue_named

    assert _routed_queue("reports.tasks.generate_report") == queue_named("reports")
    assert _routed_queue("reports.tasks.scheduled_report") == queue_named("reports")
    assert _routed_queue("verification.tasks.notify_dossier_event") == queue_named("notifications")
    assert _routed_queue("support_services.tasks.notify_support_event") == queue_named(
        "notifications"
    )
    assert _routed_queue("accounts.tasks.clear_expired_sessions") == queue_named("celery")
    assert _routed_queue("operations.tasks.record_worker_heartbeat") == queue_named("celery")


def test_every_task_of_the_project_is_routed_to_a_known_queue():
    from trafficking_cases.celery import all_queues

    app.loader.import_default_modules()
    ours = [name for name in app.tasks if not name.startswith(("celery.", "tests."))]
    assert ours
    assert {_routed_queue(name) for name in ours} <= set(all_queues())


def test_a_worker_without_queue_options_consumes_every_queue():
    from trafficking_cases.celery import all_queues

    assert {queue.name for queue in app.conf.task_queues} == set(all_queues())


def test_the_test_worker_runs_a_routed_report_task(celery_worker, units):
    from reports.tasks import delete_old_report_files

    # A "reports" task reaches the worker, which consumes every queue.
    assert delete_old_report_files.delay().get(timeout=30) == []
