"""How pages of every app reach a process from its address, and residents take part
without an account: a pseudonymous participant per process, kept in a signed cookie. Used by
the answer form, the voting pages and the plan pages alike."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from groundwork.core.permissions import check_perm

from .models import Participant, Process

PARTICIPANT_COOKIE = "gw_participant_{}"
PARTICIPANT_SALT = "groundwork.participant"
ONE_YEAR = 365 * 24 * 3600


def process_for_request(request: HttpRequest, slug: str, process_slug: str, perm: str) -> Process:
    """The process at /c/<slug>/p/<process_slug>/, found through its community (never by bare
    id), after checking that the visitor has ``perm`` on it (sign in, or 403)."""
    process = get_object_or_404(
        Process.objects.select_related("community__network", "current_phase"),
        community__slug=slug,
        slug=process_slug,
    )
    check_perm(request, perm, process)
    return process


def participant_from_cookie(request: HttpRequest, process: Process) -> Participant | None:
    public_id = request.get_signed_cookie(
        PARTICIPANT_COOKIE.format(process.pk), default=None, salt=PARTICIPANT_SALT
    )
    if not public_id:
        return None
    return Participant.objects.filter(process=process, public_id=public_id).first()


def remember_participant(response: HttpResponse, participant: Participant) -> None:
    response.set_signed_cookie(
        PARTICIPANT_COOKIE.format(participant.process_id),
        str(participant.public_id),
        salt=PARTICIPANT_SALT,
        max_age=ONE_YEAR,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def participant_for_request(
    request: HttpRequest, process: Process, known: Participant | None = None
) -> Participant:
    """The visitor's participant (``known`` when the caller already read the cookie), created
    on first use. Call it inside the transaction that stores what they send, so that a refused
    submission leaves no participant behind."""
    from django.utils.translation import get_language

    from .services import participant_create

    return (
        known
        or participant_from_cookie(request, process)
        or participant_create(process=process, user=request.user, language=get_language() or "")
    )
