from typing import Any

from django.db import models

from .models import AuditEvent


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
