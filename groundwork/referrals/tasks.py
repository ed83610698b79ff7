"""E-mails about referrals. They name no person and no sensitive service: a number and a link
to sign in (the sender), or the person's own links (the person)."""

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from groundwork.accounts.models import User

from .links import person_path
from .models import Notification, Referral


@task()
def referral_notice_email(*, referral_id: int, user_id: int, kind: str, base_url: str = "") -> bool:
    """Tell a member, in their language, about a referral: the sender that it was accepted,
    declined, closed, forwarded or that consent was revoked; the receiving organization that it
    arrived; both organizations and the coordinators that it has had no answer. Coordinators,
    who never see a referral, are sent to the de-identified figures instead."""
    referral = Referral.objects.select_related("community").filter(pk=referral_id).first()
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if referral is None or user is None or kind not in Notification.Kind.values:
        return False
    with translation.override(user.preferred_language or "en"):
        context = {
            "referral": referral,
            "kind": Notification.Kind(kind).label,
            "status": referral.get_status_display(),
            "url": base_url.rstrip("/")
            + (
                referral.get_absolute_url()
                if user.has_perm("referrals.view_referral", referral)
                else reverse("referrals:report", args=[referral.community.slug])
            ),
        }
        subject = render_to_string("referrals/email/notice_subject.txt", context).strip()
        body = render_to_string("referrals/email/notice.txt", context)
    send_mail(subject, body, None, [user.email])
    return True


@task()
def referral_links_email(*, referral_ids: list[int], base_url: str = "") -> bool:
    """Send the person their links (one per service), in their language."""
    referrals = list(
        Referral.objects.select_related("person", "service", "community")
        .filter(pk__in=referral_ids, details_erased_at__isnull=True)
        .order_by("pk")
    )
    if not referrals or not referrals[0].person.email:
        return False
    person = referrals[0].person
    root = base_url.rstrip("/")
    with translation.override(person.language):
        context = {
            # A sensitive service is not named in an e-mail others may read.
            "links": [
                (
                    _("a confidential service") if r.sensitive else r.service.display_name,
                    root + person_path(r),
                )
                for r in referrals
            ],
            "awaiting": referrals[0].status == "awaiting_consent",
        }
        subject = render_to_string("referrals/email/links_subject.txt", context).strip()
        body = render_to_string("referrals/email/links.txt", context)
    send_mail(subject, body, None, [person.email])
    return True


@task()
def referrals_daily(*, base_url: str = "") -> dict[str, list[int]]:
    """The daily work (``manage.py referrals_daily`` from cron): flag unanswered referrals,
    erase expired details. Safe to run twice."""
    from .actions.overdue import referrals_flag_overdue
    from .actions.retention import referrals_erase_expired

    return {
        "flagged": referrals_flag_overdue(base_url=base_url),
        "erased": referrals_erase_expired(),
    }
