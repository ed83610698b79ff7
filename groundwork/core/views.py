import sys

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from groundwork.communities import selectors as community_selectors
from groundwork.core.middleware import database_busy_response, is_database_locked
from groundwork.gatherings import selectors as gathering_selectors
from groundwork.planning import selectors as planning_selectors


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
    return JsonResponse({"status": "ok"})


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
