"""The HSDS 3.0 API: each answer valid against HSDS's compiled schemas, paged in HSDS's
envelope, scoped to its community, and confidential addresses only for the organization's
own members."""

import json
from functools import cache

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from groundwork.communities.models import Membership, Organization
from groundwork.communities.tests.factories import MembershipFactory, member
from groundwork.directory.models import Address, Location, Service, ServiceAtLocation
from groundwork.directory.services import hsds_import, location_set_confidential

from .conftest import EXAMPLES_CSV, SPEC, needs_hsds

pytestmark = [needs_hsds, pytest.mark.django_db]

BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
SERVICE = "ac148810-d857-441c-9679-408f346de14b"
ORGANIZATION = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"
LINK = "e94c9f38-1e8f-4564-91d4-d53501ab1765"


@cache
def _schemas() -> tuple[dict, Registry]:  # type: ignore[type-arg]
    found: dict[str, dict] = {}  # type: ignore[type-arg]
    for path in (SPEC / "schema" / "compiled").glob("*.json"):
        found[f"{BASE}compiled/{path.name}"] = json.loads(path.read_text())
    for name in ("taxonomy.json", "taxonomy_term.json"):
        found[f"{BASE}{name}"] = json.loads((SPEC / "schema" / name).read_text())
    registry = Registry().with_resources(
        (uri, Resource.from_contents(schema, default_specification=DRAFT202012))
        for uri, schema in found.items()
    )
    return found, registry


def valid(document: dict, name: str) -> None:  # type: ignore[type-arg]
    """Validate against one of HSDS's schemas ("compiled/service.json", "taxonomy.json")."""
    _found, registry = _schemas()
    validator = jsonschema.Draft202012Validator(
        {"$ref": BASE + name}, registry=registry, format_checker=jsonschema.FormatChecker()
    )
    validator.validate(document)


def valid_page(document: dict, item: str) -> None:  # type: ignore[type-arg]
    """HSDS's paging envelope (openapi.json's Page) around items valid against ``item``."""
    openapi = json.loads((SPEC / "schema" / "openapi.json").read_text())
    page = openapi["components"]["schemas"]["Page"]
    jsonschema.Draft202012Validator(
        {
            **page,
            "required": list(page["properties"]),
            "properties": {**page["properties"], "contents": {"type": "array"}},
        }
    ).validate(document)
    for entry in document["contents"]:
        valid(entry, item)


@pytest.fixture
def directory(two_communities):  # type: ignore[no-untyped-def]
    for community in two_communities:
        hsds_import(actor=None, community=community, source=EXAMPLES_CSV)
    return two_communities


def test_every_read_endpoint_answers_valid_hsds(client, directory):
    alder, _birch = directory
    base = f"/api/hsds/{alder.slug}"
    assert client.get(f"{base}/").json()["version"] == "3.0"
    services = client.get(f"{base}/services").json()
    valid_page(services, "compiled/service_list.json")
    assert [s["id"] for s in services["contents"]] == [SERVICE]
    assert services["contents"][0]["organization"]["id"] == ORGANIZATION
    valid_page(client.get(f"{base}/services?full=true").json(), "compiled/service.json")
    service = client.get(f"{base}/services/{SERVICE}").json()
    valid(service, "compiled/service.json")
    for key in (
        "phones",
        "schedules",
        "service_areas",
        "service_at_locations",
        "languages",
        "funding",
        "cost_options",
        "required_documents",
        "contacts",
    ):
        assert service[key], key
    assert service["service_at_locations"][0]["location"]["addresses"][0]["city"] == "MyCity"
    valid_page(client.get(f"{base}/organizations").json(), "compiled/organization_list.json")
    valid_page(
        client.get(f"{base}/organizations?full_service=true").json(), "compiled/organization.json"
    )
    organization = client.get(f"{base}/organizations/{ORGANIZATION}").json()
    valid(organization, "compiled/organization.json")
    assert [s["id"] for s in organization["services"]] == [SERVICE]
    links = client.get(f"{base}/service_at_locations").json()
    valid_page(links, "compiled/service_at_location_list.json")
    valid(
        client.get(f"{base}/service_at_locations/{LINK}").json(),
        "compiled/service_at_location.json",
    )
    valid_page(client.get(f"{base}/taxonomies").json(), "taxonomy.json")
    terms = client.get(f"{base}/taxonomy_terms").json()
    valid_page(terms, "taxonomy_term.json")
    term = terms["contents"][0]["id"]
    valid(client.get(f"{base}/taxonomy_terms/{term}").json(), "taxonomy_term.json")
    filtered = client.get(f"{base}/services?taxonomy_term_id={term}").json()
    assert filtered["total_items"] in (0, 1)


def test_pages_follow_the_hsds_envelope(client, directory):
    alder, birch = directory
    original = Service.objects.get(community=alder)
    hsds_import(
        actor=None,
        community=alder,
        package={
            "services.csv": [
                __import__("groundwork.directory.hsds", fromlist=["Row"]).Row(
                    "x",
                    {
                        "id": "11111111-1111-4111-8111-111111111111",
                        "name": "Another",
                        "status": "active",
                    },
                )
            ]
        },
    )
    first = client.get(f"/api/hsds/{alder.slug}/services?per_page=1").json()
    assert (first["total_items"], first["total_pages"], first["page_number"], first["size"]) == (
        2,
        2,
        1,
        1,
    )
    assert first["first_page"] and not first["last_page"] and not first["empty"]
    second = client.get(f"/api/hsds/{alder.slug}/services?per_page=1&page=2").json()
    assert second["last_page"] and second["contents"][0]["id"] != first["contents"][0]["id"]
    assert {first["contents"][0]["id"], second["contents"][0]["id"]} == {
        str(original.hsds_id),
        "11111111-1111-4111-8111-111111111111",
    }
    # The other tenant still has only its own service.
    assert client.get(f"/api/hsds/{birch.slug}/services").json()["total_items"] == 1
    assert (
        client.get(
            f"/api/hsds/{birch.slug}/services/11111111-1111-4111-8111-111111111111"
        ).status_code
        == 404
    )


def test_a_record_is_found_only_through_its_own_community(client, directory):
    alder, birch = directory
    service = Service.objects.get(community=birch)
    service.delete()
    assert client.get(f"/api/hsds/{birch.slug}/services/{SERVICE}").status_code == 404
    assert client.get(f"/api/hsds/{alder.slug}/services/{SERVICE}").status_code == 200
    assert client.get(f"/api/hsds/{alder.slug}/services/not-a-uuid").status_code == 404


def test_a_private_communitys_directory_answers_its_members_only(client, directory):
    alder, birch = directory
    alder.is_public = False
    alder.save()
    assert client.get(f"/api/hsds/{alder.slug}/services").status_code == 401
    client.force_login(member(birch, "coordinator"))
    assert client.get(f"/api/hsds/{alder.slug}/services").status_code == 403
    client.force_login(member(alder, "viewer"))
    assert client.get(f"/api/hsds/{alder.slug}/services").status_code == 200


ENDPOINTS = [
    "/services?full=true",
    f"/services/{SERVICE}",
    "/organizations?full_service=true",
    f"/organizations/{ORGANIZATION}?full_service=true",
    "/service_at_locations",
    f"/service_at_locations/{LINK}",
]


def test_a_confidential_address_reaches_only_the_organizations_own_members(client, directory):
    alder, birch = directory
    organization = Organization.objects.get(community=alder, hsds_id=ORGANIZATION)
    location = Location.objects.get(community=alder)
    location.organization_id = organization.hsds_id
    location.save()
    location_set_confidential(actor=None, location=location, confidential=True)
    address = Address.objects.get(community=alder)
    secret = [address.address_1, str(address.hsds_id), '"latitude"']

    def answers() -> str:
        return "\n".join(
            client.get(f"/api/hsds/{alder.slug}{e}").content.decode() for e in ENDPOINTS
        )

    assert all(s not in answers() for s in secret)  # anonymous
    client.force_login(member(alder, "coordinator"))  # not the organization's member
    assert all(s not in answers() for s in secret)
    outsider = MembershipFactory(
        community=alder,
        role="partner",
        organization=Organization.objects.create(community=alder, name="Another org"),
    )
    client.force_login(outsider.user)
    assert all(s not in answers() for s in secret)
    own = MembershipFactory(community=alder, role="partner", organization=organization)
    client.force_login(own.user)
    assert all(s in answers() for s in secret)
    # A member of the same organization in the other community does not see alder's address.
    twin = Organization.objects.get(community=birch, hsds_id=ORGANIZATION)
    elsewhere = MembershipFactory(community=birch, role="partner", organization=twin)
    client.force_login(elsewhere.user)
    assert all(s not in answers() for s in secret)
    assert Membership.objects.count() >= 4
    assert ServiceAtLocation.objects.filter(community=alder).count() == 1


def test_listing_services_takes_as_many_queries_for_six_services_as_for_one(client, directory):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from groundwork.directory.hsds import Row

    alder, _birch = directory
    url = f"/api/hsds/{alder.slug}/services?full=true"
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    rows = [
        Row(
            "x",
            {
                "id": f"11111111-1111-4111-8111-11111111111{n}",
                "name": f"S{n}",
                "status": "active",
                "organization_id": ORGANIZATION,
            },
        )
        for n in range(5)
    ]
    hsds_import(actor=None, community=alder, package={"services.csv": rows})
    with CaptureQueriesContext(connection) as six:
        response = client.get(url)
    assert response.json()["total_items"] == 6
    assert len(six) == len(one)
