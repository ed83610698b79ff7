"""Request ids, structured logs, request metrics and optional error reporting.

Every request gets an id: the client's ``X-Request-ID`` when it is a short token, a new one
otherwise. It is sent back in the response's ``X-Request-ID``, kept in a context variable for
the log lines the request writes (``RequestIdFilter`` puts it on every record), and the
background worker sets it to the task's id while a task runs. ``LOG_FORMAT=json`` turns the
log lines into JSON objects (python-json-logger); the default is plain text.
"""

from __future__ import annotations

import contextvars
import logging
import re
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.http import HttpRequest, HttpResponse

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")

# A client's own id is kept only when it is a plain token (no spaces, quotes or newlines that
# would let it forge log lines or headers).
_CLIENT_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")

request_log = logging.getLogger("groundwork.request")


def new_request_id() -> str:
    return uuid.uuid4().hex


def current_request_id() -> str:
    return request_id_var.get()


@contextmanager
def request_id(value: str) -> Iterator[str]:
    """Log lines written inside carry this id (the worker uses a task's id)."""
    token = request_id_var.set(value)
    try:
        yield value
    finally:
        request_id_var.reset(token)


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record (``-`` outside a request or a task)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return True


def _view_label(request: HttpRequest) -> str:
    """The URL pattern's name: a bounded set of labels, and never a path with tokens in it."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "<unresolved>"
    return match.view_name or "<unnamed>"


class RequestIdMiddleware:
    """First in the chain: sets the request id, times the request, records its metrics and
    (with ``REQUEST_LOG``) writes one log line per request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        from django.conf import settings

        self.get_response = get_response
        self.log_requests = getattr(settings, "REQUEST_LOG", False)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        rid = incoming if _CLIENT_ID.match(incoming) else new_request_id()
        token = request_id_var.set(rid)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            elapsed = time.perf_counter() - started
            view = _view_label(request)
            from groundwork.core import metrics

            metrics.observe_request(view, request.method or "", response.status_code, elapsed)
            response["X-Request-ID"] = rid
            if self.log_requests:
                request_log.info(
                    "%s %s %s",
                    request.method,
                    view,
                    response.status_code,
                    extra={
                        "method": request.method,
                        "view": view,
                        "status": response.status_code,
                        "duration_ms": round(elapsed * 1000, 1),
                    },
                )
            return response
        finally:
            request_id_var.reset(token)


def logging_config(*, log_format: str, level: str) -> dict[str, Any]:
    """``LOGGING`` for settings: plain lines for development, JSON objects in production."""
    if log_format not in ("plain", "json"):
        raise ValueError(f"LOG_FORMAT must be 'plain' or 'json', not {log_format!r}")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "groundwork.core.observability.RequestIdFilter"}},
        "formatters": {
            "plain": {"format": "%(levelname)s %(name)s [%(request_id)s] %(message)s"},
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
                "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
                "datefmt": "%Y-%m-%dT%H:%M:%S%z",
            },
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": log_format,
                "filters": ["request_id"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.db.backends": {"level": "WARNING"},
            "axes": {"level": "WARNING"},
        },
    }


def init_sentry(
    dsn: str,
    *,
    environment: str = "",
    release: str = "",
    traces_sample_rate: float = 0.0,
) -> bool:
    """Report errors to Sentry when a DSN is configured; without one the SDK is not even
    imported. Nothing personal is sent: no user, cookies, addresses, request bodies or local
    variables (residents' answers and referrals' details pass through those)."""
    if not dsn:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment or None,
        release=release or None,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        max_request_body_size="never",
        include_local_variables=False,
        traces_sample_rate=traces_sample_rate,
    )
    return True
