"""Sending survey invitations and reminders: each message claimed by one run just before it
goes to the mail backend and marked sent as it is handed over; one reminder before the survey
closes to those who have not answered."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from groundwork.newsletters.sending import send_marked

from ..models import Instrument, InvitationMessage, Invitee
from .invitees import Kind, Status, link_token, not_to_write, opt_out_token

logger = logging.getLogger("groundwork.measures")

LEASE = timedelta(minutes=5)


# Reminders ----------------------------------------------------------------------------------


def reminders_due(now: datetime | None = None) -> int:
    """Queue one reminder for each recipient of a survey closing within
    SURVEY_REMINDER_HOURS who was sent the invitation, has not answered and has not opted
    out. A recipient has at most one reminder (the row is unique), however often this runs."""
    now = now or timezone.now()
    window = now + timedelta(hours=settings.SURVEY_REMINDER_HOURS)
    surveys = Instrument.objects.filter(
        one_response_per=Instrument.OnePer.INVITATION,
        status=Instrument.Status.OPEN,
        closes_at__gt=now,
        closes_at__lte=window,
    )
    queued = 0
    for instrument in surveys:
        waiting = list(
            Invitee.objects.filter(
                instrument=instrument,
                opted_out_at__isnull=True,
                link__used_at__isnull=True,
                link__response__isnull=True,
                messages__kind=Kind.INVITATION,
                messages__status=Status.SENT,
            )
            .exclude(messages__kind=Kind.REMINDER)
            .order_by("pk")
        )
        blocked = not_to_write(instrument, [i.email for i in waiting])
        rows = [
            InvitationMessage(invitee=i, kind=Kind.REMINDER)
            for i in waiting
            if i.email.lower() not in blocked
        ]
        InvitationMessage.objects.bulk_create(rows, ignore_conflicts=True)
        queued += len(rows)
    return queued


# Sending ------------------------------------------------------------------------------------


def _due(now: datetime) -> Any:
    return InvitationMessage.objects.filter(
        Q(status=Status.WAITING) | Q(status=Status.CLAIMED, claimed_at__lt=now - LEASE)
    )


def reminder_hours() -> int:
    return int(settings.SURVEY_REMINDER_HOURS)


def anything_to_send() -> bool:
    return _due(timezone.now()).exists()


def _claim(message_id: int, runner: str, now: datetime) -> bool:
    return bool(
        _due(now)
        .filter(pk=message_id)
        .update(status=Status.CLAIMED, claimed_by=runner, claimed_at=now)
    )


def _why_not(message: InvitationMessage, blocked: set[str], now: datetime) -> str:
    invitee = message.invitee
    link = invitee.link
    if invitee.opted_out_at is not None or invitee.email.lower() in blocked:
        return "opted out"
    if link is None:
        return "link revoked"
    if link.used_at is not None or link.response_id is not None:
        return "answered"
    if invitee.instrument.accepting_state(now) == "closed":
        return "closed"
    return ""


def _opt_out_url(invitee: Invitee, root: str) -> str:
    return root + reverse("measures:opt_out", kwargs={"token": opt_out_token(invitee)})


def render_message(message: InvitationMessage, root: str) -> tuple[str, str]:
    """Subject and text of the message in the recipient's language."""
    invitee = message.invitee
    instrument = invitee.instrument
    language = invitee.language if invitee.language.startswith("es") else "en"
    with translation.override(language):
        title = (
            instrument.title_es if language == "es" and instrument.title_es else instrument.title_en
        )
        owner = instrument.owner
        context = {
            "title": title,
            "owner": owner.name,
            "url": f"{root}{instrument.get_absolute_url()}?k={link_token(invitee)}",
            "opt_out_url": _opt_out_url(invitee, root),
            "closes_at": instrument.closes_at,
            "reminder": message.kind == Kind.REMINDER,
        }
        if message.kind == Kind.REMINDER:
            subject = _("Reminder: %(title)s") % {"title": title}
        else:
            subject = _("You are invited: %(title)s") % {"title": title}
        body = render_to_string("measures/email/invitation.txt", context)
    return subject, body


def _email(message: InvitationMessage, root: str, connection: Any) -> EmailMessage:
    subject, body = render_message(message, root)
    opt_out = _opt_out_url(message.invitee, root)
    domain = root.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "localhost"
    return EmailMessage(
        subject,
        body,
        to=[message.invitee.email],
        connection=connection,
        headers={
            "Message-ID": f"<survey-{message.kind}-{message.pk}@{domain}>",
            "List-Unsubscribe": f"<{opt_out}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def send_waiting(*, base_url: str, runner: str, batch: int = 200) -> int:
    """Send every message waiting (and those a dead run left claimed past their lease);
    returns how many this run handed to the mail backend. Several runs at once are safe: each
    message is claimed by one."""
    root = base_url.rstrip("/")
    sent = 0
    after = 0
    connection = get_connection()
    connection.open()
    try:
        while True:
            now = timezone.now()
            ids = list(
                _due(now).filter(pk__gt=after).order_by("pk").values_list("pk", flat=True)[:batch]
            )
            if not ids:
                break
            after = ids[-1]
            messages = list(
                InvitationMessage.objects.filter(pk__in=ids)
                .select_related(
                    "invitee__link",
                    "invitee__instrument__network",
                    "invitee__instrument__community",
                )
                .order_by("pk")
            )
            blocked: dict[int, set[str]] = {}
            for message in messages:
                instrument = message.invitee.instrument
                if instrument.pk not in blocked:
                    blocked[instrument.pk] = not_to_write(
                        instrument,
                        [
                            m.invitee.email
                            for m in messages
                            if m.invitee.instrument_id == instrument.pk
                        ],
                    )
            for message in messages:
                if message.invitee.instrument.accepting_state(now) in ("draft", "not_yet"):
                    continue  # waits until the survey opens
                if not _claim(message.pk, runner, now):
                    continue  # another run has it
                why = _why_not(message, blocked[message.invitee.instrument_id], now)
                if why:
                    InvitationMessage.objects.filter(pk=message.pk, claimed_by=runner).update(
                        status=Status.SKIPPED, error=why
                    )
                    continue
                email = _email(message, root, connection)
                try:
                    send_marked(connection, email, _marker(message.pk, runner))
                except Exception as error:  # a refused address: recorded, the rest go on
                    logger.warning("Invitation %s failed: %s", message.pk, type(error).__name__)
                    InvitationMessage.objects.filter(pk=message.pk).update(
                        status=Status.FAILED, error=type(error).__name__[:300]
                    )
                    connection.close()
                    connection.open()
                    continue
                sent += 1
    finally:
        connection.close()
    return sent


def _marker(message_id: int, runner: str) -> Any:
    def mark() -> None:
        InvitationMessage.objects.filter(pk=message_id, claimed_by=runner).update(
            status=Status.SENT, sent_at=timezone.now()
        )

    return mark
