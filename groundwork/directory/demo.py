"""The directory's demo: a few services of the demo communities' partner organizations, with
addresses, phones, languages and opening hours, named in English and Spanish; one shelter's
address is confidential. Loaded through the HSDS import, so it is the same path a real
package takes; HSDS ids are derived from names, so loading twice changes nothing."""

import csv
import uuid
from datetime import date
from pathlib import Path
from typing import Any

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
WEEKDAYS = "MO,TU,WE,TH,FR"
EVERY_DAY = "MO,TU,WE,TH,FR,SA,SU"


def _id(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(parts)))


# community slug → organization name → services:
# (name, name_es, description, description_es, address, city, hours, languages, confidential)
SERVICES: dict[str, dict[str, list[tuple[Any, ...]]]] = {
    "alder-county": {
        "Blue Heron Community Clinic": [
            (
                "Walk-in primary care",
                "Atención primaria sin cita",
                "Check-ups, vaccines and care for illness, with a sliding fee.",
                "Chequeos, vacunas y atención de enfermedades, con tarifa según ingresos.",
                "412 Heron Street",
                "Alder",
                (WEEKDAYS, "08:00", "17:00"),
                ("en", "es"),
                False,
            ),
            (
                "Counseling for families",
                "Consejería para familias",
                "Short-term counseling for parents, children and teens.",
                "Consejería breve para madres, padres, niños y adolescentes.",
                "412 Heron Street",
                "Alder",
                ("TU,TH", "13:00", "19:00"),
                ("en",),
                False,
            ),
        ],
        "Mount Olive Fellowship": [
            (
                "Community food pantry",
                "Despensa de alimentos",
                "Groceries once a week for any household in the county; no papers needed.",
                "Alimentos una vez por semana para cualquier hogar del condado; "
                "no se piden papeles.",
                "88 Church Road",
                "Alder",
                ("WE,SA", "10:00", "13:00"),
                ("en", "es"),
                False,
            ),
            (
                "Safe night shelter",
                "Refugio nocturno seguro",
                "Emergency beds for people leaving violence at home. Call first.",
                "Camas de emergencia para personas que huyen de la violencia en casa. Llame antes.",
                "27 Confidential Lane",
                "Alder",
                (EVERY_DAY, "19:00", "08:00"),
                ("en", "es"),
                True,
            ),
        ],
    },
    "riverside-heights": {
        "Iglesia San José": [
            (
                "Food pantry",
                "Despensa de alimentos",
                "Fresh produce and staples on Saturdays.",
                "Frutas, verduras y alimentos básicos los sábados.",
                "15 Mill Street",
                "Riverside Heights",
                ("SA", "09:00", "12:00"),
                ("es", "en"),
                False,
            ),
        ],
        "Centro Comunitario La Esperanza": [
            (
                "Help with forms and benefits",
                "Ayuda con formularios y beneficios",
                "Bilingual help applying for food, health and housing benefits.",
                "Ayuda bilingüe para solicitar beneficios de alimentos, salud y vivienda.",
                "200 River Avenue",
                "Riverside Heights",
                ("MO,WE,FR", "09:00", "16:00"),
                ("es", "en"),
                False,
            ),
        ],
    },
}
LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}


def _package(community: Community) -> dict[str, list[Row]]:
    tables: dict[str, list[dict[str, Any]]] = {}

    def add(path: str, row: dict[str, Any]) -> None:
        tables.setdefault(path, []).append(row)

    for organization_name, services in SERVICES[community.slug].items():
        organization = Organization.objects.get(community=community, name=organization_name)
        org_id = str(organization.hsds_id)
        for name, _es, description, _des, street, city, hours, languages, _conf in services:
            service_id = _id(community.slug, organization_name, name)
            location_id = _id(community.slug, organization_name, name, "location")
            add(
                "services.csv",
                {
                    "id": service_id,
                    "organization_id": org_id,
                    "name": name,
                    "description": description,
                    "status": "active",
                    "assured_date": "2026-09-01",
                },
            )
            add(
                "locations.csv",
                {
                    "id": location_id,
                    "location_type": "physical",
                    "organization_id": org_id,
                    "name": organization_name,
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
                    "address_1": street,
                    "city": city,
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
            days, opens, closes = hours
            add(
                "schedules.csv",
                {
                    "id": _id(service_id, "schedule"),
                    "service_id": service_id,
                    "freq": "WEEKLY",
                    "byday": days,
                    "opens_at": opens,
                    "closes_at": closes,
                    "wkst": "MO",
                },
            )
            for code in languages:
                add(
                    "languages.csv",
                    {
                        "id": _id(service_id, "language", code),
                        "service_id": service_id,
                        "code": code,
                        "name": LANGUAGE_NAMES[code],
                    },
                )
    return {
        path: [Row(f"{path}, demo record {i}", row) for i, row in enumerate(rows, start=1)]
        for path, rows in tables.items()
    }


def load_directory_demo() -> int:
    """Load the demo directory into the demo communities; returns how many services they
    hold. Safe to run again."""
    total = 0
    for slug, organizations in SERVICES.items():
        community = Community.objects.filter(slug=slug).first()
        if community is None:
            continue
        hsds_import(
            actor=None, community=community, package=_package(community), actor_label="demo"
        )
        for organization_name, services in organizations.items():
            for name, name_es, _d, description_es, *_rest, confidential in services:
                service = Service.objects.get(
                    community=community, hsds_id=_id(slug, organization_name, name)
                )
                if service.name_es != name_es or service.description_es != description_es:
                    service_translate(
                        actor=None, service=service, name_es=name_es, description_es=description_es
                    )
                if service.last_verified is None:
                    service_verify(actor=None, service=service, on=date(2026, 9, 1))
                location = Location.objects.get(
                    community=community, hsds_id=_id(slug, organization_name, name, "location")
                )
                if location.confidential != confidential:
                    location_set_confidential(
                        actor=None, location=location, confidential=confidential
                    )
        total += Service.objects.filter(community=community).count()
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
