"""Writes that can be retried: every write route takes an ``Idempotency-Key`` header.

The first request with a key is handled and its answer kept (for a day); a retry with the same
key, by the same account, for the same request, gets that answer again, marked
``Idempotent-Replayed: true``, and nothing is written twice. The same key sent by another
account is that account's own key (keys are scoped to their owner, so nobody can read another
caller's answer by guessing its key). One key for two different requests is refused (422), and
a retry that arrives while the first is still being handled is told so (409). A request that
fails leaves no trace, so it can be sent again as it was. A write a rule refuses answers 422
with the field at fault and a message in the caller's language.
"""

import hashlib
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from groundwork.core.errors import AlreadyReceived, ApplicationError

from .errors import NotAuthenticated
from .models import IdempotentRequest
from .schemas import ErrorOut, ValidationErrorOut

HEADER = "Idempotency-Key"
# What a write route may answer besides its 201: not signed in, not allowed, not found, a key
# in use (409) or a refusal with the field at fault (422).
WRITE_ERRORS = {
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ValidationErrorOut,
    422: ValidationErrorOut,
}
KEEP = timedelta(days=1)
MAX_KEY = 100


def _refuse(status: int, message: str, field: str | None = HEADER) -> JsonResponse:
    return JsonResponse(
        {"detail": message, "errors": [{"field": field, "message": message}]}, status=status
    )


def created(data: Any) -> JsonResponse:
    """201 with the created resource (already shaped as JSON types)."""
    return JsonResponse(data, status=201, safe=False)


def scoped_key(user: Any, key: str) -> str:
    """A key for a service's own duplicate check (at most 60 characters), the caller's only."""
    return "api-" + hashlib.sha256(f"{user.pk}:{key}".encode()).hexdigest()[:40]


def idempotent(view: Callable[..., HttpResponse] | None = None, *, required: bool = True) -> Any:
    """Make a write route retry-safe (see the module). The route returns its HttpResponse.
    ``@idempotent(required=False)`` takes the header without asking for it: routes that were
    published before the rule answer a request without a key as they always did."""
    if view is None:
        return lambda actual: idempotent(actual, required=required)

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            raise NotAuthenticated
        key = request.headers.get(HEADER, "").strip()
        if not key and not required:
            return view(request, *args, **kwargs)
        if not key or len(key) > MAX_KEY:
            return _refuse(
                422,
                _("Send an Idempotency-Key header (up to 100 characters) with every write."),
            )
        fingerprint = hashlib.sha256(
            request.method.encode() + b" " + request.path.encode() + b"\n" + request.body
        ).hexdigest()
        IdempotentRequest.objects.filter(
            user=request.user, created_at__lt=timezone.now() - KEEP
        ).delete()
        try:
            with transaction.atomic():
                record = IdempotentRequest.objects.create(
                    user=request.user, key=key, fingerprint=fingerprint
                )
        except IntegrityError:
            first = IdempotentRequest.objects.get(user=request.user, key=key)
            if first.fingerprint != fingerprint:
                return _refuse(422, _("This Idempotency-Key was already used for another write."))
            if first.status is None:
                return _refuse(
                    409, _("The first request with this Idempotency-Key is still being handled.")
                )
            replay = HttpResponse(
                bytes(first.body), status=first.status, content_type="application/json"
            )
            replay["Idempotent-Replayed"] = "true"
            return replay
        request.idempotency_key = scoped_key(request.user, key)  # type: ignore[attr-defined]
        try:
            response = view(request, *args, **kwargs)
        except AlreadyReceived as refused:
            # The service's own key check: sent before by someone else. Nothing is written.
            record.delete()
            return _refuse(409, refused.message)
        except ApplicationError as refused:
            # A rule refused the write (the process is closed, an answer is too long): 422
            # with the field at fault and the translated message; nothing was written.
            record.delete()
            return _refuse(422, refused.message, refused.field)
        except ValidationError as invalid:
            # A model's own validation refused a field (a status that does not exist).
            record.delete()
            errors = (
                [
                    {"field": None if field == NON_FIELD_ERRORS else field, "message": message}
                    for field, messages in invalid.message_dict.items()
                    for message in messages
                ]
                if hasattr(invalid, "error_dict")
                else [{"field": None, "message": message} for message in invalid.messages]
            )
            return JsonResponse(
                {"detail": _("Some of the data sent is not valid."), "errors": errors}, status=422
            )
        except BaseException:
            record.delete()
            raise
        if 200 <= response.status_code < 300:
            record.status = response.status_code
            record.body = response.content
            record.save(update_fields=["status", "body"])
        else:
            record.delete()
        return response

    return wrapped
