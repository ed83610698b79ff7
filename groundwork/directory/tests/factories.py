"""Factories for the directory's records, and ``directory_world``: two communities of one
network with food pantries near and far, open and closed, a confidential shelter and a
clinic with a cost, used by the search, page, handout and browser tests."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import time, timedelta
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from groundwork.communities.models import Community, Network, Organization
from groundwork.communities.tests.factories import (
    CommunityFactory,
    NetworkFactory,
    OrganizationFactory,
)

from ..models import (
    Address,
    Attribute,
    CostOption,
    Language,
    Location,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from ..opening_windows import WEEKDAY_CODES

EVERY_DAY = ",".join(WEEKDAY_CODES)


class ServiceFactory(DjangoModelFactory):
    class Meta:
        model = Service

    community = factory.SubFactory(CommunityFactory)
    name = factory.Sequence(lambda n: f"Service {n}")
    description = "A service."
    status = "active"


class LocationFactory(DjangoModelFactory):
    class Meta:
        model = Location

    community = factory.SubFactory(CommunityFactory)
    location_type = "physical"
    name = factory.Sequence(lambda n: f"Location {n}")


class AddressFactory(DjangoModelFactory):
    class Meta:
        model = Address

    community = factory.SubFactory(CommunityFactory)
    address_1 = factory.Sequence(lambda n: f"{n} Main Street")
    city = "Alder"
    state_province = "NC"
    postal_code = "27000"
    country = "US"
    address_type = "physical"


class ScheduleFactory(DjangoModelFactory):
    class Meta:
        model = Schedule

    community = factory.SubFactory(CommunityFactory)
    freq = "WEEKLY"
    byday = EVERY_DAY
    opens_at = time(0, 0)
    closes_at = time(0, 0)  # a closing time at the opening time: open all day and night


def add_service(  # noqa: PLR0913 - a record with its parts, as a 211 lists it
    community: Community,
    organization: Organization,
    *,
    name: str,
    name_es: str = "",
    description: str = "",
    description_es: str = "",
    point: tuple[float, float] | None = None,
    street: str = "1 Main Street",
    city: str = "Alder",
    postal_code: str = "27000",
    region: str = "",
    confidential: bool = False,
    hours: tuple[str, time, time] | None = (EVERY_DAY, time(0, 0), time(0, 0)),
    languages: tuple[str, ...] = ("en",),
    phone: str = "555-0100",
    terms: tuple[TaxonomyTerm, ...] = (),
    area: str = "",
    cost: tuple[str, float] | None = None,
    **fields: Any,
) -> Service:
    """A service with one location (and its address), opening hours, languages, a phone,
    taxonomy terms, an area served and a cost option, all in ``community``."""
    service = ServiceFactory(
        community=community,
        organization_id=organization.hsds_id,
        name=name,
        name_es=name_es,
        description=description or f"{name}.",
        description_es=description_es,
        **fields,
    )
    location = LocationFactory(
        community=community,
        organization_id=organization.hsds_id,
        name=organization.name,
        latitude=point[0] if point else None,
        longitude=point[1] if point else None,
        confidential=confidential,
    )
    AddressFactory(
        community=community,
        location_id=location.hsds_id,
        address_1=street,
        city=city,
        postal_code=postal_code,
        region=region,
    )
    ServiceAtLocation.objects.create(
        community=community, service_id=service.hsds_id, location_id=location.hsds_id
    )
    if hours is not None:
        days, opens, closes = hours
        ScheduleFactory(
            community=community,
            service_id=service.hsds_id,
            byday=days,
            opens_at=opens,
            closes_at=closes,
        )
    for code in languages:
        Language.objects.create(community=community, service_id=service.hsds_id, code=code)
    if phone:
        Phone.objects.create(community=community, service_id=service.hsds_id, number=phone)
    for term in terms:
        Attribute.objects.create(
            community=community,
            link_id=service.hsds_id,
            link_type="service",
            link_entity="service",
            taxonomy_term_id=term.hsds_id,
        )
    if area:
        ServiceArea.objects.create(community=community, service_id=service.hsds_id, name=area)
    if cost:
        CostOption.objects.create(
            community=community,
            service_id=service.hsds_id,
            option=cost[0],
            amount=cost[1],
            currency="USD",
        )
    return service


def food_term(community: Community) -> TaxonomyTerm:
    """The same taxonomy in each community (HSDS ids shared, as when both import one
    published taxonomy)."""
    taxonomy_id = uuid.UUID("0f0c6a4e-3a55-4b8e-9b55-2f1b7a0d0001")
    Taxonomy.objects.get_or_create(
        community=community, hsds_id=taxonomy_id, defaults={"name": "Needs", "description": "Needs"}
    )
    term, _ = TaxonomyTerm.objects.get_or_create(
        community=community,
        hsds_id=uuid.UUID("0f0c6a4e-3a55-4b8e-9b55-2f1b7a0d0002"),
        defaults={"name": "Food pantry", "description": "Groceries", "taxonomy_id": taxonomy_id},
    )
    return term


def health_term(community: Community) -> TaxonomyTerm:
    term, _ = TaxonomyTerm.objects.get_or_create(
        community=community,
        hsds_id=uuid.UUID("0f0c6a4e-3a55-4b8e-9b55-2f1b7a0d0003"),
        defaults={"name": "Health care", "description": "Clinics"},
    )
    return term


# Places: Alder's center, a town two miles north, and one thirty miles north.
ALDER = (36.0, -78.9)
NEAR_BY = (36.029, -78.9)
FAR_AWAY = (36.435, -78.9)
SHELTER_POINT = (36.00437, -78.90561)
SHELTER_STREET = "27 Hidden Hollow Way"
SHELTER_CITY = "Quietville"
SHELTER_POSTAL = "27999"


@dataclass
class World:
    network: Network
    alder: Community
    birch: Community
    pantry: Service  # Alder: open now, in town
    closed_pantry: Service  # Alder: two miles away, closed now
    far_pantry: Service  # Alder: thirty miles away, open now
    shelter: Service  # Alder: confidential address, open now
    clinic: Service  # Alder: costs, adults only, English only
    birch_pantry: Service  # Birch: same place as Alder's pantry, open now


def directory_world() -> World:
    """Two public communities of one network, their directories filled as a 211 would."""
    network = NetworkFactory(name="Piedmont Network", slug="piedmont")
    alder = CommunityFactory(name="Alder County", slug="alder", network=network)
    birch = CommunityFactory(name="Birch County", slug="birch", network=network)
    church = OrganizationFactory(community=alder, name="Mount Olive Fellowship")
    clinic_org = OrganizationFactory(community=alder, name="Blue Heron Clinic")
    birch_church = OrganizationFactory(community=birch, name="Iglesia San José")
    food = food_term(alder)
    # Closed now whatever the clock says: open one hour, three days from today.
    later = WEEKDAY_CODES[(timezone.localdate() + timedelta(days=3)).weekday()]
    pantry = add_service(
        alder,
        church,
        name="Community food pantry",
        name_es="Despensa comunitaria de alimentos",
        description="Groceries for any household in the county; no papers needed.",
        description_es="Alimentos para cualquier hogar del condado; no se piden papeles.",
        point=ALDER,
        street="88 Church Road",
        region="Alder County",
        languages=("en", "es"),
        terms=(food,),
        area="Alder County",
        last_verified=timezone.localdate() - timedelta(days=30),
        eligibility_description="Any household in the county.",
    )
    closed_pantry = add_service(
        alder,
        church,
        name="Saturday food pantry",
        name_es="Despensa de alimentos de los sábados",
        description="Fresh produce once a week.",
        description_es="Frutas y verduras una vez por semana.",
        point=NEAR_BY,
        street="5 Mill Street",
        city="Mill Hill",
        region="Alder County",
        hours=(later, time(10, 0), time(11, 0)),
        languages=("en", "es"),
        terms=(food,),
        area="Alder County",
    )
    far_pantry = add_service(
        alder,
        church,
        name="Farm food pantry",
        name_es="Despensa de alimentos de la granja",
        description="Groceries from local farms.",
        description_es="Alimentos de granjas locales.",
        point=FAR_AWAY,
        street="900 Farm Road",
        city="Elm Springs",
        region="Elm County",
        languages=("en", "es"),
        terms=(food,),
        area="Elm County",
    )
    shelter = add_service(
        alder,
        church,
        name="Safe night shelter",
        name_es="Refugio nocturno seguro",
        description="Emergency beds for people leaving violence at home. Call first.",
        description_es="Camas de emergencia para personas que huyen de la violencia. Llame antes.",
        point=SHELTER_POINT,
        street=SHELTER_STREET,
        city=SHELTER_CITY,
        postal_code=SHELTER_POSTAL,
        region="Alder County",
        confidential=True,
        languages=("en", "es"),
        phone="555-0199",
        area="Alder County",
    )
    clinic = add_service(
        alder,
        clinic_org,
        name="Walk-in clinic",
        description="Check-ups and care for illness.",
        point=(36.001, -78.899),
        street="412 Heron Street",
        region="Alder County",
        hours=("MO,TU,WE,TH,FR", time(8, 0), time(17, 0)),
        terms=(health_term(alder),),
        cost=("Sliding scale", 20.0),
        minimum_age=18,
        fees_description="Sliding fee by income.",
    )
    birch_pantry = add_service(
        birch,
        birch_church,
        name="Birch food pantry",
        name_es="Despensa de alimentos de Birch",
        description="Groceries on any day.",
        description_es="Alimentos cualquier día.",
        point=(36.0005, -78.9),
        street="15 River Avenue",
        city="Alder",
        region="Birch County",
        languages=("es", "en"),
        terms=(food_term(birch),),
    )
    return World(
        network, alder, birch, pantry, closed_pantry, far_pantry, shelter, clinic, birch_pantry
    )


DURHAM, ORANGE = "37063", "37135"


def place_world(world: World) -> World:
    """The directory world on a map: Alder serves Durham County and Birch Orange County (real
    FIPS codes, so the county outlines exist), Alder's addresses say "Durham County", and
    each has assets: Alder a hall (with a members-only contact) and a person's gifts given
    with a point, Birch a garden."""
    from decimal import Decimal

    from ..models import Asset

    world.alder.county_fips = [DURHAM]
    world.alder.save(update_fields=["county_fips"])
    world.birch.county_fips = [ORANGE]
    world.birch.save(update_fields=["county_fips"])
    Address.objects.filter(community=world.alder, region="Alder County").update(
        region="Durham County"
    )
    Asset.objects.create(
        community=world.alder,
        kind="place",
        name="Union hall",
        name_es="Salón del sindicato",
        county_fips=DURHAM,
        latitude=Decimal("36.012345"),
        longitude=Decimal("-78.912345"),
        contact_email="steward@members.example",
        contact_visibility="members",
    )
    Asset.objects.create(
        community=world.alder,
        kind="individual",
        name="Bike repair",
        person_first_name="Rosa",
        consent="first_name",
        county_fips=DURHAM,
        latitude=Decimal("36.055555"),
        longitude=Decimal("-78.955555"),
    )
    Asset.objects.create(
        community=world.birch,
        kind="place",
        name="Birch garden",
        county_fips=ORANGE,
        latitude=Decimal("36.07"),
        longitude=Decimal("-79.1"),
    )
    return world
