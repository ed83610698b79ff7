"""A facilitator, in Spanish on a 360 px phone with JavaScript off, seeds three statements
from a theme of the answers (one edited first); a resident then votes on them."""

import pytest
from playwright.sync_api import Page, expect

from groundwork.communities.models import Community, Role
from groundwork.communities.tests.factories import UserFactory
from groundwork.deliberation import services
from groundwork.deliberation.models import Statement
from groundwork.planning import services as planning
from groundwork.planning.models import Moderation
from groundwork.themes.models import Theme, ThemeMembership

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-enough-password-42"
ANSWERS = [
    "Necesitamos más autobuses a la clínica. El autobús pasa solo dos veces al día.",
    "Necesitamos más autobuses a la clínica. También los domingos.",
    "¿Por qué no hay autobús de noche? Las paradas no tienen techo para la lluvia.",
    "Los autobuses de noche ayudarían a los que trabajan tarde.",
]


def _community(slug: str, name: str, answers: list[str]):  # type: ignore[no-untyped-def]
    coordinator = UserFactory(email=f"carmen@{slug}.example.org")
    community = Community.objects.create(name=name, slug=slug, kind="county")
    community.memberships.create(user=coordinator, role=Role.COORDINATOR)
    process = planning.process_create(
        actor=coordinator, community=community, title=f"{name} Together", slug="together"
    )
    services.conversation_create(actor=coordinator, process=process, topic="¿Qué hacemos?")
    theme = Theme.objects.create(
        process=process,
        question=process.questions.get(key="problems"),
        key="t1",
        label="Autobuses",
        size=len(answers),
    )
    for i, text in enumerate(answers):
        answer = planning.contributions_submit(
            process=process,
            participant=None,
            answers=[planning.Answer(question="problems", text=text)],
            language="es",
            channel="online",
            idempotency_key=f"{slug}-{i}",
        )[0]
        assert answer.moderation == Moderation.VISIBLE
        ThemeMembership.objects.create(theme=theme, contribution=answer, strength=1 - i / 10)
    return process, coordinator


def _fits(page: Page) -> None:
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def test_a_facilitator_seeds_three_statements_from_a_theme(new_page):  # type: ignore[no-untyped-def]
    _community("birch", "Birch County", ["Birch necesita una biblioteca nueva en el centro."])
    process, coordinator = _community("alder", "Alder County", ANSWERS)
    page = new_page(phone=True, javascript=False)
    page.set_viewport_size({"width": 360, "height": 740})
    # The first request to a fresh live server can be slow on a busy machine.
    page.goto("/accounts/login/", timeout=90_000)
    page.get_by_label("E-mail address").fill(coordinator.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(process.get_absolute_url())
    page.get_by_role("button", name="Español").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")

    page.goto("/c/alder/p/together/conversation/")
    page.get_by_role(
        "link", name="Proponer afirmaciones a partir de los temas de las respuestas"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Afirmaciones a partir de los temas")
    _fits(page)
    assert_accessible(page)
    page.get_by_role("link", name="Autobuses").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Afirmaciones a partir de “Autobuses”"
    )
    # Said in two answers, so proposed first; the question is not proposed.
    first = page.get_by_role("form", name="Propuesta 1")
    expect(first.get_by_label("Afirmación")).to_have_value(
        "Necesitamos más autobuses a la clínica."
    )
    expect(page.get_by_text("¿Por qué no hay autobús de noche?", exact=True)).to_have_count(0)
    _fits(page)
    assert_accessible(page)

    first.get_by_role("button", name="Aceptar esta afirmación").click()
    expect(page.get_by_text("Se agregó la afirmación.")).to_be_visible()
    # The next proposal is edited before it is accepted.
    second = page.get_by_role("form", name="Propuesta 1")
    expect(second.get_by_label("Afirmación")).to_have_value(
        "El autobús pasa solo dos veces al día."
    )
    second.get_by_label("Afirmación").fill("El autobús a la clínica pasa solo dos veces al día.")
    second.get_by_role("button", name="Aceptar esta afirmación").click()
    expect(page.get_by_text("Se agregó la afirmación.")).to_be_visible()
    page.get_by_role("form", name="Propuesta 2").get_by_role(
        "button", name="Aceptar esta afirmación"
    ).click()
    expect(page.get_by_text("Se agregó la afirmación.")).to_be_visible()
    _fits(page)
    assert_accessible(page)

    seeded = list(Statement.objects.filter(conversation__process=process).order_by("pk"))
    assert len(seeded) == 3
    assert seeded[0].seed.contributions.count() == 2
    assert seeded[1].source == "seed" and seeded[1].seed.original == (
        "El autobús pasa solo dos veces al día."
    )
    assert not Statement.objects.filter(conversation__process__community__slug="birch").exists()

    # A resident (no account) now votes on them.
    resident = new_page(phone=True, javascript=False)
    resident.set_viewport_size({"width": 360, "height": 740})
    resident.goto(process.get_absolute_url())
    resident.get_by_role("button", name="Español").click()
    resident.goto("/c/alder/p/together/vote/")
    expect(resident.get_by_text("Ha votado sobre 0 de 3 afirmaciones.")).to_be_visible()
    shown = resident.locator("#vote-card").inner_text()
    assert any(s.text in shown for s in seeded)
    resident.get_by_role("button", name="De acuerdo").click()
    expect(resident.get_by_text("Ha votado sobre 1 de 3 afirmaciones.")).to_be_visible()
    _fits(resident)
