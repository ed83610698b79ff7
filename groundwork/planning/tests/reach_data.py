"""Building reach data for tests: people who answered, through the real services."""

import itertools
from typing import Any

from groundwork.planning import services
from groundwork.planning.models import Participant, Process

_keys = itertools.count()


def add_people(
    process: Process,
    count: int,
    *,
    area: str | None = None,
    age_band: str = "",
    language: str = "en",
    lived_experience: str = "",
    consent: bool = True,
    channel: str = "online",
    actor: Any = None,
) -> list[Participant]:
    """`count` residents who each answered one question and, with `consent`, described
    themselves in the optional "about you" step."""
    area_obj = process.areas.get(name=area) if area else None
    people = []
    for _ in range(count):
        participant = services.participant_create(process=process, language=language)
        services.participant_describe(
            participant=participant,
            consent=consent,
            area=area_obj,
            age_band=age_band,
            language=language,
            lived_experience=lived_experience,
        )
        services.contributions_submit(
            process=process,
            participant=participant,
            answers=[services.Answer("problems", "The bus does not come out here")],
            language=language,
            channel=channel,
            idempotency_key=f"reach-{next(_keys)}",
            actor=actor,
        )
        people.append(participant)
    return people
