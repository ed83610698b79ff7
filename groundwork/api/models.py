import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from groundwork.referrals.fields import EncryptedTextField


class TokenAccess(models.TextChoices):
    READ = "read", _("Read only")
    WRITE = "write", _("Read and write")


class ApiToken(models.Model):
    """A personal token for the API. Only its hash is stored; the token is shown once.

    A token acts with its holder's permissions, narrowed: a read-only token cannot write, a
    token limited to one community acts for its holder in that community only (elsewhere it
    reads what anyone may read), and an expired or revoked token is refused."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for."))
    prefix = models.CharField(max_length=8, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    access = models.CharField(
        _("access"), max_length=5, choices=TokenAccess.choices, default=TokenAccess.READ
    )
    community = models.ForeignKey(
        "communities.Community",
        verbose_name=_("only for"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def new_key() -> str:
        return "gw_" + secrets.token_urlsafe(32)

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()


class IdempotentRequest(models.Model):
    """A write sent with an ``Idempotency-Key``: the first answer, kept for a day, so that a
    retry by the same account gets it again instead of writing twice. Keys are the caller's
    own: another account sending the same key is another request."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    # What was asked (method, path, body), so one key cannot stand for two different writes.
    fingerprint = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField(null=True, blank=True)  # None while handled
    body = models.BinaryField(default=b"")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotent_request_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.key}"


class ClientParticipant(models.Model):
    """A participant an API client answers and votes for, known to the client by its own
    reference (a kiosk's session number, a partner system's record id). References are the
    account's own: the same reference from another account is another participant."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    process = models.ForeignKey("planning.Process", on_delete=models.CASCADE, related_name="+")
    reference = models.CharField(max_length=64)
    participant = models.OneToOneField(
        "planning.Participant", on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "process", "reference"], name="client_participant_reference"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.reference}"


class Webhook(models.Model):
    """An HTTPS endpoint that a community's coordinators (or a network's stewards, for the
    events of every community of the network) registered to hear of events (the activity
    log's, a chosen few) as they happen. Deliveries are signed with the endpoint's own secret;
    an endpoint that has failed for a day is paused and its owner told."""

    community = models.ForeignKey(
        "communities.Community",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="webhooks",
    )
    network = models.ForeignKey(
        "communities.Network",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="webhooks",
    )
    url = models.URLField(_("address"), max_length=500)
    events = models.JSONField(_("events"), default=list)
    secret = EncryptedTextField(editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    failing_since = models.DateTimeField(null=True, blank=True)
    paused_at = models.DateTimeField(_("paused"), null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="webhook_one_owner",
                condition=(Q(community__isnull=False, network__isnull=True))
                | Q(community__isnull=True, network__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return self.url

    @property
    def owner(self) -> Any:
        """The community or the network the endpoint belongs to."""
        return self.community if self.community_id else self.network


class WebhookDelivery(models.Model):
    """One event sent (or to be sent) to one endpoint: kept with its attempts and last error,
    so it can be read and sent again from the page."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event_id = models.UUIDField()
    event = models.CharField(max_length=100)
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_status = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["webhook", "event_id"], name="delivery_once_per_event")
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.webhook_id}"
