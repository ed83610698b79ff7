"""Reads of the directory: HSDS records as the HSDS API and the JSON form shape them, and the
community's tables for an export. Confidential locations keep their addresses and coordinates
to their organization's own members here, so every reader (API, export, pages) gets the same
answer."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Model, Q, QuerySet

from groundwork.communities.models import Community, Organization

from .hsds import BY_NAME, TABLES, Table, row_of
from .models import Address, Location, Schedule, Service, ServiceAtLocation
from .rules import member_organization_ids
from .schedules import Hours, ScheduleError, is_open, next_opening

# What HSDS nests inside each object: (key, child table, the child's field naming the parent).
CHILDREN: dict[str, list[tuple[str, str, str]]] = {
    "service": [
        ("phones", "phone", "service_id"),
        ("schedules", "schedule", "service_id"),
        ("service_areas", "service_area", "service_id"),
        ("service_at_locations", "service_at_location", "service_id"),
        ("languages", "language", "service_id"),
        ("funding", "funding", "service_id"),
        ("cost_options", "cost_option", "service_id"),
        ("required_documents", "required_document", "service_id"),
        ("contacts", "contact", "service_id"),
    ],
    "service_at_location": [
        ("contacts", "contact", "service_at_location_id"),
        ("phones", "phone", "service_at_location_id"),
        ("schedules", "schedule", "service_at_location_id"),
    ],
    "location": [
        ("languages", "language", "location_id"),
        ("addresses", "address", "location_id"),
        ("contacts", "contact", "location_id"),
        ("accessibility", "accessibility", "location_id"),
        ("phones", "phone", "location_id"),
        ("schedules", "schedule", "location_id"),
    ],
    "organization": [
        ("funding", "funding", "organization_id"),
        ("contacts", "contact", "organization_id"),
        ("phones", "phone", "organization_id"),
        ("locations", "location", "organization_id"),
        ("programs", "program", "organization_id"),
        ("organization_identifiers", "organization_identifier", "organization_id"),
    ],
    "phone": [("languages", "language", "phone_id")],
    "contact": [("phones", "phone", "contact_id")],
}
# What HSDS puts inside an object in place of a reference: (key, table, the object's field).
PARENTS: dict[str, list[tuple[str, str, str]]] = {
    "service_at_location": [("location", "location", "location_id")],
    "attribute": [("taxonomy_term", "taxonomy_term", "taxonomy_term_id")],
    "taxonomy_term": [("taxonomy_detail", "taxonomy", "taxonomy_id")],
}
# Tables whose objects carry attributes and metadata when nested (HSDS: all but these).
WITHOUT_ATTRIBUTES = {
    "attribute",
    "metadata",
    "taxonomy",
    "taxonomy_term",
    "meta_table_description",
}


@dataclass
class Viewer:
    """Who reads: which confidential locations they may see in full."""

    organizations: set[Any] = field(default_factory=set)

    @classmethod
    def of(cls, user: Any, community: Community) -> Viewer:
        return cls(organizations=set(member_organization_ids(user, community)))

    def sees_address(self, location: Location) -> bool:
        return not location.confidential or (
            location.organization_id is not None and location.organization_id in self.organizations
        )


PUBLIC = Viewer()


def table_queryset(table: Table, community: Community) -> QuerySet[Any]:
    return table.model.objects.filter(community=community)  # type: ignore[attr-defined]


class Nester:
    """Builds nested HSDS objects for a set of rows: one query per table and level, all
    within the community."""

    def __init__(self, community: Community, viewer: Viewer) -> None:
        self.community = community
        self.viewer = viewer
        self.hidden_locations: set[Any] | None = None

    def _hidden(self) -> set[Any]:
        """HSDS ids of the community's locations whose address this viewer may not see."""
        if self.hidden_locations is None:
            self.hidden_locations = {
                hsds_id
                for hsds_id, organization_id in Location.objects.filter(
                    community=self.community, confidential=True
                ).values_list("hsds_id", "organization_id")
                if organization_id is None or organization_id not in self.viewer.organizations
            }
        return self.hidden_locations

    def row(self, table: Table, obj: Model) -> dict[str, Any]:
        row = row_of(table, obj)
        if table.name == "location" and obj.hsds_id in self._hidden():  # type: ignore[attr-defined]
            for name in Location.CONFIDENTIAL_FIELDS:
                row[name] = None
        return {k: v for k, v in row.items() if v is not None and v != ""}

    def children(self, table_name: str, ref: str, ids: list[Any]) -> list[Model]:
        if not ids:
            return []
        table = BY_NAME[table_name]
        found = table_queryset(table, self.community).filter(**{f"{ref}__in": ids})
        if table_name == "address":
            found = found.exclude(location_id__in=self._hidden())
        return list(found.order_by("pk"))

    def nest(
        self, table_name: str, objects: list[Model], depth: int = 4, skip: Iterable[str] = ()
    ) -> list[dict[str, Any]]:
        table = BY_NAME[table_name]
        rows = [self.row(table, obj) for obj in objects]
        if depth <= 0 or not objects:
            return rows
        ids = [obj.hsds_id for obj in objects]  # type: ignore[attr-defined]
        by_id = {str(obj.hsds_id): row for obj, row in zip(objects, rows, strict=True)}  # type: ignore[attr-defined]
        for key, child, ref in CHILDREN.get(table_name, []):
            if key in skip:
                continue
            found = self.children(child, ref, ids)
            nested = self.nest(child, found, depth - 1)
            grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
            for obj, row in zip(found, nested, strict=True):
                grouped[str(getattr(obj, ref))].append(row)
            for hsds_id, row in by_id.items():
                row[key] = grouped.get(hsds_id, [])
        for key, parent, ref in PARENTS.get(table_name, []):
            refs = [getattr(obj, ref) for obj in objects if getattr(obj, ref)]
            found = self.children(parent, "hsds_id", refs)
            nested = {
                str(obj.hsds_id): row  # type: ignore[attr-defined]
                for obj, row in zip(found, self.nest(parent, found, depth - 1), strict=True)
            }
            for obj, row in zip(objects, rows, strict=True):
                value = getattr(obj, ref)
                if value and str(value) in nested:
                    row[key] = nested[str(value)]
        if table_name not in WITHOUT_ATTRIBUTES:
            for key, child, ref in [
                ("attributes", "attribute", "link_id"),
                ("metadata", "metadata", "resource_id"),
            ]:
                found = self.children(child, ref, ids)
                nested_rows = self.nest(child, found, depth - 1)
                grouped = defaultdict(list)
                for obj, row in zip(found, nested_rows, strict=True):
                    grouped[str(getattr(obj, ref))].append(row)
                for hsds_id, row in by_id.items():
                    row[key] = grouped.get(hsds_id, [])
        return rows

    def shallow(self, table_name: str, refs: list[Any]) -> dict[str, dict[str, Any]]:
        """Rows without their nested objects, by HSDS id (a service's organization)."""
        table = BY_NAME[table_name]
        return {
            str(obj.hsds_id): self.row(table, obj)
            for obj in self.children(table_name, "hsds_id", [r for r in refs if r])
        }


# Lists ------------------------------------------------------------------------------------


def service_queryset(
    *,
    community: Community,
    search: str = "",
    organization_id: Any = None,
    taxonomy_term_id: Any = None,
    taxonomy_id: Any = None,
    modified_after: Any = None,
) -> QuerySet[Service]:
    services = Service.objects.filter(community=community)
    if search.strip():
        words = search.split()
        for word in words:
            services = services.filter(
                Q(name__icontains=word)
                | Q(description__icontains=word)
                | Q(name_es__icontains=word)
                | Q(description_es__icontains=word)
                | Q(alternate_name__icontains=word)
            )
    if organization_id:
        services = services.filter(organization_id=organization_id)
    if taxonomy_term_id or taxonomy_id:
        from .models import Attribute, TaxonomyTerm

        terms = (
            [taxonomy_term_id]
            if taxonomy_term_id
            else list(
                TaxonomyTerm.objects.filter(
                    community=community, taxonomy_id=taxonomy_id
                ).values_list("hsds_id", flat=True)
            )
        )
        linked = Attribute.objects.filter(community=community, taxonomy_term_id__in=terms).values(
            "link_id"
        )
        services = services.filter(hsds_id__in=linked)
    if modified_after:
        services = services.filter(updated_at__gte=modified_after)
    return services.order_by("name", "pk")


def organization_queryset(*, community: Community, search: str = "") -> QuerySet[Organization]:
    organizations = Organization.objects.filter(community=community)
    for word in search.split():
        organizations = organizations.filter(
            Q(name__icontains=word)
            | Q(description__icontains=word)
            | Q(alternate_name__icontains=word)
        )
    return organizations.order_by("name", "pk")


def export_tables(*, community: Community) -> dict[str, list[dict[str, Any]]]:
    """Every HSDS table of the community, as rows, for a package. Confidential locations'
    addresses are left out and their coordinates emptied: an export is public."""
    nester = Nester(community, PUBLIC)
    hidden = nester._hidden()
    tables: dict[str, list[dict[str, Any]]] = {}
    for table in TABLES:
        objects = table_queryset(table, community).order_by("pk")
        if table.model is Address:
            objects = objects.exclude(location_id__in=hidden)
        rows = []
        for obj in objects.iterator(chunk_size=2000):
            row = row_of(table, obj)
            if table.model is Location and obj.hsds_id in hidden:
                for name in Location.CONFIDENTIAL_FIELDS:
                    row[name] = None
            rows.append(row)
        tables[table.path] = rows
    return tables


# Opening hours ----------------------------------------------------------------------------


def hours_of(schedule: Schedule, default_zone: str) -> Hours:
    """A stored schedule as plain values for ``schedules``: its own IANA zone, else HSDS's
    fixed offset, else the site's zone."""
    return Hours(
        opens_at=schedule.opens_at,
        closes_at=schedule.closes_at,
        freq=schedule.freq or "WEEKLY",
        interval=schedule.interval,
        byday=schedule.byday,
        bymonthday=schedule.bymonthday,
        dtstart=schedule.dtstart,
        until=schedule.until,
        count=schedule.count,
        wkst=schedule.wkst,
        valid_from=schedule.valid_from,
        valid_to=schedule.valid_to,
        tz_name=schedule.tz_name or ("" if schedule.timezone is not None else default_zone),
        utc_offset=schedule.timezone,
    )


def opening_hours(*, community: Community, services: list[Service]) -> dict[Any, list[Hours]]:
    """Each service's schedules (its own, and those of its services at locations), by the
    service's HSDS id; two queries for any number of services."""
    from django.conf import settings

    ids = [s.hsds_id for s in services]
    links = dict(
        ServiceAtLocation.objects.filter(community=community, service_id__in=ids).values_list(
            "hsds_id", "service_id"
        )
    )
    found: dict[Any, list[Hours]] = {i: [] for i in ids}
    schedules = Schedule.objects.filter(community=community).filter(
        Q(service_id__in=ids) | Q(service_at_location_id__in=list(links))
    )
    for schedule in schedules.order_by("pk"):
        owner = (
            schedule.service_id
            if schedule.service_id in found
            else links.get(schedule.service_at_location_id)
        )
        if owner in found:
            found[owner].append(hours_of(schedule, settings.TIME_ZONE))
    return found


def service_hours(
    *, community: Community, services: list[Service], at: datetime
) -> dict[Any, tuple[bool, datetime | None]]:
    """For each service: whether it is open at ``at`` and when it next opens (None when its
    schedules do not say). A schedule that cannot be read counts as saying nothing."""
    answer: dict[Any, tuple[bool, datetime | None]] = {}
    for hsds_id, hours in opening_hours(community=community, services=services).items():
        try:
            answer[hsds_id] = (is_open(hours, at), next_opening(hours, at))
        except ScheduleError:
            answer[hsds_id] = (False, None)
    return answer
