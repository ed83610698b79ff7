"""Referrals between partner organizations: a person, their consent, a referral per service,
its status history, messages between the two organizations, notifications and the record of
every read of the person's details.

Personal fields (name, contact details, best times, the note, a signature, messages) are
``EncryptedTextField``s; the duplicate check uses keyed hashes of normalized contact details
(``crypto.lookup_hash``). Nothing else about a person is stored: needs, urgency, language,
statuses and dates are what the de-identified figures are made of, and they stay when the
details are erased (``actions.retention.referral_details_erase``).
"""

import secrets
from datetime import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groundwork.communities.models import Community, Network, Organization
from groundwork.core.models import AppendOnlyQuerySet, TimeStampedModel
from groundwork.core.text import in_language
from groundwork.directory.models import Service

from .fields import EncryptedTextField


class NeedCategory(TimeStampedModel):
    """One of a network's need categories, offered on the referral form. A referral stores
    the ``code``, which never changes; a category in use is retired, never deleted, so the
    referrals that name it keep their label (``needs.py``)."""

    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="need_categories"
    )
    code = models.SlugField(_("code"), max_length=40)
    name_en = models.CharField(_("name in English"), max_length=100)
    name_es = models.CharField(_("name in Spanish"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    retired = models.BooleanField(_("retired"), default=False)

    class Meta:
        verbose_name = _("need category")
        verbose_name_plural = _("need categories")
        ordering = ["network", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["network", "code"], name="need_category_unique_code")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self.name_en, self.name_es)


class Urgency(models.TextChoices):
    ROUTINE = "routine", _("Routine")
    SOON = "soon", _("Within a few days")
    URGENT = "urgent", _("Urgent")


class ContactMethod(models.TextChoices):
    PHONE = "phone", _("Phone call")
    TEXT = "text", _("Text message")
    EMAIL = "email", _("E-mail")


class SharedField(models.TextChoices):
    """What a consent may cover, beyond the person's name (always shared)."""

    CONTACT = "contact", _("How to reach them (phone, e-mail, best times)")
    NOTE = "note", _("The note about their situation")


class Person(TimeStampedModel):
    """The person referred, as the sending organization recorded them."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    name = EncryptedTextField(_("name"), blank=True)
    phone = EncryptedTextField(_("phone"), blank=True)
    email = EncryptedTextField(_("e-mail"), blank=True)
    best_times = EncryptedTextField(_("best times to reach them"), blank=True)
    contact_methods = models.JSONField(_("ways to reach them"), default=list, blank=True)
    language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    email_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    details_erased_at = models.DateTimeField(_("details erased"), null=True, blank=True)

    class Meta:
        verbose_name = _("person referred")
        verbose_name_plural = _("people referred")

    def __str__(self) -> str:
        # Never the name: this text reaches audit logs that coordinators read.
        return f"#{self.pk}"


class Consent(TimeStampedModel):
    """What the person agreed to share, with whom, until when; how they agreed."""

    class Method(models.TextChoices):
        VERBAL = "verbal", _("Said yes aloud (you attest to it)")
        SIGNED = "signed", _("Signed on this screen")
        LINK = "link", _("Confirms through their own link")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    method = models.CharField(_("how they agreed"), max_length=10, choices=Method.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    attested = models.BooleanField(_("attested by the sender"), default=False)
    signature = EncryptedTextField(_("signature"), blank=True)
    organizations = models.ManyToManyField(
        Organization, related_name="+", verbose_name=_("organizations it covers")
    )
    fields = models.JSONField(_("what it covers"), default=list, blank=True)
    expires_at = models.DateTimeField(_("until"))
    confirmed_at = models.DateTimeField(_("given"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by_person = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"#{self.pk}"

    def is_effective(self, at: datetime | None = None) -> bool:
        at = at or timezone.now()
        return (
            self.confirmed_at is not None
            and self.confirmed_at <= at
            and self.expires_at > at
            and (self.revoked_at is None or self.revoked_at > at)
        )

    def covers(self, field: str) -> bool:
        return field == "name" or field in (self.fields or [])


class Status(models.TextChoices):
    AWAITING_CONSENT = "awaiting_consent", _("Waiting for the person's consent")
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    FORWARDED = "forwarded", _("Forwarded to another service")
    IN_PROGRESS = "in_progress", _("In progress")
    CLOSED = "closed", _("Closed")


class DeclineReason(models.TextChoices):
    NOT_ELIGIBLE = "not_eligible", _("Not eligible")
    NO_CAPACITY = "no_capacity", _("No capacity now")
    NOT_OFFERED = "not_offered", _("We do not offer this")
    OTHER = "other", _("Other")


class Outcome(models.TextChoices):
    HELP_RECEIVED = "help_received", _("Help received")
    NOT_ELIGIBLE = "not_eligible", _("Not eligible")
    COULD_NOT_REACH = "could_not_reach", _("Could not reach the person")
    PERSON_DECLINED = "person_declined", _("The person declined")
    OTHER = "other", _("Other")


# Shown to a sensitive service's receiving organization with the person's details (the page,
# the export, the API).
REDISCLOSURE_NOTICE = _(
    "This information has been disclosed to you from records protected by federal "
    "confidentiality rules (42 CFR Part 2, VAWA). You may not disclose it further without the "
    "person's written consent, except as those rules allow."
)


class Referral(TimeStampedModel):
    """One person referred to one service, from the sending to the receiving organization."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="referrals")
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, related_name="referrals")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    sender = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("from")
    )
    receiver = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("to")
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.AWAITING_CONSENT
    )
    needs = models.JSONField(_("needs"), default=list, blank=True)
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.ROUTINE
    )
    note = EncryptedTextField(_("note"), blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    decline_reason = models.CharField(
        _("reason"), max_length=20, choices=DeclineReason.choices, blank=True
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    forwarded_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="forwarded_from"
    )
    sensitive = models.BooleanField(default=False)
    overdue_flagged_at = models.DateTimeField(_("flagged as unanswered"), null=True, blank=True)
    link_nonce = models.CharField(max_length=32, default="", editable=False)
    idempotency_key = models.CharField(max_length=64, blank=True, default="")
    details_erased_at = models.DateTimeField(_("details erased"), null=True, blank=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["community", "receiver", "status"]),
            models.Index(fields=["community", "sender", "status"]),
            # An inbox's page, newest first, read from the index instead of sorting every
            # referral the organization has (bench/referrals.py: 10,000 open referrals).
            models.Index(
                fields=["community", "receiver", "-created_at", "-id"], name="referral_inbox_in"
            ),
            models.Index(
                fields=["community", "sender", "-created_at", "-id"], name="referral_inbox_out"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "service", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="referral_unique_idempotency_key",
            )
        ]

    def __str__(self) -> str:
        # Never the person's name nor a sensitive service's: audit logs show this text.
        return str(_("Referral #%(number)s") % {"number": self.pk})

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if not self.link_nonce:
            self.link_nonce = secrets.token_hex(16)
        super().save(*args, **kwargs)

    @property
    def need_labels(self) -> list[str]:
        from .needs import need_labels

        return need_labels(self.community, self.needs)

    def get_absolute_url(self) -> str:
        return reverse(
            "referrals:detail", kwargs={"slug": self.community.slug, "referral_id": self.pk}
        )


class StatusChange(models.Model):
    """One step of a referral, who took it and when (append-only)."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="changes")
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    organization = models.ForeignKey(
        Organization, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    by_person = models.BooleanField(default=False)
    reason = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.referral_id}: {self.from_status} → {self.to_status}"

    @property
    def reason_label(self) -> str:
        labels = dict(Outcome.choices if self.to_status == Status.CLOSED else DeclineReason.choices)
        return str(labels.get(self.reason, self.reason))


class Message(models.Model):
    """A message between the two organizations on a referral (the text is encrypted)."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    body = EncryptedTextField(_("message"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"#{self.pk}"


class AccessRecord(models.Model):
    """One read of a person's details: who, when, which fields, why. Append-only."""

    class Reason(models.TextChoices):
        VIEW = "view", _("viewed the referral")
        EXPORT = "export", _("exported the referral")
        API = "api", _("read the referral through the API")

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="accesses")
    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+")
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    viewer_name = models.CharField(max_length=200, blank=True)
    organization = models.ForeignKey(
        Organization, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    fields = models.JSONField(default=list)
    reason = models.CharField(max_length=10, choices=Reason.choices)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.referral_id} {self.reason} {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.pk is not None:
            raise TypeError("Access records are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise TypeError("Access records are append-only.")

    @property
    def field_labels(self) -> list[str]:
        """The fields read, in the reader's language."""
        labels = {
            "name": _("Name"),
            "phone": _("Phone"),
            "email": _("E-mail"),
            "best_times": _("Best times"),
            "note": _("Note"),
            "messages": _("Messages"),
        }
        return [str(labels.get(name, name)) for name in self.fields]


class Notification(models.Model):
    """An in-app notice to a member about a referral (no personal details in it)."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("New referral received")
        ACCEPTED = "accepted", _("Your referral was accepted")
        DECLINED = "declined", _("Your referral was declined")
        CLOSED = "closed", _("Your referral was closed")
        FORWARDED = "forwarded", _("Your referral was forwarded")
        MESSAGE = "message", _("New message on a referral")
        REVOKED = "revoked", _("Consent was revoked")
        OVERDUE = "overdue", _("A referral has had no answer")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} #{self.referral_id}"
