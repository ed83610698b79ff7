"""The directory's search: one selector (``service_search``) over one or more communities'
services, with word search on two backends and the filters a person looking for help uses.

Words: on PostgreSQL, full-text search over the services' names and descriptions, the English
text parsed with the English configuration and the Spanish text with the Spanish one, the
visitor's words read both ways (the GIN index of migration ``0004_search`` serves it); on
SQLite, the FTS5 table of the same migration (Porter stems, accents ignored). Other databases
match each word anywhere in the same fields.

Filters: a taxonomy term, a language, cost (free, with a cost, or a named cost option), an
age the service takes, an area served (a service area's name or the county of an address),
open now (``schedules``), and distance in miles from a place. Distance never uses a
confidential location: its coordinates must not be found out by searching around them.

Open now is a SQL condition on the schedules' weekly opening windows (``opening_windows``:
the few schedules the windows cannot decide alone are decided by their rule first). Counting
and paging are SQL's. Distance narrows to a box around the place in SQL, then measures the
services left in Python (nearest first). A page of results is loaded in a fixed number of
queries whatever the directory's size."""

from __future__ import annotations

import math
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Count, Q, QuerySet, Window
from django.utils import timezone

from groundwork.communities.models import Community
from groundwork.core import fulltext
from groundwork.core.fulltext import TextIndex, folded, words_of

from .models import Address as AddressModel
from .models import (
    Attribute,
    CostOption,
    Language,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceStatus,
)
from .models import Location as LocationModel
from .opening_windows import open_services

EARTH_RADIUS_MILES = 3958.8
MILES_PER_DEGREE = 69.0
PER_PAGE = 20
# Services a visitor can still use (not closed for good).
LISTED_STATUSES = (ServiceStatus.ACTIVE, ServiceStatus.TEMPORARILY_CLOSED)

# The search document, English words parsed as English and Spanish as Spanish; the same
# expression as the index in migrations/0004_search.py (a test compares them), with the
# columns qualified by ``{t}`` so joins never make a name ambiguous.
PG_DOCUMENT = (
    "(setweight(to_tsvector('english'::regconfig, "
    + folded("{t}name")
    + " || ' ' || "
    + folded("{t}alternate_name")
    + "), 'A') || setweight(to_tsvector('english'::regconfig, "
    + folded("{t}description")
    + "), 'B') || setweight(to_tsvector('spanish'::regconfig, "
    + folded("{t}name_es")
    + "), 'A') || setweight(to_tsvector('spanish'::regconfig, "
    + folded("{t}description_es")
    + "), 'B'))"
)
# bm25 weights of the FTS5 columns: names count more than descriptions.
FTS_WEIGHTS = "10.0, 5.0, 1.0, 10.0, 1.0"
SERVICE_INDEX = TextIndex(
    table=Service._meta.db_table,
    pg_document=PG_DOCUMENT,
    fts_table="directory_service_fts",
    fts_weights=FTS_WEIGHTS,
    fields=("name", "alternate_name", "description", "name_es", "description_es"),
)


@dataclass(frozen=True)
class Place:
    latitude: float
    longitude: float
    label: str = ""


@dataclass
class Filters:
    """What a visitor asks for. Empty values filter nothing."""

    words: str = ""
    term: uuid.UUID | None = None
    language: str = ""
    cost: str = ""  # "free", "paid", or "option:<the cost option's name>"
    age: int | None = None
    area: str = ""
    open_now: bool = False
    place: Place | None = None
    miles: float = 10.0

    @property
    def active(self) -> bool:
        return bool(
            self.words.strip()
            or self.term
            or self.language
            or self.cost
            or self.age is not None
            or self.area
            or self.open_now
            or self.place
        )


@dataclass
class Candidate:
    pk: int
    community_id: int
    hsds_id: uuid.UUID
    distance: float | None = None


@dataclass
class SearchPage:
    """One page of results: services of the page (in order) with their distance, and counts."""

    candidates: list[Candidate]
    services: list[Service]
    total: int
    number: int
    pages: int
    distances: dict[int, float | None] = field(default_factory=dict)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


# Words -------------------------------------------------------------------------------------


def match_words(services: QuerySet[Service], text: str) -> QuerySet[Service]:
    """Services whose names or descriptions contain the words, annotated with ``rank``
    (higher is better), on the database's own full-text search (``core.fulltext``)."""
    return fulltext.match_words(services, text, SERVICE_INDEX)


# Filters in SQL ------------------------------------------------------------------------------


def spellings(value: str) -> list[str]:
    """A code or a name as it is usually written (as given, lower case, upper case, title
    case): matched exactly, an index finds them, where a case-insensitive match reads every
    row."""
    value = value.strip()
    return sorted({value, value.lower(), value.upper(), value.title()})


def _serving(communities: Sequence[Community], rows: Any, field: str = "service_id") -> Q:
    """Services named by ``rows`` (a queryset of an HSDS child table, filtered) in their own
    community: one uncorrelated subquery per community, which both databases run once rather
    than once per service."""
    q = Q(pk__in=[])
    for community in communities:
        q |= Q(
            community=community.pk,
            hsds_id__in=rows.filter(community=community.pk).values(field),
        )
    return q


def _sal_serving(communities: Sequence[Community], locations: Any = None, links: Any = None) -> Q:
    """Services at the locations (or services at locations) a subquery names, per community."""
    q = Q(pk__in=[])
    for community in communities:
        sal = ServiceAtLocation.objects.filter(community=community.pk)
        if locations is not None:
            sal = sal.filter(location_id__in=locations.filter(community=community.pk))
        if links is not None:
            sal = sal.filter(hsds_id__in=links.filter(community=community.pk))
        q |= Q(community=community.pk, hsds_id__in=sal.values("service_id"))
    return q


def filtered_services(
    *, communities: Sequence[Community], filters: Filters, at: datetime
) -> QuerySet[Service]:
    services = Service.objects.filter(
        community__in=[c.pk for c in communities], status__in=LISTED_STATUSES
    )
    services = match_words(services, filters.words)
    if filters.term:
        services = services.filter(
            _serving(
                communities,
                Attribute.objects.filter(taxonomy_term_id=filters.term),
                field="link_id",
            )
        )
    if filters.language:
        services = services.filter(
            _serving(communities, Language.objects.filter(code__in=spellings(filters.language)))
        )
    costly = CostOption.objects.filter(amount__gt=0)
    if filters.cost == "free":
        services = services.filter(fees="", fees_description="").exclude(
            _serving(communities, costly)
        )
    elif filters.cost == "paid":
        services = services.filter(
            ~Q(fees="") | ~Q(fees_description="") | _serving(communities, costly)
        )
    elif filters.cost.startswith("option:"):
        option = filters.cost[len("option:") :]
        services = services.filter(_serving(communities, CostOption.objects.filter(option=option)))
    if filters.age is not None:
        services = services.filter(
            Q(minimum_age__isnull=True) | Q(minimum_age__lte=filters.age),
            Q(maximum_age__isnull=True) | Q(maximum_age__gte=filters.age),
        )
    if filters.area:
        area = spellings(filters.area)
        in_county = AddressModel.objects.filter(region__in=area).values("location_id")
        services = services.filter(
            _serving(communities, ServiceArea.objects.filter(name__in=area))
            | _sal_serving(communities, locations=in_county)
        )
    if filters.open_now:
        services = services.filter(open_services([c.pk for c in communities], at))
    return services


# Distance and opening hours ----------------------------------------------------------------


def miles_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine) in miles."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(h)))


def _box(place: Place, miles: float) -> dict[str, tuple[float, float]]:
    dlat = miles / MILES_PER_DEGREE
    dlon = miles / (MILES_PER_DEGREE * max(math.cos(math.radians(place.latitude)), 0.01))
    return {
        "latitude__range": (place.latitude - dlat, place.latitude + dlat),
        "longitude__range": (place.longitude - dlon, place.longitude + dlon),
    }


def _near(communities: Sequence[Community], place: Place, miles: float) -> Q:
    """Services at a public location within the box around the place (never a confidential
    one: its coordinates must not be found out by searching around them)."""
    return _sal_serving(
        communities,
        locations=LocationModel.objects.filter(confidential=False, **_box(place, miles)).values(
            "hsds_id"
        ),
    )


def service_distances(
    *, communities: Sequence[Community], place: Place, miles: float
) -> dict[tuple[int, uuid.UUID], float]:
    """(community id, service HSDS id) → miles from the place to the service's nearest public
    location within ``miles``. Two queries: locations in a box around the place, then the
    services at them."""
    locations = LocationModel.objects.filter(
        community__in=[c.pk for c in communities], confidential=False, **_box(place, miles)
    ).values_list("community_id", "hsds_id", "latitude", "longitude")
    near: dict[tuple[int, uuid.UUID], float] = {}
    for community_id, hsds_id, lat, lon in locations:
        d = miles_between((place.latitude, place.longitude), (lat, lon))
        if d <= miles:
            near[(community_id, hsds_id)] = d
    if not near:
        return {}
    out: dict[tuple[int, uuid.UUID], float] = {}
    links = ServiceAtLocation.objects.filter(
        community__in=[c.pk for c in communities], location_id__in={k[1] for k in near}
    ).values_list("community_id", "location_id", "service_id")
    for community_id, location_id, service_id in links:
        d = near.get((community_id, location_id))
        if d is not None and service_id is not None:
            key = (community_id, service_id)
            out[key] = min(d, out.get(key, d))
    return out


CHUNK = 5000  # ids per query (SQLite allows 32,766 parameters)


def schedules_of(
    *, communities: Sequence[Community], keys: Sequence[tuple[int, uuid.UUID]]
) -> dict[tuple[int, uuid.UUID], list[Any]]:
    """Opening hours (``schedules.Hours``) by (community id, service HSDS id) for these
    services (their own schedules and their services at locations'): two queries per 5,000
    services, each row kept only for a service of its own community."""
    from .selectors import hours_of

    wanted = set(keys)
    community_ids = [c.pk for c in communities]
    found: dict[tuple[int, uuid.UUID], list[Any]] = defaultdict(list)
    ordered = sorted({hsds_id for _c, hsds_id in wanted}, key=str)
    for start in range(0, len(ordered), CHUNK):
        ids = ordered[start : start + CHUNK]
        links = {
            (community_id, sal): service
            for community_id, sal, service in ServiceAtLocation.objects.filter(
                community__in=community_ids, service_id__in=ids
            ).values_list("community_id", "hsds_id", "service_id")
        }
        schedules = Schedule.objects.filter(community__in=community_ids).filter(
            Q(service_id__in=ids) | Q(service_at_location_id__in=[k[1] for k in links])
        )
        for schedule in schedules.order_by("pk"):
            owner = (schedule.community_id, schedule.service_id)
            if owner not in wanted:
                service = links.get((schedule.community_id, schedule.service_at_location_id))
                owner = (schedule.community_id, service)
            if owner in wanted:
                found[owner].append(hours_of(schedule, settings.TIME_ZONE))
    return found


# The selector --------------------------------------------------------------------------------


def service_search(
    *,
    communities: Sequence[Community],
    filters: Filters,
    page: int = 1,
    per_page: int = PER_PAGE,
    at: datetime | None = None,
) -> SearchPage:
    """One page of the services of these communities that match the filters: best matches
    of the words first (nearest first when a place is given), then by name."""
    at = at or timezone.now()
    services = filtered_services(communities=communities, filters=filters, at=at)
    ordering = ["name", "pk"]
    if words_of(filters.words) and connection.vendor in ("postgresql", "sqlite"):
        ordering = ["-rank", *ordering]
    services = services.order_by(*ordering)
    if filters.place:
        # Within a box around the place in SQL, then the exact distance of those left.
        services = services.filter(_near(communities, filters.place, filters.miles))
        candidates = [
            Candidate(*row) for row in services.values_list("pk", "community_id", "hsds_id")
        ]
        distances = service_distances(
            communities=communities, place=filters.place, miles=filters.miles
        )
        kept = []
        for c in candidates:
            d = distances.get((c.community_id, c.hsds_id))
            if d is not None:
                c.distance = d
                kept.append(c)
        # Stable: within the same distance the database's order (best match, name) stays.
        kept.sort(key=lambda c: round(c.distance or 0.0, 1))
        total = len(kept)
        pages = max(math.ceil(total / per_page), 1)
        number = min(max(page, 1), pages)
        candidates = kept[(number - 1) * per_page : number * per_page]
        by_pk = {s.pk: s for s in Service.objects.filter(pk__in=[c.pk for c in candidates])}
        chosen = [by_pk[c.pk] for c in candidates if c.pk in by_pk]
    else:
        number = max(page, 1)
        if connection.vendor == "sqlite" and words_of(filters.words):
            # FTS5's bm25() cannot be read beside a window function: count, then the page.
            total = services.count()
            number = min(number, max(math.ceil(total / per_page), 1))
            chosen = list(services[(number - 1) * per_page : number * per_page])
        else:
            # One query for the page and the count (a window over every match); past the
            # last page, the count and then the last page.
            counted = services.annotate(found=Window(Count("pk")))
            chosen = list(counted[(number - 1) * per_page : number * per_page])
            if chosen:
                total = chosen[0].found
            else:
                total = services.count() if number > 1 else 0
                if total:
                    number = math.ceil(total / per_page)
                    chosen = list(counted[(number - 1) * per_page : number * per_page])
        pages = max(math.ceil(total / per_page), 1)
        number = min(number, pages)
        candidates = [Candidate(s.pk, s.community_id, s.hsds_id) for s in chosen]
    return SearchPage(
        candidates=candidates,
        services=chosen,
        total=total,
        number=number,
        pages=pages,
        distances={c.pk: c.distance for c in candidates},
    )


__all__ = ["Filters", "Place", "SearchPage", "miles_between", "service_search"]
