from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from .models import Invitation


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
