"""Gatherings in the API: the same public reads as the pages, under the same rules. The online
link is never here (registrants get it on their own page)."""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status

from groundwork.communities.models import Community, Network
from groundwork.gatherings import selectors

from .errors import require
from .schemas import ErrorOut

router = Router(tags=["gatherings"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class GatheringFilters(Schema):
    kind: str = ""
    language: str = ""
    mode: str = ""


class PublicGatheringOut(Schema):
    id: int
    uid: str
    title: str
    title_es: str
    description: str
    description_es: str
    kind: str
    mode: str
    place: str
    accessibility_notes: str
    starts_at: datetime
    ends_at: datetime
    time_zone: str
    language: str
    interpretation_language: str
    asl: bool
    interpretation: str
    childcare: bool
    food: str
    capacity: int | None
    places_left: int | None
    series: int | None
    process: str | None
    cancelled: bool
    url: str

    @staticmethod
    def resolve_uid(obj: Any) -> str:
        return str(obj.uid)

    @staticmethod
    def resolve_series(obj: Any) -> int | None:
        return obj.series_id

    @staticmethod
    def resolve_process(obj: Any) -> str | None:
        return obj.process.slug if obj.process_id else None

    @staticmethod
    def resolve_places_left(obj: Any) -> int | None:
        left = getattr(obj, "places_left", None)
        return None if left is None else max(0, left)

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return str(obj.get_absolute_url())


def _list(request: HttpRequest, owner: Any, filters: GatheringFilters) -> Any:
    require(request, "gatherings.view", owner)
    listed_only = not request.user.has_perm("gatherings.manage", owner)
    gatherings = selectors.upcoming(owner, filters=filters.dict(), listed_only=listed_only)
    return Status(200, list(selectors.with_counts(gatherings)[:200]))


def _one(request: HttpRequest, owner: Any, gathering_id: int) -> Any:
    require(request, "gatherings.view", owner)
    gathering = get_object_or_404(
        selectors.with_counts(selectors.for_owner(owner)), pk=gathering_id
    )
    require(request, "gatherings.view", gathering)
    return Status(200, gathering)


@router.get("/communities/{slug}/gatherings", response={200: list[PublicGatheringOut], **ERRORS})
def community_gatherings(request: HttpRequest, slug: str, filters: Query[GatheringFilters]):  # type: ignore[no-untyped-def]
    """A community's upcoming gatherings (its processes' too), soonest first."""
    return _list(request, get_object_or_404(Community, slug=slug), filters)


@router.get(
    "/communities/{slug}/gatherings/{gathering_id}", response={200: PublicGatheringOut, **ERRORS}
)
def community_gathering(request: HttpRequest, slug: str, gathering_id: int):  # type: ignore[no-untyped-def]
    return _one(request, get_object_or_404(Community, slug=slug), gathering_id)


@router.get(
    "/networks/{network_slug}/gatherings", response={200: list[PublicGatheringOut], **ERRORS}
)
def network_gatherings(request: HttpRequest, network_slug: str, filters: Query[GatheringFilters]):  # type: ignore[no-untyped-def]
    """A network's upcoming gatherings, soonest first."""
    return _list(request, get_object_or_404(Network, slug=network_slug), filters)


@router.get(
    "/networks/{network_slug}/gatherings/{gathering_id}",
    response={200: PublicGatheringOut, **ERRORS},
)
def network_gathering(request: HttpRequest, network_slug: str, gathering_id: int):  # type: ignore[no-untyped-def]
    return _one(request, get_object_or_404(Network, slug=network_slug), gathering_id)
