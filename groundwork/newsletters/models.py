"""Mailing lists of a network or a community, their subscribers (double opt-in) and issues.

Every token is signed with its own salt and names the subscription it is for (its id and
address), so a link works for that one subscription only."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from groundwork.core.text import in_language

CONFIRM_SALT = "groundwork.newsletters.confirm"
MANAGE_SALT = "groundwork.newsletters.manage"


class MailingList(models.Model):
    network = models.ForeignKey(
        "communities.Network", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    community = models.ForeignKey(
        "communities.Community",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    # A plan's own list: its progress digests go to these subscribers ("follow this plan").
    plan = models.OneToOneField(
        "plans.Plan", null=True, blank=True, on_delete=models.CASCADE, related_name="mailing_list"
    )
    slug = models.SlugField(_("short name"), max_length=80)
    name_en = models.CharField(_("name"), max_length=200)
    name_es = models.CharField(_("name in Spanish"), max_length=200, blank=True)
    description_en = models.TextField(_("description"), blank=True, max_length=2000)
    description_es = models.TextField(_("description in Spanish"), blank=True, max_length=2000)
    # Issues per minute are sent at no more than this many messages a minute.
    rate_per_minute = models.PositiveIntegerField(_("messages per minute"), default=600)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mailing list")
        verbose_name_plural = _("mailing lists")
        ordering = ["name_en"]
        constraints = [
            models.CheckConstraint(
                condition=Q(network__isnull=True, community__isnull=False)
                | Q(network__isnull=False, community__isnull=True),
                name="list_of_network_or_community",
            ),
            models.UniqueConstraint(fields=["community", "slug"], name="list_slug_per_community"),
            models.UniqueConstraint(fields=["network", "slug"], name="list_slug_per_network"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        if self.network_id:
            return reverse("newsletters:network_list", kwargs=self.owner_slug_kwargs)
        return reverse("newsletters:community_list", kwargs=self.owner_slug_kwargs)

    @property
    def name(self) -> str:
        return in_language(self.name_en, self.name_es)

    @property
    def description(self) -> str:
        return in_language(self.description_en, self.description_es)

    @property
    def owner_slug_kwargs(self) -> dict[str, str]:
        if self.network_id:
            return {"network_slug": self.network.slug, "list_slug": self.slug}
        return {"slug": self.community.slug, "list_slug": self.slug}


class Subscription(models.Model):
    class Reason(models.TextChoices):
        ASKED = "asked", _("They unsubscribed")
        BOUNCE = "bounce", _("Messages to the address bounced")
        COMPLAINT = "complaint", _("They marked a message as spam")

    mailing_list = models.ForeignKey(
        MailingList, on_delete=models.CASCADE, related_name="subscriptions"
    )
    email = models.EmailField(_("e-mail address"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    unsubscribe_reason = models.CharField(max_length=20, choices=Reason.choices, blank=True)
    # Plan lists: the progress updates up to this moment were sent.
    last_digest_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["mailing_list", "email"], name="subscription_one_per_address"
            )
        ]

    def __str__(self) -> str:
        return f"subscription {self.pk} to list {self.mailing_list_id}"  # no address in logs

    @property
    def active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None

    def _token(self, salt: str) -> str:
        return signing.dumps({"s": self.pk, "e": self.email}, salt=salt)

    def get_confirm_url(self) -> str:
        return reverse("newsletters:confirm", kwargs={"token": self._token(CONFIRM_SALT)})

    @property
    def manage_token(self) -> str:
        return self._token(MANAGE_SALT)

    def get_preferences_url(self) -> str:
        return reverse("newsletters:preferences", kwargs={"token": self.manage_token})

    def get_unsubscribe_url(self) -> str:
        return reverse("newsletters:unsubscribe", kwargs={"token": self.manage_token})


class Issue(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")

    mailing_list = models.ForeignKey(MailingList, on_delete=models.CASCADE, related_name="issues")
    subject_en = models.CharField(_("subject"), max_length=200)
    subject_es = models.CharField(_("subject in Spanish"), max_length=200, blank=True)
    body_en = models.TextField(_("text"), blank=True, max_length=20000)
    body_es = models.TextField(_("text in Spanish"), blank=True, max_length=20000)
    # Keys of registered blocks (groundwork.newsletters.blocks), filled when the issue is sent.
    blocks = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    send_at = models.DateTimeField(_("send at"), null=True, blank=True, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # What the blocks covered ("since the last issue"), fixed when sending starts so that a
    # resumed send writes the same issue.
    covers_from = models.DateTimeField(null=True, blank=True)
    covers_until = models.DateTimeField(null=True, blank=True)
    # The send run that holds the issue (a task id) until lease_until; renewed as it goes.
    sender = models.CharField(max_length=64, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("issue")
        verbose_name_plural = _("issues")
        ordering = ["-sent_at", "-created_at"]

    def __str__(self) -> str:
        return self.subject

    @property
    def subject(self) -> str:
        return in_language(self.subject_en, self.subject_es)

    def subject_in(self, language: str) -> str:
        return self.subject_es if language.startswith("es") and self.subject_es else self.subject_en

    def body_in(self, language: str) -> str:
        return self.body_es if language.startswith("es") and self.body_es else self.body_en


class Delivery(models.Model):
    """One issue to one subscriber: created (claimed) before the message is handed to the mail
    backend, so a resumed send never sends it again."""

    class Status(models.TextChoices):
        CLAIMED = "claimed", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="deliveries")
    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CLAIMED)
    claimed_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "subscription"], name="delivery_one_per_recipient"
            )
        ]

    def __str__(self) -> str:
        return f"delivery {self.pk}"
