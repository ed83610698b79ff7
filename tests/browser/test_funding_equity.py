"""Equity of funding on a phone, in Spanish, JavaScript off: a network steward reads funding
per resident by county beside the county's vulnerability (the table first, then the chart),
follows a county's figure to the grant it comes from, and sees which data is missing.
No sideways scroll at 320 and 360 px, axe-core clean. Beside a look-alike tenant."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from groundwork.communities.tests.factories import CommunityFactory
from groundwork.core.testing import build_tenant
from groundwork.funding import services
from groundwork.measures.actions.svi import svi_import
from groundwork.measures.tests.factories import result_with_series
from groundwork.measures.tests.test_indicator_imports import SYNTHETIC_SVI

from .conftest import assert_accessible
from .test_budgets import PASSWORD, fits_phone, sign_in, spanish

pytestmark = pytest.mark.django_db(transaction=True)


def _funded(tenant):  # type: ignore[no-untyped-def]
    tenant.network.stewards.add(tenant.coordinator)
    tenant.community.county_fips = ["37009", "37063"]
    tenant.community.save()
    coast = CommunityFactory(
        name=f"Coast {tenant.marker}",
        slug=f"{tenant.label}-coast",
        network=tenant.network,
        county_fips=["37095", "51001"],
    )
    result, _ = result_with_series(tenant, owner="network_goal")
    svi_import(actor=None, result=result, data=SYNTHETIC_SVI, year=2018)
    funder = services.funder_create(
        actor=tenant.coordinator, network=tenant.network, name="County Fund", kind="county"
    )
    grants = []
    for title, cents, communities in (
        ("Rides pilot", 1_500_000, [tenant.community]),
        ("Coast outreach for families and elders", 200_000, [coast]),
    ):
        grants.append(
            services.grant_create(
                actor=tenant.coordinator,
                network=tenant.network,
                funder=funder,
                title=title,
                recipient="Health co-op",
                amount_cents=cents,
                awarded_on=date(2026, 1, 10),
                starts_on=date(2026, 2, 1),
                ends_on=date(2099, 12, 31),
                communities=communities,
            )
        )
    return grants


@pytest.fixture
def world(live_server):  # type: ignore[no-untyped-def]
    tenant = build_tenant("alder")
    other = build_tenant("birch")
    tenant.coordinator.set_password(PASSWORD)
    tenant.coordinator.save()
    _funded(other)
    return tenant, other, _funded(tenant)


def test_a_steward_reads_funding_per_resident_beside_vulnerability(new_page, world):  # type: ignore[no-untyped-def]
    tenant, other, (rides, coast) = world
    page = new_page(phone=True, javascript=False)
    sign_in(page, tenant.coordinator)
    spanish(page)
    page.goto(f"/networks/{tenant.network.slug}/funding/")
    fits_phone(page)
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Financiamiento por residente por condado")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Financiamiento por residente por condado"
    )
    rows = page.locator("#equity tbody tr")
    expect(rows).to_have_count(4)
    # Most vulnerable first (Accomack 0.9, Durham 0.61, Ashe 0.39), Hyde (no SVI) last.
    expect(rows.nth(0)).to_contain_text("Accomack")
    expect(rows.nth(3)).to_contain_text("Hyde")
    expect(rows.nth(3)).to_contain_text("sin importar")
    expect(page.get_by_role("heading", name="Falta de datos")).to_be_visible()
    # The chart comes after the table, its numbers unlocalized.
    svg = page.locator("figure svg")
    expect(svg).to_be_visible()
    assert page.locator("#equity").evaluate(
        "(t) => !!(t.compareDocumentPosition(document.querySelector('figure svg')) & 4)"
    )
    assert re.search(r"\$\d+\.\d\d", svg.inner_html())
    for width in (320, 360):
        page.set_viewport_size({"width": width, "height": 740})
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
        assert_accessible(page)
    assert other.marker not in page.content()
    # A county's figure leads to its grant on the network's funding page.
    rows.nth(0).get_by_role("link", name=coast.title).click()
    assert page.url.endswith(f"#grant-{coast.pk}")
    expect(page.locator(f"#grant-{coast.pk}")).to_contain_text(coast.title)
