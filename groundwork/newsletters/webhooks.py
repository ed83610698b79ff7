"""Providers' delivery events (through django-anymail's tracking webhooks, mounted at
/anymail/<provider>/tracking/): a hard bounce or a spam complaint takes the address off every
list. Soft bounces (a full mailbox, a server down for a while) change nothing."""

from __future__ import annotations

from typing import Any

from anymail.signals import EventType, tracking
from django.dispatch import receiver

from .models import Subscription
from .services import suppress_address


def _soft(event: Any) -> bool:
    raw = event.esp_event if isinstance(event.esp_event, dict) else {}
    if raw.get("Type") in {"SoftBounce", "Transient", "DnsError"}:  # Postmark
        return True
    if raw.get("type") == "blocked":  # SendGrid: a temporary refusal
        return True
    bounce = raw.get("bounce") if isinstance(raw.get("bounce"), dict) else {}
    return bounce.get("bounceType") == "Transient"  # Amazon SES


@receiver(tracking)
def on_tracking(sender: Any, event: Any, esp_name: str, **kwargs: Any) -> None:
    if not event.recipient:
        return
    if event.event_type == EventType.COMPLAINED:
        suppress_address(event.recipient, reason=Subscription.Reason.COMPLAINT)
    elif event.event_type == EventType.BOUNCED and not _soft(event):
        suppress_address(event.recipient, reason=Subscription.Reason.BOUNCE)
