"""Residents find where to take part: open processes come first on the home page and on a
community's page, with a call to action for each open phase, within the first screen of a
phone in Spanish."""

import pytest
from playwright.sync_api import expect

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import CommunityFactory, member
from groundwork.deliberation import services as deliberation_services
from groundwork.planning import services as planning_services
from groundwork.planning.models import PhaseKind, Process

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

PROFILE = "Una coalición de vecinos, escuelas y clínicas. " * 40  # a long profile above


def _process(community, slug: str, title: str) -> Process:  # type: ignore[no-untyped-def]
    coordinator = member(community, Role.COORDINATOR)
    return planning_services.process_create(
        actor=coordinator, community=community, title=title, slug=slug
    )


@pytest.fixture
def communities():  # type: ignore[no-untyped-def]
    river = CommunityFactory(
        name="Riverside", slug="riverside", is_public=True, description=PROFILE
    )
    alder = CommunityFactory(name="Alder", slug="alder", is_public=True, description=PROFILE)
    hidden = CommunityFactory(name="Hidden", slug="hidden", is_public=False)
    gathering = _process(river, "plan", "Plan de Riverside")
    voting = _process(alder, "plan", "Plan de Alder")
    deliberation_services.conversation_create(
        actor=member(alder, Role.COORDINATOR), process=voting, topic="¿Qué hacemos?"
    )
    decide = voting.phases.get(kind=PhaseKind.DECIDE)
    Process.objects.filter(pk=voting.pk).update(current_phase=decide)
    closed = _process(alder, "old", "Plan cerrado")
    Process.objects.filter(pk=closed.pk).update(current_phase=decide)
    _process(hidden, "secret", "Plan privado")
    return {"river": river, "alder": alder, "gathering": gathering, "voting": voting}


def _set_spanish(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.context.add_cookies([{"name": "django_language", "value": "es", "url": base_url}])


def test_home_lists_open_processes_first_on_a_spanish_phone(new_page, live_server, communities):  # type: ignore[no-untyped-def]
    page = new_page()
    page.set_viewport_size({"width": 360, "height": 740})
    _set_spanish(page, live_server.url)
    page.goto("/")
    section = page.get_by_role("region", name="Participe")
    expect(section.get_by_role("heading", name="Plan de Riverside")).to_be_visible()
    expect(section.get_by_role("heading", name="Plan de Alder")).to_be_visible()
    # Not open (deciding, no conversation), or in a private community: not listed.
    expect(section.get_by_text("Plan cerrado")).to_have_count(0)
    expect(section.get_by_text("Plan privado")).to_have_count(0)
    answer = section.get_by_role("link", name="Responda las cinco preguntas")
    expect(answer).to_have_attribute("href", "/c/riverside/p/plan/answer/")
    vote = section.get_by_role("link", name="Diga si está de acuerdo o no")
    expect(vote).to_have_attribute("href", "/c/alder/p/plan/vote/")
    first = section.locator("a.gw-take-part__cta").first
    box = first.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 740, box
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page)


def test_community_page_puts_its_open_processes_above_the_profile(
    new_page, live_server, communities
):  # type: ignore[no-untyped-def]
    page = new_page()
    page.set_viewport_size({"width": 360, "height": 740})
    _set_spanish(page, live_server.url)
    page.goto("/c/alder/")
    section = page.get_by_role("region", name="Participe")
    expect(section.get_by_role("heading", name="Plan de Alder")).to_be_visible()
    # Another community's process is not on this page.
    expect(section.get_by_text("Plan de Riverside")).to_have_count(0)
    expect(section.get_by_text("Plan cerrado")).to_have_count(0)
    first = section.get_by_role("link", name="Diga si está de acuerdo o no")
    box = first.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 740, box
    profile = page.get_by_text(PROFILE.strip()[:40])
    assert profile.bounding_box()["y"] > box["y"]
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page)
