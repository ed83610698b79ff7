"""A coordinator keeps the coalition profile current with JavaScript off; axe-core checks the
profile, the form, the county goals and the network page."""

import pytest
from playwright.sync_api import expect

from groundwork.communities.models import CoalitionStrategy, Community, Role
from groundwork.communities.tests.factories import (
    CommunityFactory,
    CountyGoalFactory,
    NetworkFactory,
    NetworkGoalFactory,
    StrategyFactory,
    UserFactory,
    member,
)

from .conftest import assert_accessible
from .test_foundation import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_coordinator_edits_the_profile_without_javascript(new_page):  # type: ignore[no-untyped-def]
    network = NetworkFactory(name="Resilient State", slug="resilient-state", state="NC")
    steward = UserFactory(email="steward@example.org")
    network.stewards.add(steward)
    strategy = StrategyFactory(network=network, name_en="Shift power to residents")
    goal = NetworkGoalFactory(network=network, title="More trauma-informed schools")
    community = CommunityFactory(network=network, name="Willow County", slug="willow")
    coordinator = member(community, Role.COORDINATOR)
    other = CommunityFactory(network=network, name="Fox County", county_fips=["37003"])
    CoalitionStrategy.objects.create(community=other, strategy=strategy, how="Stipends.")
    CountyGoalFactory(community=other, network_goal=goal, title="Calm rooms")

    page = new_page(javascript=False)
    sign_in(page, coordinator.email)
    page.goto("/c/willow/")
    expect(page.get_by_text("The profile has never been confirmed.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Edit the coalition profile").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Coalition profile")
    assert_accessible(page)
    # USWDS draws its own boxes: people (and the test) click the labels.
    for label_for in (
        "id_county_fips_0",  # Alamance
        "id_sectors_1",  # Health care
        "id_indicators_0",  # Meets regularly
        "id_ci_common_agenda_3",
        f"id_strategy_{strategy.pk}",
    ):
        page.locator(f"label[for={label_for}]").click()
    page.get_by_label("How we pursue it").fill("Residents chair our meetings.")
    page.get_by_role("button", name="Save and confirm the profile").click()
    expect(page.get_by_text("The coalition profile was saved and confirmed.")).to_be_visible()
    expect(page.get_by_text("Alamance, NC (FIPS 37001)")).to_be_visible()
    expect(page.get_by_text("Profile last confirmed on")).to_be_visible()
    community.refresh_from_db()
    assert community.county_fips == ["37001"] and community.ci_common_agenda == 3

    page.get_by_role("link", name="Manage county goals").click()
    page.get_by_label("County goal").fill("Restorative practices in every school")
    page.get_by_label("Statewide goal it serves").select_option(label=goal.title)
    page.get_by_role("button", name="Add the goal").click()
    expect(page.get_by_role("row", name="Restorative practices in every school")).to_be_visible()
    assert_accessible(page)
    assert Community.objects.get(pk=community.pk).county_goals.get().network_goal == goal

    staff = new_page(javascript=False)
    sign_in(staff, steward.email)
    staff.goto("/networks/resilient-state/")
    expect(staff.get_by_role("heading", name="Theory of change")).to_be_visible()
    assert_accessible(staff)
    staff.get_by_role("link", name="Manage the strategies").click()
    assert_accessible(staff)
    staff.get_by_role("link", name="Delete Shift power to residents").click()
    expect(staff.get_by_text("2 coalitions pursue this strategy")).to_be_visible()
    assert_accessible(staff)
