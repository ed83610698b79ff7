"""Networks, communities, memberships and organizations in the API, under the same rules."""

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Status

from groundwork.communities import selectors, services
from groundwork.communities.models import Community, Network

from .errors import require
from .schemas import CommunityIn, CommunityOut, ErrorOut, MembershipOut, NetworkOut, OrganizationOut

router = Router(tags=["communities"])

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


@router.post("/communities", response={201: CommunityOut, 400: ErrorOut, **ERRORS})
def create_community(request: HttpRequest, payload: CommunityIn):  # type: ignore[no-untyped-def]
    require(request, "communities.add_community", None)
    data = payload.dict()
    network_slug = data.pop("network")
    network = None
    if network_slug:
        network = Network.objects.filter(slug=network_slug).first()
        if network is None:
            raise Http404
    community = services.community_create(actor=request.user, network=network, **data)
    return Status(201, community)


@router.get("/communities/{slug}", response={200: CommunityOut, **ERRORS})
def get_community(request: HttpRequest, slug: str):  # type: ignore[no-untyped-def]
    return _community(request, slug, "communities.view_community")


@router.get("/communities/{slug}/memberships", response={200: list[MembershipOut], **ERRORS})
def list_memberships(request: HttpRequest, slug: str):  # type: ignore[no-untyped-def]
    community = _community(request, slug, "communities.view_members")
    return Status(200, selectors.membership_list(community=community))


@router.get("/communities/{slug}/organizations", response={200: list[OrganizationOut], **ERRORS})
def list_organizations(request: HttpRequest, slug: str):  # type: ignore[no-untyped-def]
    community = _community(request, slug, "communities.view_organizations")
    return Status(200, selectors.organization_list(community=community))
