"""Flagging referrals that got no answer after a number of business days."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groundwork.communities.models import Membership
from groundwork.core.services import audit_record

from ..models import Notification, Referral, Status
from .common import email_notice, members_handling


def business_days_between(start: dt.date, end: dt.date) -> int:
    """Weekdays after ``start`` up to and including ``end``."""
    days = 0
    current = start
    while current < end:
        current += dt.timedelta(days=1)
        if current.weekday() < 5:
            days += 1
    return days


def referrals_flag_overdue(
    *, now: dt.datetime | None = None, days: int | None = None, base_url: str = ""
) -> list[int]:
    """Flag sent referrals without an answer after ``days`` business days
    (REFERRAL_RESPONSE_DAYS) to both organizations and the community's coordinators, once
    each, in the app and by e-mail. Safe to run twice; returns the referrals flagged."""
    from groundwork.communities.models import Role

    now = now or timezone.now()
    days = settings.REFERRAL_RESPONSE_DAYS if days is None else days
    today = timezone.localdate(now)
    flagged = []
    waiting = Referral.objects.filter(
        status=Status.SENT, overdue_flagged_at__isnull=True, sent_at__isnull=False
    ).select_related("community", "sender", "receiver")
    for referral in waiting.order_by("pk"):
        if business_days_between(timezone.localdate(referral.sent_at), today) <= days:
            continue
        with transaction.atomic():
            if not Referral.objects.filter(pk=referral.pk, overdue_flagged_at__isnull=True).update(
                overdue_flagged_at=now
            ):
                continue
            recipients = {
                *members_handling(referral.sender),
                *members_handling(referral.receiver),
                *(
                    m.user
                    for m in Membership.objects.filter(
                        community=referral.community, role=Role.COORDINATOR
                    ).select_related("user")
                ),
            }
            for user in recipients:
                Notification.objects.create(
                    recipient=user, referral=referral, kind=Notification.Kind.OVERDUE
                )
            email_notice(referral, [u.pk for u in recipients], Notification.Kind.OVERDUE, base_url)
            audit_record(
                community=referral.community,
                actor_label=_("reminder"),
                action="referral.overdue",
                target=referral,
                details={"business_days": days},
            )
        flagged.append(referral.pk)
    return flagged
