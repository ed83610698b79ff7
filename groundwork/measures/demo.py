"""Demo content for surveys: the shipped stakeholder survey, published by the Resilient Together
Network, with 300 fictional responses (about a fifth in Spanish). Deterministic (a fixed seed)
and idempotent: a second run finds the survey and adds nothing."""

import random
import uuid
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from groundwork.communities.counties import counties_in_state, county
from groundwork.communities.models import Network, Sector

from . import services
from .choices import item_choices
from .models import Answer, Instrument, Item, ItemKind, ItemRole, Response

DEMO_SLUG = "resilient-together-stakeholder-survey"
DEMO_RESPONSES = 300
SEED = 20260301

SECTOR_WEIGHTS = {
    Sector.COMMUNITY_BASED: 22,
    Sector.HEALTH_CARE: 16,
    Sector.EDUCATION: 14,
    Sector.GOVERNMENT: 12,
    Sector.LIVED_EXPERIENCE: 12,
    Sector.FAITH: 9,
    Sector.BUSINESS: 5,
    Sector.LAW_ENFORCEMENT: 3,
    Sector.PHILANTHROPY: 2,
    Sector.OTHER: 3,
}

WORKS_WELL = {
    "en": [
        "Monthly meetings where everyone brings food and we actually listen to each other",
        "Our coordinator keeps everyone connected and follows up after every meeting",
        "Parents with lived experience now co-chair the family committee",
        "The trauma-informed trainings changed how the school front office greets families",
        "We share data from the county health department and look at it together",
        "Trust between the churches and the health department has grown a lot",
        "Small wins like the summer meals site keep people motivated",
        "Youth members lead part of every meeting",
        "Partners show up for each other when there is a crisis, like after the flood",
        "Clear goals that fit on one page",
        "The network's peer calls with other counties give us new ideas",
        "Meeting times rotate so working parents can come",
    ],
    "es": [
        "Las reuniones mensuales con comida donde todos se escuchan",
        "La coordinadora mantiene a todos conectados y da seguimiento",
        "Ahora hay interpretación en español en todas las reuniones",
        "Las madres de familia participan y dirigen el comité de familias",
        "La confianza entre las iglesias y el departamento de salud ha crecido",
        "Los jóvenes dirigen una parte de cada reunión",
        "Compartimos datos del condado y los revisamos juntos",
        "Nos apoyamos unos a otros en las crisis, como después de la inundación",
    ],
}
IN_THE_WAY = {
    "en": [
        "Everyone is stretched thin and meetings fall during work hours",
        "Grant funding ends every year so we keep starting over",
        "Staff turnover at partner agencies means we lose relationships",
        "Meetings are in town and people in the county have no transportation",
        "There is no Spanish interpretation so Latino families stay away",
        "Too many priorities; we try to do everything at once",
        "Some agencies still do not trust residents to lead",
        "We do not have good local data on what is changing",
        "Broadband is poor so online meetings do not work for many",
        "Decisions get made before the meeting by a few people",
    ],
    "es": [
        "No hay interpretación y muchas familias latinas no vienen",
        "Las reuniones son en horario de trabajo",
        "No hay transporte para llegar a las reuniones en el pueblo",
        "El financiamiento se acaba cada año y volvemos a empezar",
        "Algunas agencias no confían en que los residentes dirijan",
        "Hay miedo de participar por la situación migratoria",
        "El internet es malo y las reuniones en línea no funcionan",
    ],
}
ELSE = {
    "en": [
        "Housing is the biggest need and we barely talk about it",
        "More support for grandparents raising grandchildren",
        "Mental health support for first responders",
        "Bring the business community to the table",
        "Help young people find jobs close to home",
        "Plan ahead for the next hurricane season",
        "Celebrate what is working more often",
    ],
    "es": [
        "Más apoyo para la salud mental de las familias",
        "Clases para madres y padres en español",
        "Vivienda digna para las familias trabajadoras",
        "Más actividades para jóvenes después de la escuela",
    ],
}


def _groups(network: Network) -> tuple[list[str], list[str]]:
    """The counties and sectors of the network's coalitions, else the state's counties."""
    fips: list[str] = []
    sectors: set[str] = set()
    for community in network.communities.all():
        fips += [f for f in community.county_fips or [] if county(f)]
        sectors.update(community.sectors or [])
    if not fips:
        fips = [c.fips for c in counties_in_state(network.state or "NC")[:40]]
    return sorted(set(fips)), sorted(sectors & set(SECTOR_WEIGHTS)) or list(SECTOR_WEIGHTS)


def _likert(rng: random.Random, mood: float) -> str:
    score = mood + rng.gauss(0, 0.9)
    return str(min(5, max(1, round(score))))


def _answer(
    item: Item, rng: random.Random, lang: str, mood: float, groups: dict[str, str]
) -> object:
    if item.role == ItemRole.SECTOR:
        return groups["sector"]
    if item.role == ItemRole.COUNTY:
        return groups["county"]
    if item.kind == ItemKind.LIKERT:
        return _likert(rng, mood) if rng.random() < 0.95 else None
    if item.kind == ItemKind.NUMBER:
        return str(min(40, int(rng.expovariate(1 / 4)))) if rng.random() < 0.9 else None
    if item.kind == ItemKind.SINGLE:
        values = [c["value"] for c in item.choices]
        return rng.choices(values, weights=[6, 2, 3][: len(values)] or None)[0]
    if item.kind == ItemKind.MULTIPLE:
        values = [c["value"] for c in item.choices]
        weights = list(groups["preferences"][item.pk])
        limit = item.max_choices or rng.randint(1, 4)
        chosen: list[str] = []
        for _ in range(rng.randint(1, min(limit, len(values)))):
            pick = rng.choices(range(len(values)), weights=weights)[0]
            chosen.append(values[pick])
            weights[pick] = 0.0  # without replacement
        return chosen
    pool = groups["pools"][item.pk]  # type: ignore[index]
    if rng.random() > (0.3 if pool is ELSE else 0.6):
        return None
    return rng.choice(pool[lang])


@transaction.atomic
def load_survey_demo() -> int:
    """The demo survey's number of responses (creating the survey the first time)."""
    network = Network.objects.filter(slug="resilient-together").first()
    if network is None:
        return 0
    existing = Instrument.objects.filter(slug=DEMO_SLUG).first()
    if existing is not None:
        return existing.responses.count()
    steward = network.stewards.order_by("pk").first()
    instrument = services.instrument_create_from_template(
        actor=steward, network=network, slug=DEMO_SLUG, results_public=False
    )
    now = timezone.now()
    services.instrument_publish(
        actor=steward,
        instrument=instrument,
        opens_at=now - timedelta(days=21),
        closes_at=now + timedelta(days=30),
    )
    items = list(
        instrument.items.select_related("instrument__network").order_by(
            "section__position", "position"
        )
    )
    labels = {i.pk: dict(item_choices(i)) for i in items}
    rng = random.Random(SEED)
    # Some things help (or get in the way) far more often than others.
    preferences = {
        i.pk: [rng.choice([0.3, 0.6, 1.0, 2.0, 4.0]) for _ in i.choices]
        for i in items
        if i.kind == ItemKind.MULTIPLE
    }
    text_items = [i for i in items if i.kind == ItemKind.TEXT]
    pools = dict(zip([i.pk for i in text_items], [WORKS_WELL, IN_THE_WAY, ELSE], strict=False))
    fips, sectors = _groups(network)
    county_weights = [rng.choice([1, 1, 2, 4, 8, 16]) for _ in fips]
    county_mood = {f: rng.uniform(-0.6, 0.6) for f in fips}
    sector_weights = [SECTOR_WEIGHTS.get(s, 3) for s in sectors]

    responses: list[Response] = []
    answer_sets: list[list[Answer]] = []
    for n in range(DEMO_RESPONSES):
        lang = "es" if rng.random() < 0.2 else "en"
        groups = {
            "sector": rng.choices(sectors, weights=sector_weights)[0],
            "county": rng.choices(fips, weights=county_weights)[0],
            "pools": pools,
            "preferences": preferences,
        }
        mood = 3.4 + county_mood[groups["county"]] + rng.gauss(0, 0.5)
        answers = []
        for item in items:
            raw = _answer(item, rng, lang, mood, groups)
            cleaned = services.answer_clean(item, raw, labels=labels[item.pk])
            if cleaned is not None:
                answers.append(
                    Answer(item=item, value=cleaned.value, text=cleaned.text, number=cleaned.number)
                )
        responses.append(
            Response(
                instrument=instrument,
                language=lang,
                idempotency_key=uuid.UUID(int=rng.getrandbits(128)).hex,
                once_key=f"link:demo-{n}",
                sector=groups["sector"],
                county=groups["county"],
            )
        )
        answer_sets.append(answers)
    Response.objects.bulk_create(responses)
    rows = []
    for response, answers in zip(responses, answer_sets, strict=True):
        for a in answers:
            a.response = response
            rows.append(a)
    Answer.objects.bulk_create(rows, batch_size=2000)
    # Spread the submissions over the three weeks the survey has been open.
    for i, response in enumerate(responses):
        response.submitted_at = now - timedelta(days=21) + timedelta(minutes=97 * i)
    Response.objects.bulk_update(responses, ["submitted_at"], batch_size=500)
    return len(responses)


# Results and indicators ---------------------------------------------------------------------

DEMO_RESULTS = [
    {
        "owner": "plan",
        "title_en": "Children in Alder County are safe and thriving",
        "title_es": "Los niños del condado de Alder están seguros y prosperan",
        "indicators": [
            {
                "name_en": "Substantiated reports of child maltreatment per 1,000 children",
                "name_es": "Casos comprobados de maltrato infantil por cada 1,000 niños",
                "unit": "per 1,000 children",
                "direction": "down",
                "source": "State Division of Social Services (fictional figures)",
                "geography": "Alder County",
                "baseline_value": 9.8,
                "baseline_period": "2020",
                "target_value": 7.5,
                "target_period": "2028",
                "series": [9.8, 10.4, 9.9, 9.1, 8.6],
                "story_en": "Reports rose during the pandemic year, when families were isolated "
                "and schools saw fewer children. Since then home visiting reached more "
                "families, but the county still has few child-care slots.",
                "story_es": "Los casos subieron el año de la pandemia, cuando las familias "
                "estaban aisladas y las escuelas veían menos niños. Desde entonces las visitas "
                "a domicilio llegaron a más familias, pero el condado aún tiene pocas plazas "
                "de cuidado infantil.",
                "partners_en": "Health department, school counselors, churches, family "
                "resource center, parents with lived experience.",
                "partners_es": "Departamento de salud, consejeros escolares, iglesias, centro "
                "de recursos familiares, madres y padres con experiencia vivida.",
                "what_works_en": "Home visiting for new parents; concrete help with rent and "
                "food; parent cafés.",
                "what_works_es": "Visitas a domicilio para padres nuevos; ayuda concreta con "
                "renta y comida; cafés para padres.",
                "activities": 2,
            },
            {
                "name_en": "Kindergarteners ready for school (percent)",
                "name_es": "Niños de kínder listos para la escuela (porcentaje)",
                "unit": "%",
                "direction": "up",
                "source": "Alder County Schools (fictional figures)",
                "geography": "Alder County",
                "baseline_value": 61.2,
                "baseline_period": "2020",
                "target_value": 70,
                "target_period": "2028",
                "series": [61.2, 58.4, 60.1, 62.7, 64.3],
            },
        ],
    },
    {
        "owner": "network_goal",
        "title_en": "People across the state have good mental health",
        "title_es": "Las personas de todo el estado tienen buena salud mental",
        "indicators": [
            {
                "name_en": "Adults reporting frequent mental distress (percent)",
                "name_es": "Adultos que reportan angustia mental frecuente (porcentaje)",
                "unit": "%",
                "direction": "down",
                "source": "Behavioral risk survey (fictional figures)",
                "geography": "North Carolina",
                "baseline_value": 13.1,
                "baseline_period": "2019",
                "target_value": 12,
                "target_period": "2027",
                "series": [13.1, 14.0, 15.2, 14.6, 14.1],
                "first_year": 2019,
            },
        ],
    },
]


@transaction.atomic
def load_indicator_demo() -> int:
    """Results with indicators and five years of values: one under Alder County's plan, one
    under the network's first statewide goal. Returns how many indicators were created now."""
    from groundwork.communities.models import Community
    from groundwork.plans.models import Activity, Plan

    from .actions import indicators as actions
    from .models import Result

    community = Community.objects.filter(slug="alder-county").first()
    network = Network.objects.filter(slug="resilient-together").first()
    if community is None or network is None:
        return 0
    actor = network.stewards.order_by("pk").first()
    plan = Plan.objects.filter(community=community).order_by("pk").first()
    network_goal = network.goals.order_by("position", "pk").first()
    created = 0
    for spec in DEMO_RESULTS:
        owner = plan if spec["owner"] == "plan" else network_goal
        if owner is None or Result.objects.filter(title_en=spec["title_en"]).exists():
            continue
        result = actions.result_create(
            actor=actor,
            owner=owner,
            community=community if spec["owner"] == "plan" else None,
            network=network if spec["owner"] == "network_goal" else None,
            title_en=spec["title_en"],
            title_es=spec["title_es"],
        )
        for item in spec["indicators"]:
            fields = {
                k: v for k, v in item.items() if k not in ("series", "activities", "first_year")
            }
            linked = list(
                Activity.objects.filter(plan=plan).order_by("pk")[: item.get("activities", 0)]
            )
            indicator = actions.indicator_create(
                actor=actor, result=result, activities=linked, **fields
            )
            first = item.get("first_year", 2020)
            for offset, value in enumerate(item["series"]):
                actions.value_put(
                    indicator=indicator,
                    period=str(first + offset),
                    value=value,
                    source=item["source"],
                )
            created += 1
    return created
