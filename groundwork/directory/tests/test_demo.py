"""The directory demo loads through the HSDS import, in both languages, with a confidential
shelter, and loading it twice changes nothing."""

import pytest

from groundwork.core.demo import load_demo
from groundwork.core.models import AuditEvent
from groundwork.directory import selectors
from groundwork.directory.actions.freshness import is_stale
from groundwork.directory.demo import load_directory_demo
from groundwork.directory.models import Address, Location, Schedule, Service

pytestmark = pytest.mark.django_db


def test_the_demo_directory_loads_once_in_two_communities_and_hides_the_shelter():
    load_demo()
    first = load_directory_demo()
    events = AuditEvent.objects.count()
    assert load_directory_demo() == first == Service.objects.count()
    # One import per community and one for the network's own entries, changing nothing.
    assert AuditEvent.objects.count() == events + 4
    assert {s.community.slug for s in Service.objects.select_related("community")} == {
        "alder-county",
        "riverside-heights",
        "cedar-creek",
        "resilient-together-directory",  # the network's own: a statewide help line
    }
    assert 140 <= first <= 160
    assert all(s.name_es and s.description_es and s.last_verified for s in Service.objects.all())
    assert Schedule.objects.count() == first
    # Every demo place has a point for the map (a confidential one keeps it to itself).
    assert not Location.objects.filter(latitude__isnull=True).exists()
    confidential = list(Location.objects.filter(confidential=True))
    assert 3 <= len(confidential) <= 8
    for shelter in confidential:
        hidden = Address.objects.get(location_id=shelter.hsds_id)
        tables = selectors.export_tables(community=shelter.community)
        assert hidden.address_1 not in str(tables)
    stale = [s for s in Service.objects.all() if is_stale(s.last_verified)]
    assert 5 <= len(stale) <= 40


def test_the_demo_directory_round_trips_through_a_package(tmp_path):
    from groundwork.communities.models import Community
    from groundwork.directory import hsds
    from groundwork.directory.services import hsds_import

    load_demo()
    load_directory_demo()
    riverside = Community.objects.get(slug="riverside-heights")
    exported = selectors.export_tables(community=riverside)
    hsds.write_csv_package(exported, tmp_path / "riverside", "Riverside Heights")
    copy = Community.objects.create(name="Copy", slug="copy")
    hsds_import(actor=None, community=copy, source=tmp_path / "riverside")
    again = selectors.export_tables(community=copy)
    assert again == exported
    assert sum(len(rows) for rows in exported.values()) > 10


def test_demo_services_serve_focus_areas_and_the_gaps_name_the_others():
    from groundwork.communities.demo_network import load_network_demo
    from groundwork.communities.models import Community
    from groundwork.directory.actions import focus
    from groundwork.directory.asset_selectors import service_gaps
    from groundwork.directory.models import Attribute

    load_demo()
    load_network_demo()
    load_directory_demo()
    alder = Community.objects.get(slug="alder-county")
    served = set(
        focus.keys_of(
            Attribute.objects.filter(community=alder).values_list("taxonomy_term_id", flat=True)
        )
    )
    assert {"food_security", "housing", "youth"} <= served
    gaps = {need.key for need in service_gaps(community=alder)[0]}
    assert gaps and not gaps & served
    assert {"aces", "resilience"} <= gaps  # no demo service serves these
