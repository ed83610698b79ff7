from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _

from groundwork.core.errors import ApplicationError


class LoginRequired(Exception):
    """Raised for anonymous visitors of private pages; turned into a redirect to sign in."""


def check_perm(request: HttpRequest, perm: str, obj: Any = None) -> None:
    """Object-level permission check: anonymous people are sent to sign in, others get 403."""
    if request.user.has_perm(perm, obj):
        return
    if not request.user.is_authenticated:
        raise LoginRequired
    raise PermissionDenied


def require_perm(actor: Any, perm: str, obj: Any = None) -> None:
    """In a service: refuse with a message the page shows (ApplicationError), nothing saved,
    unless the actor holds the permission on the object."""
    if not actor.has_perm(perm, obj):
        raise ApplicationError(_("You do not have permission to do that."))


class LoginRedirectMiddleware:
    """Turns LoginRequired raised by a view into a redirect to the sign-in page."""

    def __init__(self, get_response):  # type: ignore[no-untyped-def]
        self.get_response = get_response

    def __call__(self, request):  # type: ignore[no-untyped-def]
        return self.get_response(request)

    def process_exception(self, request, exception):  # type: ignore[no-untyped-def]
        if isinstance(exception, LoginRequired):
            return redirect_to_login(request.get_full_path())
        return None
