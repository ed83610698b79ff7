"""The directory's map: its GeoJSON and its list, the filters they share with the search, what
they never show (confidential points and addresses, individuals' points, members-only
contacts, another community's entries), the queries they take and the tile server's CSP."""

import json
from urllib.parse import urlencode

import pytest
from django.test import override_settings
from django.urls import reverse

from groundwork.communities.tests.factories import CommunityFactory, OrganizationFactory
from groundwork.directory.models import Asset

from .factories import (
    ALDER,
    DURHAM,
    ORANGE,
    SHELTER_CITY,
    SHELTER_POSTAL,
    SHELTER_STREET,
    ServiceFactory,
    add_service,
    directory_world,
    place_world,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    return place_world(directory_world())


def data(client, slug: str, **params) -> dict:  # type: ignore[no-untyped-def]
    url = reverse("directory:map_data", args=[slug])
    response = client.get(url + ("?" + urlencode(params) if params else ""))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    return json.loads(response.content)


def names(collection: dict) -> set[str]:  # type: ignore[type-arg]
    return {f["properties"]["name"] for f in collection["features"]}


def test_points_of_the_community_over_its_counties(client, world) -> None:  # type: ignore[no-untyped-def]
    found = data(client, "alder")
    assert names(found) == {
        "Community food pantry",
        "Saturday food pantry",
        "Farm food pantry",
        "Walk-in clinic",
        "Union hall",
    }
    hall = next(f for f in found["features"] if f["properties"]["name"] == "Union hall")
    assert hall["geometry"] == {"type": "Point", "coordinates": [-78.91235, 36.01235]}
    assert hall["properties"]["url"] == reverse(
        "assets:detail", args=["alder", Asset.objects.get(name="Union hall").pk]
    )
    pantry = next(f for f in found["features"] if f["properties"]["kind"] == "service")
    assert pantry["geometry"]["coordinates"][0] < 0  # longitude first, as GeoJSON has it
    # Durham's outline, in longitude and latitude, from the same us-atlas package.
    [county] = found["counties"]["features"]
    assert county["id"] == DURHAM and county["properties"]["name"] == "Durham, NC"
    lon, lat = county["geometry"]["coordinates"][0][0][0]
    assert -79.1 < lon < -78.6 and 35.8 < lat < 36.3
    # The shelter (confidential) and Rosa's gifts (a person) are counted in the county only.
    assert county["properties"]["unplaced"] == 2


def test_no_confidential_point_address_members_field_or_other_tenant(client, world) -> None:  # type: ignore[no-untyped-def]
    for slug in ("alder", "birch"):
        raw = client.get(reverse("directory:map_data", args=[slug])).content.decode()
        page = client.get(reverse("directory:map", args=[slug])).content.decode()
        for text in (raw, page):
            for secret in (SHELTER_STREET, SHELTER_CITY, SHELTER_POSTAL, "36.00437", "-78.90561"):
                assert secret not in text
            assert "steward@members.example" not in text
            assert "36.05555" not in text and "-78.95555" not in text  # Rosa's point
            assert "Rosa" not in text
    alder = client.get(reverse("directory:map_data", args=["alder"])).content.decode()
    birch = client.get(reverse("directory:map_data", args=["birch"])).content.decode()
    assert "Birch" not in alder and "Birch garden" in birch and "Union hall" not in birch
    # The list names the shelter, by its county.
    page = client.get(reverse("directory:map", args=["alder"])).content.decode()
    assert "Safe night shelter" in page and "Confidential address" in page


def test_a_member_sees_no_more_on_the_map(client, world) -> None:  # type: ignore[no-untyped-def]
    from groundwork.communities.tests.factories import MembershipFactory

    user = MembershipFactory(community=world.alder, role="member").user
    client.force_login(user)
    raw = client.get(reverse("directory:map_data", args=["alder"])).content.decode()
    assert SHELTER_STREET not in raw and "36.00437" not in raw
    assert "steward@members.example" not in raw


def test_filters_are_the_searchs(client, world) -> None:  # type: ignore[no-untyped-def]
    assert names(data(client, "alder", q="pantry")) == {
        "Community food pantry",
        "Saturday food pantry",
        "Farm food pantry",
    }
    # Filters only services answer leave the assets out.
    assert "Union hall" not in names(data(client, "alder", language="es"))
    assert names(data(client, "alder", show="assets")) == {"Union hall"}
    assert "Union hall" not in names(data(client, "alder", show="services"))
    near = names(data(client, "alder", lat=ALDER[0], lon=ALDER[1], miles=5))
    assert near == {"Community food pantry", "Saturday food pantry", "Walk-in clinic", "Union hall"}
    page = client.get(reverse("directory:map", args=["alder"]) + "?q=clinic").content.decode()
    assert "Walk-in clinic" in page and "Community food pantry" not in page


def test_the_network_map_joins_its_visible_communities(client, world) -> None:  # type: ignore[no-untyped-def]
    hidden = CommunityFactory(slug="private", network=world.network, is_public=False)
    ServiceFactory(community=hidden, name="Private pantry")
    url = reverse("directory:network_map_data", args=[world.network.slug])
    found = json.loads(client.get(url).content)
    assert {"Birch food pantry", "Community food pantry", "Birch garden", "Union hall"} <= names(
        found
    )
    assert "Private pantry" not in client.get(url).content.decode()
    assert {f["id"] for f in found["counties"]["features"]} == {DURHAM, ORANGE}
    page = client.get(reverse("directory:network_map", args=[world.network.slug]))
    assert page.status_code == 200 and "Private pantry" not in page.content.decode()


def test_a_private_communitys_map_is_for_members(client) -> None:  # type: ignore[no-untyped-def]
    community = CommunityFactory(is_public=False)
    assert client.get(reverse("directory:map", args=[community.slug])).status_code == 302
    assert client.get(reverse("directory:map_data", args=[community.slug])).status_code == 302


def test_the_map_takes_the_same_queries_for_few_or_many_entries(  # type: ignore[no-untyped-def]
    client, world, django_assert_num_queries
) -> None:
    url = reverse("directory:map_data", args=["alder"])
    page_url = reverse("directory:map", args=["alder"])
    with django_assert_num_queries(13) as few:
        client.get(url)
    with django_assert_num_queries(6):  # the filter choices are now cached
        client.get(page_url)
    organization = OrganizationFactory(community=world.alder, name="More pantries")
    for n in range(10):
        add_service(world.alder, organization, name=f"Pantry {n}", point=ALDER)
        Asset.objects.create(community=world.alder, kind="association", name=f"Club {n}")
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(json.loads(response.content)["features"]) == 15
    with django_assert_num_queries(6):  # the filter choices are now cached
        client.get(page_url)


def test_spanish_never_localizes_numbers(client, world) -> None:  # type: ignore[no-untyped-def]
    client.cookies["django_language"] = "es"
    raw = client.get(reverse("directory:map_data", args=["alder"]), {"lat": "36.0", "lon": "-78.9"})
    assert b"36,0" not in raw.content and b"-78.91235, 36.01235" in raw.content
    page = client.get(
        reverse("directory:map", args=["alder"]), {"lat": "36.5", "lon": "-78.25", "miles": 50}
    ).content.decode()
    assert "Mapa de ayuda y fortalezas" in page
    assert 'value="36.5"' in page and 'value="-78.25"' in page
    assert "lat=36.5&amp;lon=-78.25" in page  # the map's data asks with the same filters


def test_no_tile_server_by_default_and_none_in_the_csp(client, world) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse("directory:map", args=["alder"]))
    csp = response["Content-Security-Policy"]
    assert "img-src 'self' data:;" in csp + ";"
    assert 'data-tiles=""' in response.content.decode()


@override_settings(
    DIRECTORY_MAP_TILES_URL="https://tiles.example.org/{z}/{x}/{y}.png",
    DIRECTORY_MAP_TILES_ATTRIBUTION="© Example contributors",
)
def test_a_configured_tile_server_is_allowed_on_the_map_only(client, world) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse("directory:map", args=["alder"]))
    assert "img-src 'self' data: https://tiles.example.org" in response["Content-Security-Policy"]
    assert 'data-tiles="https://tiles.example.org/{z}/{x}/{y}.png"' in response.content.decode()
    other = client.get(reverse("directory:search", args=["alder"]))
    assert "tiles.example.org" not in other["Content-Security-Policy"]


@override_settings(DIRECTORY_MAP_TILES_URL="javascript:alert(1)")
def test_a_tile_setting_that_is_no_web_address_is_ignored(client, world) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse("directory:map", args=["alder"]))
    assert "javascript" not in response["Content-Security-Policy"]
    assert 'data-tiles=""' in response.content.decode()


@override_settings(DIRECTORY_MAP_TILES_URL="https://{s}.tile.example.org/{z}/{x}/{y}.png")
def test_a_tile_server_with_subdomains_allows_each_of_them(client, world) -> None:  # type: ignore[no-untyped-def]
    csp = client.get(reverse("directory:map", args=["alder"]))["Content-Security-Policy"]
    assert (
        "img-src 'self' data: https://a.tile.example.org https://b.tile.example.org "
        "https://c.tile.example.org" in csp
    )
    assert "{s}" not in csp
