from django.db.models import QuerySet

from .models import AuditEvent


def audit_event_list(*, community) -> QuerySet[AuditEvent]:  # type: ignore[no-untyped-def]
    return AuditEvent.objects.filter(community=community).select_related("actor")
