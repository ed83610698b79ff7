from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "groundwork.api"
    label = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from groundwork.core.models import AuditEvent

        from . import rules  # noqa: F401 (registers the permissions)

        post_save.connect(_audit_event_saved, sender=AuditEvent, dispatch_uid="webhooks")


def _audit_event_saved(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    """Each activity-log event of a kind some endpoint chose becomes deliveries once its
    transaction commits (an event rolled back is never sent)."""
    from django.db import transaction

    from .webhooks import EVENTS, fan_out

    if created and instance.community_id is not None and instance.action in EVENTS:
        event_id, community_id = instance.pk, instance.community_id
        transaction.on_commit(lambda: fan_out(event_id, community_id))
