"""A facilitator reads a group's currents on the results page, in Spanish on a 360 px phone;
the public results page does not show them."""

import pytest
from playwright.sync_api import Page, expect

from groundwork.communities.models import Role
from groundwork.deliberation.tests.test_participant_stats import _conversation, _run, _vote

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-enough-password-42"


def _fits(page: Page) -> None:
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def test_a_facilitator_sees_the_currents_within_a_group(new_page):  # type: ignore[no-untyped-def]
    birch = _conversation("Birch County", "birch")
    _vote(birch, camps=(12, 12), currents=False)
    _run(birch)
    alder = _conversation("Alder County", "alder")
    _vote(alder)
    _run(alder)
    coordinator = alder.community.memberships.get(role=Role.COORDINATOR).user

    public = new_page(phone=True, javascript=False)
    public.set_viewport_size({"width": 360, "height": 740})
    # The first request to a fresh live server can be slow on a busy machine.
    public.goto("/c/alder/p/together/results/", timeout=90_000)
    expect(public.get_by_role("heading", level=1)).to_be_visible()
    expect(public.get_by_text("Currents within groups")).to_have_count(0)

    page = new_page(phone=True, javascript=False)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/accounts/login/")
    page.get_by_label("E-mail address").fill(coordinator.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(alder.process.get_absolute_url())
    page.get_by_role("button", name="Español").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    page.goto("/c/alder/p/together/results/")
    expect(page.get_by_role("heading", name="Corrientes dentro de los grupos")).to_be_visible()
    expect(page.get_by_role("heading", name="El grupo A tiene 2 corrientes")).to_be_visible()
    expect(page.get_by_role("heading", name="Corriente 1: 40 personas")).to_be_visible()
    expect(page.get_by_role("heading", name="Corriente 2: 30 personas")).to_be_visible()
    _fits(page)
    assert_accessible(page)
