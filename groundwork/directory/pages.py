"""Reads shaped for the directory's public pages and handout: a page of search results with
what each row shows, and everything a service's page says. A confidential location shows
its county only, to everyone, here: these are public pages and printouts."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, tzinfo

from django.conf import settings
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.text import get_text_list
from django.utils.translation import get_language_info, gettext_lazy
from django.utils.translation import gettext as _

from groundwork.communities.models import Community, Organization

from .models import (
    Accessibility,
    Address,
    Attribute,
    CostOption,
    Language,
    Location,
    Phone,
    RequiredDocument,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    TaxonomyTerm,
    Weekday,
)
from .schedules import Hours, ScheduleError, is_open, next_opening
from .search import SearchPage, schedules_of

ORDINALS = {
    1: gettext_lazy("first"),
    2: gettext_lazy("second"),
    3: gettext_lazy("third"),
    4: gettext_lazy("fourth"),
    5: gettext_lazy("fifth"),
    -1: gettext_lazy("last"),
}


def county_of(community: Community, addresses: Sequence[Address] = ()) -> str:
    """What a confidential location shows instead of its address: the county (the address's
    region when it names one), else the counties the community serves."""
    for address in addresses:
        if address.region.strip():
            return address.region.strip()
    counties = community.counties()
    if counties:
        return get_text_list([c.label for c in counties], _("and"))
    return community.area_served or community.name


def language_name(code: str, name: str = "") -> str:
    """A language's name in the reader's language (Django knows most), else as stored."""
    try:
        return str(get_language_info(code.strip().lower())["name_translated"])
    except KeyError:
        return name or code


def _time(value: time) -> str:
    return formats.time_format(value, "TIME_FORMAT")


def _days(byday: str) -> str:
    labels = dict(Weekday.choices)
    parts = []
    for raw in [p.strip().upper() for p in byday.split(",") if p.strip()]:
        code, number = raw[-2:], raw[:-2]
        label = str(labels.get(code, raw))
        if number:
            try:
                ordinal = ORDINALS.get(int(number))
            except ValueError:
                ordinal = None
            if ordinal:
                label = _("the %(ordinal)s %(day)s of the month") % {
                    "ordinal": ordinal,
                    "day": label,
                }
        parts.append(label)
    return get_text_list(parts, _("and"))


def describe_schedule(schedule: Schedule) -> str:
    """A schedule in words, in the reader's language: "Monday and Wednesday, 9:00 to 16:00"."""
    if schedule.opens_at is None or schedule.closes_at is None:
        return schedule.description
    hours = _("%(opens)s to %(closes)s") % {
        "opens": _time(schedule.opens_at),
        "closes": _time(schedule.closes_at),
    }
    if schedule.byday.strip():
        days = _days(schedule.byday)
    elif schedule.bymonthday.strip():
        days = _("day %(days)s of each month") % {
            "days": get_text_list([p.strip() for p in schedule.bymonthday.split(",")], _("and"))
        }
    elif (schedule.freq or "").upper() == "DAILY":
        days = _("Every day")
    else:
        days = ""
    text = f"{days}: {hours}" if days else hours
    if schedule.description:
        text = f"{text} ({schedule.description})"
    return text


def when(value: datetime, zone: tzinfo) -> str:
    """A moment in words, in the reader's language and the schedule's zone."""
    local = value.astimezone(zone)
    return _("%(weekday)s %(date)s at %(time)s") % {
        "weekday": formats.date_format(local, "l"),
        "date": formats.date_format(local, "MONTH_DAY_FORMAT"),
        "time": _time(local.time()),
    }


@dataclass
class Opening:
    known: bool
    open_now: bool = False
    next_opening: str = ""


def opening(hours: list[Hours], at: datetime) -> Opening:
    if not any(h.computable for h in hours):
        return Opening(known=False)
    try:
        now = is_open(hours, at)
        upcoming = next_opening(hours, at)
        zone = next(h for h in hours if h.computable).zone()
    except ScheduleError:
        return Opening(known=False)
    return Opening(known=True, open_now=now, next_opening=when(upcoming, zone) if upcoming else "")


@dataclass
class Listing:
    """A row of the results."""

    service: Service
    community: Community
    organization: str
    places: list[str]
    phone: str
    opening: Opening
    distance: float | None


def _places(
    community: Community,
    locations: list[Location],
    addresses: dict[uuid.UUID, list[Address]],
) -> list[str]:
    out: list[str] = []
    for location in locations:
        found = addresses.get(location.hsds_id, [])
        if location.confidential:
            text = county_of(community, found)
        elif found:
            text = ", ".join(p for p in (found[0].city, found[0].state_province) if p)
        else:
            continue
        if text and text not in out:
            out.append(text)
    return out


def listings(
    *, page: SearchPage, communities: Sequence[Community], at: datetime | None = None
) -> list[Listing]:
    """What each row of a page of results shows; a fixed number of queries for any page."""
    at = at or timezone.now()
    services = page.services
    if not services:
        return []
    by_community = {c.pk: c for c in communities}
    community_ids = list({s.community_id for s in services})
    service_ids = [s.hsds_id for s in services]
    organizations = {
        (o.community_id, o.hsds_id): o
        for o in Organization.objects.filter(
            community__in=community_ids,
            hsds_id__in=[s.organization_id for s in services if s.organization_id],
        )
    }
    links = list(
        ServiceAtLocation.objects.filter(
            community__in=community_ids, service_id__in=service_ids
        ).order_by("pk")
    )
    locations = {
        (loc.community_id, loc.hsds_id): loc
        for loc in Location.objects.filter(
            community__in=community_ids, hsds_id__in=[x.location_id for x in links if x.location_id]
        )
    }
    addresses: dict[tuple[int, uuid.UUID], list[Address]] = defaultdict(list)
    for address in Address.objects.filter(
        community__in=community_ids, location_id__in=[k[1] for k in locations]
    ).order_by("pk"):
        addresses[(address.community_id, address.location_id)].append(address)
    phones: dict[tuple[int, uuid.UUID], str] = {}
    for phone in Phone.objects.filter(
        community__in=community_ids, service_id__in=service_ids
    ).order_by("pk"):
        phones.setdefault((phone.community_id, phone.service_id), phone.number)
    hours = schedules_of(
        communities=communities, keys=[(s.community_id, s.hsds_id) for s in services]
    )
    out = []
    for service in services:
        community = by_community[service.community_id]
        key = (service.community_id, service.hsds_id)
        service_locations = [
            locations[(x.community_id, x.location_id)]
            for x in links
            if x.community_id == service.community_id
            and x.service_id == service.hsds_id
            and (x.community_id, x.location_id) in locations
        ]
        organization = organizations.get((service.community_id, service.organization_id))
        out.append(
            Listing(
                service=service,
                community=community,
                organization=organization_name(organization),
                places=_places(
                    community,
                    service_locations,
                    {
                        loc.hsds_id: addresses.get((loc.community_id, loc.hsds_id), [])
                        for loc in service_locations
                    },
                ),
                phone=phones.get(key, ""),
                opening=opening(hours.get(key, []), at),
                distance=page.distances.get(service.pk),
            )
        )
    return out


def organization_name(organization: Organization | None) -> str:
    if organization is None:
        return ""
    from groundwork.core.text import in_language

    return in_language(organization.name, organization.name_es)


# A service's page -----------------------------------------------------------------------------


@dataclass
class Place:
    """A location as a public page shows it."""

    name: str
    description: str
    transportation: str
    confidential: bool
    county: str = ""
    addresses: list[Address] = field(default_factory=list)
    accessibility: list[Accessibility] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)


@dataclass
class ServicePage:
    service: Service
    community: Community
    organization: Organization | None
    phones: list[Phone]
    places: list[Place]
    schedules: list[str]
    opening: Opening
    languages: list[str]
    areas: list[ServiceArea]
    costs: list[CostOption]
    documents: list[RequiredDocument]
    terms: list[TaxonomyTerm]

    @property
    def ages(self) -> str:
        low, high = self.service.minimum_age, self.service.maximum_age

        def fmt(value: float) -> str:
            return formats.number_format(value, decimal_pos=0 if value.is_integer() else 1)

        if low is not None and high is not None:
            return _("Ages %(low)s to %(high)s") % {"low": fmt(low), "high": fmt(high)}
        if low is not None:
            return _("Ages %(low)s and over") % {"low": fmt(low)}
        if high is not None:
            return _("Ages up to %(high)s") % {"high": fmt(high)}
        return ""


def service_page(
    *, community: Community, service: Service, at: datetime | None = None
) -> ServicePage:
    """Everything the service's page and handout show, within the service's community."""
    at = at or timezone.now()
    mine = {"community": community}
    links = list(
        ServiceAtLocation.objects.filter(**mine, service_id=service.hsds_id).order_by("pk")
    )
    location_ids = [x.location_id for x in links if x.location_id]
    locations = list(Location.objects.filter(**mine, hsds_id__in=location_ids).order_by("pk"))
    addresses: dict[uuid.UUID, list[Address]] = defaultdict(list)
    for address in Address.objects.filter(**mine, location_id__in=location_ids).order_by("pk"):
        addresses[address.location_id].append(address)
    access: dict[uuid.UUID, list[Accessibility]] = defaultdict(list)
    for item in Accessibility.objects.filter(**mine, location_id__in=location_ids).order_by("pk"):
        access[item.location_id].append(item)
    place_languages: dict[uuid.UUID, list[str]] = defaultdict(list)
    service_languages: list[str] = []
    for lang in (
        Language.objects.filter(**mine)
        .filter(Q(service_id=service.hsds_id) | Q(location_id__in=location_ids))
        .order_by("pk")
    ):
        name = language_name(lang.code, lang.name)
        target = (
            service_languages
            if lang.service_id == service.hsds_id
            else place_languages[lang.location_id]
        )
        if name not in target:
            target.append(name)
    places = []
    for location in locations:
        found = addresses.get(location.hsds_id, [])
        places.append(
            Place(
                name=location.name_es if location.name_es and _is_spanish() else location.name,
                description=location.description_es
                if location.description_es and _is_spanish()
                else location.description,
                transportation="" if location.confidential else location.transportation,
                confidential=location.confidential,
                county=county_of(community, found) if location.confidential else "",
                addresses=[] if location.confidential else found,
                accessibility=access.get(location.hsds_id, []),
                languages=place_languages.get(location.hsds_id, []),
            )
        )
    sal_ids = [x.hsds_id for x in links]
    phones = list(
        Phone.objects.filter(**mine)
        .filter(
            Q(service_id=service.hsds_id)
            | Q(service_at_location_id__in=sal_ids)
            | Q(location_id__in=location_ids)
        )
        .order_by("pk")
    )
    organization = (
        Organization.objects.filter(community=community, hsds_id=service.organization_id).first()
        if service.organization_id
        else None
    )
    if not phones and organization is not None:
        phones = list(
            Phone.objects.filter(**mine, organization_id=organization.hsds_id).order_by("pk")
        )
    schedules = list(
        Schedule.objects.filter(**mine)
        .filter(Q(service_id=service.hsds_id) | Q(service_at_location_id__in=sal_ids))
        .order_by("pk")
    )
    from .selectors import hours_of

    hours = [hours_of(s, settings.TIME_ZONE) for s in schedules]
    term_ids = Attribute.objects.filter(**mine, link_id=service.hsds_id).values("taxonomy_term_id")
    return ServicePage(
        service=service,
        community=community,
        organization=organization,
        phones=phones,
        places=places,
        schedules=[text for text in (describe_schedule(s) for s in schedules) if text],
        opening=opening(hours, at),
        languages=service_languages,
        areas=list(ServiceArea.objects.filter(**mine, service_id=service.hsds_id).order_by("pk")),
        costs=list(CostOption.objects.filter(**mine, service_id=service.hsds_id).order_by("pk")),
        documents=list(
            RequiredDocument.objects.filter(**mine, service_id=service.hsds_id).order_by("pk")
        ),
        terms=list(TaxonomyTerm.objects.filter(**mine, hsds_id__in=term_ids).order_by("name")),
    )


def _is_spanish() -> bool:
    from django.utils.translation import get_language

    return (get_language() or "en").startswith("es")


# Filter choices -----------------------------------------------------------------------------


@dataclass
class Choices:
    terms: list[tuple[str, str]]
    languages: list[tuple[str, str]]
    costs: list[tuple[str, str]]
    areas: list[tuple[str, str]]
    towns: dict[str, tuple[float, float]]


def filter_choices(*, communities: Sequence[Community]) -> Choices:
    """``read_filter_choices``, cached until one of the communities' directories is written
    (``opening_windows.bump``), in each language."""
    from django.utils.translation import get_language

    from .opening_windows import cached

    return cached(
        "choices",
        [c.pk for c in communities],
        lambda: read_filter_choices(communities=communities),
        extra=get_language() or "",
    )


def read_filter_choices(*, communities: Sequence[Community]) -> Choices:
    """What the filters offer, from the communities' own records (seven queries). Towns are
    the cities of public addresses whose location has coordinates, each at the mean of
    them: a confidential location never places a town."""
    ids = [c.pk for c in communities]
    linked_terms = Attribute.objects.filter(community__in=ids).values("taxonomy_term_id")
    terms: dict[str, str] = {}
    for hsds_id, name in (
        TaxonomyTerm.objects.filter(community__in=ids, hsds_id__in=linked_terms)
        .order_by("name")
        .values_list("hsds_id", "name")
    ):
        terms.setdefault(str(hsds_id), name)
    languages: dict[str, str] = {}
    for code, name in (
        Language.objects.filter(community__in=ids, service_id__isnull=False)
        .exclude(code="")
        .values_list("code", "name")
        .distinct()
    ):
        languages.setdefault(code.lower(), language_name(code, name))
    options = sorted(
        set(
            CostOption.objects.filter(community__in=ids)
            .exclude(option="")
            .values_list("option", flat=True)
            .distinct()
        )
    )
    costs = [("free", _("Free")), ("paid", _("Has a cost or fee"))] + [
        (f"option:{o}", o[:80]) for o in options
    ]
    areas = set(
        ServiceArea.objects.filter(community__in=ids)
        .exclude(name="")
        .values_list("name", flat=True)
        .distinct()
    )
    towns: dict[str, list[tuple[float, float]]] = defaultdict(list)
    areas |= {
        region.strip()  # a county is safe to name, confidential or not
        for region in Address.objects.filter(community__in=ids)
        .exclude(region="")
        .values_list("region", flat=True)
        .distinct()
    }
    # Each address with its location's coordinates, unless the location is confidential:
    # the public points in one query, the addresses' towns in another, joined here.
    points = {
        (community_id, hsds_id): (lat, lon)
        for community_id, hsds_id, lat, lon in Location.objects.filter(
            community__in=ids, confidential=False, latitude__isnull=False, longitude__isnull=False
        ).values_list("community_id", "hsds_id", "latitude", "longitude")
    }
    sums: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    for community_id, location_id, city, state in (
        Address.objects.filter(community__in=ids, location_id__isnull=False)
        .exclude(city="")
        .values_list("community_id", "location_id", "city", "state_province")
    ):
        point = points.get((community_id, location_id))
        if point is not None:
            total = sums[(city, state)]
            total[0] += point[0]
            total[1] += point[1]
            total[2] += 1
    for (city, state), (lat, lon, count) in sums.items():
        label = ", ".join(p for p in (city.strip(), state.strip()) if p)
        towns[label].append((lat / count, lon / count))
    return Choices(
        terms=sorted(terms.items(), key=lambda item: item[1].casefold()),
        languages=sorted(languages.items(), key=lambda item: item[1].casefold()),
        costs=costs,
        areas=[(a, a if len(a) <= 80 else a[:79] + "…") for a in sorted(areas, key=str.casefold)],
        towns={
            label: (
                sum(p[0] for p in points) / len(points),
                sum(p[1] for p in points) / len(points),
            )
            for label, points in sorted(towns.items())
        },
    )


__all__ = ["Listing", "ServicePage", "filter_choices", "listings", "service_page"]
