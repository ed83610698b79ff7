from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest


class LoginRequired(Exception):
    """Raised for anonymous visitors of private pages; turned into a redirect to sign in."""


def check_perm(request: HttpRequest, perm: str, obj: Any = None) -> None:
    """Object-level permission check: anonymous people are sent to sign in, others get 403."""
    if request.user.has_perm(perm, obj):
        return
    if not request.user.is_authenticated:
        raise LoginRequired
    raise PermissionDenied


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
