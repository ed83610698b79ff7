"""Sending an issue: one run at a time holds the issue (a lease renewed as it goes); each
recipient's ``Delivery`` row is written (claimed) before the message goes to the mail backend
and marked sent as it is handed over, so a run that stops half-way (a crash, ``kill -9``) is
resumed without sending anyone a second issue. A claim left by a run that died was never
handed over and is sent again.

Through SMTP the record is written at the last possible moment: when the server has the whole
message but the final "." that makes it accept it. A process that dies before that point leaves
an incomplete message that the server discards (sent again on resume); one that dies after it
has recorded the message. Only a death between the database commit and writing those three
bytes loses a message. With a provider's API (django-anymail) the record follows the API's
answer: a death between the two sends that message again, with the same Message-ID."""

from __future__ import annotations

import logging
import re
import smtplib
import socket
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from . import blocks
from .models import Delivery, Issue, MailingList, Subscription

logger = logging.getLogger("groundwork.newsletters")

LEASE = timedelta(minutes=5)
UNSUBSCRIBE_MARK = "\x00UNSUBSCRIBE\x00"
PREFERENCES_MARK = "\x00PREFERENCES\x00"


def active_subscribers(mailing_list: MailingList) -> Any:
    return Subscription.objects.filter(
        mailing_list=mailing_list, confirmed_at__isnull=False, unsubscribed_at__isnull=True
    )


def fill_blocks(issue: Issue, language: str, until: datetime) -> list[dict[str, Any]]:
    filled = []
    with translation.override(language):
        for key in issue.blocks:
            block = blocks.get(key)
            if block is None:
                continue
            items = block.fill(issue.mailing_list, issue.covers_from, until, language)
            if items:
                filled.append({"label": str(block.label), "items": items})
    return filled


def public_text(text: str) -> str:
    """An issue's text without the footer lines that carry a subscriber's own links: what the
    public archive, the preview and the API show."""
    lines = [ln for ln in text.splitlines() if UNSUBSCRIBE_MARK not in ln]
    return "\n".join(ln for ln in lines if PREFERENCES_MARK not in ln).rstrip().rstrip("-")


def render(
    issue: Issue, language: str, base_url: str, until: datetime | None = None
) -> tuple[str, str]:
    """Subject and text of the issue in ``language``, with marks where each subscriber's own
    links go."""
    root = base_url.rstrip("/")
    until = until or issue.covers_until or timezone.now()
    filled = fill_blocks(issue, language, until)
    with translation.override(language):
        context = {
            "issue": issue,
            "list": issue.mailing_list,
            "subject": issue.subject_in(language),
            "body": issue.body_in(language),
            "blocks": filled,
            "root": root,
            "archive_url": root + issue.mailing_list.get_absolute_url(),
            "unsubscribe_url": UNSUBSCRIBE_MARK,
            "preferences_url": PREFERENCES_MARK,
        }
        body = render_to_string("newsletters/email/issue.txt", context)
    return issue.subject_in(language), body


def message_for(
    issue: Issue, sub: Subscription, subject: str, body: str, root: str, connection: Any
) -> EmailMessage:
    token = sub.manage_token
    unsubscribe = f"{root}{reverse('newsletters:unsubscribe', kwargs={'token': token})}"
    preferences = f"{root}{reverse('newsletters:preferences', kwargs={'token': token})}"
    text = body.replace(UNSUBSCRIBE_MARK, unsubscribe).replace(PREFERENCES_MARK, preferences)
    domain = root.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "localhost"
    return EmailMessage(
        subject,
        text,
        to=[sub.email],
        connection=connection,
        headers={
            "Message-ID": f"<issue-{issue.pk}.sub-{sub.pk}@{domain}>",
            "List-Id": f"<list-{issue.mailing_list_id}.{domain}>",
            # RFC 8058: a mail client's "unsubscribe" posts to this address, no page shown.
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def _acquire(issue_id: int, runner: str, now: datetime) -> bool:
    return bool(
        Issue.objects.filter(pk=issue_id, status__in=[Issue.Status.SCHEDULED, Issue.Status.SENDING])
        .filter(Q(sender="") | Q(sender=runner) | Q(lease_until__lt=now))
        .update(status=Issue.Status.SENDING, sender=runner, lease_until=now + LEASE)
    )


def _renew(issue_id: int, runner: str) -> bool:
    return bool(
        Issue.objects.filter(pk=issue_id, sender=runner).update(lease_until=timezone.now() + LEASE)
    )


def send_issue(
    issue_id: int,
    *,
    base_url: str,
    runner: str,
    batch: int = 200,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Send the issue to every confirmed subscriber who has not had it. Returns how many
    messages this run handed to the mail backend."""
    now = timezone.now()
    if not _acquire(issue_id, runner, now):
        return 0
    issue = Issue.objects.select_related("mailing_list").get(pk=issue_id)
    if issue.covers_until is None:
        previous = (
            Issue.objects.filter(mailing_list=issue.mailing_list, status=Issue.Status.SENT)
            .exclude(pk=issue.pk)
            .order_by("-covers_until")
            .values_list("covers_until", flat=True)
            .first()
        )
        Issue.objects.filter(pk=issue.pk).update(
            covers_from=previous, covers_until=now, started_at=now
        )
        issue.refresh_from_db()
    root = base_url.rstrip("/")
    rendered: dict[str, tuple[str, str]] = {}
    rate = max(1, issue.mailing_list.rate_per_minute)
    window_start, in_window, sent = time.monotonic(), 0, 0
    after_pk = 0  # subscribers are taken in id order: each batch starts past the last one
    connection = get_connection()
    connection.open()
    try:
        while True:
            # A claim a dead run left first (unknown outcome), then recipients not claimed yet.
            left = list(
                Delivery.objects.filter(issue=issue, status=Delivery.Status.CLAIMED)
                .select_related("subscription")
                .order_by("pk")[:batch]
            )
            if not left:
                subs = list(
                    active_subscribers(issue.mailing_list)
                    .filter(pk__gt=after_pk)
                    .exclude(deliveries__issue=issue)
                    .order_by("pk")[:batch]
                )
                if not subs:
                    break
                after_pk = subs[-1].pk
                Delivery.objects.bulk_create(
                    [Delivery(issue=issue, subscription=sub) for sub in subs]
                )
                left = list(
                    Delivery.objects.filter(
                        issue=issue, status=Delivery.Status.CLAIMED, subscription__in=subs
                    )
                    .select_related("subscription")
                    .order_by("pk")
                )
            for delivery in left:
                if in_window >= rate:
                    pause = 60 - (time.monotonic() - window_start)
                    if pause > 0:
                        sleep(pause)
                    window_start, in_window = time.monotonic(), 0
                sub = delivery.subscription
                language = sub.language if sub.language.startswith("es") else "en"
                if language not in rendered:
                    rendered[language] = render(issue, language, root)
                subject, body = rendered[language]
                message = message_for(issue, sub, subject, body, root, connection)
                try:
                    send_recorded(connection, message, delivery.pk)
                except Exception as error:  # a refused address: recorded, the rest go on
                    logger.warning("Delivery %s failed: %s", delivery.pk, type(error).__name__)
                    Delivery.objects.filter(pk=delivery.pk).update(
                        status=Delivery.Status.FAILED, error=type(error).__name__[:300]
                    )
                    connection.close()
                    connection.open()
                    continue
                sent += 1
                in_window += 1
            if not _renew(issue.pk, runner):
                return sent  # another run took over (this one was too slow): stop here
    finally:
        connection.close()
    Issue.objects.filter(pk=issue.pk, sender=runner).update(
        status=Issue.Status.SENT, sent_at=timezone.now(), sender="", lease_until=None
    )
    return sent


def _mark_sent(delivery_id: int) -> None:
    Delivery.objects.filter(pk=delivery_id).update(
        status=Delivery.Status.SENT, sent_at=timezone.now()
    )


def send_recorded(connection: Any, message: EmailMessage, delivery_id: int) -> None:
    """Send ``message`` and mark its delivery sent: through SMTP just before the final "."
    (see the module's text), otherwise once the backend returns."""
    send_marked(connection, message, lambda: _mark_sent(delivery_id))


def send_marked(connection: Any, message: EmailMessage, mark_sent: Callable[[], None]) -> None:
    """Send ``message`` and call ``mark_sent`` as it is handed over: through SMTP just before
    the final "." (see the module's text), otherwise once the backend returns. Any outbox that
    must send each message once (survey invitations too) sends through here."""
    smtp = getattr(connection, "connection", None)
    if not isinstance(connection, SMTPBackend) or not isinstance(smtp, smtplib.SMTP):
        message.send()
        mark_sent()
        return

    def data(msg: bytes) -> tuple[int, bytes]:
        smtp.putcmd("data")
        code, reply = smtp.getreply()
        if code != 354:
            raise smtplib.SMTPDataError(code, reply)
        quoted = re.sub(rb"(?m)^\.", b"..", msg)
        if not quoted.endswith(b"\r\n"):
            quoted += b"\r\n"
        smtp.send(quoted)
        mark_sent()  # the server has everything but the "." that completes it
        smtp.send(b".\r\n")
        return smtp.getreply()

    if smtp.sock is not None:
        # The final "." is written on its own: without this it would wait for the server's
        # (delayed) acknowledgement of the message (Nagle's algorithm), some 40 ms a message.
        smtp.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    smtp.data = data  # type: ignore[method-assign]
    try:
        message.send()
    finally:
        del smtp.data


def send_test(issue: Issue, *, email: str, language: str, base_url: str) -> None:
    """The issue as a subscriber in ``language`` would get it, to one address (links that
    manage a subscription lead nowhere)."""
    subject, body = render(issue, language, base_url, until=timezone.now())
    root = base_url.rstrip("/")
    body = body.replace(UNSUBSCRIBE_MARK, root + "/").replace(PREFERENCES_MARK, root + "/")
    with translation.override(language):
        prefix = str(translation.gettext("[Test]"))
    EmailMessage(f"{prefix} {subject}", body, to=[email]).send()


def due_issues(now: datetime | None = None) -> list[int]:
    now = now or timezone.now()
    return list(
        Issue.objects.filter(
            Q(status=Issue.Status.SCHEDULED, send_at__lte=now)
            | Q(status=Issue.Status.SENDING, lease_until__lt=now)
        ).values_list("pk", flat=True)
    )


__all__ = ["send_issue", "send_marked", "send_test", "due_issues", "render", "settings"]
