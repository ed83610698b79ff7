"""Keeping the directory current: an organization confirms its details are still right (from
its steward's page or from a signed link it was e-mailed), and the reminder e-mails that ask
it to, every ``DIRECTORY_REMINDER_MONTHS`` months.

The link is a signed, dated token (``django.core.signing``, its own salt) that names the
community, the organization and a hash of the address it was sent to: it opens that
organization's page only, stops working after ``DIRECTORY_CONFIRM_LINK_DAYS``, and stops
working when the organization's e-mail address changes."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from groundwork.communities.models import Community, Organization
from groundwork.core.errors import ApplicationError
from groundwork.core.services import audit_record

from ..models import Service, VerificationReminder

SALT = "groundwork.directory.confirm"


def stale_before(today: date | None = None) -> date:
    """A service last verified before this day (or never) is stale."""
    return (today or timezone.localdate()) - relativedelta(
        months=settings.DIRECTORY_REMINDER_MONTHS
    )


def is_stale(last_verified: date | None, today: date | None = None) -> bool:
    return last_verified is None or last_verified < stale_before(today)


# The signed link ----------------------------------------------------------------------------


def _email_hash(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:24]


def confirm_token(organization: Organization) -> str:
    return signing.dumps(
        {
            "c": organization.community_id,
            "o": str(organization.hsds_id),
            "e": _email_hash(organization.email),
        },
        salt=SALT,
        compress=True,
    )


def confirm_url(organization: Organization) -> str:
    return reverse(
        "directory_edit:confirm",
        kwargs={
            "slug": organization.community.slug,
            "organization_id": organization.hsds_id,
            "token": confirm_token(organization),
        },
    )


def token_opens(token: str, organization: Organization) -> bool:
    """Whether ``token`` is a current link for this organization at its current address."""
    try:
        payload = signing.loads(
            token, salt=SALT, max_age=timedelta(days=settings.DIRECTORY_CONFIRM_LINK_DAYS)
        )
    except signing.BadSignature:  # also SignatureExpired
        return False
    return (
        isinstance(payload, dict)
        and bool(organization.email)
        and payload.get("c") == organization.community_id
        and payload.get("o") == str(organization.hsds_id)
        and payload.get("e") == _email_hash(organization.email)
    )


# Confirming ---------------------------------------------------------------------------------


def organization_services(organization: Organization) -> QuerySet[Service]:
    return Service.objects.filter(
        community_id=organization.community_id, organization_id=organization.hsds_id
    )


@transaction.atomic
def organization_confirm(
    *, actor: Any, organization: Organization, actor_label: str = "", on: date | None = None
) -> int:
    """The organization says its details and its services' are still right: all of them are
    marked verified today. ``actor`` None with an ``actor_label`` is the e-mailed link (the
    view has checked the token). Returns how many services were confirmed."""
    if actor is not None and not actor.has_perm("directory.add_service", organization):
        raise ApplicationError(_("You do not have permission to do that."))
    today = on or timezone.localdate()
    organization.last_verified = today
    organization.full_clean()
    organization.save(update_fields=["last_verified", "updated_at"])
    count = organization_services(organization).update(last_verified=today)
    audit_record(
        action="directory.organization_confirmed",
        actor=actor,
        actor_label=actor_label,
        community=organization.community,
        target=organization,
        details={"services": count, "on": today.isoformat()},
    )
    return count


# Reminders ----------------------------------------------------------------------------------


def reminders_due(*, now: datetime | None = None) -> QuerySet[Organization]:
    """Organizations to remind now: with an e-mail address and at least one service, not
    confirmed and not reminded within the last ``DIRECTORY_REMINDER_MONTHS`` months."""
    now = now or timezone.now()
    since = now - relativedelta(months=settings.DIRECTORY_REMINDER_MONTHS)
    services = Service.objects.filter(
        community_id=OuterRef("community_id"), organization_id=OuterRef("hsds_id")
    )
    recent = VerificationReminder.objects.filter(organization_id=OuterRef("pk"), sent_at__gt=since)
    return (
        Organization.objects.exclude(email="")
        .filter(Exists(services))
        .filter(Q(last_verified__isnull=True) | Q(last_verified__lt=since.date()))
        .exclude(Exists(recent))
        .order_by("community_id", "pk")
    )


def reminder_send(*, organization_id: int, base_url: str, now: datetime | None = None) -> bool:
    """E-mail one organization its reminder if it is still due, and record it. The
    organization's row is locked while it is checked, sent and recorded, so two workers
    running at once send it once; a failed send records nothing and is tried next time."""
    now = now or timezone.now()
    with transaction.atomic():
        organization = (
            Organization.objects.select_for_update()
            .filter(pk=organization_id)
            .filter(pk__in=reminders_due(now=now).values("pk"))
            .select_related("community")
            .first()
        )
        if organization is None:
            return False
        community: Community = organization.community
        link = base_url.rstrip("/") + confirm_url(organization)
        services = list(organization_services(organization).order_by("name"))
        parts = []
        for language in ("en", "es"):
            with translation.override(language):
                context = {
                    "organization": organization,
                    "community": community,
                    "services": services,
                    "link": link,
                    "valid_days": settings.DIRECTORY_CONFIRM_LINK_DAYS,
                    "months": settings.DIRECTORY_REMINDER_MONTHS,
                }
                subject = render_to_string("directory/email/confirm_subject.txt", context)
                parts.append(
                    (subject.strip(), render_to_string("directory/email/confirm.txt", context))
                )
        subject = " / ".join(s for s, _b in parts)
        body = "\n\n-----\n\n".join(b.strip() for _s, b in parts) + "\n"
        reminder = VerificationReminder.objects.create(
            community=community, organization=organization, email=organization.email, sent_at=now
        )
        audit_record(
            action="directory.reminder_sent",
            community=community,
            target=organization,
            actor_label="reminders",
            details={"email": organization.email, "reminder": reminder.pk},
        )
        send_mail(subject, body, None, [organization.email])
    return True


def reminders_send_due(*, base_url: str, now: datetime | None = None) -> int:
    """Send every reminder that is due; safe to run twice (the second run sends nothing)."""
    sent = 0
    for organization_id in list(reminders_due(now=now).values_list("pk", flat=True)):
        sent += reminder_send(organization_id=organization_id, base_url=base_url, now=now)
    return sent
