"""The demo's conversation: Alder County's residents agree and disagree on what to do first.

Fictional statements in English and Spanish, some promoted from the demo's answers (keeping
the link), voted on by residents in three loose camps, with the opinion groups computed at
load time so the results page has something to show. Safe to run again.
"""

import random

from django.db import transaction
from django.utils import timezone

from groundwork.communities.models import Role
from groundwork.planning.models import Participant, Process, QuestionKey

from . import analysis, services
from .models import AnalysisRun, Conversation, Vote

STATEMENTS = [
    ("en", "A van to the clinic twice a week would help more than anything else."),
    ("es", "Necesitamos clases de inglés por la tarde, después del trabajo."),
    ("en", "The county should fix the river levee before the next storm season."),
    ("en", "Churches and the school gym can be shelters if we plan ahead."),
    ("es", "Los jóvenes necesitan un lugar seguro después de la escuela."),
    ("en", "Property taxes are already too high to pay for new programs."),
    ("en", "Neighbors checking on older neighbors after storms saves lives."),
    ("es", "La información del condado debe llegar también en español."),
    ("en", "We should apply for state grants together, not town by town."),
    ("en", "The mill site should become a park and farmers market."),
    ("es", "Hace falta más luz en las calles de Mill Hill."),
    ("en", "Broadband for the whole county should come before new roads."),
]

# Facilitators' translations into the other language (fictional, like the statements); the
# last two statements are left for the demo's visitors to see "not yet translated".
TRANSLATIONS = [
    "Una camioneta a la clínica dos veces por semana ayudaría más que cualquier otra cosa.",
    "We need English classes in the evening, after work.",
    "El condado debe reparar el dique del río antes de la próxima temporada de tormentas.",
    "Las iglesias y el gimnasio de la escuela pueden ser refugios si lo planeamos.",
    "Young people need a safe place after school.",
    "Los impuestos sobre la propiedad ya son demasiado altos para pagar programas nuevos.",
    "Que los vecinos visiten a los mayores después de las tormentas salva vidas.",
    "County information should also come in Spanish.",
    "Deberíamos pedir las subvenciones del estado juntos, no pueblo por pueblo.",
    "El terreno del molino debería ser un parque y un mercado de agricultores.",
]

# Each camp's leaning on each statement (1 agree, -1 disagree, 0 unsure).
CAMPS = [
    [1, 1, 1, 1, 1, -1, 1, 1, 1, 1, 1, 1],
    [1, -1, 1, 1, 0, 1, 1, -1, 1, -1, 0, 1],
    [1, 1, 0, 1, 1, -1, 1, 1, -1, 1, 1, -1],
]


@transaction.atomic
def load_deliberation_demo(*, voters: int = 90, seed: int = 2027) -> int:
    """Create the demo conversation once; returns the number of votes created now."""
    process = (
        Process.objects.filter(community__slug="alder-county", slug="resilience-plan")
        .select_related("community")
        .first()
    )
    if process is None or Conversation.objects.filter(process=process).exists():
        return 0
    coordinator = process.community.memberships.filter(role=Role.COORDINATOR).first()
    if coordinator is None:
        return 0
    conversation = services.conversation_create(
        actor=coordinator.user,
        process=process,
        topic="What should Alder County do first? / ¿Qué debe hacer primero el condado?",
        description=(
            "Read each statement and say whether you agree. / Lea cada afirmación y diga si "
            "está de acuerdo."
        ),
    )
    statements = [
        services.statement_seed(
            actor=coordinator.user, conversation=conversation, text=text, language=language
        )
        for language, text in STATEMENTS
    ]
    for statement, translation in zip(statements, TRANSLATIONS, strict=False):
        services.statement_translate(
            actor=coordinator.user,
            statement=statement,
            language="es" if statement.language == "en" else "en",
            text=translation,
        )
    answers = process.contributions.filter(
        question__key=QuestionKey.ACTIONS, moderation="visible"
    ).order_by("id")[:3]
    statements += [
        services.statement_seed(
            actor=coordinator.user,
            conversation=conversation,
            text=answer.text,
            language=answer.language,
            contribution=answer,
        )
        for answer in answers
    ]
    rng = random.Random(seed)
    people = Participant.objects.bulk_create(Participant(process=process) for _ in range(voters))
    votes = []
    for n, person in enumerate(people):
        leaning = CAMPS[n % len(CAMPS)]
        for i, statement in enumerate(statements):
            if rng.random() < 0.2:
                continue  # not everyone sees every statement
            value = leaning[i] if i < len(leaning) else rng.choice([1, 1, 0, -1])
            if rng.random() < 0.15:
                value = rng.choice([1, 0, -1])
            votes.append(
                Vote(
                    conversation=conversation,
                    statement=statement,
                    participant=person,
                    value=value,
                    idempotency_key=f"demo-{n}-{i}",
                )
            )
    Vote.objects.bulk_create(votes)
    _describe_voters(process, people, seed=seed)
    run = AnalysisRun.objects.create(conversation=conversation)
    analysis.run_compute(run)
    run.status = AnalysisRun.Status.DONE
    run.finished_at = timezone.now()
    run.save()
    return len(votes)


def _describe_voters(process: Process, people: list[Participant], *, seed: int) -> None:
    """Most demo voters answer the optional "about you" step, each camp leaning to one area,
    so the report's group composition has something to show (and some counts to hide)."""
    areas = list(process.areas.order_by("order", "name"))
    if not areas:
        return
    rng = random.Random(seed + 1)
    ages = ["18_24", "25_44", "45_64", "65_plus"]
    now = timezone.now()
    for n, person in enumerate(people):
        if rng.random() < 0.2:
            continue  # not everyone agrees to say
        home = areas[(n % len(CAMPS)) % len(areas)]
        person.area = home if rng.random() < 0.8 else rng.choice(areas)
        person.age_band = rng.choice(ages)
        person.language = "es" if rng.random() < 0.35 else "en"
        person.lived_experience = rng.choice(["yes", "no", "yes", "prefer_not"])
        person.consented_at = now
    Participant.objects.bulk_update(
        people, ["area", "age_band", "language", "lived_experience", "consented_at"]
    )
