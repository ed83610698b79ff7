"""The coverage page of the demo's plan, in Spanish on a 360 px phone with JavaScript off and
on: the themes of the problems with the people who raised them, what addresses them, and no
sideways scroll."""

import pytest
from playwright.sync_api import expect

from groundwork.core.demo import DEMO_PASSWORD, load_demo
from groundwork.planning.demo import load_planning_demo
from groundwork.planning.models import Process
from groundwork.themes.models import Theme

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def process():  # type: ignore[no-untyped-def]
    """The demo's Alder County process: themes of its answers and a published plan."""
    load_demo()
    load_planning_demo()
    return Process.objects.get(community__slug="alder-county", slug="resilience-plan")


@pytest.mark.parametrize("javascript", [False, True])
def test_coverage_in_spanish_on_a_phone(new_page, live_server, process, javascript):  # type: ignore[no-untyped-def]
    page = new_page(phone=True, javascript=javascript)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/accounts/login/")
    page.get_by_label("E-mail address").fill("coordinator@example.org")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.context.add_cookies([{"name": "django_language", "value": "es", "url": live_server.url}])
    page.goto(process.get_absolute_url() + "plan/build/coverage/")
    expect(
        page.get_by_role("heading", name="Cobertura: lo que aborda el borrador del plan")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Problemas principales")).to_be_visible()
    problems = page.locator("section", has=page.locator("#cov-problems"))
    largest = (
        Theme.objects.filter(process=process, question__key="problems", parent=None)
        .order_by("-size", "id")
        .first()
    )
    expect(problems.get_by_role("link", name=largest.label, exact=True)).to_be_visible()
    expect(problems.get_by_text("Temas todavía sin abordar:")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page)
