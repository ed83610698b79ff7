"""Seed one large public planning process for the planning benchmark.

A community, a public process in its gathering phase (built with the real services), areas,
gatherings, population figures, 30,000 participants (about two thirds with consented,
self-described demographics) and 100,000 contributions spread over the five questions, every
channel, English and Spanish, with a few held for review or hidden. Text is generated from word
lists with a fixed seed, so every run builds the same data.

Bulk rows (participants, contributions) go in with `bulk_create` in batches: they skip the
services' per-row validation and audit events, which is what makes 100,000 rows take seconds.

Run it through Django against a migrated database:

    DATABASE_URL=... SECRET_KEY=... python bench/seed_planning.py [--participants N] ...
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

COMMUNITY_SLUG = "bench-county"
PROCESS_SLUG = "resilience-plan"

AREAS = [
    # name, population, how likely a consenting participant says they live there
    ("Town of Alder", 9200, 30),
    ("Mill Hill", 4100, 18),
    ("Red Clay Township", 3600, 14),
    ("Cedar Bottoms", 2900, 12),
    ("North Fork", 2400, 9),
    ("Eastbrook Center", 5200, 8),
    ("Fox Run", 1800, 5),
    ("Pine Flats", 1300, 4),
]
AGE_POPULATION = {"under_18": 5900, "18_24": 2600, "25_44": 7400, "45_64": 8100, "65_plus": 6500}
LANGUAGE_POPULATION = {"en": 23500, "es": 7000}

# Per-question chance that an online submission answers it (so "problems" is the busiest).
QUESTION_CHANCE = {
    "problems": 0.80,
    "barriers": 0.55,
    "strengths": 0.55,
    "actions": 0.50,
    "allies": 0.43,
}
CHANNEL_WEIGHTS = {
    "online": 40,
    "large_group": 20,
    "small_group": 20,
    "paper": 15,
    "interview": 5,
}
SPANISH_SHARE = 0.3
CONSENT_SHARE = 0.65
HELD_SHARE = 0.015
HIDDEN_SHARE = 0.005
DAYS = 120

TAILS = {
    "en": [
        "for years now",
        "since the flood",
        "every winter",
        "since the plant closed",
        "more than people think",
        "and nobody seems to notice",
        "and it keeps getting worse",
        "on the east side especially",
        "out past the county road",
        "around the old mill",
        "near the school",
        "downtown and in the trailer parks",
    ],
    "es": [
        "desde hace años",
        "desde la inundación",
        "cada invierno",
        "desde que cerró la planta",
        "más de lo que la gente piensa",
        "y nadie parece darse cuenta",
        "y cada vez es peor",
        "sobre todo en el lado este",
        "cerca de la escuela",
        "en el centro y en las casas móviles",
    ],
}
EXTRA = {
    "en": [
        "My neighbor has the same problem.",
        "We talked about this at church last month.",
        "I hope the county listens this time.",
        "Our kids deserve better than this.",
        "It is hard to talk about but it matters.",
        "We tried something like this before and it worked for a while.",
        "Nobody asked us until now, so thank you.",
        "The people who need this most will not come to a meeting.",
        "Please make sure the information also goes out in Spanish.",
        "This is the one thing I would fix first.",
        "Older folks remember when this worked better.",
        "It would not cost much, just people's time.",
    ],
    "es": [
        "Mi vecina tiene el mismo problema.",
        "Lo hablamos en la iglesia el mes pasado.",
        "Ojalá el condado escuche esta vez.",
        "Nuestros hijos merecen algo mejor.",
        "Es difícil hablar de esto pero importa.",
        "Nadie nos había preguntado, así que gracias.",
        "Las personas que más lo necesitan no vienen a las reuniones.",
        "Por favor, que la información también salga en español.",
        "Esto es lo primero que yo arreglaría.",
        "No costaría mucho, solo el tiempo de la gente.",
    ],
}
GATHERINGS = [
    # title, kind, language, days before the end of the seeded period
    ("Community meal and conversation", "large", "en", 100),
    ("Comida y conversación en La Esperanza", "large", "es", 90),
    ("Library listening session", "small", "en", 85),
    ("Círculo de madres", "small", "es", 80),
    ("Youth council evening", "small", "en", 70),
    ("Fire hall town meeting", "large", "en", 60),
    ("Mill Hill porch conversation", "small", "en", 50),
    ("Elders' lunch", "small", "en", 40),
    ("Reunión de trabajadores del campo", "small", "es", 30),
    ("Spring resilience fair", "large", "en", 20),
    ("Church basement circle", "small", "en", 12),
    ("Feria de salud", "large", "es", 6),
]


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "groundwork.settings")
    import django

    django.setup()


@contextlib.contextmanager
def _timestamps_as_given(*models: Any) -> Iterator[None]:
    """Let bulk_create keep the created_at values we spread over months (auto_now_add would
    stamp every row with the same instant)."""
    fields = [m._meta.get_field("created_at") for m in models]
    saved = [f.auto_now_add for f in fields]
    for f in fields:
        f.auto_now_add = False
    try:
        yield
    finally:
        for f, value in zip(fields, saved, strict=True):
            f.auto_now_add = value


def answer_text(
    rng: random.Random, answers: dict[str, dict[str, list[str]]], key: str, lang: str
) -> str:
    text = rng.choice(answers[key][lang])
    if rng.random() < 0.55:
        text += " " + rng.choice(TAILS[lang])
    text += "."
    for _ in range(rng.choices([0, 1, 2, 3], [45, 30, 17, 8])[0]):
        text += " " + rng.choice(EXTRA[lang])
    return text


def seed(
    *,
    participants: int = 30_000,
    contributions: int = 100_000,
    seed: int = 2027,
    batch_size: int = 2000,
) -> dict[str, Any]:
    """Build the benchmark process; returns what was made and how long it took."""
    from django.db import transaction
    from django.utils import timezone

    from groundwork.accounts.models import User
    from groundwork.communities import services as community_services
    from groundwork.planning import services
    from groundwork.planning.demo import ANSWERS
    from groundwork.planning.models import (
        AgeBand,
        Contribution,
        Participant,
        PopulationFigure,
        Process,
        YesNoPreferNot,
    )

    started = time.perf_counter()
    rng = random.Random(seed)
    end = timezone.now().replace(microsecond=0) - timedelta(hours=1)
    begin = end - timedelta(days=DAYS)

    with transaction.atomic():
        coordinator = User.objects.create_user(
            "bench-coordinator@example.org", None, name="Bench Coordinator"
        )
        community = community_services.community_create(
            actor=coordinator,
            name="Bench County",
            slug=COMMUNITY_SLUG,
            kind="county",
            coalition_name="Bench County Resilience Coalition",
            description="A fictional county with a large planning process, for benchmarks.",
        )
        process = services.process_create(
            actor=coordinator,
            community=community,
            title="Our Community Resilience Plan",
            slug=PROCESS_SLUG,
            purpose="Five questions for everyone in the county, online, on paper and in person.",
            areas=[name for name, _, _ in AREAS],
        )
        gatherings = [
            services.gathering_save(
                actor=coordinator,
                process=process,
                title=title,
                kind=kind,
                language=language,
                starts_at=end - timedelta(days=days_before),
                place="Community center",
                facilitator=coordinator,
                expected_attendance=60 if kind == "large" else 15,
                actual_attendance=rng.randint(30, 90) if kind == "large" else rng.randint(6, 18),
            )
            for title, kind, language, days_before in GATHERINGS
        ]
        by_kind = {
            "large_group": [g for g in gatherings if g.kind == "large"],
            "small_group": [g for g in gatherings if g.kind == "small"],
        }
        PopulationFigure.objects.bulk_create(
            [
                *(
                    PopulationFigure(
                        process=process, dimension="area", value=name, population=pop, source="ACS"
                    )
                    for name, pop, _ in AREAS
                ),
                *(
                    PopulationFigure(
                        process=process, dimension="age_band", value=k, population=v, source="ACS"
                    )
                    for k, v in AGE_POPULATION.items()
                ),
                *(
                    PopulationFigure(
                        process=process, dimension="language", value=k, population=v, source="ACS"
                    )
                    for k, v in LANGUAGE_POPULATION.items()
                ),
            ]
        )
    setup_seconds = time.perf_counter() - started

    areas = list(process.areas.order_by("order"))
    area_weights = [w for _, _, w in AREAS]
    ages = list(AgeBand.values)
    lived = [YesNoPreferNot.YES, YesNoPreferNot.NO, YesNoPreferNot.PREFER_NOT, ""]
    channels = list(CHANNEL_WEIGHTS)
    channel_weights = list(CHANNEL_WEIGHTS.values())
    questions = {q.key: q for q in process.questions.all()}
    keys = list(QUESTION_CHANCE)
    # Participants arrive through the period; each is created at their first submission.
    times = sorted(
        begin + timedelta(seconds=rng.uniform(0, DAYS * 86400)) for _ in range(participants)
    )

    def reason_and_state() -> tuple[str, str]:
        r = rng.random()
        if r < HELD_SHARE:
            return "held", "May contain personal data"
        if r < HELD_SHARE + HIDDEN_SHARE:
            return "hidden", "Off topic"
        return "visible", ""

    made = {"participants": 0, "contributions": 0, "consented": 0, "held": 0, "hidden": 0}
    t0 = time.perf_counter()
    with _timestamps_as_given(Participant, Contribution), transaction.atomic():
        people: list[Any] = []
        for i in range(participants):
            lang = "es" if rng.random() < SPANISH_SHARE else "en"
            consented = rng.random() < CONSENT_SHARE
            person = Participant(
                process=process,
                public_id=uuid.UUID(int=rng.getrandbits(128), version=4),
                language=lang,
                created_at=times[i],
            )
            if consented:
                person.area = rng.choices(areas, area_weights)[0] if rng.random() < 0.9 else None
                person.age_band = rng.choice([*ages, ""])
                person.lived_experience = rng.choice(lived)
                person.consented_at = times[i]
                made["consented"] += 1
            people.append(person)
        Participant.objects.bulk_create(people, batch_size=batch_size)
        made["participants"] = len(people)
        participant_seconds = time.perf_counter() - t0

        t1 = time.perf_counter()
        pending: list[Any] = []

        def add(contribution: Any) -> None:
            pending.append(contribution)
            made["contributions"] += 1
            made[contribution.moderation] = made.get(contribution.moderation, 0) + 1
            if len(pending) >= batch_size:
                Contribution.objects.bulk_create(pending, batch_size=batch_size)
                pending.clear()

        # Online and recorded submissions from participants: several answers each, one key.
        budget = int(contributions * 0.85)
        for i, person in enumerate(people):
            if made["contributions"] >= budget:
                break
            chosen = [k for k in keys if rng.random() < QUESTION_CHANCE[k]] or ["problems"]
            channel = rng.choices(channels, channel_weights)[0]
            gathering = rng.choice(by_kind[channel]) if channel in by_kind else None
            for sequence, key in enumerate(chosen):
                state, reason = reason_and_state()
                add(
                    Contribution(
                        community=community,
                        process=process,
                        question=questions[key],
                        participant=person,
                        gathering=gathering,
                        text=answer_text(rng, ANSWERS, key, person.language),
                        language=person.language,
                        channel=channel,
                        barrier_kind=rng.choice(["internal", "external", ""])
                        if key == "barriers"
                        else "",
                        moderation=state,
                        moderation_reason=reason,
                        idempotency_key=f"seed-{i}",
                        sequence=sequence,
                        created_at=person.created_at + timedelta(seconds=sequence),
                    )
                )
        # Answers typed in by facilitators from gatherings and paper forms, with no participant.
        batch = 0
        while made["contributions"] < contributions:
            batch += 1
            key = rng.choice(keys)
            channel = rng.choices(channels[1:], channel_weights[1:])[0]
            gathering = rng.choice(by_kind[channel]) if channel in by_kind else None
            lang = "es" if rng.random() < SPANISH_SHARE else "en"
            when = (
                gathering.starts_at + timedelta(days=rng.uniform(0, 5))
                if gathering
                else begin + timedelta(seconds=rng.uniform(0, DAYS * 86400))
            )
            lines = min(rng.randint(5, 40), contributions - made["contributions"])
            for sequence in range(lines):
                state, reason = reason_and_state()
                add(
                    Contribution(
                        community=community,
                        process=process,
                        question=questions[key],
                        participant=None,
                        gathering=gathering,
                        text=answer_text(rng, ANSWERS, key, lang),
                        language=lang,
                        channel=channel,
                        barrier_kind=rng.choice(["internal", "external", ""])
                        if key == "barriers"
                        else "",
                        moderation=state,
                        moderation_reason=reason,
                        idempotency_key=f"capture-{batch}",
                        sequence=sequence,
                        created_at=min(when + timedelta(seconds=sequence * 20), end),
                    )
                )
        if pending:
            Contribution.objects.bulk_create(pending, batch_size=batch_size)
        contribution_seconds = time.perf_counter() - t1

    by_question = {
        key: Contribution.objects.filter(process=process, question=q).count()
        for key, q in questions.items()
    }
    visible_problems = Contribution.objects.filter(
        process=process, question=questions["problems"], moderation="visible"
    ).count()
    assert Process.objects.get(pk=process.pk).is_gathering
    return {
        "community_slug": COMMUNITY_SLUG,
        "process_slug": PROCESS_SLUG,
        "process_id": process.pk,
        "counts": {
            **made,
            "areas": len(areas),
            "gatherings": len(gatherings),
            "population_figures": PopulationFigure.objects.filter(process=process).count(),
            "contributions_by_question": by_question,
            "visible_problems": visible_problems,
        },
        "seconds": {
            "setup": round(setup_seconds, 2),
            "participants": round(participant_seconds, 2),
            "contributions": round(contribution_seconds, 2),
            "total": round(time.perf_counter() - started, 2),
        },
        "seed": seed,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=30_000)
    parser.add_argument("--contributions", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2027)
    args = parser.parse_args(argv)
    _setup_django()
    result = seed(participants=args.participants, contributions=args.contributions, seed=args.seed)
    json.dump(result, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
