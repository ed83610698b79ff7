"""The reach page of a demo-like process: accessible, with the under-heard area first."""

import pytest
from playwright.sync_api import expect

from groundwork.communities.models import Community, Role
from groundwork.communities.tests.factories import UserFactory
from groundwork.planning import services
from groundwork.planning.tests.reach_data import add_people

from .conftest import assert_accessible
from .test_foundation import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_reach_page_is_accessible_and_names_the_under_heard_area_first(new_page):
    coordinator = UserFactory(email="carmen@example.org", name="Carmen Ruiz")
    community = Community.objects.create(name="Alder County", slug="alder", kind="county")
    community.memberships.create(user=coordinator, role=Role.COORDINATOR)
    process = services.process_create(
        actor=coordinator,
        community=community,
        title="Alder Together",
        slug="together",
        areas=["Town of Alder", "Mill Hill", "Red Clay", "North Fork"],
    )
    add_people(process, 45, area="Town of Alder", age_band="25_44", language="en")
    add_people(process, 14, area="Mill Hill", age_band="45_64", language="es")
    add_people(process, 6, area="Red Clay", age_band="65_plus", language="en")
    add_people(process, 7, area="North Fork", age_band="18_24", language="es")
    add_people(process, 12, consent=False)
    services.population_figures_save(
        actor=coordinator,
        process=process,
        entries=[
            services.PopulationEntry("area", "Town of Alder", 6500),
            services.PopulationEntry("area", "Mill Hill", 8200),
            services.PopulationEntry("area", "Red Clay", 1400),
            services.PopulationEntry("area", "North Fork", 1200),
            services.PopulationEntry("language", "en", 15000),
            services.PopulationEntry("language", "es", 2300),
        ],
    )

    page = new_page(phone=True)
    page.goto(process.get_absolute_url())
    page.get_by_role("link", name="Who has been heard: reach and equity").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Who has been heard")
    expect(page.locator("#under-heard-list li").first).to_contain_text("Mill Hill")
    areas = page.get_by_role("table", name="Participants compared with residents, by area")
    expect(areas.locator("tbody tr").first.locator("th")).to_contain_text("Mill Hill")
    expect(areas.locator("tbody tr").first.locator("th")).to_contain_text("Under-heard")
    # Red Clay (6) and North Fork (7) are hidden, never shown as numbers.
    expect(areas.get_by_role("row", name="Red Clay")).to_contain_text("hidden")
    expect(areas.get_by_role("row", name="North Fork")).to_contain_text("hidden")
    assert_accessible(page)

    facilitator = new_page()
    sign_in(facilitator, "carmen@example.org")
    facilitator.goto(page.url)
    facilitator.get_by_role("link", name="Enter or import population figures").click()
    expect(facilitator.get_by_label("Mill Hill")).to_have_value("8200")
    assert_accessible(facilitator)
