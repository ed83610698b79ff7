"""Following the plan by e-mail (double opt-in)."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groundwork.core.errors import ApplicationError
from groundwork.core.services import audit_record

from ..models import (
    FOLLOW_CONFIRM_SALT,
    FOLLOW_SALT,
    Follow,
    Plan,
)


def plan_mailing_list(plan: Plan) -> Any:
    """The plan's own mailing list (its followers), made on first use."""
    from groundwork.newsletters.models import MailingList

    mailing_list, _created = MailingList.objects.get_or_create(
        plan=plan,
        defaults={
            "community_id": plan.community_id,
            "slug": f"plan-{plan.pk}",
            "name_en": plan.title[:200],
        },
    )
    return mailing_list


@transaction.atomic
def follow_create(
    *, plan: Plan, email: str, user: Any = None, language: str = "", site_root: str = ""
) -> Follow:
    """Ask for the plan's progress updates at an address: double opt-in. A new request (or one
    still waiting) e-mails the address a signed link to confirm, in the requester's language;
    nothing else goes to it before. An address that already follows gets nothing (a double
    submit stores one), and the caller learns nothing either way: the same Follow-shaped
    answer, the same page. ``site_root`` (https://host) prefixes the link in the e-mail."""
    from django.conf import settings
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    email = email.strip()
    try:
        validate_email(email)
    except ValidationError as error:
        raise ApplicationError(_("Enter a valid e-mail address."), field="email") from error
    local, domain = email.rsplit("@", 1)
    email = f"{local}@{domain.lower()}"
    languages = [code for code, _name in settings.LANGUAGES]
    language = language if language in languages else settings.LANGUAGE_CODE[:2]
    mailing_list = plan_mailing_list(plan)
    follow = (
        Follow.objects.select_for_update()
        .filter(mailing_list=mailing_list, email__iexact=email)
        .first()
    )
    if follow is not None and follow.confirmed_at is not None:
        return follow  # already follows: nothing to send, nothing to tell
    now = timezone.now()
    if follow is None:
        follow = Follow(
            mailing_list=mailing_list,
            email=email,
            user=user if getattr(user, "is_authenticated", False) else None,
            language=language,
        )
        action = "plan.follow_requested"
    else:
        follow.language = language  # asked again: write in the language of the latest ask
        action = "plan.follow_requested_again"
    follow.confirmation_sent_at = now
    follow.full_clean()
    follow.save()
    audit_record(community=plan.community, actor=user, action=action, target=follow)
    follow_id, root = follow.pk, site_root.rstrip("/")
    transaction.on_commit(lambda: _follow_send_confirmation(follow_id, root))
    return follow


def _follow_send_confirmation(follow_id: int, root: str) -> None:
    from django.conf import settings
    from django.core.mail import EmailMessage
    from django.template.loader import render_to_string
    from django.utils import translation

    follow = (
        Follow.objects.select_related("mailing_list__plan__process__community")
        .filter(pk=follow_id)
        .first()
    )
    if follow is None or follow.confirmed_at is not None:
        return
    with translation.override(follow.language):
        context = {
            "plan": follow.plan,
            "community": follow.plan.process.community,
            "confirm_url": root + follow.get_confirm_url(),
            "days": settings.FOLLOW_CONFIRM_DAYS,
        }
        subject = render_to_string("plans/email/follow_confirm_subject.txt", context).strip()
        body = render_to_string("plans/email/follow_confirm.txt", context)
    EmailMessage(subject, body, to=[follow.email]).send()


def follow_from_confirm_token(token: str) -> Follow | None:
    """The follow request a confirmation link stands for, if the link is genuine, not older
    than FOLLOW_CONFIRM_DAYS and the request is still there."""
    from django.conf import settings
    from django.core import signing

    try:
        value = signing.loads(
            token, salt=FOLLOW_CONFIRM_SALT, max_age=settings.FOLLOW_CONFIRM_DAYS * 24 * 3600
        )
    except signing.BadSignature:  # also SignatureExpired
        return None
    if not isinstance(value, dict):
        return None
    return (
        Follow.objects.select_related("mailing_list__plan__process__community")
        .filter(pk=value.get("f"), email=value.get("e"))
        .first()
    )


@transaction.atomic
def follow_confirm(*, follow: Follow) -> Follow:
    """The address's owner followed the link: updates go to it from now on. Confirming again
    changes nothing."""
    follow = Follow.objects.select_for_update().get(pk=follow.pk)
    if follow.confirmed_at is not None:
        return follow
    follow.confirmed_at = timezone.now()
    follow.save(update_fields=["confirmed_at"])
    audit_record(community=follow.community, action="plan.followed", target=follow)
    return follow


def follow_prune_unconfirmed(*, now: Any = None) -> int:
    """Remove follow requests whose confirmation link was sent more than FOLLOW_CONFIRM_DAYS
    ago and never followed (the newsletters' rule, for plans' followers). Run by the periodic
    digest command; safe to run twice."""
    from groundwork.newsletters.services import prune_unconfirmed

    return prune_unconfirmed(subscriptions=Follow.objects.all(), now=now)


@transaction.atomic
def follow_delete(*, follow: Follow) -> None:
    """Stop the e-mails (from the signed link: no account needed, so the record names no
    actor; "plan.unfollowed" happens only through that link)."""
    audit_record(community=follow.community, action="plan.unfollowed", target=follow.plan)
    follow.delete()


def follow_from_token(token: str) -> Follow | None:
    """The follow a signed unsubscribe token stands for, if it is genuine and still there."""
    from django.core import signing

    try:
        value = signing.loads(token, salt=FOLLOW_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(value, dict):
        return None
    return (
        Follow.objects.select_related("mailing_list__plan__process__community")
        .filter(pk=value.get("f"), email=value.get("e"))
        .first()
    )
