"""Residents take part without an account: a pseudonymous participant per process, kept in a
signed cookie. Used by the answer form and by the voting pages alike."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from .models import Participant, Process

PARTICIPANT_COOKIE = "gw_participant_{}"
PARTICIPANT_SALT = "groundwork.participant"
ONE_YEAR = 365 * 24 * 3600


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
