"""Participants: who answered, described only as they chose."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groundwork.core.errors import ApplicationError

from ..models import (
    Area,
    Participant,
    Process,
)


def participant_create(*, process: Process, user: Any = None, language: str = "") -> Participant:
    participant = Participant(
        process=process,
        user=user if getattr(user, "is_authenticated", False) else None,
        language=language,
    )
    participant.save()
    return participant


@transaction.atomic
def participant_describe(
    *,
    participant: Participant,
    consent: bool,
    area: Area | None = None,
    age_band: str = "",
    language: str = "",
    lived_experience: str = "",
) -> Participant:
    """The optional "about you" step. Without consent nothing is kept (and earlier answers
    are cleared)."""
    if area is not None and area.process_id != participant.process_id:
        raise ApplicationError(_("Choose an area from the list."), field="area")
    if consent:
        participant.area = area
        participant.age_band = age_band
        participant.language = language or participant.language
        participant.lived_experience = lived_experience
        participant.consented_at = timezone.now()
    else:
        participant.area = None
        participant.age_band = ""
        participant.lived_experience = ""
        participant.consented_at = None
    participant.full_clean()
    participant.save()
    return participant
