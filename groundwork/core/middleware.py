"""A request that finds the database busy gets a page that says so, not an error page."""

from __future__ import annotations

from collections.abc import Callable

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext

RETRY_AFTER_SECONDS = 10


def is_database_locked(exc: BaseException | None) -> bool:
    """SQLite's "database is locked" (or "database table is locked"), after its busy timeout."""
    return isinstance(exc, OperationalError) and "is locked" in str(exc).lower()


def database_busy_response(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After. The failed write's transaction was rolled back; forms carry
    idempotency keys or set a state, so sending one again is safe."""
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {"detail": gettext("The database is busy. Try again in a few seconds.")}, status=503
        )
    else:
        template = loader.get_template("503.html")
        response = HttpResponse(template.render({}, request), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseBusyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if is_database_locked(exception):
            return database_busy_response(request)
        return None
