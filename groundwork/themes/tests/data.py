"""Answers in English and Spanish about three subjects, submitted through the planning service."""

from typing import Any

from groundwork.planning import services as planning

ENGLISH = {
    "bus": [
        "The bus to the clinic comes only twice a day",
        "We need more buses on the east side route",
        "Bus stops have no shelter from the rain",
        "The bus schedule does not match school hours",
        "Late night buses would help shift workers",
        "Buses are always late and the route is too long",
        "More frequent buses to the clinic and the market",
        "The bus route skips our neighborhood",
    ],
    "park": [
        "The park has no lights at night",
        "Children need a safe park with a playground",
        "The park benches are broken and the playground too",
        "Clean the park and fix the playground",
        "More trees and shade in the park",
        "The park playground is unsafe for small children",
        "Open the park pool in summer for the children",
        "A park near the river with a playground",
    ],
    "rent": [
        "Rent is too high for families here",
        "Housing costs keep rising and rent doubled",
        "Landlords raise the rent every year",
        "Young people cannot afford rent or housing",
        "Affordable housing for seniors and families",
        "Rent control would keep families housed",
        "High rent pushes families out of town",
        "Housing near work with a fair rent",
    ],
}
SPANISH = {
    "autobus": [
        "El autobús a la clínica pasa solo dos veces al día",
        "Necesitamos más autobuses en la ruta del este",
        "Las paradas del autobús no tienen techo para la lluvia",
        "El horario del autobús no coincide con la escuela",
        "Autobuses de noche para los que trabajan tarde",
        "El autobús siempre llega tarde y la ruta es larga",
        "Más autobuses a la clínica y al mercado",
        "La ruta del autobús no pasa por nuestro barrio",
    ],
    "parque": [
        "El parque no tiene luces de noche",
        "Los niños necesitan un parque seguro con juegos",
        "Las bancas del parque están rotas y los juegos también",
        "Limpiar el parque y arreglar los juegos de los niños",
        "Más árboles y sombra en el parque",
        "Los juegos del parque son peligrosos para los niños",
        "Abrir la alberca del parque en verano para los niños",
        "Un parque junto al río con juegos para niños",
    ],
}

ANSWERS = sum(len(texts) for texts in [*ENGLISH.values(), *SPANISH.values()])

NEW_ENGLISH = [
    "The bus to the clinic should come every hour",
    "More buses on the route to the market",
    "Fix the park playground for the children",
    "Rent is too high and housing is scarce",
]


def submit(process: Any, texts: list[str], language: str, prefix: str) -> None:
    """One online submission per answer to the "problems" question."""
    for i, text in enumerate(texts):
        planning.contributions_submit(
            process=process,
            participant=None,
            answers=[planning.Answer(question="problems", text=text)],
            language=language,
            channel="online",
            idempotency_key=f"{prefix}-{i}",
        )


def submit_all(process: Any) -> None:
    submit(process, [t for texts in ENGLISH.values() for t in texts], "en", "en")
    submit(process, [t for texts in SPANISH.values() for t in texts], "es", "es")


def look_alike_themes(tenant: Any) -> None:
    """The same answers in another tenant's process, grouped into themes by a finished run: a
    theme, run or membership query that forgets its ``process=`` finds these too."""
    from groundwork.themes import services
    from groundwork.themes.tasks import themes_compute

    submit_all(tenant.process)
    run = services.themes_request(
        actor=tenant.coordinator, question=tenant.process.questions.get(key="problems")
    )
    assert themes_compute.call(run_id=run.pk) == "done"
    tenant.baseline()  # from here on nothing of it may change
