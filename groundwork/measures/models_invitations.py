"""Survey invitations sent by e-mail: a recipient of a survey taken through personal links,
and each message sent to them (the invitation, then at most one reminder).

A recipient's personal link is an ordinary ``InvitationLink``; its token is not stored but
derived from the recipient's row and the site's secret key (see ``actions.invitations``), so
the worker can write it into the message and nothing readable in the database opens it.

A message row is claimed before the message goes to the mail backend and marked sent as it is
handed over (the newsletters' way: ``groundwork.newsletters.sending``), so a worker killed
half-way resumes without sending anyone the same message twice.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Invitee(models.Model):
    class OptOut(models.TextChoices):
        ASKED = "asked", _("They asked not to be invited again")
        BOUNCE = "bounce", _("Messages to the address bounced")
        COMPLAINT = "complaint", _("They marked a message as spam")

    instrument = models.ForeignKey(
        "measures.Instrument",
        verbose_name=_("survey"),
        on_delete=models.CASCADE,
        related_name="invitees",
    )
    email = models.EmailField(_("e-mail address"))
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    link = models.OneToOneField(
        "measures.InvitationLink",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitee",
    )
    nonce = models.CharField(max_length=32, editable=False)
    added_at = models.DateTimeField(_("added"), auto_now_add=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opted_out_at = models.DateTimeField(_("opted out"), null=True, blank=True)
    opt_out_reason = models.CharField(max_length=20, choices=OptOut.choices, blank=True)

    class Meta:
        verbose_name = _("survey recipient")
        verbose_name_plural = _("survey recipients")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "email"], name="measures_invitee_one_per_address"
            )
        ]

    def __str__(self) -> str:
        return f"recipient {self.pk} of survey {self.instrument_id}"  # no address in logs


class InvitationMessage(models.Model):
    """One message to one recipient: the invitation or the reminder, each at most once."""

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("Invitation")
        REMINDER = "reminder", _("Reminder")

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting to be sent")
        CLAIMED = "claimed", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Not sent (opted out or already answered)")

    invitee = models.ForeignKey(Invitee, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.WAITING, db_index=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=64, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["invitee", "kind"], name="measures_invitation_message_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk}"
