from django.conf import settings
from django.core.mail import EmailMessage, send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from .models import Invitation, JoinRequest, Role


@task()
def invitation_send_email(*, invitation_id: int, base_url: str) -> bool:
    """Send an e-mail invitation. Safe to run twice: a used or withdrawn one is skipped."""
    invitation = (
        Invitation.objects.select_related("community", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or not invitation.email or not invitation.is_usable:
        return False
    with translation.override(invitation.language):
        context = {
            "invitation": invitation,
            "community": invitation.community,
            "accept_url": base_url.rstrip("/") + invitation.get_accept_url(),
        }
        subject = render_to_string("communities/email/invitation_subject.txt", context).strip()
        body = render_to_string("communities/email/invitation.txt", context)
    send_mail(subject, body, None, [invitation.email])
    return True


@task()
def join_request_notify(*, request_id: int, event: str) -> int:
    """Tell the people a request to join a network concerns, each in their own language: its
    stewards of a new request (``event`` "created"), the coalition's coordinators of the answer
    ("decided"). One message per person; returns how many were sent. A request withdrawn before
    the stewards are told tells nobody."""
    from groundwork.accounts.models import User

    join_request = (
        JoinRequest.objects.select_related("community", "network", "requested_by", "decided_by")
        .filter(pk=request_id)
        .first()
    )
    if join_request is None:
        return 0
    if event == "created":
        if join_request.status != JoinRequest.Status.PENDING:
            return 0
        people = list(join_request.network.stewards.filter(is_active=True).order_by("pk"))
        template = "join_request_new"
    else:
        if join_request.status not in (JoinRequest.Status.ACCEPTED, JoinRequest.Status.DECLINED):
            return 0
        people = list(
            User.objects.filter(
                is_active=True,
                memberships__community=join_request.community,
                memberships__role=Role.COORDINATOR,
            ).order_by("pk")
        )
        template = "join_request_decided"
    context = {
        "join_request": join_request,
        "community": join_request.community,
        "network": join_request.network,
        "site_url": settings.SITE_URL.rstrip("/"),
    }
    sent = 0
    for person in people:
        if not person.email:
            continue
        with translation.override(person.preferred_language or "en"):
            subject = render_to_string(f"communities/email/{template}_subject.txt", context)
            body = render_to_string(f"communities/email/{template}.txt", context)
        EmailMessage(" ".join(subject.split()), body, to=[person.email]).send()
        sent += 1
    return sent
