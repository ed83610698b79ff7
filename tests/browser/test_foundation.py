"""A coordinator starts a community and invites someone; the new member joins and reads the
site in Spanish. axe-core checks each page along the way."""

import re

import pytest
from playwright.sync_api import expect

from groundwork.communities.models import Community, Role
from groundwork.communities.tests.factories import UserFactory

from .conftest import assert_accessible

PASSWORD = "a-long-enough-password-42"

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page, email):  # type: ignore[no-untyped-def]
    page.goto("/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_start_a_community_invite_a_member_and_read_it_in_spanish(new_page):
    UserFactory(email="carmen@example.org", name="Carmen Ruiz")
    UserFactory(email="luis@example.org", name="Luis Soto")

    coordinator = new_page()
    coordinator.goto("/")
    assert_accessible(coordinator)
    sign_in(coordinator, "carmen@example.org")
    expect(coordinator.get_by_role("heading", name="Your communities")).to_be_visible()

    coordinator.get_by_role("link", name="Start a community").first.click()
    assert_accessible(coordinator)
    coordinator.get_by_label("Name of the community").fill("Willow Bend")
    coordinator.get_by_label("Short name for web addresses").fill("willow-bend")
    coordinator.get_by_label("Kind of community").select_option("town")
    coordinator.get_by_label("Counties or area served").fill("Willow Bend and Fox Run")
    coordinator.locator("label", has_text="Health care").click()
    coordinator.locator("label", has_text="Faith").click()
    coordinator.get_by_role("button", name="Create the community").click()
    expect(coordinator.get_by_role("heading", level=1)).to_have_text("Willow Bend")
    expect(coordinator.get_by_text("You are its coordinator")).to_be_visible()
    assert_accessible(coordinator)

    coordinator.get_by_role("link", name="Invitations").click()
    coordinator.get_by_label("Role").select_option("member")
    coordinator.get_by_role("button", name="Create invitation").click()
    expect(coordinator.get_by_text("Your invitation link is ready")).to_be_visible()
    assert_accessible(coordinator)
    link = coordinator.get_by_label("Invitation link").input_value()
    assert re.search(r"/invitations/[0-9a-f]{20,}/$", link)

    newcomer = new_page(phone=True)
    newcomer.goto(link)
    expect(newcomer.get_by_role("heading", name="Join Willow Bend")).to_be_visible()
    assert_accessible(newcomer)
    newcomer.get_by_role("link", name="Sign in").last.click()
    newcomer.get_by_label("E-mail address").fill("luis@example.org")
    newcomer.get_by_label("Password").fill(PASSWORD)
    newcomer.get_by_role("button", name="Sign in").click()
    newcomer.get_by_role("button", name="Accept the invitation").click()
    expect(newcomer.get_by_text("You joined Willow Bend as Member.")).to_be_visible()
    community = Community.objects.get(slug="willow-bend")
    assert community.memberships.get(user__email="luis@example.org").role == Role.MEMBER

    newcomer.get_by_role("button", name="Español").click()
    expect(newcomer.locator("html")).to_have_attribute("lang", "es")
    expect(newcomer.get_by_role("link", name="Miembros")).to_be_visible()
    expect(newcomer.get_by_text("Sectores representados")).to_be_visible()
    assert_accessible(newcomer)
    newcomer.get_by_role("link", name="Miembros").click()
    expect(newcomer.get_by_role("heading", name="Miembros")).to_be_visible()
    expect(newcomer.get_by_role("rowheader", name="Carmen Ruiz")).to_be_visible()
    assert_accessible(newcomer)

    coordinator.reload()
    coordinator.get_by_role("link", name="Members").click()
    expect(coordinator.get_by_role("rowheader", name="Luis Soto")).to_be_visible()
    assert_accessible(coordinator)


def test_role_change_with_htmx_and_without_javascript(new_page):
    carmen = UserFactory(email="carmen@example.org", name="Carmen Ruiz")
    luis = UserFactory(email="luis@example.org", name="Luis Soto")
    community = Community.objects.create(name="Oak Hollow", slug="oak-hollow", kind="county")
    community.memberships.create(user=carmen, role=Role.COORDINATOR)
    membership = community.memberships.create(user=luis, role=Role.MEMBER)

    for javascript, role in ((True, "facilitator"), (False, "viewer")):
        page = new_page(javascript=javascript)
        sign_in(page, "carmen@example.org")
        page.goto("/c/oak-hollow/members/")
        page.get_by_label("Role of Luis Soto").select_option(role)
        page.get_by_role("row", name=re.compile("Luis Soto")).get_by_role(
            "button", name="Change role"
        ).click()
        if javascript:
            expect(page.get_by_role("status").filter(has_text="Saved.")).to_be_visible()
        else:
            expect(page.get_by_text("Luis Soto is now")).to_be_visible()
        membership.refresh_from_db()
        assert membership.role == role


def test_outsider_sees_a_clear_403(new_page):
    UserFactory(email="outsider@example.org")
    Community.objects.create(name="Closed Circle", slug="closed", kind="county", is_public=False)
    page = new_page()
    sign_in(page, "outsider@example.org")
    response = page.goto("/c/closed/members/")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", name="You do not have access to this page")).to_be_visible()
    assert_accessible(page)
