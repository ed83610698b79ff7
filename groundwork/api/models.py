import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
