"""Services tagged with the network's focus areas: the service form offers the focus areas of
the community's network, a tag is an HSDS taxonomy term and attribute (so it travels in the API
and exports), and the plan builder's gaps then leave out the focus areas a service serves;
nothing of one community's tags reaches the other's."""

import re

import pytest
from django.urls import reverse

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import (
    CommunityFactory,
    MembershipFactory,
    NetworkFactory,
    OrganizationFactory,
)
from groundwork.core.models import AuditEvent
from groundwork.directory import asset_selectors, selectors
from groundwork.directory.actions import editing, focus, service_editing
from groundwork.directory.models import Attribute, Service, TaxonomyTerm

from .test_editing import _form

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    """Alder and Birch, one network, one county each; Cedar outside it."""
    network = NetworkFactory(slug="piedmont")
    alder = CommunityFactory(
        slug="alder", network=network, county_fips=["37001"], focus_areas=["food_security"]
    )
    birch = CommunityFactory(
        slug="birch", network=network, county_fips=["37003"], focus_areas=["housing", "youth"]
    )
    cedar = CommunityFactory(slug="cedar", county_fips=["37001"], focus_areas=["trauma"])
    pantry_org = OrganizationFactory(community=alder, name="Pantry")
    pantry = Service.objects.create(
        community=alder, organization_id=pantry_org.hsds_id, name="Food pantry"
    )
    birch_org = OrganizationFactory(community=birch, name="Birch housing")
    birch_service = Service.objects.create(
        community=birch, organization_id=birch_org.hsds_id, name="Birch rent help"
    )
    TaxonomyTerm.objects.create(community=alder, name="Groceries", description="Groceries")
    return {
        "alder": alder,
        "birch": birch,
        "cedar": cedar,
        "pantry_org": pantry_org,
        "pantry": pantry,
        "birch_org": birch_org,
        "birch_service": birch_service,
        "steward": MembershipFactory(community=alder, role=Role.FACILITATOR).user,
        "birch_steward": MembershipFactory(community=birch, role=Role.FACILITATOR).user,
    }


def test_the_form_offers_the_networks_focus_areas_and_saving_tags_the_service(client, world):  # type: ignore[no-untyped-def]
    alder, pantry = world["alder"], world["pantry"]
    assert [n.key for n in asset_selectors.service_gaps(community=alder)[0]] == [
        "food_security",
        "housing",
        "youth",
    ]
    client.force_login(world["steward"])
    url = reverse("directory_edit:service_edit", args=[alder.slug, pantry.hsds_id])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Focus areas it serves" in page
    for label in ("Food security", "Housing", "Youth"):
        assert f">{label}</label>" in page
    assert "Trauma-informed practice" not in page  # Cedar is not in the network

    response = client.post(url, _form(pantry, focus_areas=["food_security", "youth"]))
    assert response.status_code == 302
    terms = {
        t.code: t
        for t in TaxonomyTerm.objects.filter(community=alder, taxonomy_id=focus.TAXONOMY_ID)
    }
    assert set(terms) == {"food_security", "youth"}
    assert terms["food_security"].name == "Food security"
    tagged = set(
        Attribute.objects.filter(community=alder, link_id=pantry.hsds_id).values_list(
            "taxonomy_term_id", flat=True
        )
    )
    assert tagged == {focus.term_id("food_security"), focus.term_id("youth")}
    event = AuditEvent.objects.filter(action="directory.service_changed").latest("pk")
    assert event.details["focus_areas"] == 2

    # The gaps leave them out; the focus areas' terms are not listed again as terms.
    focus_gaps, term_gaps = asset_selectors.service_gaps(community=alder)
    assert [n.key for n in focus_gaps] == ["housing"]
    assert [n.label for n in term_gaps] == ["Groceries"]
    # Birch (another county) still lacks youth services; Cedar's gaps are its own.
    birch_gaps = asset_selectors.service_gaps(community=world["birch"])[0]
    assert sorted(n.key for n in birch_gaps) == ["food_security", "housing", "youth"]
    assert not TaxonomyTerm.objects.filter(community=world["birch"]).exists()

    # The form shows them ticked, keeps the other categories apart, and unticking removes one.
    page = client.get(url).content.decode()
    assert re.search(r'name="focus_areas" value="food_security"[^>]*checked', page)
    assert not re.search(r'name="focus_areas" value="housing"[^>]*checked', page)
    assert page.count(">Food security</label>") == 1
    groceries = TaxonomyTerm.objects.get(community=alder, name="Groceries")
    client.post(url, _form(pantry, focus_areas=["youth"], terms=[str(groceries.hsds_id)]))
    tagged = set(
        Attribute.objects.filter(community=alder, link_id=pantry.hsds_id).values_list(
            "taxonomy_term_id", flat=True
        )
    )
    assert tagged == {focus.term_id("youth"), groceries.hsds_id}


def test_tags_travel_in_the_api_and_the_export(client, world):  # type: ignore[no-untyped-def]
    alder, pantry = world["alder"], world["pantry"]
    service_editing.service_save(
        actor=world["steward"],
        community=alder,
        service=pantry,
        organization=world["pantry_org"],
        values={"name": "Food pantry"},
        focus_areas=["food_security"],
    )
    terms = client.get(f"/api/hsds/{alder.slug}/taxonomy_terms").json()["contents"]
    assert "food_security" in {t.get("code") for t in terms}
    found = client.get(
        f"/api/hsds/{alder.slug}/services?taxonomy_term_id={focus.term_id('food_security')}"
    ).json()
    assert [s["name"] for s in found["contents"]] == ["Food pantry"]
    tables = selectors.export_tables(community=alder)
    assert any(t.get("code") == "food_security" for t in tables["taxonomy_terms.csv"])
    assert any(r["name"] == "Focus areas" for r in tables["taxonomies.csv"])
    assert not selectors.export_tables(community=world["birch"])["taxonomy_terms.csv"]


def test_a_steward_of_another_community_cannot_tag_its_services(world):  # type: ignore[no-untyped-def]
    from groundwork.core.errors import ApplicationError

    with pytest.raises(ApplicationError):
        service_editing.service_save(
            actor=world["birch_steward"],
            community=world["alder"],
            service=world["pantry"],
            organization=world["pantry_org"],
            values={"name": "Food pantry"},
            focus_areas=["food_security"],
        )
    assert not Attribute.objects.exists()
    assert not TaxonomyTerm.objects.filter(taxonomy_id=focus.TAXONOMY_ID).exists()


def test_without_a_network_the_communitys_own_focus_areas_are_offered(world):  # type: ignore[no-untyped-def]
    assert focus.network_focus_areas(world["cedar"]) == [("trauma", "Trauma-informed practice")]
    alone = CommunityFactory(slug="alone", focus_areas=["other"])
    assert focus.network_focus_areas(alone) == []


def test_a_networks_own_service_offers_its_focus_areas_and_meets_its_communities_gaps(world):  # type: ignore[no-untyped-def]
    """A statewide service of the network itself, tagged "housing", meets the housing gap of
    every community of the network (its counties are theirs), and of no community outside."""
    from groundwork.communities.tests.factories import UserFactory
    from groundwork.directory.owners import open_own_directory

    alder, birch, cedar = world["alder"], world["birch"], world["cedar"]
    steward = UserFactory()
    alder.network.stewards.add(steward)
    own = open_own_directory(actor=steward, network=alder.network)
    assert {key for key, _label in focus.network_focus_areas(own)} == {
        "food_security",
        "housing",
        "youth",
    }
    line = editing.organization_save(actor=steward, community=own, name="State housing line")
    service_editing.service_save(
        actor=steward,
        community=own,
        organization=line,
        values={"name": "Statewide rent help"},
        focus_areas=["housing"],
    )
    assert "housing" not in [n.key for n in asset_selectors.service_gaps(community=alder)[0]]
    assert "housing" not in [n.key for n in asset_selectors.service_gaps(community=birch)[0]]
    cedar.focus_areas = ["housing"]
    cedar.save(update_fields=["focus_areas"])
    assert "housing" in [n.key for n in asset_selectors.service_gaps(community=cedar)[0]]
