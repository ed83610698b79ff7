"""Reminders of grant reports: FUNDING_REPORT_REMINDER_DAYS before each reporting date, an
e-mail to the coordinators of every coalition the grant funds, in each one's language. A
person is reminded once per date: the record of it (``ReportingReminder``) is claimed before
the e-mail goes (and given back if it fails), so a second run, a restart or a second scheduler
finds it and sends nothing. A date that has passed is not reminded of any more."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from groundwork.communities.models import Community, Membership, Role

from .models import ReportingDate, ReportingReminder

logger = logging.getLogger("groundwork.funding")


def reminders_due(*, today: dt.date, days: int) -> list[ReportingDate]:
    """Reporting dates from today up to ``days`` days ahead."""
    return list(
        ReportingDate.objects.filter(due_on__gte=today, due_on__lte=today + dt.timedelta(days=days))
        .select_related("grant__funder", "grant__network")
        .prefetch_related("grant__communities")
        .order_by("due_on", "pk")
    )


def send_report_reminders(
    *, base_url: str, now: dt.datetime | None = None, days: int | None = None
) -> int:
    """Send every reminder due and not yet sent; returns how many e-mails went out. Without the
    site's address (its links need it) nothing is sent, and nothing is marked sent."""
    if not base_url:
        return 0
    now = now or timezone.now()
    days = settings.FUNDING_REPORT_REMINDER_DAYS if days is None else days
    today = timezone.localdate(now)
    sent = 0
    for reporting in reminders_due(today=today, days=days):
        communities = list(reporting.grant.communities.all())
        coordinators = (
            Membership.objects.filter(
                community__in=communities,
                community__network=reporting.grant.network_id,
                role=Role.COORDINATOR,
                user__is_active=True,
            )
            .select_related("user", "community")
            .order_by("user_id", "community__name")
        )
        by_user: dict[int, tuple[Any, Community]] = {}
        for membership in coordinators:
            by_user.setdefault(membership.user_id, (membership.user, membership.community))
        for user, community in by_user.values():
            if ReportingReminder.objects.filter(reporting_date=reporting, recipient=user).exists():
                continue
            # Claimed first, in a short transaction of its own (no lock is held while the mail
            # server answers); a send that fails gives the claim back for the next run.
            try:
                with transaction.atomic():
                    claim = ReportingReminder.objects.create(
                        reporting_date=reporting, recipient=user, sent_at=now
                    )
            except IntegrityError:
                continue  # another run has it
            try:
                _email(reporting, user, community, today=today, base_url=base_url)
            except Exception:
                logger.exception("Reporting reminder %s could not be sent", reporting.pk)
                claim.delete()
                continue
            sent += 1
    return sent


def _email(
    reporting: ReportingDate, user: Any, community: Community, *, today: dt.date, base_url: str
) -> None:
    grant = reporting.grant
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        context = {
            "grant": grant,
            "reporting": reporting,
            "days": (reporting.due_on - today).days,
            "url": base_url.rstrip("/") + reverse("funding:community", args=[community.slug]),
        }
        subject = render_to_string("funding/email/reminder_subject.txt", context).strip()
        body = render_to_string("funding/email/reminder.txt", context)
    send_mail(subject, body, None, [user.email])
