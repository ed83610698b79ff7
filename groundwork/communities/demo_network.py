"""The demo network's landscape: profiles for the three demo communities and a few dozen
generated, fictional coalitions over real North Carolina counties, so the catalog, the map and
the landscape report have something realistic to show. Loading it twice changes nothing.

The coalitions, their goals and their ratings are invented (a fixed random seed makes them the
same every time); only the county names and FIPS codes are real. About half of the state's
counties are left without a coalition, as in a real landscape.
"""

import random
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from . import counties
from .maturity import RATING_FIELDS, stage_of
from .models import (
    CoalitionStrategy,
    Community,
    CountyGoal,
    FocusArea,
    MaturityStage,
    Network,
    NetworkGoal,
    Sector,
)
from .services import strategies_create_defaults

NETWORK_SLUG = "resilient-together"
SEED = 20260601
GENERATED = 43  # coalitions to generate, each over its own county

STATEWIDE_GOALS = [
    (
        "aces",
        "Fewer adverse childhood experiences among children from birth to five",
        "Families with young children have the support, services and neighbors they need.",
    ),
    (
        "schools",
        "More trauma-informed schools",
        "School staff understand trauma and resilience and respond with care, not punishment.",
    ),
    (
        "services",
        "Trauma-informed health care and social services",
        "Clinics, agencies and courts screen, refer and treat in ways that do not re-traumatize.",
    ),
    (
        "substance",
        "Fewer overdose deaths through prevention and recovery support",
        "Prevention for young people, recovery support and naloxone where people need them.",
    ),
    (
        "disaster",
        "Communities recover faster after disasters",
        "Neighbors, agencies and congregations are ready before the next storm or flood.",
    ),
]

COUNTY_GOALS = {
    "aces": [
        (
            "Home visits for every family with a newborn in {place}",
            "Offer a visit to every family with a newborn by 2028",
        ),
        ("Parent cafés in every town of {place}", "Twelve parent cafés a year by 2027"),
        ("Quality child care slots in {place}", "Add 150 slots by 2028"),
    ],
    "schools": [
        ("Trauma-informed training for {place} school staff", "Every school by 2027"),
        (
            "Calm rooms and restorative practices in {place} schools",
            "Half of the schools by 2028",
        ),
        ("Fewer out-of-school suspensions in {place}", "Down by a third by 2028"),
    ],
    "services": [
        ("Resilience screening in {place} primary care", "Four practices by 2027"),
        ("A shared referral network for {place} agencies", "Twenty partners by 2027"),
        ("Trauma-informed training for {place} first responders", "Every agency by 2028"),
    ],
    "substance": [
        ("Naloxone in every {place} community building", "Forty sites by 2027"),
        ("Peer recovery coaches in {place}", "Three coaches working by 2027"),
        ("Youth prevention clubs in {place} middle schools", "Every middle school by 2028"),
    ],
    "disaster": [
        ("Neighborhood preparedness teams in {place}", "Ten teams by 2027"),
        ("A long-term recovery group for {place}", "Meeting monthly by 2026"),
        ("Emergency plans for {place} congregations", "Thirty congregations by 2028"),
    ],
}

NAMES = [
    "{county} County Resilience Coalition",
    "{county} Cares",
    "Healthy {county} Partnership",
    "Resilient {county}",
    "{county} County ACEs Collaborative",
    "{county} Community Connections",
    "Strong Families {county}",
    "{county} Thrives",
]

HOW = {
    "raise-awareness": [
        "Screenings of the film Resilience and discussions in libraries and churches.",
        "Short trainings on ACEs for parents, coaches and employers.",
        "A monthly column in the local paper and posts in community groups.",
    ],
    "shift-power": [
        "Residents with lived experience hold half of the steering committee seats.",
        "Stipends so parents and young people can take part in decisions.",
        "Meetings in the evening, with child care and interpretation.",
    ],
    "foster-collaboration": [
        "A monthly partners' table with agencies, schools and congregations.",
        "Shared calendar and referral list among member agencies.",
        "Joint grant applications with the health department and schools.",
    ],
    "informed-practice": [
        "Trauma-informed organizational assessments with partner agencies.",
        "Coaching for schools that adopt restorative practices.",
        "Peer learning circles for clinic and social services staff.",
    ],
    "policy-change": [
        "Worked with the school board on a new discipline policy.",
        "Briefings for county commissioners on family-friendly workplace policies.",
        "Advocacy for paid family leave among the largest local employers.",
    ],
    "investment": [
        "A local fund pooled by the community foundation and two hospitals.",
        "Helped partners apply for state and federal grants.",
        "County budget line for the coordinator position.",
    ],
    "community-power": [
        "Neighborhood listening sessions that set the coalition's priorities.",
        "Youth ambassadors who lead projects in their schools.",
        "Local leaders and elders train new members.",
    ],
}

# The three communities of the core demo: counties chosen to fit their (fictional) stories.
EXISTING = {
    "alder-county": {
        "county_fips": ["37009"],
        "focus_areas": ["aces", "disaster_recovery", "resilience", "early_childhood"],
        "flags": {
            "meets_regularly": True,
            "has_leadership_structure": True,
            "has_shared_vision": True,
            "uses_data": True,
            "has_paid_coordinator": True,
            "has_backbone_agency": False,
        },
        "ratings": (4, 3, 3, 4, 2),
        "strategies": ["raise-awareness", "foster-collaboration", "community-power"],
        "goals": [("aces", 0), ("disaster", 1), ("schools", 0)],
        "days_ago": 40,
    },
    "riverside-heights": {
        "county_fips": ["37063"],
        "focus_areas": ["housing", "youth", "resilience"],
        "flags": {
            "meets_regularly": True,
            "has_leadership_structure": False,
            "has_shared_vision": False,
            "uses_data": False,
            "has_paid_coordinator": False,
            "has_backbone_agency": False,
        },
        "ratings": (2, 1, 2, 3, None),
        "strategies": ["shift-power", "community-power"],
        "goals": [("aces", 1)],
        "days_ago": 200,
    },
    "cedar-creek": {
        "county_fips": ["37155", "37165"],
        "focus_areas": ["trauma", "substance_use", "youth", "mental_health"],
        "flags": {
            "meets_regularly": True,
            "has_leadership_structure": True,
            "has_shared_vision": True,
            "uses_data": False,
            "has_paid_coordinator": True,
            "has_backbone_agency": True,
        },
        "ratings": (5, 3, 4, 4, 4),
        "strategies": ["informed-practice", "community-power", "investment", "raise-awareness"],
        "goals": [("substance", 1), ("services", 0)],
        "days_ago": None,
    },
}


STAGE_WEIGHTS = [
    (MaturityStage.AWARENESS, 16),
    (MaturityStage.FORMING, 42),
    (MaturityStage.MAINTAINING, 32),
    (MaturityStage.INSTITUTIONALIZED, 8),
]
RATING_RANGE = {
    MaturityStage.AWARENESS: (1, 2),
    MaturityStage.FORMING: (1, 3),
    MaturityStage.MAINTAINING: (2, 4),
    MaturityStage.INSTITUTIONALIZED: (3, 5),
}


def _flags(rng: random.Random, stage: str) -> dict[str, bool]:
    def p(chance: float) -> bool:
        return rng.random() < chance

    if stage == MaturityStage.AWARENESS:
        flags = {
            "meets_regularly": False,
            "has_leadership_structure": False,
            "has_shared_vision": p(0.1),
            "uses_data": p(0.2),
            "has_paid_coordinator": p(0.1),
            "has_backbone_agency": p(0.15),
        }
    elif stage == MaturityStage.FORMING:
        both = p(0.35)
        flags = {
            "meets_regularly": True if both else p(0.7),
            "has_leadership_structure": both,
            "has_shared_vision": False if both else p(0.3),
            "uses_data": False if both else p(0.3),
            "has_paid_coordinator": p(0.3),
            "has_backbone_agency": p(0.35),
        }
        if not (flags["meets_regularly"] or flags["has_leadership_structure"]):
            flags["has_leadership_structure"] = True
    elif stage == MaturityStage.MAINTAINING:
        vision = p(0.7)
        paid, backbone = p(0.6), p(0.55)
        if vision and paid and backbone:
            backbone = False
        flags = {
            "meets_regularly": True,
            "has_leadership_structure": True,
            "has_shared_vision": vision,
            "uses_data": True if not vision else p(0.6),
            "has_paid_coordinator": paid,
            "has_backbone_agency": backbone,
        }
    else:
        flags = {
            "meets_regularly": True,
            "has_leadership_structure": True,
            "has_shared_vision": True,
            "uses_data": p(0.75),
            "has_paid_coordinator": True,
            "has_backbone_agency": True,
        }
    assert stage_of(flags) == stage, (stage, flags)
    return flags


def _sectors(rng: random.Random) -> list[str]:
    others = [s for s in Sector.values if s not in (Sector.HEALTH_CARE, Sector.OTHER)]
    chosen = set(rng.sample(others, rng.randint(3, 7)))
    chosen.add(Sector.COMMUNITY_BASED)
    if rng.random() < 0.7:
        chosen.add(Sector.HEALTH_CARE)
    if rng.random() < 0.1:
        chosen.add(Sector.OTHER)
    return sorted(chosen)


def _focus_areas(rng: random.Random) -> list[str]:
    weighted = [FocusArea.ACES] * 5 + [FocusArea.TRAUMA] * 4 + [FocusArea.RESILIENCE] * 3
    weighted += [f for f in FocusArea.values if f not in (FocusArea.OTHER,)]
    chosen: set[str] = set()
    wanted = rng.randint(2, 4)
    while len(chosen) < wanted:
        chosen.add(rng.choice(weighted))
    return sorted(chosen)


def _ratings(rng: random.Random, stage: str) -> dict[str, int | None]:
    if stage == MaturityStage.AWARENESS and rng.random() < 0.4:
        return dict.fromkeys(RATING_FIELDS)
    low, high = RATING_RANGE[MaturityStage(stage)]
    return {name: None if rng.random() < 0.1 else rng.randint(low, high) for name in RATING_FIELDS}


def _goals(network: Network) -> dict[str, NetworkGoal]:
    goals = {}
    for position, (key, title, description) in enumerate(STATEWIDE_GOALS, start=1):
        goal = network.goals.filter(title=title).first()
        if goal is None:
            goal = NetworkGoal(
                network=network, title=title, description=description, position=position
            )
            goal.full_clean()
            goal.save()
        goals[key] = goal
    return goals


def _add_profile_links(
    community: Community,
    *,
    strategies: dict[str, Any],
    hows: dict[str, str],
    goals: dict[str, NetworkGoal],
    goal_picks: list[tuple[str, int]],
    place: str,
) -> None:
    for key, how in hows.items():
        if key in strategies:
            CoalitionStrategy.objects.get_or_create(
                community=community, strategy=strategies[key], defaults={"how": how}
            )
    for goal_key, index in goal_picks:
        title, target = COUNTY_GOALS[goal_key][index]
        CountyGoal.objects.get_or_create(
            community=community,
            title=title.format(place=place),
            defaults={"target": target, "network_goal": goals[goal_key]},
        )


@transaction.atomic
def load_network_demo() -> int:
    """Fill in the demo network's landscape; returns how many coalitions were created now."""
    network = Network.objects.filter(slug=NETWORK_SLUG).first()
    if network is None:
        return 0
    rng = random.Random(SEED)
    now = timezone.now()
    strategies_create_defaults(network=network)
    strategies = {s.key: s for s in network.strategies.all()}
    goals = _goals(network)

    for slug, spec in EXISTING.items():
        community = Community.objects.filter(slug=slug, network=network).first()
        if community is None or community.county_fips:
            continue  # not loaded, or its profile is already filled in (maybe by a person)
        community.county_fips = spec["county_fips"]
        community.focus_areas = spec["focus_areas"]
        for name, value in spec["flags"].items():
            setattr(community, name, value)
        for name, value in zip(RATING_FIELDS, spec["ratings"], strict=True):
            setattr(community, name, value)
        days = spec["days_ago"]
        community.profile_confirmed_at = now - timedelta(days=days) if days is not None else None
        community.full_clean()
        community.save()
        _add_profile_links(
            community,
            strategies=strategies,
            hows={key: HOW[key][0] for key in spec["strategies"]},
            goals=goals,
            goal_picks=spec["goals"],
            place=community.name,
        )

    taken = {fips for spec in EXISTING.values() for fips in spec["county_fips"]}
    pool = [c for c in counties.counties_in_state("NC") if c.fips not in taken]
    chosen = sorted(rng.sample(pool, GENERATED), key=lambda c: c.name)
    stages = [s for s, _w in STAGE_WEIGHTS]
    weights = [w for _s, w in STAGE_WEIGHTS]
    created = 0
    for county in chosen:
        # Draw everything for every county, created or not, so the sequence never shifts.
        stage = rng.choices(stages, weights)[0]
        flags = _flags(rng, stage)
        coalition_name = rng.choice(NAMES).format(county=county.name)
        sectors = _sectors(rng)
        focus = _focus_areas(rng)
        ratings = _ratings(rng, stage)
        strategy_keys = rng.sample(list(HOW), rng.randint(1, 2 + stages.index(stage)))
        hows = {key: rng.choice(HOW[key]) for key in strategy_keys}
        goal_keys = rng.sample([k for k, _t, _d in STATEWIDE_GOALS], rng.randint(1, 3))
        goal_picks = [(k, rng.randrange(len(COUNTY_GOALS[k]))) for k in goal_keys]
        days = None if rng.random() < 0.12 else rng.randint(0, 540)
        slug = slugify(f"{county.name} county")
        if Community.objects.filter(slug=slug).exists():
            continue
        community = Community(
            network=network,
            name=f"{county.name} County",
            slug=slug,
            kind=Community.Kind.COUNTY,
            coalition_name=coalition_name,
            description=(
                "A fictional coalition in the demo network. Its profile, goals and ratings "
                "are invented; only the county is real."
            ),
            area_served=f"{county.name} County, North Carolina",
            sectors=sectors,
            is_public=True,
            county_fips=[county.fips],
            focus_areas=focus,
            profile_confirmed_at=now - timedelta(days=days) if days is not None else None,
            **flags,
            **ratings,
        )
        community.full_clean()
        community.save()
        _add_profile_links(
            community,
            strategies=strategies,
            hows=hows,
            goals=goals,
            goal_picks=goal_picks,
            place=f"{county.name} County",
        )
        created += 1
    return created
