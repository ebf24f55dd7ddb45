"""The health endpoint and the server-error page.

`/health/` needs no login: load balancers and monitors call it, and it says nothing personal —
only whether the database, the broker and a worker answer, and when a worker was last seen
(no host names, versions, URLs or error messages)."""

import datetime
import os
import sys

from celery import current_app
from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import JsonResponse
from django.template import loader
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from operations.models import WorkerHeartbeat


def _database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return {"ok": False}
    return {"ok": True}


def _broker() -> dict:
    """Open a connection through Celery's own settings with a short timeout (for Redis, kombu
    pings the server when it opens the channel). The filesystem broker of the demo is up when
    its folder is writable. The app is Celery's current one (the project's, set when Django
    starts), so this app does not reach into the project shell."""
    timeout = settings.HEALTH_CHECK_TIMEOUT
    options = dict(getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {}))
    try:
        with current_app.connection_for_read(
            url=settings.CELERY_BROKER_URL,
            connect_timeout=timeout,
            transport_options={**options, "socket_timeout": timeout},
        ) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=timeout)
            conn.default_channel  # noqa: B018 — opening the channel is the check
            if conn.transport_cls == "filesystem":
                folder = options.get("data_folder_in", "")
                if not (folder and os.access(folder, os.W_OK)):
                    return {"ok": False}
    except Exception:  # the broker's errors vary by transport
        return {"ok": False}
    return {"ok": True}


def _worker() -> dict:
    """A worker ran the heartbeat task (beat, every minute) recently enough."""
    try:
        last_seen = (
            WorkerHeartbeat.objects.order_by("-last_seen")
            .values_list("last_seen", flat=True)
            .first()
        )
    except DatabaseError:
        return {"ok": False, "last_seen": None}
    max_age = datetime.timedelta(seconds=settings.WORKER_HEARTBEAT_MAX_AGE)
    ok = last_seen is not None and timezone.now() - last_seen <= max_age
    return {"ok": ok, "last_seen": last_seen.isoformat() if last_seen else None}


@never_cache
@require_safe
def health(request):
    checks = {"database": _database(), "broker": _broker(), "worker": _worker()}
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks},
        status=200 if healthy else 503,
    )


def server_error(request):
    """handler500: when the database is unreachable (restarting, failed over) the page says the
    service is briefly unavailable (503, Retry-After); any other error is the plain 500 page.
    Neither shows a traceback or anything of the request's data."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        response = _render("503.html", status=503)
        response["Retry-After"] = "30"
    else:
        response = _render("500.html", status=500)
    response["Cache-Control"] = "no-store"
    return response


def _render(template_name: str, status: int):
    from django.http import HttpResponse

    # No RequestContext: context processors may need the database that just failed.
    return HttpResponse(loader.get_template(template_name).render(), status=status)
