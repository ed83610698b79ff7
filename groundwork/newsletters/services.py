"""Subscribing (double opt-in), confirming, preferences and unsubscribing; lists and issues."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.dispatch import Signal
from django.template.loader import render_to_string
from django.utils import timezone, translation

from groundwork.core.services import audit_record

from .models import CONFIRM_SALT, MANAGE_SALT, Issue, MailingList, Subscription


def _owner_community(mailing_list: MailingList) -> Any:
    return mailing_list.community if mailing_list.community_id else None


def subscribe(
    *, mailing_list: MailingList, email: str, language: str, user: Any = None, base_url: str
) -> Subscription:
    """Record a request and e-mail the confirmation link, in ``language``. Asking again
    re-sends the link (and never tells whether the address is already on the list); an
    address that unsubscribed has to confirm again."""
    email = email.strip()
    with transaction.atomic():
        sub = Subscription.objects.filter(mailing_list=mailing_list, email__iexact=email).first()
        if sub is None:
            try:
                with transaction.atomic():
                    sub = Subscription.objects.create(
                        mailing_list=mailing_list,
                        email=email,
                        language=language,
                        user=user if getattr(user, "is_authenticated", False) else None,
                    )
            except IntegrityError:
                sub = Subscription.objects.get(mailing_list=mailing_list, email=email)
        elif sub.unsubscribed_at is not None:
            sub.confirmed_at = None
            sub.unsubscribed_at = None
            sub.unsubscribe_reason = ""
            sub.language = language
            sub.save(
                update_fields=["confirmed_at", "unsubscribed_at", "unsubscribe_reason", "language"]
            )
        if sub.confirmed_at is None:
            _send_confirmation(sub, base_url)
        audit_record(
            community=_owner_community(mailing_list), action="newsletter.subscribe", target=sub
        )
    return sub


def _send_confirmation(sub: Subscription, base_url: str) -> None:
    root = base_url.rstrip("/")
    with translation.override(sub.language):
        context = {
            "list": sub.mailing_list,
            "confirm_url": root + sub.get_confirm_url(),
            "days": settings.FOLLOW_CONFIRM_DAYS,
        }
        subject = render_to_string("newsletters/email/confirm_subject.txt", context).strip()
        body = render_to_string("newsletters/email/confirm.txt", context)
    EmailMessage(subject, body, to=[sub.email]).send()
    Subscription.objects.filter(pk=sub.pk).update(confirmation_sent_at=timezone.now())


def _from_token(token: str, salt: str, max_age: int | None = None) -> Subscription | None:
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    # The token names the subscription and its address: it works for that one only.
    return (
        Subscription.objects.select_related("mailing_list__community", "mailing_list__network")
        .filter(pk=data.get("s"), email=data.get("e"))
        .first()
    )


def confirm(token: str) -> Subscription | None:
    sub = _from_token(token, CONFIRM_SALT, max_age=settings.FOLLOW_CONFIRM_DAYS * 86400)
    if sub is None:
        return None
    if sub.confirmed_at is None or sub.unsubscribed_at is not None:
        Subscription.objects.filter(pk=sub.pk).update(
            confirmed_at=timezone.now(), unsubscribed_at=None, unsubscribe_reason=""
        )
        sub.refresh_from_db()
        audit_record(
            community=_owner_community(sub.mailing_list),
            action="newsletter.confirm",
            target=sub,
        )
    return sub


def from_manage_token(token: str) -> Subscription | None:
    return _from_token(token, MANAGE_SALT)


def unsubscribe(sub: Subscription, *, reason: str = Subscription.Reason.ASKED) -> None:
    if sub.unsubscribed_at is None:
        Subscription.objects.filter(pk=sub.pk).update(
            unsubscribed_at=timezone.now(), unsubscribe_reason=reason
        )
        audit_record(
            community=_owner_community(sub.mailing_list),
            action=f"newsletter.unsubscribe.{reason}",
            target=sub,
        )


def set_language(sub: Subscription, language: str) -> None:
    Subscription.objects.filter(pk=sub.pk).update(language=language)


@transaction.atomic
def prune_unconfirmed(*, subscriptions: Any = None, now: Any = None) -> int:
    """Remove requests to subscribe whose confirmation link was sent more than
    FOLLOW_CONFIRM_DAYS ago (the link no longer works) and never followed: an address someone
    typed that never agreed is not kept. Confirmed subscriptions, and those that ended (an
    unsubscribed or bounced address is remembered), stay. ``subscriptions`` narrows it (a
    plan's followers); each removal is audited; safe to run twice."""
    from datetime import timedelta

    from django.db.models import Q

    cutoff = (now or timezone.now()) - timedelta(days=settings.FOLLOW_CONFIRM_DAYS)
    base = Subscription.objects.all() if subscriptions is None else subscriptions
    expired = list(
        base.select_for_update()
        .select_related("mailing_list")
        .filter(confirmed_at__isnull=True, unsubscribed_at__isnull=True, created_at__lt=cutoff)
        .filter(Q(confirmation_sent_at__lt=cutoff) | Q(confirmation_sent_at__isnull=True))
    )
    for sub in expired:
        plan_list = sub.mailing_list.plan_id is not None
        audit_record(
            community=_owner_community(sub.mailing_list),
            action="plan.follow_expired" if plan_list else "newsletter.subscription_expired",
            target=sub,
        )
    Subscription.objects.filter(pk__in=[sub.pk for sub in expired]).delete()
    return len(expired)


# Sent with ``email`` and ``reason`` when a hard bounce or a complaint suppresses an address:
# other senders of the site's mail (survey invitations) stop writing to it too.
address_suppressed = Signal()

SUPPRESSING_REASONS = (Subscription.Reason.BOUNCE, Subscription.Reason.COMPLAINT)


def suppress_address(email: str, *, reason: str) -> int:
    """A hard bounce or a complaint: the address leaves every list (it can subscribe again,
    confirming again), and every other sender is told (``address_suppressed``)."""
    subs = list(Subscription.objects.filter(email__iexact=email, unsubscribed_at__isnull=True))
    for sub in subs:
        unsubscribe(sub, reason=reason)
    address_suppressed.send(sender=Subscription, email=email, reason=reason)
    return len(subs)


def suppressed_addresses(emails: list[str]) -> set[str]:
    """Those of ``emails`` (lower-cased) whose messages bounced or were marked as spam and that
    have not subscribed again since: the site's one suppression list, which every sender of
    mail to people who did not ask for it (survey invitations) respects."""
    wanted = {e.lower() for e in emails}
    if not wanted:
        return set()
    found = set()
    rows = Subscription.objects.filter(
        unsubscribed_at__isnull=False, unsubscribe_reason__in=SUPPRESSING_REASONS
    ).values_list("email", flat=True)
    for chunk in range(0, len(wanted), 500):
        part = sorted(wanted)[chunk : chunk + 500]
        query = Q()
        for email in part:
            query |= Q(email__iexact=email)
        found |= {e.lower() for e in rows.filter(query)}
    return found


def issue_schedule(*, actor: Any, issue: Issue, send_at: Any) -> None:
    Issue.objects.filter(
        pk=issue.pk, status__in=[Issue.Status.DRAFT, Issue.Status.SCHEDULED]
    ).update(status=Issue.Status.SCHEDULED, send_at=send_at or timezone.now())
    audit_record(
        actor=actor,
        community=_owner_community(issue.mailing_list),
        action="newsletter.issue_schedule",
        target=issue,
    )


def issue_unschedule(*, actor: Any, issue: Issue) -> None:
    Issue.objects.filter(pk=issue.pk, status=Issue.Status.SCHEDULED).update(
        status=Issue.Status.DRAFT, send_at=None
    )
