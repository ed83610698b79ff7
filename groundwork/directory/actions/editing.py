"""Editing the directory on its pages: organizations and locations (with a location's address
and phones; services are in ``service_editing``). Each save is one transaction with one audit
event: a problem anywhere (one bad phone) saves nothing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from groundwork.communities.models import Community, Organization, Sector
from groundwork.core.errors import ApplicationError
from groundwork.core.services import audit_record

from ..models import (
    Address,
    Location,
    LocationType,
    Phone,
)
from .common import PhoneEntry, changed_fields, clean, reconcile, require


@dataclass(frozen=True)
class AddressEntry:
    address_1: str
    city: str
    state_province: str
    postal_code: str
    country: str = "US"
    address_2: str = ""


# Organizations ------------------------------------------------------------------------------


@transaction.atomic
def organization_save(
    *,
    actor: Any,
    community: Community,
    organization: Organization | None = None,
    name: str,
    sector: str = Sector.OTHER,
    name_es: str = "",
    description: str = "",
    description_es: str = "",
    email: str = "",
    website: str = "",
) -> Organization:
    """Add a partner organization to the directory, or change one. Stewards only."""
    require(actor, "communities.add_organization", community)
    name = name.strip()
    duplicate = community.organizations.filter(name__iexact=name)
    if organization is not None:
        if organization.community_id != community.pk:
            raise ApplicationError(_("That organization is not part of this community."))
        duplicate = duplicate.exclude(pk=organization.pk)
    if duplicate.exists():
        raise ApplicationError(_("An organization with that name is already listed."), field="name")
    created = organization is None
    if organization is None:
        organization = Organization(community=community)
    changed = changed_fields(
        organization,
        {
            "name": name,
            "sector": sector,
            "name_es": name_es.strip(),
            "description": description.strip(),
            "description_es": description_es.strip(),
            "email": email.strip(),
            "website": website.strip(),
        },
    )
    clean(organization)
    organization.save()
    audit_record(
        action="directory.organization_created" if created else "directory.organization_changed",
        actor=actor,
        community=community,
        target=organization,
        details={} if created else {"fields": changed},
    )
    return organization


# Locations ----------------------------------------------------------------------------------


@transaction.atomic
def location_save(
    *,
    actor: Any,
    community: Community,
    location: Location | None = None,
    organization: Organization | None,
    name: str,
    name_es: str = "",
    description: str = "",
    description_es: str = "",
    transportation: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
    confidential: bool = False,
    address: AddressEntry | None = None,
    phones: list[PhoneEntry] | None = None,
) -> Location:
    """Add or change a place where services are offered, with its street address and phones.
    A confidential location's address is shown only to its organization's members."""
    if organization is not None and organization.community_id != community.pk:
        raise ApplicationError(_("That organization is not part of this community."))
    if location is not None:
        if location.community_id != community.pk:
            raise ApplicationError(_("That location is not part of this community."))
        require(actor, "directory.change_location", location)
    org_id = organization.hsds_id if organization else None
    if location is None or location.organization_id != org_id:
        # Placing a location under an organization: a steward, or that organization's member.
        require(
            actor,
            "directory.add_service",
            organization or Location(community=community, organization_id=None),
        )
    created = location is None
    if location is None:
        location = Location(community=community, location_type=LocationType.PHYSICAL)
    changed = changed_fields(
        location,
        {
            "organization_id": org_id,
            "name": name.strip(),
            "name_es": name_es.strip(),
            "description": description.strip(),
            "description_es": description_es.strip(),
            "transportation": transportation.strip(),
            "latitude": latitude,
            "longitude": longitude,
            "confidential": confidential,
        },
    )
    if (latitude is None) != (longitude is None):
        raise ApplicationError(_("Give both the latitude and the longitude, or neither."))
    clean(location)
    location.save()
    rows = []
    if address is not None:
        rows.append(
            {
                "address_1": address.address_1.strip(),
                "address_2": address.address_2.strip(),
                "city": address.city.strip(),
                "state_province": address.state_province.strip(),
                "postal_code": address.postal_code.strip(),
                "country": address.country.strip() or "US",
                "address_type": LocationType.PHYSICAL,
            }
        )
    reconcile(
        Address,
        community=community,
        parent={"location_id": location.hsds_id},
        rows=rows,
        keep=lambda a: a.address_type in ("", LocationType.PHYSICAL),
    )
    if phones is not None:
        reconcile(
            Phone,
            community=community,
            parent={"location_id": location.hsds_id},
            rows=[
                {"number": p.number.strip(), "description": p.description.strip()} for p in phones
            ],
        )
    audit_record(
        action="directory.location_created" if created else "directory.location_changed",
        actor=actor,
        community=community,
        target=location,
        details={} if created else {"fields": changed},
    )
    return location
