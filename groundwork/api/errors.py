"""Errors in the API: the same rules as pages, messages in the caller's language."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from groundwork.core.errors import ApplicationError


class NotAuthenticated(Exception):
    pass


def require(request: HttpRequest, perm: str, obj: Any) -> None:
    if request.user.has_perm(perm, obj):
        return
    if not request.user.is_authenticated:
        raise NotAuthenticated
    raise PermissionDenied


VALIDATION_MESSAGES = {
    "missing": lambda: _("This field is required."),
    "string_type": lambda: _("Enter text."),
    "int_parsing": lambda: _("Enter a whole number."),
    "bool_parsing": lambda: _("Enter true or false."),
    "list_type": lambda: _("Enter a list."),
    "json_invalid": lambda: _("The request body is not valid JSON."),
}


def install_error_handlers(api: NinjaAPI) -> None:
    def respond(request: HttpRequest, status: int, detail: Any) -> HttpResponse:
        return api.create_response(request, {"detail": detail}, status=status)

    @api.exception_handler(ApplicationError)
    def application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
        body = {"detail": exc.message}
        if exc.field:
            body["field"] = exc.field
        return api.create_response(request, body, status=400)

    @api.exception_handler(NotAuthenticated)
    def not_authenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
        return respond(request, 401, _("Sign in or send an API token to see this."))

    @api.exception_handler(AuthenticationError)
    def bad_credentials(request: HttpRequest, exc: Exception) -> HttpResponse:
        return respond(request, 401, _("Sign in or send an API token to see this."))

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
        return respond(request, 403, _("You do not have permission to do that."))

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return respond(request, 404, _("Not found."))

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return respond(request, exc.status_code, str(exc))

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = []
        for error in exc.errors:
            kind = error.get("type", "")
            message = VALIDATION_MESSAGES.get(kind)
            errors.append(
                {
                    "field": ".".join(str(p) for p in error.get("loc", [])[1:]) or None,
                    "message": message() if message else _("This value is not valid."),
                }
            )
        return api.create_response(
            request,
            {"detail": _("Some of the data sent is not valid."), "errors": errors},
            status=422,
        )
