import logging
import sys
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from groundwork.communities import selectors as community_selectors
from groundwork.core.middleware import database_busy_response, is_database_locked
from groundwork.gatherings import selectors as gathering_selectors
from groundwork.planning import selectors as planning_selectors

logger = logging.getLogger(__name__)


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/home.html",
        {
            "my_memberships": community_selectors.community_list_for_member(user=request.user),
            "networks": community_selectors.network_list(),
            "communities": community_selectors.community_list_visible(user=request.user)[:12],
            "open_processes": planning_selectors.process_list_open(user=request.user),
            "coming_up": gathering_selectors.coming_up(),
        },
    )


def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers. Touches neither the database nor the cache."""
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: the database answers a query and the cache stores and returns a value.
    503 with the failing part named when either does not (the error itself is logged)."""
    checks = {"database": _check_database(), "cache": _check_cache()}
    failing = [name for name, ok in checks.items() if not ok]
    body: dict[str, object] = {
        "status": "unavailable" if failing else "ok",
        "checks": {name: "ok" if ok else "unavailable" for name, ok in checks.items()},
    }
    if failing:
        body["reason"] = " and ".join(failing) + (" is" if len(failing) == 1 else " are")
        body["reason"] += " unavailable"
    return JsonResponse(body, status=503 if failing else 200)


def _check_database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("Readiness: the database did not answer")
        return False


def _check_cache() -> bool:
    key = f"readyz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "1", timeout=10)
        ok = cache.get(key) == "1"
        cache.delete(key)
    except Exception:
        logger.exception("Readiness: the cache did not answer")
        return False
    if not ok:
        logger.error("Readiness: the cache did not return a value just stored")
    return ok


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, which also remembers the choice on a signed-in profile."""
    from groundwork.accounts.services import user_set_language

    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        user_set_language(user=request.user, language=language)
    return response


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    # A locked database outside a view (a middleware saving the session, say) is "busy", too.
    if is_database_locked(sys.exc_info()[1]):
        return database_busy_response(request)
    template = loader.get_template("500.html")
    return HttpResponse(template.render({}, request), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)
