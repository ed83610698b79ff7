"""Funding in the API: the grants that fund a coalition (its members and the network's
stewards) and all of a network's grants (its stewards), under the pages' rules. Amounts are
integers of cents, as everywhere in Groundwork."""

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from groundwork.api.errors import require
from groundwork.api.schemas import ErrorOut
from groundwork.communities.models import Community, Network

from . import selectors

router = Router(tags=["funding"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class ReportingDateOut(Schema):
    due_on: date
    note: str


class GrantOut(Schema):
    id: int
    title: str
    description: str
    funder: str
    funder_kind: str
    funder_identifier: str
    recipient: str
    amount_cents: int
    currency: str
    awarded_on: date
    starts_on: date
    ends_on: date
    restrictions: str
    communities: list[str]
    activities: list[int]
    reporting_dates: list[ReportingDateOut]

    @staticmethod
    def resolve_funder(obj: Any) -> str:
        return str(obj.funder.name)

    @staticmethod
    def resolve_funder_kind(obj: Any) -> str:
        return str(obj.funder.kind)

    @staticmethod
    def resolve_funder_identifier(obj: Any) -> str:
        return str(obj.funder.identifier)

    @staticmethod
    def resolve_communities(obj: Any) -> list[str]:
        return sorted(c.slug for c in obj.communities.all())

    @staticmethod
    def resolve_activities(obj: Any) -> list[int]:
        return sorted(a.pk for a in obj.activities.all())

    @staticmethod
    def resolve_reporting_dates(obj: Any) -> list[dict[str, Any]]:
        return [{"due_on": r.due_on, "note": r.note} for r in obj.reporting_dates.all()]


@router.get("/communities/{slug}/grants", response={200: list[GrantOut], **ERRORS})
def community_grants(request: HttpRequest, slug: str):  # type: ignore[no-untyped-def]
    """The grants that fund this coalition, in the order they end. Only the activities of this
    coalition are listed among what a grant funds."""
    community = get_object_or_404(Community.objects.select_related("network"), slug=slug)
    require(request, "funding.view_community", community)
    grants = list(selectors.community_grants(community).prefetch_related("reporting_dates"))
    for grant in grants:
        own = [a for a in grant.activities.all() if a.community_id == community.pk]
        grant._prefetched_objects_cache["activities"] = own  # type: ignore[attr-defined]
        grant._prefetched_objects_cache["communities"] = [community]  # type: ignore[attr-defined]
    return Status(200, grants)


@router.get("/networks/{network_slug}/grants", response={200: list[GrantOut], **ERRORS})
def network_grants(request: HttpRequest, network_slug: str):  # type: ignore[no-untyped-def]
    """Every grant of the network, in the order they end (its stewards)."""
    network = get_object_or_404(Network, slug=network_slug)
    require(request, "funding.view_network", network)
    return Status(200, list(selectors.network_grants(network).prefetch_related("reporting_dates")))
