"""The geocoder: off by default, the Census adapter read against a response in the format
the Census Bureau documents (kept in tests/data; nothing is fetched over the network), and
the forms that use it: only empty coordinates are filled, and a confidential address or a
person's address is never sent."""

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import override_settings
from django.urls import reverse

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import (
    CommunityFactory,
    MembershipFactory,
    OrganizationFactory,
)
from groundwork.directory import geocoding
from groundwork.directory.asset_forms import AssetForm
from groundwork.directory.edit_forms import LocationForm

RESPONSE = (Path(__file__).parent / "data" / "census_geocoder_response.json").read_bytes()
CENSUS = override_settings(DIRECTORY_GEOCODER="census")


class Recorder:
    """Stands in for the network: answers with the recorded response and keeps the URLs."""

    def __init__(self, body: bytes = RESPONSE) -> None:
        self.body = body
        self.urls: list[str] = []

    def __call__(self, url: str, timeout: float) -> bytes:
        self.urls.append(url)
        return self.body


@pytest.fixture
def recorder(monkeypatch):  # type: ignore[no-untyped-def]
    fake = Recorder()
    monkeypatch.setattr(geocoding, "_fetch", fake)
    return fake


def test_the_census_answer_is_read() -> None:
    found = geocoding.parse_census(RESPONSE)
    assert found == geocoding.Geocoded(35.995285, -78.898824, "201 E MAIN ST, DURHAM, NC, 27701")
    no_match = json.dumps({"result": {"input": {}, "addressMatches": []}}).encode()
    assert geocoding.parse_census(no_match) is None


def test_off_by_default_and_nothing_is_fetched(recorder) -> None:  # type: ignore[no-untyped-def]
    assert not geocoding.is_enabled()
    assert geocoding.geocode("201 E Main St, Durham, NC 27701") is None
    assert recorder.urls == []


@CENSUS
def test_the_address_is_asked_of_the_configured_url(recorder) -> None:  # type: ignore[no-untyped-def]
    found = geocoding.geocode("201 E  Main St,\nDurham, NC 27701")
    assert found is not None and (found.latitude, found.longitude) == (35.995285, -78.898824)
    [url] = recorder.urls
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == (
        "https://geocoding.geo.census.gov/geocoder/locations/onelineaddress"
    )
    query = parse_qs(parts.query)
    assert query["address"] == ["201 E Main St, Durham, NC 27701"]
    assert query["format"] == ["json"] and query["benchmark"] == ["Public_AR_Current"]


@CENSUS
@pytest.mark.parametrize("body", [b"not json", b'{"result": {}}', b'{"result": null}'])
def test_a_strange_answer_gives_no_coordinates(monkeypatch, body) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(geocoding, "_fetch", Recorder(body))
    assert geocoding.geocode("201 E Main St") is None


@CENSUS
def test_a_network_failure_gives_no_coordinates(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def fail(url: str, timeout: float) -> bytes:
        raise TimeoutError("timed out")

    monkeypatch.setattr(geocoding, "_fetch", fail)
    assert geocoding.geocode("201 E Main St") is None


def _location_form(**changes: object) -> LocationForm:
    data = {
        "organization": "",
        "name": "Pantry",
        "address_1": "201 E Main St",
        "city": "Durham",
        "state_province": "NC",
        "postal_code": "27701",
        **changes,
    }
    return LocationForm(data, organizations=[], steward=True)


@pytest.mark.django_db
@CENSUS
def test_the_location_form_fills_empty_coordinates_only(recorder) -> None:  # type: ignore[no-untyped-def]
    form = _location_form()
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["latitude"], form.cleaned_data["longitude"]) == (
        35.995285,
        -78.898824,
    )
    assert recorder.urls and "201+E+Main+St%2C+Durham%2C+NC%2C+27701" in recorder.urls[0]
    typed = _location_form(latitude="36.1", longitude="-78.5")
    assert typed.is_valid() and typed.cleaned_data["latitude"] == 36.1
    assert len(recorder.urls) == 1


@pytest.mark.django_db
@CENSUS
def test_a_confidential_address_is_never_geocoded(recorder) -> None:  # type: ignore[no-untyped-def]
    form = _location_form(confidential="on")
    assert form.is_valid()
    assert form.cleaned_data["latitude"] is None and recorder.urls == []


@pytest.mark.django_db
@CENSUS
def test_an_assets_address_is_geocoded_but_never_a_persons(recorder) -> None:  # type: ignore[no-untyped-def]
    community = CommunityFactory(county_fips=["37063"])
    base = {"name": "Hall", "address": "201 E Main St, Durham, NC", "contact_visibility": "members"}
    form = AssetForm({**base, "kind": "place"}, community=community)
    assert form.is_valid(), form.errors
    assert str(form.cleaned_data["latitude"]) == "35.995285"
    person = AssetForm(
        {**base, "kind": "individual", "person_first_name": "Rosa", "consent": "first_name"},
        community=community,
    )
    person.is_valid()
    assert person.cleaned_data.get("latitude") is None and len(recorder.urls) == 1


@pytest.mark.django_db
@override_settings(DIRECTORY_MAP_TILES_URL="https://tiles.example.org/{z}/{x}/{y}.png")
def test_the_edit_forms_carry_the_pin_map_and_allow_the_tiles(client) -> None:  # type: ignore[no-untyped-def]
    community = CommunityFactory(slug="alder", county_fips=["37063"])
    CommunityFactory(slug="birch")
    OrganizationFactory(community=community)
    client.force_login(MembershipFactory(community=community, role=Role.COORDINATOR).user)
    for url in (
        reverse("directory_edit:location_add", args=["alder"]),
        reverse("assets:add", args=["alder"]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        page = response.content.decode()
        assert "data-pin" in page and "/c/alder/directory/map.geojson?outline=1" in page
        assert "https://tiles.example.org" in response["Content-Security-Policy"]
    outline = client.get(reverse("directory:map_data", args=["alder"]) + "?outline=1")
    data = json.loads(outline.content)
    assert data["features"] == [] and [f["id"] for f in data["counties"]["features"]] == ["37063"]
