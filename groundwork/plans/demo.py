"""Demo content for plans: in Alder County, a published plan of three goals and eight
activities built from the demo answers, endorsed by residents, with two progress updates.
Deterministic and idempotent (a process that has a plan is left alone)."""

from datetime import timedelta

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
    return plan
