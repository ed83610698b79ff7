from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q, QuerySet

from groundwork.communities.models import Community, Role

from .models import Contribution, Guide, Moderation, Participant, PhaseKind, Process, Question


def process_list(*, community: Any, user: Any) -> QuerySet[Process]:
    processes = community.processes.select_related("current_phase")
    if not user.has_perm("communities.view_workspace", community):
        processes = processes.filter(is_public=True)
    return processes


def contribution_list(
    *,
    process: Process,
    viewer: Any,
    question: Question | None = None,
    filters: dict[str, Any] | None = None,
) -> QuerySet[Contribution]:
    """Answers the viewer may see: moderators see everything, others only visible answers.

    The question is matched by id, not by key through a join, so that the database can use
    the (process, question, moderation, created) index and read one page, not every answer.
    """
    filters = filters or {}
    contributions = Contribution.objects.filter(process=process)
    if not viewer.has_perm("planning.moderate", process):
        contributions = contributions.filter(moderation=Moderation.VISIBLE)
    else:
        if filters.get("moderation"):
            contributions = contributions.filter(moderation=filters["moderation"])
        # Where people live is only ever used next to their words by facilitators: the public
        # list cannot be narrowed to one area (the "about you" step promises as much).
        if filters.get("area"):
            contributions = contributions.filter(participant__area=filters["area"])
    if question is not None:
        contributions = contributions.filter(question=question)
    if filters.get("channel"):
        contributions = contributions.filter(channel=filters["channel"])
    if filters.get("language"):
        contributions = contributions.filter(language=filters["language"])
    if filters.get("gathering"):
        contributions = contributions.filter(gathering=filters["gathering"])
    if filters.get("barrier_kind"):
        contributions = contributions.filter(barrier_kind=filters["barrier_kind"])
    if filters.get("q"):
        words = filters["q"].split()[:8]
        condition = Q()
        for word in words:
            condition &= Q(text__icontains=word)
        contributions = contributions.filter(condition)
    return contributions.order_by("-created_at", "-id")


def guide_list(*, community: Community) -> QuerySet[Guide]:
    """A community's facilitation guides, with how many sections and gatherings each has."""
    return community.guides.annotate(
        section_count=Count("sections", distinct=True),
        gathering_count=Count("gatherings", distinct=True),
    ).order_by("title_en", "pk")


def guide_copy_targets(*, user: Any) -> QuerySet[Community]:
    """The communities whose guides `user` may change: where a shipped guide can be copied."""
    if not getattr(user, "is_authenticated", False):
        return Community.objects.none()
    return (
        Community.objects.filter(
            memberships__user=user, memberships__role__in=[Role.COORDINATOR, Role.FACILITATOR]
        )
        .distinct()
        .order_by("name")
    )


@dataclass(frozen=True)
class ReachCounts:
    """Raw aggregate counts for the reach page, before small-count suppression. Never show
    these: `groundwork.planning.reach.public_report` turns them into what may be published."""

    participants: int  # people with at least one answer that was not hidden by moderation
    answers_by_channel: dict[str, int]
    answers_without_participant: int  # typed in from gatherings and paper forms
    areas: list[str]  # the process's areas, in their order
    # dimension ("area", "age_band", "language", "lived_experience") -> group -> participants;
    # the group "" holds those who did not say (or did not agree to the "about you" step).
    by_dimension: dict[str, dict[str, int]]
    # dimension -> group -> population, as facilitators entered it
    population: dict[str, dict[str, int]]
    sources: list[str]


def reach_counts(*, process: Process) -> ReachCounts:
    """Who took part in a process, in four aggregate queries whatever the number of answers
    and participants: every count is a GROUP BY in the database.

    Answers hidden by moderators (spam, duplicates) are left out; answers held for review
    count. Participants count once, through any number of answers. Demographics count only
    for participants who agreed to the "about you" step; the others are "not stated".
    """
    answers = (
        Contribution.objects.filter(process=process)
        .exclude(moderation=Moderation.HIDDEN)
        .values("channel")
        .annotate(answers=Count("id"), without_participant=Count("id", filter=Q(participant=None)))
        .order_by()
    )
    answers_by_channel: dict[str, int] = {}
    without_participant = 0
    for row in answers:
        answers_by_channel[row["channel"]] = row["answers"]
        without_participant += row["without_participant"]

    took_part = Exists(
        Contribution.objects.filter(participant=OuterRef("pk")).exclude(
            moderation=Moderation.HIDDEN
        )
    )
    fields = ("area_id", "age_band", "language", "lived_experience")
    groups = (
        Participant.objects.filter(process=process)
        .filter(took_part)
        .values(*fields)
        .annotate(
            consented=Count("id", filter=Q(consented_at__isnull=False)),
            not_consented=Count("id", filter=Q(consented_at=None)),
        )
        .order_by()
    )
    areas = dict(process.areas.order_by("order", "name").values_list("id", "name"))
    by_dimension: dict[str, dict[str, int]] = {
        "area": {},
        "age_band": {},
        "language": {},
        "lived_experience": {},
    }
    participants = 0
    for row in groups:
        participants += row["consented"] + row["not_consented"]
        for dimension, field in zip(by_dimension, fields, strict=True):
            counts = by_dimension[dimension]
            value = row[field] or ""
            if dimension == "area":
                value = areas.get(value, "") if value else ""
            for group, n in ((value, row["consented"]), ("", row["not_consented"])):
                if n:
                    counts[group] = counts.get(group, 0) + n

    population: dict[str, dict[str, int]] = {}
    sources: list[str] = []
    figures = process.population.order_by("dimension", "value")
    for dimension, value, people, source in figures.values_list(
        "dimension", "value", "population", "source"
    ):
        population.setdefault(dimension, {})[value] = people
        if source and source not in sources:
            sources.append(source)
    return ReachCounts(
        participants=participants,
        answers_by_channel=answers_by_channel,
        answers_without_participant=without_participant,
        areas=list(areas.values()),
        by_dimension=by_dimension,
        population=population,
        sources=sources,
    )


@dataclass(frozen=True)
class OpenProcess:
    """A process residents can take part in now, and how."""

    process: Process
    gathering: bool  # answering the five questions
    voting: bool  # agreeing or disagreeing with statements
    endorsing: bool  # saying what they think of the draft plan


def process_list_open(
    *, user: Any, community: Community | None = None, limit: int = 12
) -> list[OpenProcess]:
    """Processes open to residents (gathering answers, an open conversation, a draft plan open
    for endorsement) that ``user`` may see: public processes of public communities, and every
    process of the user's own communities. Within ``community`` when given; at most
    ``limit``, like the page's other lists."""
    from groundwork.deliberation.models import Conversation
    from groundwork.plans.models import Plan

    visible = Q(is_public=True, community__is_public=True)
    if getattr(user, "is_authenticated", False):
        visible |= Q(community__memberships__user=user)
    processes = Process.objects.filter(visible)
    if community is not None:
        processes = processes.filter(community=community)
    voting = Conversation.objects.filter(process=OuterRef("pk"), is_open=True)
    endorsing = Plan.objects.filter(process=OuterRef("pk"), endorsement_open=True)
    rows = (
        processes.annotate(
            voting=Exists(voting),
            endorsing=Exists(endorsing),
            gathering=ExpressionWrapper(
                Q(current_phase__kind=PhaseKind.GATHER), output_field=BooleanField()
            ),
        )
        .filter(Q(gathering=True) | Q(voting=True) | Q(endorsing=True))
        .select_related("community", "current_phase")
        .distinct()
        .order_by("community__name", "-created_at")[:limit]
    )
    return [
        OpenProcess(process=p, gathering=p.gathering, voting=p.voting, endorsing=p.endorsing)
        for p in rows
    ]
