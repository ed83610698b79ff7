from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasuresConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "groundwork.measures"
    verbose_name = _("Surveys and measures")

    def ready(self) -> None:
        from groundwork.newsletters.services import address_suppressed

        address_suppressed.connect(_suppressed, dispatch_uid="measures.invitations.suppressed")


def _suppressed(sender: Any, email: str, reason: str, **kwargs: Any) -> None:
    """A hard bounce or a complaint reported for an address: its survey invitations end."""
    from .actions.invitations import address_suppressed

    address_suppressed(email, reason)
