"""Webhooks: other systems hear of what happens in a community without polling.

Events are the activity log's (``core.AuditEvent``): when one of the kinds below is recorded
and its transaction commits, every active endpoint of the community that chose that kind gets
one delivery, sent by the background worker. A delivery's body names the event, its time, the
community and the object (type and id) and nothing else: no person, no text that could hold
personal data; the receiver reads the object through the API with its own token.

Each delivery is signed: ``Groundwork-Signature: t=<unix time>,v1=<hex>`` where ``hex`` is
HMAC-SHA256 of ``"<t>.<body>"`` with the endpoint's secret (shown once, when it is made);
receivers check the signature and refuse a ``t`` older than five minutes (a replay;
``docs/examples/webhook_receiver.py`` shows how).
``Groundwork-Delivery`` is the event's id, the same on every retry, so a receiver keeps each
event once. Failed deliveries are tried again with exponential back-off; an endpoint that has
failed for a day is paused and its owner e-mailed; any delivery can be sent again from the
page.
"""

import hashlib
import hmac
import ipaddress
import json
import secrets
import socket
import time
import urllib.error
import urllib.request
import uuid
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from groundwork.communities.models import Community, Network
from groundwork.core.errors import ApplicationError
from groundwork.core.models import AuditEvent
from groundwork.core.services import audit_record

from .models import Webhook, WebhookDelivery

# The kinds of events an endpoint can choose (activity-log actions).
EVENTS = {
    "contributions.submitted": gettext_lazy("Answers submitted"),
    "statement.submitted": gettext_lazy("Statement written by a participant"),
    "statement.moderated": gettext_lazy("Statement accepted or rejected"),
    "analysis.finished": gettext_lazy("Opinion groups computed"),
    "themes.finished": gettext_lazy("Themes computed"),
    "plan.published": gettext_lazy("Plan published"),
    "plan.progress_posted": gettext_lazy("Progress posted on an activity"),
    "survey.response_submitted": gettext_lazy("Survey response received"),
    "directory.service_created": gettext_lazy("Directory service added"),
    "directory.service_changed": gettext_lazy("Directory service changed"),
}
NAMESPACE = uuid.UUID("6f1d9a52-3c1e-4c55-9a43-0c6f0b3f5a10")
TIMEOUT = 10  # seconds for one attempt
PAUSE_AFTER = timedelta(days=1)
MAX_DELAY = 6 * 3600


def event_id(event: AuditEvent) -> uuid.UUID:
    """The event's id for receivers: the same for every endpoint and every retry."""
    return uuid.uuid5(NAMESPACE, f"audit:{event.pk}")


def sign(secret: str, body: bytes, at: int | None = None) -> str:
    at = int(time.time()) if at is None else at
    digest = hmac.new(secret.encode(), f"{at}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={at},v1={digest}"


def _check_address(url: str) -> None:
    """HTTPS to a public address only (settings may allow plain HTTP and private addresses,
    for development and tests): an endpoint must not reach the server's own network."""
    parts = urlsplit(url)
    if parts.scheme != "https" and not (parts.scheme == "http" and settings.WEBHOOKS_ALLOW_HTTP):
        raise ApplicationError(_("Use an https:// address."), field="url")
    if not parts.hostname:
        raise ApplicationError(_("Enter a valid address."), field="url")
    if settings.WEBHOOKS_ALLOW_PRIVATE:
        return
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(parts.hostname, None)}
    except OSError as error:
        raise ApplicationError(_("That address cannot be found."), field="url") from error
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        if not ip.is_global:
            raise ApplicationError(
                _("That address is on a private network; use a public one."), field="url"
            )


def _require_owner(actor: Any, webhook_owner: Any) -> None:
    """Coordinators manage their community's endpoints; stewards their network's."""
    if isinstance(webhook_owner, Network):
        if not actor.has_perm("api.manage_network_webhooks", webhook_owner):
            raise ApplicationError(_("Only the network's staff can do that."))
    elif not actor.has_perm("api.manage_webhooks", webhook_owner):
        raise ApplicationError(_("Only the community's coordinators can do that."))


@transaction.atomic
def webhook_create(
    *,
    actor: Any,
    url: str,
    events: list[str],
    community: Community | None = None,
    network: Network | None = None,
) -> tuple[Webhook, str]:
    """Register an endpoint of a community (its events) or of a network (the events of every
    community in it); returns it with its secret, which is never shown again."""
    if (community is None) == (network is None):
        raise ApplicationError(_("An endpoint belongs to one community or one network."))
    _require_owner(actor, community or network)
    chosen = [e for e in EVENTS if e in set(events)]
    if not chosen:
        raise ApplicationError(_("Choose at least one event."), field="events")
    _check_address(url)
    secret = "whsec_" + secrets.token_urlsafe(32)
    webhook = Webhook(
        community=community,
        network=network,
        url=url,
        events=chosen,
        secret=secret,
        created_by=actor,
    )
    webhook.full_clean(exclude=["secret"])
    webhook.save()
    audit_record(
        action="webhook.created",
        actor=actor,
        community=community,
        target=webhook,
        details={"events": chosen} | ({"network": network.slug} if network else {}),
    )
    return webhook, secret


@transaction.atomic
def webhook_delete(*, actor: Any, webhook: Webhook) -> None:
    _require_owner(actor, webhook.owner)
    webhook.deleted_at = timezone.now()
    webhook.save(update_fields=["deleted_at"])
    webhook.deliveries.filter(status=WebhookDelivery.Status.PENDING).update(
        status=WebhookDelivery.Status.FAILED, last_error="deleted"
    )
    audit_record(action="webhook.deleted", actor=actor, community=webhook.community, target=webhook)


@transaction.atomic
def webhook_resume(*, actor: Any, webhook: Webhook) -> None:
    _require_owner(actor, webhook.owner)
    webhook.paused_at = None
    webhook.failing_since = None
    webhook.save(update_fields=["paused_at", "failing_since"])
    audit_record(action="webhook.resumed", actor=actor, community=webhook.community, target=webhook)


def fan_out(audit_event_id: int, community_id: int | None = None) -> int:
    """Make one delivery of an activity-log event for each endpoint that chose its kind, and
    queue them; running it twice for one event makes nothing more. Returns how many.

    Most communities have no endpoint: with the event's community given, that is found in one
    query (the community's own endpoints and its network's) before the event is read."""
    if community_id is None:
        community_id = (
            AuditEvent.objects.filter(pk=audit_event_id).values_list("community_id", flat=True)
        ).first()
        if community_id is None:
            return 0
    hooks = list(
        Webhook.objects.filter(
            Q(community_id=community_id) | Q(network__communities__id=community_id),
            deleted_at__isnull=True,
            paused_at__isnull=True,
        ).distinct()
    )
    if not hooks:
        return 0
    event = AuditEvent.objects.filter(pk=audit_event_id).select_related("community").first()
    if event is None or event.community is None or event.action not in EVENTS:
        return 0
    made = 0
    for webhook in hooks:
        if event.action not in webhook.events:
            continue
        eid = event_id(event)
        payload = {
            "id": str(eid),
            "event": event.action,
            "created_at": event.created_at.isoformat(),
            "community": event.community.slug,
            "object": {"type": event.target_type, "id": event.target_id},
        }
        try:
            with transaction.atomic():
                delivery = WebhookDelivery.objects.create(
                    webhook=webhook, event_id=eid, event=event.action, payload=payload
                )
        except IntegrityError:
            continue
        _queue(delivery)
        made += 1
    return made


def _queue(delivery: WebhookDelivery, at: Any = None) -> None:
    from .tasks import webhook_deliver

    task = webhook_deliver.using(run_after=at) if at is not None else webhook_deliver
    delivery_id = delivery.pk
    transaction.on_commit(lambda: task.enqueue(delivery_id=delivery_id))


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is a failed delivery: following it could lead anywhere (a private address)."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirects)


def backoff(attempts: int) -> timedelta:
    """30 s after the first failure (WEBHOOKS_RETRY_FIRST_SECONDS), then doubling, at most six
    hours."""
    first = settings.WEBHOOKS_RETRY_FIRST_SECONDS
    return timedelta(seconds=min(first * 2 ** max(attempts - 1, 0), MAX_DELAY))


def deliver(delivery_id: int) -> str:
    """One attempt; schedules the next on failure. Returns the delivery's status."""
    delivery = (
        WebhookDelivery.objects.select_related(
            "webhook__community", "webhook__network", "webhook__created_by"
        )
        .filter(pk=delivery_id)
        .first()
    )
    if delivery is None or delivery.status != WebhookDelivery.Status.PENDING:
        return delivery.status if delivery else "missing"
    webhook = delivery.webhook
    if webhook.deleted_at is not None or webhook.paused_at is not None:
        return delivery.status  # kept; sent again from the page when resumed
    body = json.dumps(delivery.payload, separators=(",", ":")).encode()
    # Only http(s) addresses are ever saved or sent to (_check_address, again below).
    request = urllib.request.Request(  # noqa: S310
        webhook.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "Groundwork-Webhooks/1",
            "Groundwork-Event": delivery.event,
            "Groundwork-Delivery": str(delivery.event_id),
            "Groundwork-Signature": sign(webhook.secret, body),
        },
    )
    now = timezone.now()
    delivery.attempts += 1
    error = ""
    status: int | None = None
    try:
        _check_address(webhook.url)
        with _OPENER.open(request, timeout=TIMEOUT) as response:
            status = response.status
    except urllib.error.HTTPError as failure:
        status, error = failure.code, f"HTTP {failure.code}"
    except (urllib.error.URLError, OSError, ApplicationError) as failure:
        error = str(getattr(failure, "message", None) or getattr(failure, "reason", failure))
    delivery.last_status = status
    if status is not None and 200 <= status < 300:
        delivery.status = WebhookDelivery.Status.DELIVERED
        delivery.delivered_at = now
        delivery.last_error = ""
        delivery.next_attempt_at = None
        delivery.save()
        if webhook.failing_since is not None:
            Webhook.objects.filter(pk=webhook.pk).update(failing_since=None)
        return delivery.status
    delivery.last_error = error[:500] or f"HTTP {status}"
    failing_since = webhook.failing_since or now
    if webhook.failing_since is None:
        Webhook.objects.filter(pk=webhook.pk).update(failing_since=now)
    if now - failing_since >= PAUSE_AFTER:
        _pause(webhook, now)
        delivery.next_attempt_at = None
        delivery.save()
        return delivery.status
    delivery.next_attempt_at = now + backoff(delivery.attempts)
    delivery.save()
    _queue(delivery, delivery.next_attempt_at)
    return delivery.status


def _pause(webhook: Webhook, now: Any) -> None:
    from django.core.mail import send_mail
    from django.utils import translation

    Webhook.objects.filter(pk=webhook.pk).update(paused_at=now)
    owner = webhook.created_by
    audit_record(
        action="webhook.paused",
        community=webhook.community,
        target=webhook,
        actor_label=_("webhook deliveries"),
    )
    if owner is None or not owner.email:
        return
    with translation.override(getattr(owner, "preferred_language", "") or "en"):
        send_mail(
            _("A webhook of %(community)s was paused") % {"community": webhook.owner.name},
            _(
                "Deliveries to %(url)s have failed for a day, so they were paused. Fix the "
                "endpoint, then resume it and send the waiting deliveries again from the "
                "community's webhooks page."
            )
            % {"url": webhook.url},
            None,
            [owner.email],
        )


@transaction.atomic
def delivery_replay(*, actor: Any, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a delivery again (the same event id: receivers keep it once)."""
    _require_owner(actor, delivery.webhook.owner)
    delivery.status = WebhookDelivery.Status.PENDING
    delivery.next_attempt_at = None
    delivery.save(update_fields=["status", "next_attempt_at"])
    _queue(delivery)
    return delivery
