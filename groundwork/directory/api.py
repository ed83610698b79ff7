"""The HSDS 3.0 API, read only, per community: ``/api/hsds/{community}/services`` and the
other read endpoints of HSDS's openapi.json, with its paging envelope. Public communities
answer anyone; others answer their members. Confidential locations' addresses and
coordinates are given only to their organization's own members."""

import math
import uuid
from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema

from groundwork.api.errors import require
from groundwork.api.schemas import ErrorOut
from groundwork.communities.models import Community, Organization

from . import selectors
from .hsds import BY_NAME, HSDS_VERSION
from .models import ServiceAtLocation, Taxonomy, TaxonomyTerm

router = Router(tags=["hsds"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
PER_PAGE = 50
MAX_PER_PAGE = 500
OPENAPI_URL = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"


class PageQuery(Schema):
    search: str = ""
    page: int = 1
    per_page: int = PER_PAGE


class ServiceQuery(PageQuery):
    organization_id: uuid.UUID | None = None
    taxonomy_term_id: uuid.UUID | None = None
    taxonomy_id: uuid.UUID | None = None
    modified_after: datetime | None = None
    full: bool = False


class OrganizationQuery(PageQuery):
    full_service: bool = False
    full: bool = False


class TermQuery(PageQuery):
    taxonomy_id: uuid.UUID | None = None
    parent_id: uuid.UUID | None = None
    top_only: bool = False


def _community(request: HttpRequest, slug: str) -> Community:
    community = get_object_or_404(Community, slug=slug)
    require(request, "directory.view_directory", community)
    return community


def _page(query: Any, params: PageQuery, shape: Any) -> dict[str, Any]:
    """HSDS's paging envelope around one page of ``query``, each row shaped by ``shape``."""
    per_page = min(max(params.per_page, 1), MAX_PER_PAGE)
    total = query.count()
    pages = max(math.ceil(total / per_page), 1)
    number = min(max(params.page, 1), pages)
    rows = list(query[(number - 1) * per_page : number * per_page])
    contents = shape(rows)
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": number,
        "size": len(contents),
        "first_page": number == 1,
        "last_page": number == pages,
        "empty": total == 0,
        "contents": contents,
    }


def _nester(request: HttpRequest, community: Community) -> selectors.Nester:
    return selectors.Nester(community, selectors.Viewer.of(request.user, community))


def _uuid(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise Http404 from None


def _with_organizations(
    nester: selectors.Nester, rows: list[dict[str, Any]], objects: list[Any]
) -> list[dict[str, Any]]:
    organizations = nester.shallow("organization", [o.organization_id for o in objects])
    programs = nester.shallow("program", [o.program_id for o in objects])
    for obj, row in zip(objects, rows, strict=True):
        if obj.organization_id and str(obj.organization_id) in organizations:
            row["organization"] = organizations[str(obj.organization_id)]
        if obj.program_id and str(obj.program_id) in programs:
            row["program"] = programs[str(obj.program_id)]
    return rows


@router.get("/hsds/{slug}/", response={200: dict[str, Any], **ERRORS})
def hsds_root(request: HttpRequest, slug: str):  # type: ignore[no-untyped-def]
    """What this HSDS API is (HSDS's base endpoint)."""
    _community(request, slug)
    return {"version": HSDS_VERSION, "openapi_url": OPENAPI_URL}


@router.get("/hsds/{slug}/services", response={200: dict[str, Any], **ERRORS})
def hsds_services(request: HttpRequest, slug: str, params: Query[ServiceQuery]):  # type: ignore[no-untyped-def]
    """The community's services, a page at a time (HSDS `service_list`; `full` nests
    everything as `/services/{id}` does)."""
    community = _community(request, slug)
    nester = _nester(request, community)
    services = selectors.service_queryset(
        community=community,
        search=params.search,
        organization_id=params.organization_id,
        taxonomy_term_id=params.taxonomy_term_id,
        taxonomy_id=params.taxonomy_id,
        modified_after=params.modified_after,
    )

    def shape(objects: list[Any]) -> list[dict[str, Any]]:
        if params.full:
            rows = nester.nest("service", objects)
        else:
            rows = [nester.row(BY_NAME["service"], obj) for obj in objects]
        return _with_organizations(nester, rows, objects)

    return _page(services, params, shape)


@router.get("/hsds/{slug}/services/{service_id}", response={200: dict[str, Any], **ERRORS})
def hsds_service(request: HttpRequest, slug: str, service_id: str):  # type: ignore[no-untyped-def]
    """One service with everything HSDS nests in it."""
    community = _community(request, slug)
    service = get_object_or_404(
        selectors.Service.objects.filter(community=community), hsds_id=_uuid(service_id)
    )
    nester = _nester(request, community)
    return _with_organizations(nester, nester.nest("service", [service]), [service])[0]


@router.get("/hsds/{slug}/organizations", response={200: dict[str, Any], **ERRORS})
def hsds_organizations(request: HttpRequest, slug: str, params: Query[OrganizationQuery]):  # type: ignore[no-untyped-def]
    """The community's organizations, a page at a time (HSDS `organization_list`)."""
    community = _community(request, slug)
    nester = _nester(request, community)
    organizations = selectors.organization_queryset(community=community, search=params.search)

    def shape(objects: list[Any]) -> list[dict[str, Any]]:
        if params.full or params.full_service:
            return _organizations_full(nester, objects, full_service=params.full_service)
        return [nester.row(BY_NAME["organization"], obj) for obj in objects]

    return _page(organizations, params, shape)


def _organizations_full(
    nester: selectors.Nester, objects: list[Organization], *, full_service: bool
) -> list[dict[str, Any]]:
    rows = nester.nest("organization", objects)
    services = list(
        selectors.Service.objects.filter(
            community=nester.community, organization_id__in=[o.hsds_id for o in objects]
        ).order_by("name", "pk")
    )
    shaped = (
        nester.nest("service", services)
        if full_service
        else [nester.row(BY_NAME["service"], s) for s in services]
    )
    by_organization: dict[str, list[dict[str, Any]]] = {}
    for service, row in zip(services, shaped, strict=True):
        by_organization.setdefault(str(service.organization_id), []).append(row)
    for organization, row in zip(objects, rows, strict=True):
        row["services"] = by_organization.get(str(organization.hsds_id), [])
    return rows


@router.get(
    "/hsds/{slug}/organizations/{organization_id}", response={200: dict[str, Any], **ERRORS}
)
def hsds_organization(
    request: HttpRequest, slug: str, organization_id: str, full_service: bool = False
):  # type: ignore[no-untyped-def]
    """One organization with its locations, programs, contacts … and its services."""
    community = _community(request, slug)
    organization = get_object_or_404(
        Organization.objects.filter(community=community), hsds_id=_uuid(organization_id)
    )
    return _organizations_full(
        _nester(request, community), [organization], full_service=full_service
    )[0]


@router.get("/hsds/{slug}/service_at_locations", response={200: dict[str, Any], **ERRORS})
def hsds_service_at_locations(request: HttpRequest, slug: str, params: Query[ServiceQuery]):  # type: ignore[no-untyped-def]
    """Where each service is given, a page at a time (HSDS `service_at_location_list`)."""
    community = _community(request, slug)
    nester = _nester(request, community)
    services = selectors.service_queryset(
        community=community,
        search=params.search,
        organization_id=params.organization_id,
        taxonomy_term_id=params.taxonomy_term_id,
        taxonomy_id=params.taxonomy_id,
        modified_after=params.modified_after,
    )
    links = ServiceAtLocation.objects.filter(
        community=community, service_id__in=services.values("hsds_id")
    ).order_by("pk")

    def shape(objects: list[Any]) -> list[dict[str, Any]]:
        rows = [nester.row(BY_NAME["service_at_location"], obj) for obj in objects]
        places = nester.children(
            "location", "hsds_id", [s.location_id for s in objects if s.location_id]
        )
        locations = dict(
            zip(
                [str(o.hsds_id) for o in places],
                nester.nest("location", places, depth=0),
                strict=True,
            )
        )
        found = nester.children(
            "service", "hsds_id", [s.service_id for s in objects if s.service_id]
        )
        services_by_id = dict(
            zip(
                [str(s.hsds_id) for s in found],
                _with_organizations(
                    nester, [nester.row(BY_NAME["service"], s) for s in found], found
                ),
                strict=True,
            )
        )
        for obj, row in zip(objects, rows, strict=True):
            if obj.location_id and str(obj.location_id) in locations:
                row["location"] = locations[str(obj.location_id)]
            if obj.service_id and str(obj.service_id) in services_by_id:
                row["service"] = services_by_id[str(obj.service_id)]
        return rows

    return _page(links, params, shape)


@router.get("/hsds/{slug}/service_at_locations/{link_id}", response={200: dict[str, Any], **ERRORS})
def hsds_service_at_location(request: HttpRequest, slug: str, link_id: str):  # type: ignore[no-untyped-def]
    """One service at one location, with the service and the location nested."""
    community = _community(request, slug)
    link = get_object_or_404(
        ServiceAtLocation.objects.filter(community=community), hsds_id=_uuid(link_id)
    )
    nester = _nester(request, community)
    row = nester.nest("service_at_location", [link])[0]
    services = nester.children("service", "hsds_id", [link.service_id] if link.service_id else [])
    if services:
        row["service"] = _with_organizations(
            nester, [nester.row(BY_NAME["service"], services[0])], services
        )[0]
    return row


@router.get("/hsds/{slug}/taxonomies", response={200: dict[str, Any], **ERRORS})
def hsds_taxonomies(request: HttpRequest, slug: str, params: Query[PageQuery]):  # type: ignore[no-untyped-def]
    community = _community(request, slug)
    nester = _nester(request, community)
    taxonomies = Taxonomy.objects.filter(community=community).order_by("name", "pk")
    for word in params.search.split():
        taxonomies = taxonomies.filter(name__icontains=word)
    return _page(
        taxonomies, params, lambda objects: [nester.row(BY_NAME["taxonomy"], o) for o in objects]
    )


@router.get("/hsds/{slug}/taxonomies/{taxonomy_id}", response={200: dict[str, Any], **ERRORS})
def hsds_taxonomy(request: HttpRequest, slug: str, taxonomy_id: str):  # type: ignore[no-untyped-def]
    community = _community(request, slug)
    taxonomy = get_object_or_404(
        Taxonomy.objects.filter(community=community), hsds_id=_uuid(taxonomy_id)
    )
    return _nester(request, community).row(BY_NAME["taxonomy"], taxonomy)


@router.get("/hsds/{slug}/taxonomy_terms", response={200: dict[str, Any], **ERRORS})
def hsds_taxonomy_terms(request: HttpRequest, slug: str, params: Query[TermQuery]):  # type: ignore[no-untyped-def]
    community = _community(request, slug)
    nester = _nester(request, community)
    terms = TaxonomyTerm.objects.filter(community=community).order_by("name", "pk")
    for word in params.search.split():
        terms = terms.filter(name__icontains=word)
    if params.taxonomy_id:
        terms = terms.filter(taxonomy_id=params.taxonomy_id)
    if params.parent_id:
        terms = terms.filter(parent_id=params.parent_id)
    if params.top_only:
        terms = terms.filter(parent_id__isnull=True)
    return _page(terms, params, lambda objects: nester.nest("taxonomy_term", objects, depth=1))


@router.get("/hsds/{slug}/taxonomy_terms/{term_id}", response={200: dict[str, Any], **ERRORS})
def hsds_taxonomy_term(request: HttpRequest, slug: str, term_id: str):  # type: ignore[no-untyped-def]
    community = _community(request, slug)
    term = get_object_or_404(
        TaxonomyTerm.objects.filter(community=community), hsds_id=_uuid(term_id)
    )
    return _nester(request, community).nest("taxonomy_term", [term], depth=1)[0]
