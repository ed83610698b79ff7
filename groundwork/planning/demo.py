"""Demo content for planning: a process in progress in each demo community, with a few hundred
fictional answers in English and Spanish from every channel. Deterministic and idempotent."""

import random
from datetime import timedelta

from django.db import transaction

from groundwork.communities.models import Community, Role

from . import services
from .models import AgeBand, Channel, Gathering, Process, YesNoPreferNot

ANSWERS = {
    "problems": {
        "en": [
            "There is no bus to the clinic, so people miss appointments",
            "Rents went up and families are doubling up in small apartments",
            "Young people have nowhere to go after school",
            "The river floods Mill Road every spring and the same homes get hit",
            "Too many overdoses among people we grew up with",
            "Seniors living alone are isolated, especially in winter",
            "The plant closing left a lot of men without work or purpose",
            "Kids are hungry over the summer when school meals stop",
            "People do not trust the police or the county offices",
            "Grief and trauma from the flood still weigh on families",
            "Childcare is too expensive or too far away",
            "Broadband is slow or missing outside town",
        ],
        "es": [
            "No hay transporte a la clínica y la gente pierde sus citas",
            "Las rentas subieron y varias familias viven en un solo apartamento",
            "Los jóvenes no tienen adónde ir después de la escuela",
            "Muchas familias tienen miedo de pedir ayuda por su situación migratoria",
            "No hay intérpretes en el hospital ni en la oficina del condado",
            "Los trabajos en el campo pagan poco y no tienen seguro médico",
            "Los niños pasan hambre en el verano cuando cierra la escuela",
            "La inundación dejó casas con moho y nadie las ha reparado",
            "Los adultos mayores están solos y no saben usar internet",
            "Hay mucho estrés y depresión, pero no se habla de eso",
        ],
    },
    "barriers": {
        "en": [
            "The county has no budget line for transportation",
            "We do not know who to call when something goes wrong",
            "Meetings happen during work hours",
            "Landlords are not held to any standard",
            "Agencies do not talk to each other",
            "People feel judged when they ask for help",
            "Funding comes in one-year grants that end just as things start working",
            "The same few people do all the volunteering and burn out",
        ],
        "es": [
            "La información solo está en inglés",
            "Las reuniones son cuando estamos trabajando",
            "No hay cuidado de niños durante las reuniones",
            "La gente tiene miedo de dar su nombre",
            "Los programas piden papeles que muchas familias no tienen",
            "No hay transporte para llegar a los servicios",
        ],
    },
    "strengths": {
        "en": [
            "Our churches open their doors to anyone in a crisis",
            "The volunteer fire department knows every road and family",
            "Neighbors checked on each other during the flood",
            "The farmers' cooperative has a community kitchen we could use",
            "Retired teachers want to tutor kids",
            "The library has computers and a meeting room",
            "High school students started a food drive on their own",
            "Elders remember how we got through hard times before",
        ],
        "es": [
            "La iglesia San José organiza comidas para quien lo necesite",
            "Las mamás del barrio se ayudan a cuidar a los niños",
            "Hay muchos negocios familiares que conocen a todos",
            "El centro comunitario da clases de inglés gratis",
            "Los jóvenes son bilingües y ayudan a traducir",
            "Tenemos un equipo de fútbol que une a las familias",
        ],
    },
    "actions": {
        "en": [
            "Set up a volunteer ride share to the clinic",
            "Open the library on Saturdays for teens",
            "Start a neighbor phone tree for storms and heat waves",
            "Hold community meals where agencies come to us",
            "Train more people in mental health first aid",
            "Map which homes flood and fix drainage together",
            "Run a summer lunch program at the churches",
        ],
        "es": [
            "Organizar viajes compartidos a la clínica",
            "Hacer reuniones en la tarde con cuidado de niños",
            "Formar un grupo de promotoras de salud del barrio",
            "Traducir la información del condado al español",
            "Crear un torneo de fútbol para los jóvenes en el verano",
            "Abrir un banco de comida en el centro comunitario",
        ],
    },
    "allies": {
        "en": [
            "The county health department",
            "The community college's nursing program",
            "The regional food bank",
            "State legislators who grew up here",
            "The hospital's community benefit office",
            "A community foundation that funds small projects",
        ],
        "es": [
            "El consulado para ayudar con documentos",
            "La universidad, que tiene estudiantes de trabajo social",
            "El departamento de salud del condado",
            "Abogados voluntarios para problemas de vivienda",
            "El banco de comida regional",
        ],
    },
}

ENDINGS = {
    "en": [
        "",
        "",
        "",
        ". It has been like this for years",
        ". This affects my family directly",
        ". Everyone I know says the same",
    ],
    "es": ["", "", "", ". Así ha sido por años", ". Esto afecta a mi familia", ". Todos lo dicen"],
}

CHANNEL_WEIGHTS = [
    (Channel.ONLINE, 40),
    (Channel.LARGE_GROUP, 20),
    (Channel.SMALL_GROUP, 20),
    (Channel.PAPER, 15),
    (Channel.INTERVIEW, 5),
]

AREAS = {
    "alder-county": [
        "Town of Alder",
        "Mill Hill",
        "Red Clay Township",
        "Cedar Bottoms",
        "North Fork",
    ],
    "riverside-heights": ["Riverside", "Mill Hill", "Eastbrook Center", "Fox Run"],
    "cedar-creek": ["Cedar Creek", "Pine Flats", "Willow Town"],
}


DEMO_TITLE = "Our Community Resilience Plan"
DEMO_TITLE_ES = "Nuestro plan de resiliencia comunitaria"


@transaction.atomic
def load_planning_demo(*, participants_per_community: int = 120, seed: int = 2027) -> int:
    """Create the demo processes once; returns the number of answers created now."""
    created = 0
    # Demo processes made before processes had a Spanish title get it now.
    Process.objects.filter(
        community__slug__in=AREAS, slug="resilience-plan", title=DEMO_TITLE, title_es=""
    ).update(title_es=DEMO_TITLE_ES)
    for community in Community.objects.filter(slug__in=AREAS).order_by("pk"):
        if Process.objects.filter(community=community, slug="resilience-plan").exists():
            continue
        coordinator = community.memberships.filter(role=Role.COORDINATOR).first()
        if coordinator is None:
            continue
        process = services.process_create(
            actor=coordinator.user,
            community=community,
            title=DEMO_TITLE,
            title_es=DEMO_TITLE_ES,
            slug="resilience-plan",
            purpose=(
                "Over the next months we are asking everyone five questions, in English and "
                "Spanish, online, on paper and in gatherings. / Durante los próximos meses "
                "hacemos cinco preguntas a todos, en inglés y en español."
            ),
            areas=AREAS[community.slug],
        )
        rng = random.Random(f"{seed}-{community.slug}")
        start = process.created_at.replace(hour=18, minute=0, second=0, microsecond=0)
        gatherings = {
            Channel.LARGE_GROUP: services.gathering_save(
                actor=coordinator.user,
                process=process,
                kind=Gathering.Kind.LARGE,
                title="Community meal and conversation / Comida y conversación",
                starts_at=start - timedelta(days=40),
                place="Community center",
                language="en",
                interpretation="Spanish interpretation",
                facilitator=coordinator.user,
                expected_attendance=80,
                actual_attendance=64,
            ),
            Channel.SMALL_GROUP: services.gathering_save(
                actor=coordinator.user,
                process=process,
                kind=Gathering.Kind.SMALL,
                title="Círculo de madres / Mothers' circle",
                starts_at=start - timedelta(days=21),
                place="Library meeting room",
                language="es",
                facilitator=coordinator.user,
                expected_attendance=15,
                actual_attendance=12,
            ),
        }
        areas = list(process.areas.all())
        spanish_share = 0.6 if community.slug == "riverside-heights" else 0.3
        channels, weights = zip(*CHANNEL_WEIGHTS, strict=True)
        for n in range(participants_per_community):
            language = "es" if rng.random() < spanish_share else "en"
            # Areas are deliberately uneven so the reach page has someone under-heard.
            area = (
                areas[min(int(rng.expovariate(0.9)), len(areas) - 1)]
                if rng.random() < 0.8
                else None
            )
            # "About you" through the service: without consent (no area) nothing else is kept.
            participant = services.participant_describe(
                participant=services.participant_create(process=process, language=language),
                consent=area is not None,
                area=area,
                age_band=rng.choice([*AgeBand.values, ""]),
                lived_experience=rng.choice([*YesNoPreferNot.values, ""]),
            )
            answers = []
            for key, texts in ANSWERS.items():
                if rng.random() < 0.55:
                    text = rng.choice(texts[language]) + rng.choice(ENDINGS[language])
                    kind = rng.choice(["internal", "external"]) if key == "barriers" else ""
                    answers.append(services.Answer(key, text, kind))
            if not answers:
                answers.append(
                    services.Answer("problems", rng.choice(ANSWERS["problems"][language]))
                )
            channel = rng.choices(channels, weights)[0]
            stored = services.contributions_submit(
                process=process,
                participant=participant,
                answers=answers,
                language=language,
                channel=channel,
                gathering=gatherings.get(channel),
                idempotency_key=f"demo-{community.slug}-{n}",
                actor=coordinator.user,
            )
            created += len(stored)
    load_population_demo()
    from groundwork.plans.demo import load_plans_demo  # the plan is built from these answers

    load_plans_demo()
    from groundwork.themes.demo import load_themes_demo  # themes of these answers, too

    load_themes_demo()
    return created


# Fictional population figures for the reach page, modelled on American Community Survey
# tables. Each community has an area that is plainly under-heard (Mill Hill, Mill Hill, Pine
# Flats) and areas so small in the answers that their counts are suppressed.
POPULATION_SOURCE = "Fictional demo figures, modelled on the American Community Survey"
POPULATION = {
    "alder-county": {
        "area": {
            "Town of Alder": 6500,
            "Mill Hill": 8200,
            "Red Clay Township": 3400,
            "Cedar Bottoms": 2700,
            "North Fork": 2200,
        },
        "age_band": {
            "under_18": 4900,
            "18_24": 1900,
            "25_44": 5300,
            "45_64": 6100,
            "65_plus": 4800,
        },
        "language": {"en": 19800, "es": 3200},
    },
    "riverside-heights": {
        "area": {"Riverside": 5200, "Mill Hill": 4800, "Eastbrook Center": 2100, "Fox Run": 1400},
        "age_band": {
            "under_18": 3400,
            "18_24": 1600,
            "25_44": 4300,
            "45_64": 2700,
            "65_plus": 1500,
        },
        "language": {"en": 5900, "es": 7600},
    },
    "cedar-creek": {
        "area": {"Cedar Creek": 2100, "Pine Flats": 1900, "Willow Town": 600},
        "age_band": {"under_18": 1300, "18_24": 450, "25_44": 1150, "45_64": 1000, "65_plus": 700},
        "language": {"en": 4450, "es": 150},
    },
}


def load_population_demo() -> int:
    """Population figures for each demo process that has none yet; returns how many were
    added. Running it again changes nothing."""
    added = 0
    processes = Process.objects.filter(
        community__slug__in=POPULATION, slug="resilience-plan"
    ).select_related("community")
    for process in processes:
        if process.population.exists():
            continue
        coordinator = process.community.memberships.filter(role=Role.COORDINATOR).first()
        if coordinator is None:
            continue
        added += services.population_figures_save(
            actor=coordinator.user,
            process=process,
            entries=[
                services.PopulationEntry(dimension, value, people, POPULATION_SOURCE)
                for dimension, figures in POPULATION[process.community.slug].items()
                for value, people in figures.items()
            ],
            origin="demo",
        )
    return added
