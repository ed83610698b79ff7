"""Demo content for plans: in Alder County, a published plan of three goals and eight
activities built from the demo answers, endorsed by residents, with two progress updates.
Deterministic and idempotent (a process that has a plan is left alone)."""

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from groundwork.communities.models import Organization, Role
from groundwork.planning.models import Contribution, Moderation, Process

from . import services
from .models import ActivityStatus, LinkKind, Plan

# goal → activities: (title, lead, strength, barrier, evidence, ally organization)
PLAN = [
    (
        "Everyone can get to care / Todos llegan a la atención médica",
        [
            (
                "Volunteer ride share to the clinic",
                "Blue Heron Community Clinic",
                "Neighbors checked on each other during the flood",
                "No hay transporte para llegar a los servicios",
                "There is no bus to the clinic, so people miss appointments",
            ),
            (
                "Interpreters and translated county information",
                "",
                "Los jóvenes son bilingües y ayudan a traducir",
                "La información solo está en inglés",
                "No hay intérpretes en el hospital ni en la oficina del condado",
            ),
            (
                "Mental health first aid for 100 neighbors",
                "Blue Heron Community Clinic",
                "Our churches open their doors to anyone in a crisis",
                "People feel judged when they ask for help",
                "Grief and trauma from the flood still weigh on families",
            ),
        ],
    ),
    (
        "Young people have somewhere to go / Los jóvenes tienen adónde ir",
        [
            (
                "Saturday teen hours at the library",
                "",
                "The library has computers and a meeting room",
                "Meetings happen during work hours",
                "Young people have nowhere to go after school",
            ),
            (
                "Retired teachers tutor after school",
                "",
                "Retired teachers want to tutor kids",
                "The same few people do all the volunteering and burn out",
                "Young people have nowhere to go after school",
            ),
            (
                "Summer lunch at the churches",
                "",
                "High school students started a food drive on their own",
                "Funding comes in one-year grants that end just as things start working",
                "Kids are hungry over the summer when school meals stop",
            ),
        ],
    ),
    (
        "Ready for the next flood / Listos para la próxima inundación",
        [
            (
                "Neighbor phone tree for storms and heat waves",
                "",
                "The volunteer fire department knows every road and family",
                "We do not know who to call when something goes wrong",
                "Seniors living alone are isolated, especially in winter",
            ),
            (
                "Map flooded homes and fix drainage together",
                "",
                "Elders remember how we got through hard times before",
                "Agencies do not talk to each other",
                "The river floods Mill Road every spring and the same homes get hit",
            ),
        ],
    ),
]


def _first(process: Process, key: str, text: str) -> int | None:
    """The first answer in these words, or failing that the first answer to the question."""
    answers = Contribution.objects.filter(
        process=process, question__key=key, moderation=Moderation.VISIBLE
    ).order_by("pk")
    found = answers.filter(text__startswith=text).values_list("pk", flat=True).first()
    return found or answers.values_list("pk", flat=True).first()


@transaction.atomic
def load_plans_demo(community_slug: str = "alder-county") -> Plan | None:
    process = (
        Process.objects.filter(community__slug=community_slug, slug="resilience-plan")
        .select_related("community")
        .first()
    )
    if process is None or Plan.objects.filter(process=process).exists():
        return None
    coordinator = process.community.memberships.filter(role=Role.COORDINATOR).first()
    if coordinator is None:
        return None
    actor = coordinator.user
    plan = services.plan_create(
        actor=actor,
        process=process,
        title="Alder County Community Resilience Plan",
        summary="What residents told us, turned into things we can do together.",
    )
    today = timezone.localdate()
    activities = []
    for g, (goal_title, items) in enumerate(PLAN):
        goal = services.goal_save(actor=actor, plan=plan, title=goal_title, order=g + 1)
        for i, (title, lead, strength, barrier, evidence) in enumerate(items):
            organization = Organization.objects.filter(
                community=process.community, name=lead
            ).first()
            activity = services.activity_save(
                actor=actor,
                plan=plan,
                goal=goal,
                title=title,
                lead_name="" if organization else "Alder Together volunteers",
                lead_organization=organization,
                starts_on=today - timedelta(days=30),
                ends_on=today + timedelta(days=180 + 30 * i),
                status=ActivityStatus.PLANNED,
            )
            for kind, key, text in (
                (LinkKind.STRENGTH, "strengths", strength),
                (LinkKind.BARRIER, "barriers", barrier),
                (LinkKind.EVIDENCE, "problems", evidence),
            ):
                pk = _first(process, key, text)
                if pk:
                    services.activity_link(
                        actor=actor, activity=activity, kind=kind, contribution_ids=[pk]
                    )
            if organization:
                services.activity_link(
                    actor=actor,
                    activity=activity,
                    kind=LinkKind.ALLY,
                    organization_ids=[organization.pk],
                )
            activities.append(activity)
    services.endorsement_set_open(actor=actor, plan=plan, is_open=True)
    for n, participant in enumerate(process.participants.order_by("pk")[:40]):
        services.endorsements_submit(
            plan=plan,
            participant=participant,
            entries=[
                services.EndorsementEntry(a.pk, "concern" if (n + i) % 7 == 0 else "support")
                for i, a in enumerate(activities)
            ],
        )
    services.plan_publish(actor=actor, plan=plan, note="First published version.")
    services.progress_post(
        actor=actor,
        activity=activities[0],
        on_date=today - timedelta(days=10),
        progress=30,
        status=ActivityStatus.UNDER_WAY,
        note="Twelve volunteer drivers signed up; 40 rides given in the first month.",
    )
    services.progress_post(
        actor=actor,
        activity=activities[3],
        on_date=today - timedelta(days=3),
        progress=50,
        status=ActivityStatus.UNDER_WAY,
        note="The library opened on Saturdays; 25 teens came the first day.",
    )
    _load_budget_demo(actor, plan, activities)
    return plan


# Staff, materials, food, ... per activity, in cents; in-kind help on the first two.
COSTS = [
    ("staff", 240_000),
    ("interpretation", 180_000),
    ("stipends", 150_000),
    ("space", 90_000),
    ("materials", 120_000),
    ("food", 60_000),
    ("staff", 300_000),
    ("materials", 75_000),
]


def _load_budget_demo(actor: Any, plan: Plan, activities: list[Any]) -> None:
    """Costs on every activity, in-kind help from the asset map, a budget vote residents took
    (closed, winners funded) and one open now; a funder and two grants in the network."""
    from groundwork.directory.models import Asset
    from groundwork.planning.models import Channel

    from . import budget_services
    from .models import VoteRule, VoteStatus

    for activity, (category, cents) in zip(activities, COSTS, strict=False):
        budget_services.cost_line_add(
            actor=actor, activity=activity, category=category, amount_cents=cents
        )
    assets = list(Asset.objects.filter(community=plan.community).shown().order_by("pk")[:2])
    for activity, asset in zip(activities[:2], assets, strict=False):
        budget_services.in_kind_add(
            actor=actor,
            activity=activity,
            kind="space",
            description=f"Room at {asset.name}",
            value_cents=40_000,
            asset=asset,
        )
    spring = budget_services.vote_create(
        actor=actor,
        plan=plan,
        title="Spring budget vote / Votación del presupuesto de primavera",
        budget_cents=500_000,
        activity_ids=[a.pk for a in activities[:5]],
        rule=VoteRule.EQUAL_SHARES,
    )
    budget_services.vote_set_status(actor=actor, vote=spring, status=VoteStatus.OPEN)
    options = list(spring.options.order_by("id"))
    channels = [Channel.ONLINE, Channel.ONLINE, Channel.LARGE_GROUP]
    for n, participant in enumerate(plan.process.participants.order_by("pk")[:36]):
        chosen = [options[n % 5]]
        if (n // 5) % 2 == 0:
            chosen.append(options[(n + 2) % 5])
        if sum(o.cost_cents for o in chosen) > spring.budget_cents:
            chosen = chosen[:1]
        budget_services.ballot_submit(
            vote=spring,
            participant=participant,
            option_ids=[o.pk for o in chosen],
            channel=channels[n % 3],
        )
    budget_services.fund_winners(actor=actor, vote=spring)
    fall = budget_services.vote_create(
        actor=actor,
        plan=plan,
        title="Fall budget vote / Votación del presupuesto de otoño",
        budget_cents=300_000,
        activity_ids=[a.pk for a in activities[5:]],
    )
    budget_services.vote_set_status(actor=actor, vote=fall, status=VoteStatus.OPEN)
    _load_funding_demo(plan, activities)


def _load_funding_demo(plan: Plan, activities: list[Any]) -> None:
    from groundwork.funding import services as funding

    network = plan.community.network
    steward = network.stewards.order_by("pk").first() if network else None
    if network is None or steward is None:
        return
    today = timezone.localdate()
    funder = funding.funder_create(
        actor=steward, network=network, name="Piedmont Community Foundation", kind="foundation"
    )
    county = funding.funder_create(
        actor=steward, network=network, name="Alder County Health Department", kind="county"
    )
    funding.grant_create(
        actor=steward,
        network=network,
        funder=county,
        title="Rides and interpreters, first year",
        recipient="Blue Heron Community Clinic",
        amount_cents=420_000,
        awarded_on=today - timedelta(days=60),
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=150),
        communities=[plan.community],
        activities=activities[:2],
        restrictions="Only for transport and language access.",
        reporting_dates=[today + timedelta(days=60)],
    )
    funding.grant_create(
        actor=steward,
        network=network,
        funder=funder,
        title="Youth and mental health, three years",
        recipient="Alder Together",
        amount_cents=900_000,
        awarded_on=today - timedelta(days=40),
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=1000),
        communities=[plan.community],
        activities=activities[1:4],
    )
