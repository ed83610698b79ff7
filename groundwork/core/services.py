from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import models

from .models import AuditEvent

# The API token a request acts through (its name), recorded on every audit event it causes.
_api_token: ContextVar[str] = ContextVar("audit_api_token", default="")


@contextmanager
def acting_through_token(name: str) -> Iterator[None]:
    """Audit events recorded inside this block say they came through the API token ``name``."""
    reset = _api_token.set(name)
    try:
        yield
    finally:
        _api_token.reset(reset)


def audit_record(
    *,
    action: str,
    actor: Any = None,
    community: Any = None,
    target: models.Model | None = None,
    actor_label: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append an audit event. Call it inside the service's transaction."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    if token := _api_token.get():
        details = {**(details or {}), "api_token": token}
    event = AuditEvent(
        community=community,
        actor=user,
        actor_label=actor_label or (str(user) if user else ""),
        action=action,
        details=details or {},
    )
    if target is not None:
        event.target_type = target._meta.label_lower
        event.target_id = str(target.pk)
        event.target_repr = str(target)[:200]
    event.save()
    return event
