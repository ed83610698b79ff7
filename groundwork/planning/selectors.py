from typing import Any

from django.db.models import Q, QuerySet

from .models import Contribution, Moderation, Process


def process_list(*, community: Any, user: Any) -> QuerySet[Process]:
    processes = community.processes.select_related("current_phase")
    if not user.has_perm("communities.view_workspace", community):
        processes = processes.filter(is_public=True)
    return processes


def contribution_list(
    *, process: Process, viewer: Any, question: str = "", filters: dict[str, str] | None = None
) -> QuerySet[Contribution]:
    """Answers the viewer may see: moderators see everything, others only visible answers."""
    filters = filters or {}
    contributions = Contribution.objects.filter(process=process).select_related("question")
    if not viewer.has_perm("planning.moderate", process):
        contributions = contributions.filter(moderation=Moderation.VISIBLE)
    elif filters.get("moderation"):
        contributions = contributions.filter(moderation=filters["moderation"])
    if question:
        contributions = contributions.filter(question__key=question)
    if filters.get("channel"):
        contributions = contributions.filter(channel=filters["channel"])
    if filters.get("language"):
        contributions = contributions.filter(language=filters["language"])
    if filters.get("q"):
        words = filters["q"].split()[:8]
        condition = Q()
        for word in words:
            condition &= Q(text__icontains=word)
        contributions = contributions.filter(condition)
    return contributions.order_by("-created_at", "-id")
