"""Networks, communities, memberships and organizations in the API, under the same rules."""

from datetime import datetime
from typing import Any

from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Header, Query, Router, Schema, Status
from ninja.pagination import paginate

from groundwork.communities import selectors, services
from groundwork.communities.models import Community, Network
from groundwork.core.selectors import audit_event_list

from .errors import require
from .idempotency import HEADER, WRITE_ERRORS, created, idempotent
from .pagination import MAX_ID, Pagination
from .schemas import (
    CommunityIn,
    CommunityOut,
    ErrorOut,
    MembershipOut,
    NetworkOut,
    OrganizationOut,
)

router = Router(tags=["communities"])


class ProfileCountyOut(Schema):
    fips: str
    name: str
    state: str


class MaturityOut(Schema):
    stage: str
    stage_label: str
    indicators: dict[str, bool]
    next_stage: str | None
    to_reach_next: list[str]


class StrategyLinkOut(Schema):
    strategy: str
    name: str
    how: str


class CountyGoalOut(Schema):
    id: int
    title: str
    description: str
    target: str
    statewide_goal: str | None
    statewide_goal_id: int | None


class ProfileOut(Schema):
    counties: list[ProfileCountyOut]
    focus_areas: list[str]
    maturity: MaturityOut
    ratings: dict[str, int | None]
    strategies: list[StrategyLinkOut]
    county_goals: list[CountyGoalOut]
    confirmed_at: datetime | None


class CommunityDetailOut(CommunityOut):
    description: str
    profile: ProfileOut


def _profile(community: Community) -> dict[str, Any]:
    from groundwork.communities.maturity import flags_of

    profile = selectors.community_profile(community=community)
    maturity = profile.maturity
    return {
        "counties": [{"fips": c.fips, "name": c.name, "state": c.state} for c in profile.counties],
        "focus_areas": community.focus_areas,
        "maturity": {
            "stage": maturity.stage,
            "stage_label": str(maturity.stage_label),
            "indicators": flags_of(community),
            "next_stage": maturity.next_stage,
            "to_reach_next": [str(label) for label in maturity.to_reach_next],
        },
        "ratings": {r.field.removeprefix("ci_"): r.value for r in profile.ratings},
        "strategies": [
            {"strategy": link.strategy.key, "name": link.strategy.name, "how": link.how}
            for link in profile.strategies
        ],
        "county_goals": [
            {
                "id": goal.pk,
                "title": goal.title,
                "description": goal.description,
                "target": goal.target,
                "statewide_goal": goal.network_goal.title if goal.network_goal else None,
                "statewide_goal_id": goal.network_goal_id,
            }
            for goal in profile.county_goals
        ],
        "confirmed_at": community.profile_confirmed_at,
    }


ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


def _community(request: HttpRequest, slug: str, perm: str) -> Community:
    community = get_object_or_404(Community.objects.select_related("network"), slug=slug)
    require(request, perm, community)
    return community


@router.get("/networks", response=list[NetworkOut])
def list_networks(request: HttpRequest):  # type: ignore[no-untyped-def]
    return selectors.network_list()


@router.get("/networks/{slug}", response={200: NetworkOut, **ERRORS})
def get_network(request: HttpRequest, slug: str):  # type: ignore[no-untyped-def]
    network = get_object_or_404(Network, slug=slug)
    require(request, "communities.view_network", network)
    return network


@router.get("/communities", response=list[CommunityOut])
def list_communities(request: HttpRequest):  # type: ignore[no-untyped-def]
    return selectors.community_list_visible(user=request.user)


@router.post("/communities", response={201: CommunityOut, **WRITE_ERRORS})
@idempotent
def create_community(  # type: ignore[no-untyped-def]
    request: HttpRequest, payload: CommunityIn, idempotency_key: str = Header(..., alias=HEADER)
) -> HttpResponse:
    """A new community, its creator its coordinator. Retry-safe like every write: the same
    Idempotency-Key again answers the first 201 instead of refusing the slug as taken."""
    require(request, "communities.add_community", None)
    data = payload.dict()
    network_slug = data.pop("network")
    network = None
    if network_slug:
        network = Network.objects.filter(slug=network_slug).first()
        if network is None:
            raise Http404
    with transaction.atomic():
        community = services.community_create(actor=request.user, network=network, **data)
    return created(CommunityOut.from_orm(community).model_dump(mode="json"))


@router.get("/communities/{slug}", response={200: CommunityDetailOut, **ERRORS})
def get_community(request: HttpRequest, slug: str):  # type: ignore[no-untyped-def]
    """A community with its coalition profile: counties, maturity, ratings, strategies, goals."""
    community = _community(request, slug, "communities.view_community")
    community.profile = _profile(community)  # type: ignore[attr-defined]
    return Status(200, community)


@router.get("/communities/{slug}/memberships", response={200: list[MembershipOut], **ERRORS})
def list_memberships(request: HttpRequest, slug: str):  # type: ignore[no-untyped-def]
    community = _community(request, slug, "communities.view_members")
    return Status(200, selectors.membership_list(community=community))


@router.get("/communities/{slug}/organizations", response={200: list[OrganizationOut], **ERRORS})
def list_organizations(request: HttpRequest, slug: str):  # type: ignore[no-untyped-def]
    community = _community(request, slug, "communities.view_organizations")
    return Status(200, selectors.organization_list(community=community))


class AuditEventOut(Schema):
    id: int
    created_at: datetime
    actor: str  # who did it, as the activity log names them ("" for the system)
    action: str
    target_type: str
    target_id: str
    target: str
    api_token: str  # the name of the API token it was done through, if any

    @staticmethod
    def resolve_api_token(obj: Any) -> str:
        return str((obj.details or {}).get("api_token", ""))

    @staticmethod
    def resolve_actor(obj: Any) -> str:
        return str(obj.actor_label)

    @staticmethod
    def resolve_target(obj: Any) -> str:
        return str(obj.target_repr)


class AuditFilters(Schema):
    action: str = ""  # events whose action starts with this ("plan." for every plan event)
    # Events newer than this id: what happened since the last call.
    after: int | None = Field(None, ge=0, le=MAX_ID)


@router.get("/communities/{slug}/audit", response={200: list[AuditEventOut], **ERRORS})
@paginate(Pagination)
def list_audit_events(request: HttpRequest, slug: str, filters: Query[AuditFilters]):  # type: ignore[no-untyped-def]
    """The community's activity log, newest first, for its coordinators (as its page)."""
    community = _community(request, slug, "communities.view_audit")
    events = audit_event_list(community=community)
    if filters.action:
        events = events.filter(action__startswith=filters.action[:100])
    if filters.after is not None:
        events = events.filter(pk__gt=filters.after)
    return events
