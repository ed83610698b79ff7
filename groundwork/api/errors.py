"""Errors in the API: the same rules as pages, messages in the caller's language."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as ModelValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser

from groundwork.core.encoding import json_holds_nul
from groundwork.core.errors import ApplicationError


class NotAuthenticated(Exception):
    pass


class InvalidToken(Exception):
    """An `Authorization: Bearer` token that is unknown or revoked."""


class TokenScopeRefused(Exception):
    """A valid token asked for more than it was made for: a write with a read-only token, or
    another community than the one it is limited to (403, RFC 6750's insufficient_scope)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NulInBody(ValueError):
    """A JSON body with a NUL character in one of its strings (PostgreSQL cannot store it)."""


class BodyParser(Parser):
    """JSON bodies as django-ninja reads them, except that a NUL character in any string is
    refused (400) like a body that is not JSON, instead of failing half-way through a write.
    Bodies are read after authentication, so an anonymous write is still 401 whatever it
    holds."""

    def parse_body(self, request: HttpRequest) -> Any:
        if json_holds_nul(request.body):
            raise NulInBody
        return super().parse_body(request)


# RFC 6750: every 401 says how to authenticate; a refused token also says why.
WWW_AUTHENTICATE = 'Bearer realm="api"'
WWW_AUTHENTICATE_INVALID = 'Bearer realm="api", error="invalid_token"'


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

# Where pydantic says an error is ("body", "payload", "name"): callers care about "name".
_LOCATION_PARTS = {"body", "query", "path", "header", "cookie", "form", "file", "payload"}


def _field(loc: Any) -> str | None:
    parts = [str(p) for p in loc or []]
    while parts and parts[0] in _LOCATION_PARTS:
        parts.pop(0)
    return ".".join(parts) or None


def install_error_handlers(api: NinjaAPI) -> None:
    def respond(request: HttpRequest, status: int, detail: Any) -> HttpResponse:
        return api.create_response(request, {"detail": detail}, status=status)

    @api.exception_handler(ApplicationError)
    def application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
        # A rule refused the input: 422 like every other refusal of what was sent, with the
        # field at fault (or none) and the message in the caller's language.
        body = {"detail": exc.message, "errors": [{"field": exc.field, "message": exc.message}]}
        return api.create_response(request, body, status=422)

    @api.exception_handler(ModelValidationError)
    def model_invalid(request: HttpRequest, exc: ModelValidationError) -> HttpResponse:
        # A service's full_clean() refused the data: say which field and why, save nothing.
        if hasattr(exc, "error_dict"):
            errors = [
                {"field": None if field == "__all__" else field, "message": message}
                for field, messages in exc.message_dict.items()
                for message in messages
            ]
        else:
            errors = [{"field": None, "message": message} for message in exc.messages]
        return api.create_response(
            request,
            {"detail": _("Some of the data sent is not valid."), "errors": errors},
            status=422,
        )

    def unauthorized(request: HttpRequest, message: str, challenge: str) -> HttpResponse:
        response = respond(request, 401, message)
        response["WWW-Authenticate"] = challenge
        return response

    def not_authenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
        return unauthorized(
            request, _("Sign in or send an API token to see this."), WWW_AUTHENTICATE
        )

    for credentials_missing in (NotAuthenticated, AuthenticationError):
        api.add_exception_handler(credentials_missing, not_authenticated)

    @api.exception_handler(InvalidToken)
    def invalid_token(request: HttpRequest, exc: Exception) -> HttpResponse:
        return unauthorized(
            request,
            _("This API token is not valid, has expired or was revoked."),
            WWW_AUTHENTICATE_INVALID,
        )

    @api.exception_handler(TokenScopeRefused)
    def token_scope(request: HttpRequest, exc: TokenScopeRefused) -> HttpResponse:
        response = respond(request, 403, exc.message)
        response["WWW-Authenticate"] = 'Bearer realm="api", error="insufficient_scope"'
        return response

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
        return respond(request, 403, _("You do not have permission to do that."))

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return respond(request, 404, _("Not found."))

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        message = str(exc)
        if exc.status_code == 400 and isinstance(exc.__cause__, NulInBody):
            message = _("The request body holds a NUL character (\\u0000), which cannot be stored.")
        elif exc.status_code == 400 and exc.__cause__ is not None:
            message = _("The request body is not valid JSON.")  # django-ninja's parser refused it
        return respond(request, exc.status_code, message)

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = []
        for error in exc.errors:
            kind = error.get("type", "")
            message = VALIDATION_MESSAGES.get(kind)
            errors.append(
                {
                    "field": _field(error.get("loc")),
                    "message": message() if message else _("This value is not valid."),
                }
            )
        return api.create_response(
            request,
            {"detail": _("Some of the data sent is not valid."), "errors": errors},
            status=422,
        )
