"""Reads for the directory's editing pages: the stewards' list (stale first) and one
service's details as the form shows them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import F, QuerySet

from groundwork.communities.models import Community, Organization

from .actions.freshness import is_stale
from .actions.service_editing import is_simple_weekly
from .models import (
    Address,
    Attribute,
    CostOption,
    Language,
    Location,
    Phone,
    RequiredDocument,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)


@dataclass
class ManagedService:
    service: Service
    organization: Organization | None
    stale: bool


def managed_services(
    *, community: Community, organization_ids: set[Any] | None, today: date | None = None
) -> list[ManagedService]:
    """The services the viewer may edit (``organization_ids`` None: all of the community's),
    stale first: never verified, then verified longest ago; two queries."""
    services: QuerySet[Service] = Service.objects.filter(community=community)
    if organization_ids is not None:
        services = services.filter(organization_id__in=organization_ids)
    services = services.order_by(F("last_verified").asc(nulls_first=True), "name", "pk")
    found = list(services)
    organizations = {
        o.hsds_id: o
        for o in Organization.objects.filter(
            community=community, hsds_id__in={s.organization_id for s in found}
        )
    }
    return [
        ManagedService(
            service=s,
            organization=organizations.get(s.organization_id),
            stale=is_stale(s.last_verified, today),
        )
        for s in found
    ]


def managed_locations(*, community: Community, organization_ids: set[Any] | None) -> list[Location]:
    locations = Location.objects.filter(community=community)
    if organization_ids is not None:
        locations = locations.filter(organization_id__in=organization_ids)
    return list(locations.order_by("name", "pk"))


@dataclass
class ServiceDetails:
    schedules: list[Schedule]  # the weekly hours the form edits
    other_schedules: list[Schedule]  # imported schedules the form keeps as they are
    phones: list[Phone]
    languages: list[str]
    costs: list[CostOption]
    documents: list[str]
    term_ids: list[Any]
    location_ids: list[Any]


def service_details(*, community: Community, service: Service) -> ServiceDetails:
    ref = {"community": community, "service_id": service.hsds_id}
    schedules = list(Schedule.objects.filter(**ref).order_by("pk"))
    terms = set(TaxonomyTerm.objects.filter(community=community).values_list("hsds_id", flat=True))
    return ServiceDetails(
        schedules=[s for s in schedules if is_simple_weekly(s)],
        other_schedules=[s for s in schedules if not is_simple_weekly(s)],
        phones=list(Phone.objects.filter(**ref).order_by("pk")),
        languages=list(
            Language.objects.filter(**ref).order_by("pk").values_list("code", flat=True)
        ),
        costs=list(CostOption.objects.filter(**ref).order_by("pk")),
        documents=list(
            RequiredDocument.objects.filter(**ref).order_by("pk").values_list("document", flat=True)
        ),
        term_ids=[
            t
            for t in Attribute.objects.filter(
                community=community, link_id=service.hsds_id
            ).values_list("taxonomy_term_id", flat=True)
            if t in terms
        ],
        location_ids=list(
            ServiceAtLocation.objects.filter(**ref).values_list("location_id", flat=True)
        ),
    )


def location_address(*, community: Community, location: Location) -> Address | None:
    return (
        Address.objects.filter(community=community, location_id=location.hsds_id)
        .order_by("pk")
        .first()
    )


def location_phones(*, community: Community, location: Location) -> list[Phone]:
    return list(
        Phone.objects.filter(community=community, location_id=location.hsds_id).order_by("pk")
    )
