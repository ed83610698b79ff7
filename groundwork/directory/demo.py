"""The directory's demo: about 150 services of the demo communities' partner organizations
(``demo_data/services.csv``), with addresses, phones, languages, a category, the network's
focus areas it serves and opening hours, named in English and Spanish; a few addresses are
confidential and a few services were last verified long ago (stale). Loaded through the HSDS
import, so it is the same path a real package takes; HSDS ids are derived from names, so
loading twice changes nothing."""

import csv
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from groundwork.communities.models import Community, Network, Organization

from .actions import focus
from .hsds import Row
from .models import Location, Service
from .owners import open_own_directory
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
# Where each demo community's places are put on the map: near the middle of the county it
# serves (the demo's streets are invented), each place a fixed step away from it.
DEMO_CENTERS = {
    "alder-county": (36.43, -81.48),
    "riverside-heights": (35.99, -78.90),
    "cedar-creek": (34.66, -79.15),
    "resilient-together-directory": (35.78, -78.64),  # the network's own: Raleigh
}


def demo_point(slug: str, location_id: str) -> tuple[str, str]:
    """A point for a demo location, within about three miles of its community's center,
    the same on every load (from its HSDS id). Empty for a community without a center."""
    center = DEMO_CENTERS.get(slug)
    if center is None:
        return "", ""
    step = uuid.UUID(location_id).int
    dlat = ((step % 1000) / 1000 - 0.5) * 0.08
    dlon = (((step // 1000) % 1000) / 1000 - 0.5) * 0.1
    return f"{center[0] + dlat:.5f}", f"{center[1] + dlon:.5f}"


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


# The network's focus areas each category serves (the plan builder's gaps are the others).
FOCUS_AREAS = {
    "food": ("food_security",),
    "housing": ("housing",),
    "shelter": ("housing",),
    "mental": ("mental_health", "substance_use"),
    "youth": ("youth",),
    "family": ("early_childhood",),
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
    for path, rows in focus.package_rows(
        key for keys in FOCUS_AREAS.values() for key in keys
    ).items():
        for row in rows:
            add(path, row)
    counties = community.counties()
    region = f"{counties[0].name} County" if counties else ""
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
        latitude, longitude = demo_point(community.slug, location_id)
        add(
            "locations.csv",
            {
                "id": location_id,
                "location_type": "physical",
                "organization_id": org_id,
                "name": entry.organization,
                "latitude": latitude,
                "longitude": longitude,
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
                "region": region,
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
        for key in FOCUS_AREAS.get(entry.category, ()):
            add(
                "attributes.csv",
                {
                    "id": _id(service_id, "focus", key),
                    "link_id": service_id,
                    "link_type": "service",
                    "link_entity": "service",
                    "taxonomy_term_id": str(focus.term_id(key)),
                },
            )
    return {
        path: [Row(f"{path}, demo record {i}", row) for i, row in enumerate(rows, start=1)]
        for path, rows in tables.items()
    }


NETWORK_OWNER = "network:"  # a services.csv row of the network's own entries, not a community's


def _demo_owner(key: str, services: list[DemoService]) -> Community | None:
    """The community a demo row names, or, for ``network:<slug>``, the network's own
    directory (opened here, with the organizations its rows name)."""
    if not key.startswith(NETWORK_OWNER):
        return Community.objects.filter(slug=key).first()
    network = Network.objects.filter(slug=key.removeprefix(NETWORK_OWNER)).first()
    if network is None:
        return None
    owner = open_own_directory(actor=None, network=network)
    for name in sorted({entry.organization for entry in services}):
        Organization.objects.get_or_create(community=owner, name=name)
    return owner


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
        community = _demo_owner(slug, services)
        if community is None:
            continue
        slug = community.slug
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


# The asset map's demo: about eighty assets of the six kinds across the demo communities, in
# English and Spanish, a few of them people's gifts shared with their consent. The rows are
# data (data/demo_assets.csv); an asset is known again by its community, kind and name, so
# loading twice adds nothing.

ASSETS_CSV = Path(__file__).resolve().parent / "data" / "demo_assets.csv"
# Which demo answers to the strengths question stand behind which asset.
ASSET_ANSWERS_CSV = Path(__file__).resolve().parent / "data" / "demo_asset_answers.csv"
DEMO_CONSENT_NOTE = "Agreed on the consent form at the asset-mapping gathering."


def _asset_values(row: dict[str, str], community: Community) -> dict[str, Any]:
    served = set(community.county_fips or [])
    return {
        "kind": row["kind"],
        "name": row["name"],
        "name_es": row["name_es"],
        "description": row["description"],
        "description_es": row["description_es"],
        "county_fips": row["county"] if row["county"] in served else "",
        "area": row["area"],
        "address": row["address"],
        "latitude": row["latitude"] or None,
        "longitude": row["longitude"] or None,
        "tags": row["tags"],
        "contact_name": row["contact_name"],
        "contact_phone": row["contact_phone"],
        "contact_visibility": row["contact_visibility"] or "members",
        "person_first_name": row["first_name"],
        "consent": row["consent"],
        "consent_note": DEMO_CONSENT_NOTE if row["consent"] else "",
        "consent_recorded_on": date(2026, 9, 12) if row["consent"] else None,
    }


@transaction.atomic  # one commit, as the directory's demo: 80 assets, each audited
def load_asset_demo() -> int:
    """Load the demo asset map; returns how many assets the demo communities hold. Safe to run
    again."""
    from .asset_services import asset_create
    from .models import Asset

    with ASSETS_CSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    communities = {
        c.slug: c for c in Community.objects.filter(slug__in={r["community"] for r in rows})
    }
    known = set(
        Asset.objects.filter(community__in=communities.values()).values_list(
            "community__slug", "kind", "name"
        )
    )
    for row in rows:
        community = communities.get(row["community"])
        if community is None or (row["community"], row["kind"], row["name"]) in known:
            continue
        asset_create(actor=None, community=community, **_asset_values(row, community))
    _link_demo_answers(communities)
    return Asset.objects.filter(community__in=communities.values()).count()


def _link_demo_answers(communities: dict[str, Community]) -> None:
    """Promote the demo's strengths answers into the assets they name (once)."""
    from groundwork.planning.models import Contribution

    from .asset_services import asset_promote
    from .models import Asset

    with ASSET_ANSWERS_CSV.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            community = communities.get(row["community"])
            if community is None:
                continue
            asset = Asset.objects.filter(community=community, name=row["asset"]).first()
            answers = list(
                Contribution.objects.filter(
                    community=community,
                    question__key="strengths",
                    moderation="visible",
                    text=row["answer"],
                ).values_list("pk", flat=True)[:1]
            )
            if asset is None or not answers or asset.contributions.filter(pk__in=answers).exists():
                continue
            asset_promote(actor=None, community=community, contribution_ids=answers, asset=asset)
