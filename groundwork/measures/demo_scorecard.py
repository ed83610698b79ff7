"""Demo content for the scorecard: three performance measures with two quarters of values on
the Alder County plan activity that its first indicator links to, and three county goals
under the network's first statewide goal with an indicator each, so that the network's
scorecard rolls them up. Fictional figures; idempotent (a second run adds nothing). Runs after
``load_indicator_demo``."""

from django.db import transaction

from groundwork.communities.models import Community, CountyGoal, Network

from .actions import indicators as indicator_actions
from .actions import performance as actions
from .models import Indicator, Result
from .models_performance import PerformanceMeasure

MEASURES = [
    ("how_much", "Families visited at home", "Familias visitadas en casa", "families", None),
    ("how_well", "Visits made on schedule", "Visitas hechas a tiempo", "%", 90.0),
    (
        "better_off",
        "Parents reporting less stress after three months",
        "Madres y padres con menos estrés después de tres meses",
        "parents",
        60.0,
    ),
]
QUARTERS = {"2026-Q1": (34, 82, (14, 30)), "2026-Q2": (41, 88, (22, 36))}
COUNTY_SERIES = [[16.2, 15.8, 15.1, 14.6, 14.0], [13.0, 13.4, 13.9, 14.3, 14.8], [15.5] * 5]


def _performance(actor) -> int:  # type: ignore[no-untyped-def]
    indicator = (
        Indicator.objects.filter(result__community__slug="alder-county", activities__isnull=False)
        .order_by("pk")
        .first()
    )
    if indicator is None:
        return 0
    activity = indicator.activities.order_by("pk").first()
    if PerformanceMeasure.objects.filter(activity=activity).exists():
        return 0
    measures = [
        actions.measure_create(
            actor=actor,
            activity=activity,
            quadrant=quadrant,
            name_en=name_en,
            name_es=name_es,
            unit=unit,
            direction="up",
            target_value=target,
        )
        for quadrant, name_en, name_es, unit, target in MEASURES
    ]
    for period, (much, well, (better, out_of)) in QUARTERS.items():
        actions.values_save(
            actor=actor,
            activity=activity,
            period=period,
            entries=[
                actions.Entry(measures[0], much),
                actions.Entry(measures[1], well),
                actions.Entry(measures[2], better, out_of),
            ],
        )
    return len(measures)


def _county_goals(network: Network, actor) -> int:  # type: ignore[no-untyped-def]
    goal = network.goals.order_by("position", "pk").first()
    if goal is None or Result.objects.filter(county_goal__network_goal=goal).exists():
        return 0
    communities = list(Community.objects.filter(network=network, is_public=True).order_by("pk")[:3])
    made = 0
    for community, series in zip(communities, COUNTY_SERIES, strict=False):
        county_goal = CountyGoal.objects.filter(
            community=community, network_goal=goal
        ).first() or CountyGoal.objects.create(
            community=community,
            network_goal=goal,
            title=f"Good mental health in {community.name}",
        )
        result = indicator_actions.result_create(
            actor=actor,
            owner=county_goal,
            community=community,
            title_en=f"People in {community.name} have good mental health",
            title_es=f"Las personas de {community.name} tienen buena salud mental",
        )
        indicator = indicator_actions.indicator_create(
            actor=actor,
            result=result,
            name_en="Adults reporting frequent mental distress (percent)",
            name_es="Adultos que reportan angustia mental frecuente (porcentaje)",
            unit="%",
            direction="down",
            source="Behavioral risk survey (fictional figures)",
            geography=community.name,
            target_value=12.0,
            target_period="2027",
        )
        for offset, value in enumerate(series):
            indicator_actions.value_put(indicator=indicator, period=str(2020 + offset), value=value)
        made += 1
    return made


@transaction.atomic
def load_scorecard_demo() -> tuple[int, int]:
    """(performance measures created, county indicators created)."""
    network = Network.objects.filter(slug="resilient-together").first()
    if network is None:
        return 0, 0
    actor = network.stewards.order_by("pk").first()
    return _performance(actor), _county_goals(network, actor)
