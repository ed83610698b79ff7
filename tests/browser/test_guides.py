"""A facilitator copies the shipped facilitation guide into their community, renames a
section, and reads it on their guide page; every page passes axe-core."""

import pytest
from playwright.sync_api import expect

from groundwork.communities.models import Community, Role
from groundwork.communities.tests.factories import UserFactory
from groundwork.planning.models import Guide

from .conftest import assert_accessible
from .test_foundation import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_facilitator_copies_the_guide_adapts_a_section_and_reads_it(new_page):
    facilitator = UserFactory(email="rosa@example.org", name="Rosa Vega")
    community = Community.objects.create(name="Alder County", slug="alder", kind="county")
    community.memberships.create(user=facilitator, role=Role.FACILITATOR)

    public = new_page(phone=True)
    public.goto("/guides/building-community-resilience/")
    expect(public.get_by_role("heading", level=1)).to_have_text(
        "Building Community Resilience: a two-day workshop"
    )
    assert_accessible(public)
    public.get_by_role("link", name="Leer esta guía en español").click()
    expect(public.get_by_role("heading", name="Círculo de cierre del primer día")).to_be_visible()
    public.get_by_role("link", name="Printable version").click()
    expect(public.locator("html")).to_have_attribute("lang", "es")
    assert_accessible(public)

    page = new_page()
    sign_in(page, "rosa@example.org")
    page.goto("/guides/building-community-resilience/")
    page.get_by_role("button", name="Copy this guide to adapt it").click()
    expect(page.get_by_text("Your copy of the guide is ready.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Edit Roles on the team").click()
    page.get_by_label("Heading in English").fill("Who does what on our team")
    page.get_by_label("Minutes").fill("20")
    assert_accessible(page)
    page.get_by_role("button", name="Save the section").click()
    expect(page.get_by_text("“Who does what on our team” was saved.")).to_be_visible()

    page.get_by_role("link", name="Read the guide as it is now").click()
    expect(page.get_by_role("heading", name="Who does what on our team")).to_be_visible()
    expect(page.get_by_role("link", name="Who does what on our team").first).to_be_visible()
    assert_accessible(page)

    guide = Guide.objects.get(community=community)
    assert guide.sections.get(heading_en="Who does what on our team").minutes == 20
    page.goto("/guides/building-community-resilience/")
    expect(page.get_by_role("heading", name="Roles on the team")).to_be_visible()
