"""Equity of funding across a network: money of the running grants per resident of each
county its coalitions serve, beside the county's SVI, most vulnerable and least funded first;
each county's figure is the sum of its grants' shares, each linked to its grant; missing
vulnerability or population said, never guessed; another network's grants and SVI imports
never counted."""

from datetime import date

import pytest
from django.urls import reverse

from groundwork.communities.tests.factories import CommunityFactory
from groundwork.core.testing import assert_absent, unchanged
from groundwork.funding import services
from groundwork.funding.equity import GrantShare, allocate, network_equity
from groundwork.measures.actions.svi import svi_import
from groundwork.measures.tests.factories import result_with_series
from groundwork.measures.tests.test_indicator_imports import SYNTHETIC_SVI

from .test_funding import _two_grants

pytestmark = pytest.mark.django_db

TODAY = date(2027, 3, 1)
ASHE, DURHAM, HYDE, ACCOMACK = 27109, 306457, 5393, 32742


def test_a_grant_is_split_equally_by_coalition_then_by_population() -> None:
    shares, unplaced = allocate(
        [GrantShare("g", 1000, ("a", "b", "c")), GrantShare("h", 90, ())],
        {"a": ["1", "2"], "b": ["2", "3"], "c": []},
        {"1": 100, "2": 300, "3": None},
    )
    third = 1000 / 3
    assert shares["1"]["g"] == pytest.approx(third / 4)
    # "b" has a county without population: its share is split equally.
    assert shares["2"]["g"] == pytest.approx(third * 3 / 4 + third / 2)
    assert shares["3"]["g"] == pytest.approx(third / 2)
    assert unplaced == {"g": pytest.approx(third), "h": 90}


def _network(tenant, *, svi=SYNTHETIC_SVI):  # type: ignore[no-untyped-def]
    """Two coalitions (Ashe and Durham; Hyde and Accomack), the SVI imported for the network,
    two grants to the first and one to the second."""
    tenant.community.county_fips = ["37009", "37063"]
    tenant.community.save()
    second = CommunityFactory(
        name=f"Coast {tenant.marker}",
        slug=f"{tenant.label}-coast",
        network=tenant.network,
        county_fips=["37095", "51001"],
    )
    result, _ = result_with_series(tenant, owner="network_goal")
    svi_import(actor=None, result=result, data=svi, year=2018)
    short, long, _pantry = _two_grants(tenant)
    coast = services.grant_create(
        actor=tenant.coordinator,
        network=tenant.network,
        funder=short.funder,
        title="Coast outreach",
        recipient="Coast co-op",
        amount_cents=200_000,
        awarded_on=date(2027, 1, 10),
        starts_on=date(2027, 2, 1),
        ends_on=date(2027, 12, 31),
        communities=[second],
    )
    services.grant_create(  # ended before today: not counted
        actor=tenant.coordinator,
        network=tenant.network,
        funder=short.funder,
        title="Old grant",
        recipient="Coast co-op",
        amount_cents=999_999,
        awarded_on=date(2025, 1, 10),
        starts_on=date(2025, 2, 1),
        ends_on=date(2026, 12, 31),
        communities=[second],
    )
    return short, long, coast


def test_counties_most_vulnerable_least_funded_first(tenant, other_tenant):  # type: ignore[no-untyped-def]
    # The other network serves Ashe too, with another SVI value and its own grants.
    _network(other_tenant, svi=SYNTHETIC_SVI.replace(b"0.3939", b"0.9999"))
    with unchanged(other_tenant):
        short, long, coast = _network(tenant)
        rows, unplaced = network_equity(tenant.network, today=TODAY)
    assert [r.fips for r in rows] == ["51001", "37063", "37009", "37095"]
    accomack, durham, ashe, hyde = rows
    assert (accomack.svi, accomack.population) == (0.9, ACCOMACK)
    assert ashe.svi == 0.3939 and ashe.svi_period == "2018"
    assert hyde.svi is None and hyde.population == HYDE  # -999 in the file: missing
    ashe_share = ASHE / (ASHE + DURHAM)
    assert ashe.grants == [
        (short, round(1_500_000 * ashe_share)),
        (long, round(9_000_050 * ashe_share)),
    ]
    assert ashe.cents == sum(c for _g, c in ashe.grants)
    assert ashe.per_resident_rounded == round(ashe.cents / ASHE)
    assert accomack.grants == [(coast, round(200_000 * ACCOMACK / (ACCOMACK + HYDE)))]
    assert unplaced == []
    assert sum(r.cents for r in rows) == pytest.approx(1_500_000 + 9_000_050 + 200_000, abs=4)
    assert_absent(other_tenant, [r.coalitions for r in rows])


def test_the_page_is_for_the_networks_stewards_in_their_language(tenant, other_tenant, client):  # type: ignore[no-untyped-def]
    _network(other_tenant)
    short, _long, _coast = _network(tenant)
    url = reverse("funding:equity", args=[tenant.network.slug])
    client.force_login(other_tenant.coordinator)
    assert client.get(url).status_code == 403
    client.force_login(tenant.coordinator)
    client.cookies["django_language"] = "es"
    page = client.get(url).content.decode()
    assert "Financiamiento por residente por condado" in page
    assert f"/funding/#grant-{short.pk}" in page
    assert 'data-svi="0.9"' in page
    assert "Falta de datos" in page and "Hyde, NC" in page
    assert_absent(other_tenant, page)
    # The network's funding page links here, and each grant row can be linked to.
    funding = client.get(reverse("funding:network", args=[tenant.network.slug])).content.decode()
    assert url in funding and f'id="grant-{short.pk}"' in funding
