"""A network's own directory entries (a statewide hotline, the network's assets): shown on
its network's directory, map, API and export, never on another network's nor on any
community's pages; kept by the network's stewards only, every change audited."""

import io
import json
import zipfile
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from groundwork.communities.models import Community, Network, Role
from groundwork.communities.selectors import community_list_visible, network_list
from groundwork.communities.tests.factories import (
    CommunityFactory,
    NetworkFactory,
    OrganizationFactory,
    UserFactory,
    member,
)
from groundwork.core.errors import ApplicationError
from groundwork.core.models import AuditEvent

from ..actions import editing, service_editing
from ..asset_services import asset_create
from ..models import Asset, Service
from ..owners import network_owners, open_own_directory, own_directory
from .factories import add_service

pytestmark = pytest.mark.django_db


@dataclass
class Net:
    network: Network
    communities: list[Community]
    steward: Any
    own: Community
    hotline: Service
    asset: Asset


def _network(label: str, counties: tuple[str, str]) -> Net:
    """A network with two public communities (a pantry each) and its own entries: a statewide
    hotline (with a point) and a statewide asset, added by its steward."""
    network = NetworkFactory(name=f"{label.title()} Network", slug=f"{label}-net")
    steward = UserFactory()
    network.stewards.add(steward)
    communities = []
    for n, fips in enumerate(counties):
        community = CommunityFactory(
            name=f"{label.title()} County {n}",
            slug=f"{label}-{n}",
            network=network,
            county_fips=[fips],
        )
        organization = OrganizationFactory(community=community, name=f"{label} church {n}")
        add_service(community, organization, name=f"{label.title()} pantry {n}", point=(36, -79))
        communities.append(community)
    own = open_own_directory(actor=steward, network=network)
    organization = editing.organization_save(
        actor=steward, community=own, name=f"{label.title()} statewide line"
    )
    hotline = add_service(
        own,
        organization,
        name=f"{label.title()} crisis hotline",
        name_es=f"Línea de crisis de {label.title()}",
        point=(35.5, -79.5),
    )
    asset = asset_create(
        actor=steward,
        community=own,
        kind="institution",
        name=f"{label.title()} statewide legal aid",
        county_fips=counties[0],
        latitude=Decimal("35.6"),
        longitude=Decimal("-79.6"),
    )
    return Net(network, communities, steward, own, hotline, asset)


@pytest.fixture
def nets() -> tuple[Net, Net]:
    return _network("piedmont", ("37063", "37135")), _network("coastal", ("37031", "37049"))


def _text(client: Any, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_a_networks_own_entries_show_on_its_pages_and_no_other(client, nets) -> None:  # type: ignore[no-untyped-def]
    mine, other = nets
    name, asset = mine.hotline.name, mine.asset.name
    for language in ("en", "es"):
        client.cookies["django_language"] = language
        page = _text(client, reverse("directory:network", args=[mine.network.slug]))
        shown = mine.hotline.name if language == "en" else mine.hotline.name_es
        assert shown in page
        assert "Piedmont pantry 0" in page and "Piedmont pantry 1" in page
        assert other.hotline.name not in page and other.hotline.name_es not in page
    client.cookies["django_language"] = "en"
    # Search by words finds it; the other network's search never does.
    found = _text(client, reverse("directory:network", args=[mine.network.slug]) + "?q=crisis")
    assert name in found and "pantry" not in found
    elsewhere = reverse("directory:network", args=[other.network.slug]) + "?q=crisis"
    assert name not in _text(client, elsewhere)
    # The map and its GeoJSON: the hotline and the asset, never the other network's.
    geojson = _text(client, reverse("directory:network_map_data", args=[mine.network.slug]))
    assert name in geojson and asset in geojson and other.hotline.name not in geojson
    map_page = _text(client, reverse("directory:network_map", args=[mine.network.slug]))
    assert name in map_page and other.asset.name not in map_page
    other_geojson = reverse("directory:network_map_data", args=[other.network.slug])
    assert name not in _text(client, other_geojson) and asset not in _text(client, other_geojson)
    # No community's pages, of either network.
    for community in [*mine.communities, *other.communities]:
        for url in (
            reverse("directory:search", args=[community.slug]),
            reverse("directory:search", args=[community.slug]) + "?q=crisis",
            reverse("directory:map", args=[community.slug]),
            reverse("directory:map_data", args=[community.slug]),
            f"/api/hsds/{community.slug}/services",
        ):
            text = _text(client, url)
            assert name not in text and asset not in text, url
            assert other.hotline.name not in text, url


def test_its_service_page_handout_and_api_are_public(client, nets) -> None:  # type: ignore[no-untyped-def]
    mine, other = nets
    service = reverse("directory:service", args=[mine.own.slug, mine.hotline.hsds_id])
    page = _text(client, service)
    assert mine.hotline.name in page
    assert reverse("communities:network_detail", args=[mine.network.slug]) in page
    handout = reverse("directory:handout", args=[mine.own.slug, mine.hotline.hsds_id, "es"])
    assert client.get(handout).status_code == 200
    # The HSDS API answers for the network's own entries, under their own address.
    api = _text(client, f"/api/hsds/{mine.own.slug}/services")
    assert [s["name"] for s in json.loads(api)["contents"]] == [mine.hotline.name]
    assert _text(client, f"/api/hsds/{mine.own.slug}/services/{mine.hotline.hsds_id}")
    missing = client.get(f"/api/hsds/{other.own.slug}/services/{mine.hotline.hsds_id}")
    assert missing.status_code == 404
    # The network page names that address; the "community" pages go to the network's.
    network_page = _text(client, reverse("directory:network", args=[mine.network.slug]))
    assert f"/api/hsds/{mine.own.slug}/" in network_page
    response = client.get(reverse("directory:search", args=[mine.own.slug]))
    assert response.status_code == 302
    assert response["Location"] == reverse("directory:network", args=[mine.network.slug])
    response = client.get(reverse("directory:map", args=[mine.own.slug]) + "?show=assets")
    network_map = reverse("directory:network_map", args=[mine.network.slug])
    assert response["Location"] == f"{network_map}?show=assets"


def test_it_is_no_community(client, nets) -> None:  # type: ignore[no-untyped-def]
    mine, _other = nets
    listed = {c.pk for c in community_list_visible(user=mine.steward)}
    assert mine.own.pk not in listed and mine.communities[0].pk in listed
    counts = {n.pk: n.community_count for n in network_list()}
    assert counts[mine.network.pk] == 2
    assert client.get(reverse("communities:detail", args=[mine.own.slug])).status_code != 200
    owners = network_owners(mine.network, mine.steward)
    assert owners[0] == mine.own and set(owners[1:]) == set(mine.communities)
    # Counties: those of the network's communities.
    assert sorted(mine.own.county_fips) == ["37063", "37135"]


def test_the_export_holds_the_networks_own_entries(client, nets, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    mine, other = nets
    target = tmp_path / "package.json"
    call_command(
        "hsds_export", str(target), community=mine.own.slug, format="json", stdout=io.StringIO()
    )
    exported = target.read_text(encoding="utf-8")
    assert str(mine.hotline.hsds_id) in exported
    assert str(other.hotline.hsds_id) not in exported
    assert "Piedmont pantry" not in exported
    client.force_login(mine.steward)
    response = client.get(reverse("directory_edit:export", args=[mine.own.slug, "zip"]))
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        services = archive.read("services.csv").decode()
    assert mine.hotline.name in services and "pantry" not in services


def test_only_its_stewards_keep_the_networks_own_entries(client, nets) -> None:  # type: ignore[no-untyped-def]
    mine, other = nets
    facilitator = member(mine.communities[0], Role.FACILITATOR)
    coordinator = member(mine.communities[1], Role.COORDINATOR)
    manage = reverse("directory_edit:manage", args=[mine.own.slug])
    pages = [
        manage,
        reverse("directory_edit:service_add", args=[mine.own.slug]),
        reverse("directory_edit:service_edit", args=[mine.own.slug, mine.hotline.hsds_id]),
        reverse("directory_edit:organization_add", args=[mine.own.slug]),
        reverse("directory_edit:location_add", args=[mine.own.slug]),
        reverse("directory_edit:import", args=[mine.own.slug]),
        reverse("assets:add", args=[mine.own.slug]),
    ]
    client.force_login(mine.steward)
    for url in pages:
        assert client.get(url).status_code == 200, url
    for user in (facilitator, coordinator, other.steward):
        client.force_login(user)
        for url in pages:
            assert client.get(url).status_code == 403, (user, url)
        with pytest.raises(ApplicationError):
            service_editing.service_save(
                actor=user,
                community=mine.own,
                service=mine.hotline,
                organization=_organization(mine),
                values={"name": "Taken over"},
            )
        with pytest.raises(ApplicationError):
            asset_create(actor=user, community=mine.own, kind="place", name="Taken")
        with pytest.raises(ApplicationError):
            open_own_directory(actor=user, network=mine.network)
    # The steward of one network keeps no community's directory either.
    client.force_login(mine.steward)
    community_manage = reverse("directory_edit:manage", args=[mine.communities[0].slug])
    assert client.get(community_manage).status_code == 403
    client.logout()
    assert client.get(manage).status_code == 302  # to sign in


def _organization(net: Net) -> Any:
    return net.own.organizations.get(hsds_id=net.hotline.organization_id)


def test_a_stewards_changes_are_audited(nets) -> None:  # type: ignore[no-untyped-def]
    mine, other = nets
    before = AuditEvent.objects.filter(community=other.own).count()
    service_editing.service_save(
        actor=mine.steward,
        community=mine.own,
        service=mine.hotline,
        organization=_organization(mine),
        values={"name": "Statewide crisis line"},
    )
    event = AuditEvent.objects.filter(community=mine.own).latest("pk")
    assert event.action == "directory.service_changed" and event.actor == mine.steward
    actions = set(AuditEvent.objects.filter(community=mine.own).values_list("action", flat=True))
    assert {
        "directory.network_directory_opened",
        "directory.organization_created",
        "directory.asset_created",
    } <= actions
    assert AuditEvent.objects.filter(community=other.own).count() == before


def test_opening_is_once_a_post_and_for_stewards(client, nets) -> None:  # type: ignore[no-untyped-def]
    mine, _other = nets
    url = reverse("directory:network_manage", args=[mine.network.slug])
    client.force_login(mine.steward)
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response["Location"] == reverse("directory_edit:manage", args=[mine.own.slug])
    assert Community.objects.filter(directory_of=mine.network).count() == 1
    client.force_login(member(mine.communities[0], Role.COORDINATOR))
    assert client.post(url).status_code == 403
    # A network whose stewards never opened it has none, and its directory shows no address.
    fresh = NetworkFactory(slug="fresh")
    assert own_directory(fresh) is None
    page = _text(client, reverse("directory:network", args=[fresh.slug]))
    assert "/api/hsds/" not in page


def test_the_steward_sees_the_button_others_do_not(client, nets) -> None:  # type: ignore[no-untyped-def]
    mine, _other = nets
    url = reverse("directory:network", args=[mine.network.slug])
    action = reverse("directory:network_manage", args=[mine.network.slug])
    assert action not in _text(client, url)
    client.force_login(member(mine.communities[0], Role.COORDINATOR))
    assert action not in _text(client, url)
    client.force_login(mine.steward)
    assert action in _text(client, url)


def test_a_directory_is_a_community_or_a_networks_never_both() -> None:
    from django.db import IntegrityError, transaction

    network = NetworkFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        CommunityFactory(directory_of=network, network=network, is_public=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        CommunityFactory(directory_of=network, is_public=True)


def test_the_network_search_takes_a_fixed_number_of_queries(  # type: ignore[no-untyped-def]
    client, nets, django_assert_num_queries, monkeypatch
) -> None:
    from datetime import time
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    mine, _other = nets
    monkeypatch.setattr(
        timezone, "now", lambda: datetime(2026, 12, 1, 12, 0, tzinfo=ZoneInfo("America/New_York"))
    )
    url = reverse("directory:network", args=[mine.network.slug]) + "?open_now=on&language=en"
    client.get(url)  # the filter choices and the zones, cached
    # One of them reads the network's regions (the region filter's choices).
    with django_assert_num_queries(12):
        first = client.get(url)
    organization = _organization(mine)
    for n in range(25):
        add_service(mine.own, organization, name=f"Line {n}", hours=("MO,TU", time(9), time(17)))
    client.get(url)  # a write drops the cached reads once
    with django_assert_num_queries(12):
        many = client.get(url)
    assert first.content.decode().count('class="gw-result"') == 3
    assert many.content.decode().count('class="gw-result"') == 20
