"""Regional hubs: the network's stewards make regions and name their stewards from the product;
a region's stewards change their region only; the hub page shows its coalitions, stewards,
what is coming up and (to its stewards) the open requests for help assigned to it; the catalog,
the directory and the triage of requests know regions. Two networks hold regions with the
same short names, and the look-alike tenant is untouched."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from groundwork.communities import joining, regions
from groundwork.communities.models import Community, Region, Role
from groundwork.core.errors import ApplicationError
from groundwork.core.models import AuditEvent

from .factories import CommunityFactory, NetworkFactory, UserFactory, member

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("beside_other_tenant")]


@pytest.fixture
def setup():  # type: ignore[no-untyped-def]
    """Two networks, each with regions "mountains" and "coast" and a coalition in each; a
    steward for each network and one for each region."""

    def build(label: str) -> dict:  # type: ignore[type-arg]
        network = NetworkFactory(slug=f"{label}-net", name=f"{label.title()} Network")
        steward = UserFactory(email=f"steward@{label}.example.org")
        network.stewards.add(steward)
        mountains = regions.region_create(
            actor=steward, network=network, name="Mountains", name_es="Montañas"
        )
        coast = regions.region_create(actor=steward, network=network, name="Coast")
        high = CommunityFactory(
            network=network, name=f"{label} High", slug=f"{label}-high", county_fips=["37011"]
        )
        low = CommunityFactory(
            network=network, name=f"{label} Low", slug=f"{label}-low", county_fips=["37019"]
        )
        regions.region_set_coalitions(actor=steward, region=mountains, communities=[high])
        regions.region_set_coalitions(actor=steward, region=coast, communities=[low])
        hub_steward = UserFactory(email=f"hub@{label}.example.org")
        regions.region_set_stewards(actor=steward, region=mountains, emails=[hub_steward.email])
        return {
            "network": network,
            "steward": steward,
            "mountains": mountains,
            "coast": coast,
            "high": high,
            "low": low,
            "hub_steward": hub_steward,
        }

    return build("oak"), build("elm")


def test_regions_group_coalitions_of_their_own_network(setup):  # type: ignore[no-untyped-def]
    oak, elm = setup
    assert oak["mountains"].slug == elm["mountains"].slug == "mountains"
    assert list(oak["mountains"].communities.all()) == [oak["high"]]
    assert list(elm["mountains"].communities.all()) == [elm["high"]]
    # A coalition of another network cannot be put in a region.
    with pytest.raises(ApplicationError):
        regions.region_set_coalitions(
            actor=oak["steward"], region=oak["coast"], communities=[elm["low"]]
        )
    event = AuditEvent.objects.filter(
        action="region.coalitions_changed", target_id=str(oak["mountains"].pk)
    ).get()
    assert event.details["added"] == [oak["high"].pk]


def test_region_steward_manages_only_their_region(setup):  # type: ignore[no-untyped-def]
    oak, elm = setup
    hub = oak["hub_steward"]
    assert hub.has_perm("communities.change_region", oak["mountains"])
    assert not hub.has_perm("communities.change_region", oak["coast"])
    assert not hub.has_perm("communities.change_region", elm["mountains"])
    assert not hub.has_perm("communities.name_region_stewards", oak["mountains"])
    assert not hub.has_perm("communities.delete_region", oak["mountains"])
    assert not hub.has_perm("communities.add_region", oak["network"])
    assert not oak["steward"].has_perm("communities.change_region", elm["mountains"])
    # A region steward may not take a coalition from another region.
    with pytest.raises(ApplicationError):
        regions.region_set_coalitions(
            actor=hub, region=oak["mountains"], communities=[oak["high"], oak["low"]]
        )
    with pytest.raises(ApplicationError):
        regions.region_update(actor=hub, region=oak["coast"], name="Mine")
    regions.region_update(actor=hub, region=oak["mountains"], description="We visit monthly.")
    # The network's steward moves a coalition from one region to another.
    regions.region_set_coalitions(
        actor=oak["steward"], region=oak["mountains"], communities=[oak["high"], oak["low"]]
    )
    assert Community.objects.get(pk=oak["low"].pk).region == oak["mountains"]
    assert Community.objects.get(pk=elm["low"].pk).region == elm["coast"]


def test_region_pages_check_their_rules(client, setup):  # type: ignore[no-untyped-def]
    oak, elm = setup
    edit = reverse("communities:region_edit", args=["oak-net", "coast"])
    client.force_login(oak["hub_steward"])
    assert client.get(edit).status_code == 403
    assert (
        client.get(reverse("communities:region_edit", args=["elm-net", "mountains"])).status_code
        == 403
    )
    mine = reverse("communities:region_edit", args=["oak-net", "mountains"])
    assert client.get(mine).status_code == 200
    # Naming stewards is the network's stewards' part.
    response = client.post(mine, {"part": "stewards", "stewards-stewards": "x@example.org"})
    assert response.status_code == 403
    assert (
        client.post(reverse("communities:region_delete", args=["oak-net", "mountains"])).status_code
        == 403
    )
    response = client.post(
        mine, {"part": "details", "details-name": "High Country", "details-description": "Hi"}
    )
    assert response.status_code == 302
    assert Region.objects.get(pk=oak["mountains"].pk).name == "High Country"
    assert Region.objects.get(pk=elm["mountains"].pk).name == "Mountains"


def test_network_steward_adds_a_region_and_names_its_stewards(client, setup):  # type: ignore[no-untyped-def]
    oak, _elm = setup
    person = UserFactory(email="ana@example.org")
    client.force_login(oak["steward"])
    response = client.post(reverse("communities:regions", args=["oak-net"]), {"name": "Piedmont"})
    region = Region.objects.get(network=oak["network"], slug="piedmont")
    assert response.status_code == 302
    edit = reverse("communities:region_edit", args=["oak-net", "piedmont"])
    response = client.post(edit, {"part": "stewards", "stewards-stewards": "ANA@example.org"})
    assert response.status_code == 302 and list(region.stewards.all()) == [person]
    response = client.post(edit, {"part": "stewards", "stewards-stewards": "nobody@example.org"})
    assert response.status_code == 400 and list(region.stewards.all()) == [person]
    response = client.post(
        edit, {"part": "coalitions", "coalitions-communities": [str(oak["low"].pk)]}
    )
    assert response.status_code == 302
    assert Community.objects.get(pk=oak["low"].pk).region == region
    # Someone who is no steward cannot add one.
    client.force_login(UserFactory())
    assert (
        client.post(reverse("communities:regions", args=["oak-net"]), {"name": "X"}).status_code
        == 403
    )
    assert not Region.objects.filter(slug="x").exists()


def test_hub_page_public_parts_and_stewards_parts(client, setup):  # type: ignore[no-untyped-def]
    from groundwork.gatherings.models import Gathering
    from groundwork.library.actions import help as help_actions
    from groundwork.library.models import HelpRequest

    oak, elm = setup
    soon = timezone.now() + timedelta(days=3)
    for side in (oak, elm):
        Gathering.objects.create(
            community=side["high"],
            title=f"{side['network'].slug} circle",
            starts_at=soon,
            ends_at=soon + timedelta(hours=2),
            is_public=True,
        )
    coordinator = member(oak["high"], Role.COORDINATOR)
    ask = help_actions.request_create(
        actor=coordinator, community=oak["high"], kind="technical", topic="Grant writing help"
    )
    help_actions.request_triage(
        actor=oak["steward"], request=ask, status="new", assigned_region=oak["mountains"]
    )
    assert HelpRequest.objects.get(pk=ask.pk).status == "assigned"
    url = oak["mountains"].get_absolute_url()
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Montañas" in page and "oak High" in page and "oak-net circle" in page
    assert "elm-net circle" not in page and "elm High" not in page
    assert oak["hub_steward"].name in page
    assert "Grant writing help" not in page  # requests: the hub's stewards only
    client.force_login(oak["hub_steward"])
    page = client.get(url).content.decode()
    assert "Grant writing help" in page
    # The hub's steward reads and triages the request assigned to the hub.
    assert client.get(ask.get_absolute_url()).status_code == 200
    assert oak["hub_steward"].has_perm("library.triage_request", ask)
    assert not elm["hub_steward"].has_perm("library.view_request", ask)
    # A region of another network cannot be assigned.
    with pytest.raises(ApplicationError):
        help_actions.request_triage(
            actor=oak["steward"], request=ask, status="assigned", assigned_region=elm["coast"]
        )


def test_catalog_and_directory_filter_by_region(client, setup):  # type: ignore[no-untyped-def]
    oak, _elm = setup
    page = client.get(reverse("landscape:catalog", args=["oak-net"]), {"region": "mountains"})
    assert page.status_code == 200
    assert [e.community for e in page.context["catalog"].entries] == [oak["high"]]
    assert 'value="mountains" selected' in page.content.decode()
    page = client.get(reverse("landscape:catalog", args=["oak-net"]))
    assert {e.community for e in page.context["catalog"].entries} == {oak["high"], oak["low"]}
    found = client.get("/api/networks/oak-net/catalog", {"region": "coast"}).json()
    assert [c["slug"] for c in found["coalitions"]] == ["oak-low"]
    page = client.get(reverse("directory:network", args=["oak-net"]), {"region": "coast"})
    assert page.status_code == 200
    assert 'value="coast" selected' in page.content.decode()
    assert [c for c in page.context["communities"] if not c.directory_of_id] == [oak["low"]]


def test_a_coalitions_page_links_its_hub(client, setup):  # type: ignore[no-untyped-def]
    oak, _elm = setup
    page = client.get(reverse("communities:detail", args=["oak-high"])).content.decode()
    assert oak["mountains"].get_absolute_url() in page
    assert "/networks/elm-net/regions/" not in page


def test_leaving_the_network_leaves_its_region(setup):  # type: ignore[no-untyped-def]
    oak, elm = setup
    coordinator = member(oak["high"], Role.COORDINATOR)
    joining.network_leave(actor=coordinator, community=oak["high"])
    assert Community.objects.get(pk=oak["high"].pk).region is None
    assert Community.objects.get(pk=elm["high"].pk).region == elm["mountains"]


def test_removing_a_region_keeps_its_coalitions_in_the_network(setup):  # type: ignore[no-untyped-def]
    oak, elm = setup
    regions.region_delete(actor=oak["steward"], region=oak["mountains"])
    high = Community.objects.get(pk=oak["high"].pk)
    assert high.network == oak["network"] and high.region is None
    assert Region.objects.filter(pk=elm["mountains"].pk).exists()
    assert AuditEvent.objects.filter(action="region.deleted").count() == 1
