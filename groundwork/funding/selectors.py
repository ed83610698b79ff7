"""Reads of a network's funding: grants, the runway of a network or of one coalition, the
reporting dates coming up."""

from datetime import date
from typing import Any

from django.db.models import QuerySet

from groundwork.communities.models import Community, Network
from groundwork.plans.models import Activity

from .models import Grant, ReportingDate
from .runway import Stream, runway


def network_grants(network: Network) -> QuerySet[Grant]:
    return (
        Grant.objects.filter(network=network)
        .select_related("funder", "network")
        .prefetch_related("communities", "activities")
        .order_by("ends_on", "id")
    )


def community_grants(community: Community) -> QuerySet[Grant]:
    return (
        network_grants(community.network).filter(communities=community)
        if community.network_id
        else Grant.objects.none()
    )


def runway_rows(
    grants: list[Grant], *, today: date, community: Community | None = None
) -> list[dict[str, Any]]:
    """Each grant still running, in the order they end, with the activities that lose all
    their funding when it ends (for one coalition, only its own activities)."""

    def own(activity: Activity) -> bool:
        return community is None or activity.community_id == community.pk

    by_id = {a.pk: a for g in grants for a in g.activities.all() if own(a)}
    streams = [
        Stream(
            key=g.pk,
            ends_on=g.ends_on,
            amount_cents=g.amount_cents,
            activities=tuple(a.pk for a in g.activities.all() if own(a)),
        )
        for g in grants
    ]
    grant_by_id = {g.pk: g for g in grants}
    return [
        {
            "grant": grant_by_id[e.stream.key],
            "losing": [by_id[a] for a in e.losing],
            "covered": [by_id[a] for a in e.still_covered],
            "days_left": (e.stream.ends_on - today).days,
        }
        for e in runway(streams, today=today)
    ]


def reporting_due(grants: list[Grant], *, today: date) -> list[ReportingDate]:
    return list(
        ReportingDate.objects.filter(grant__in=grants, due_on__gte=today)
        .select_related("grant")
        .order_by("due_on", "id")
    )
