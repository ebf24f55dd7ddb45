"""Structured logs: a request id per request (an incoming `X-Request-ID` is kept only when it is
a safe short token), returned in `X-Request-ID`; a filter that adds the request id, the user id
and the Celery task id to every record; plain and JSON-lines formatters (LOG_FORMAT).

Log messages must never hold a name, ID number or phone: only ids travel in the context."""

import datetime
import json
import logging
import re
import uuid
from contextvars import ContextVar

REQUEST_ID_HEADER = "X-Request-ID"
# Letters, digits, dot, dash and underscore, 8 to 64 characters: a proxy's or client's id is
# kept (to follow one request across servers), anything else is replaced by our own.
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{7,63}")

_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
_user_id: ContextVar[int | None] = ContextVar("user_id", default=None)


def clear_request_context(**kwargs) -> None:
    _request_id.set(None)
    _user_id.set(None)


def current_request_id() -> str | None:
    return _request_id.get()


def request_id_from(header: str | None) -> str:
    if header and SAFE_REQUEST_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """After AuthenticationMiddleware: sets the request id and the user id for the log
    records of this request and returns the id to the client. The context is cleared when the
    response is closed (request_finished), so that Django's own line about the response still
    carries it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))
        _request_id.set(request.request_id)
        user = getattr(request, "user", None)
        _user_id.set(user.pk if user is not None and user.is_authenticated else None)
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request.request_id
        return response


def _current_task_id() -> str | None:
    from celery import current_task

    return getattr(current_task.request, "id", None) if current_task else None


class ContextFilter(logging.Filter):
    """Adds `request_id`, `user_id` and `task_id` to every record (None when not known).
    Attach it to handlers, so that records propagated from any logger get it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = _request_id.get()
        if getattr(record, "user_id", None) is None:
            record.user_id = _user_id.get()
        if getattr(record, "task_id", None) is None:
            record.task_id = _current_task_id()
        return True


class PlainFormatter(logging.Formatter):
    """`time level logger [request=… user=… task=…] message` — the bracket only with what is
    known."""

    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s %(context)s%(message)s")

    def format(self, record: logging.LogRecord) -> str:
        parts = [
            f"{key}={value}"
            for key, value in (
                ("request", getattr(record, "request_id", None)),
                ("user", getattr(record, "user_id", None)),
                ("task", getattr(record, "task_id", None)),
            )
            if value is not None
        ]
        record.context = f"[{' '.join(parts)}] " if parts else ""
        return super().format(record)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, request_id,
    user_id, task_id, and the exception's traceback when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
            "user_id": getattr(record, "user_id", None),
            "task_id": getattr(record, "task_id", None),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


FORMATTERS = {"plain": PlainFormatter, "json": JsonFormatter}


def adopt_celery_handlers(logger: logging.Logger, log_format: str) -> None:
    """Celery sets up its own handlers in a worker (stderr or --logfile); give them our filter
    and format so that task lines carry the task id in the same shape as the web's lines."""
    for handler in logger.handlers:
        if type(handler).__module__.startswith("_pytest"):
            continue  # a test run's capture handlers keep their own shape
        if not any(isinstance(f, ContextFilter) for f in handler.filters):
            handler.addFilter(ContextFilter())
        handler.setFormatter(FORMATTERS[log_format]())
