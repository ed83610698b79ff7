"""The directory's demo: about 150 services of the demo communities' partner organizations
(``demo_data/services.csv``), with addresses, phones, languages, a category and opening hours,
named in English and Spanish; a few addresses are confidential and a few services were last
verified long ago (stale). Loaded through the HSDS import, so it is the same path a real
package takes; HSDS ids are derived from names, so loading twice changes nothing."""

import csv
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from groundwork.communities.models import Community, Organization

from .hsds import Row
from .models import Location, Service
from .services import (
    hsds_import,
    location_set_confidential,
    service_translate,
    service_verify,
)

NAMESPACE = uuid.UUID("6f1d3c0e-2b51-4c55-9a0e-5b1c8f9a7d21")


def _id(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(parts)))


DATA = Path(__file__).resolve().parent / "demo_data" / "services.csv"
CATEGORIES = {  # key in the data file: the term's name
    "food": "Food",
    "benefits": "Benefits and forms",
    "health": "Health care",
    "mental": "Mental health and recovery",
    "shelter": "Shelter",
    "housing": "Housing",
    "legal": "Legal help",
    "education": "Learning",
    "youth": "Children and youth",
    "family": "Families",
    "work": "Work",
    "transport": "Getting around",
    "basic": "Clothing and basics",
    "money": "Money",
    "culture": "Culture",
}


@dataclass(frozen=True)
class DemoService:
    """One line of ``demo_data/services.csv``."""

    community: str
    organization: str
    name: str
    name_es: str
    description: str
    description_es: str
    street: str
    city: str
    days: str
    opens_at: str
    closes_at: str
    languages: tuple[str, ...]
    confidential: bool
    verified_days_ago: int
    category: str


def demo_services() -> list[DemoService]:
    with DATA.open(encoding="utf-8", newline="") as f:
        return [
            DemoService(
                **{
                    **row,
                    "languages": tuple(row["languages"].split()),
                    "confidential": row["confidential"] == "yes",
                    "verified_days_ago": int(row["verified_days_ago"]),
                }
            )
            for row in csv.DictReader(f)
        ]


LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}


def _package(community: Community, services: list[DemoService]) -> dict[str, list[Row]]:
    tables: dict[str, list[dict[str, Any]]] = {}

    def add(path: str, row: dict[str, Any]) -> None:
        tables.setdefault(path, []).append(row)

    organizations = {
        o.name: str(o.hsds_id) for o in Organization.objects.filter(community=community)
    }
    taxonomy_id = _id(community.slug, "taxonomy")
    add(
        "taxonomies.csv",
        {
            "id": taxonomy_id,
            "name": "Groundwork demo categories",
            "description": "The kinds of help the demo directory lists.",
        },
    )
    for key, name in CATEGORIES.items():
        add(
            "taxonomy_terms.csv",
            {
                "id": _id(community.slug, "term", key),
                "code": key,
                "name": name,
                "description": name,
                "taxonomy_id": taxonomy_id,
                "language": "en",
            },
        )
    for entry in services:
        org_id = organizations[entry.organization]
        service_id = _id(community.slug, entry.organization, entry.name)
        location_id = _id(community.slug, entry.organization, entry.name, "location")
        add(
            "services.csv",
            {
                "id": service_id,
                "organization_id": org_id,
                "name": entry.name,
                "description": entry.description,
                "status": "active",
            },
        )
        add(
            "locations.csv",
            {
                "id": location_id,
                "location_type": "physical",
                "organization_id": org_id,
                "name": entry.organization,
            },
        )
        add(
            "service_at_location.csv",
            {
                "id": _id(service_id, "at", location_id),
                "service_id": service_id,
                "location_id": location_id,
            },
        )
        add(
            "addresses.csv",
            {
                "id": _id(location_id, "address"),
                "location_id": location_id,
                "address_1": entry.street,
                "city": entry.city,
                "state_province": "NC",
                "postal_code": "27000",
                "country": "US",
                "address_type": "physical",
            },
        )
        add(
            "phones.csv",
            {"id": _id(service_id, "phone"), "service_id": service_id, "number": "555-0100"},
        )
        add(
            "schedules.csv",
            {
                "id": _id(service_id, "schedule"),
                "service_id": service_id,
                "freq": "WEEKLY",
                "byday": entry.days,
                "opens_at": entry.opens_at,
                "closes_at": entry.closes_at,
                "wkst": "MO",
            },
        )
        for code in entry.languages:
            add(
                "languages.csv",
                {
                    "id": _id(service_id, "language", code),
                    "service_id": service_id,
                    "code": code,
                    "name": LANGUAGE_NAMES[code],
                },
            )
        add(
            "attributes.csv",
            {
                "id": _id(service_id, "category"),
                "link_id": service_id,
                "link_type": "service",
                "link_entity": "service",
                "taxonomy_term_id": _id(community.slug, "term", entry.category),
            },
        )
    return {
        path: [Row(f"{path}, demo record {i}", row) for i, row in enumerate(rows, start=1)]
        for path, rows in tables.items()
    }


@transaction.atomic  # one commit for the whole demo: `make run` loads it quickly on SQLite
def load_directory_demo() -> int:
    """Load the demo directory into the demo communities; returns how many services they
    hold. Safe to run again: HSDS ids come from names, and the Spanish text, the verification
    dates and the confidential flags are set only when they differ (a verification date only
    once, so a demo service becomes stale as time passes, as a real one would)."""
    total = 0
    today = timezone.localdate()
    by_community: dict[str, list[DemoService]] = {}
    for entry in demo_services():
        by_community.setdefault(entry.community, []).append(entry)
    for slug, services in by_community.items():
        community = Community.objects.filter(slug=slug).first()
        if community is None:
            continue
        hsds_import(
            actor=None,
            community=community,
            package=_package(community, services),
            actor_label="demo",
        )
        stored = {s.hsds_id: s for s in Service.objects.filter(community=community)}
        locations = {loc.hsds_id: loc for loc in Location.objects.filter(community=community)}
        for entry in services:
            service = stored[uuid.UUID(_id(slug, entry.organization, entry.name))]
            if service.name_es != entry.name_es or service.description_es != entry.description_es:
                service_translate(
                    actor=None,
                    service=service,
                    name_es=entry.name_es,
                    description_es=entry.description_es,
                )
            if service.last_verified is None:
                service_verify(
                    actor=None, service=service, on=today - timedelta(days=entry.verified_days_ago)
                )
            location = locations[uuid.UUID(_id(slug, entry.organization, entry.name, "location"))]
            if location.confidential != entry.confidential:
                location_set_confidential(
                    actor=None, location=location, confidential=entry.confidential
                )
        total += len(stored)
    return total
