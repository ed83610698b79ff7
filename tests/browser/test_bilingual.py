"""Both languages in one conversation: a facilitator translates, in the moderation queue, a
statement a resident wrote in English, and a Spanish speaker on a small phone votes on it in
Spanish after looking at the original. The queue works from the keyboard, in Spanish, on a
320 px screen."""

import pytest
from django.test import Client
from playwright.sync_api import Page, expect

from groundwork.communities.models import Community, Role
from groundwork.communities.tests.factories import UserFactory
from groundwork.deliberation import services
from groundwork.deliberation.models import Statement, Vote
from groundwork.planning import services as planning
from groundwork.planning.models import Participant

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def strict():  # type: ignore[no-untyped-def]
    """Two communities, each with a strictly moderated conversation and statements waiting."""
    conversations = {}
    for slug, name in (("alder", "Alder County"), ("birch", "Birch Town")):
        lead = UserFactory(email=f"lead@{slug}.example.org", name=f"Lead of {name}")
        community = Community.objects.create(name=name, slug=slug, kind="county")
        community.memberships.create(user=lead, role=Role.COORDINATOR)
        process = planning.process_create(
            actor=lead, community=community, title=f"{name} together", slug="together"
        )
        conversation = services.conversation_create(
            actor=lead, process=process, topic="What should we do first?", strict_moderation=True
        )
        for key, (text, language) in enumerate(
            [
                ("More buses to the clinic on Sundays", "en"),
                ("Call Ana at 555-123-4567 about the community garden", "en"),
                ("Clases de inglés por la noche", "es"),
            ]
        ):
            services.statement_submit(
                conversation=conversation,
                participant=Participant.objects.create(process=process),
                text=text,
                language=language,
                idempotency_key=f"k{key}",
            )
        conversations[slug] = (conversation, lead)
    return conversations


def _signed_in(new_page, url, user, *, language, width, javascript=True) -> Page:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    page = new_page(phone=True, javascript=javascript)
    page.set_viewport_size({"width": width, "height": 740})
    # The first page a fresh test server renders can take long on a busy machine.
    page.context.set_default_navigation_timeout(60_000)
    page.context.add_cookies(
        [
            {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": url},
            {"name": "django_language", "value": language, "url": url},
        ]
    )
    return page


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_spanish_speaker_votes_on_an_english_statement_a_facilitator_translated(
    new_page, live_server, strict
):
    conversation, lead = strict["alder"]
    queue_url = "/c/alder/p/together/conversation/queue/"
    # The facilitator, in the queue: translates the English statement and accepts it.
    facilitator = _signed_in(new_page, live_server.url, lead, language="en", width=1024)
    facilitator.goto(queue_url)
    item = facilitator.locator("[data-queue-item]").first
    expect(item).to_contain_text("More buses to the clinic on Sundays")
    item.get_by_text("Translate", exact=True).click()
    item.get_by_label("In Spanish").fill("Más autobuses a la clínica los domingos")
    item.get_by_role("button", name="Save the translation").click()
    expect(facilitator.get_by_text("The translation was saved.")).to_be_visible()
    facilitator.locator("[data-queue-item]").first.get_by_role("button", name="Accept").click()
    expect(facilitator.get_by_text("Accepted: people can now vote on it.")).to_be_visible()
    statement = Statement.objects.get(conversation=conversation, text__startswith="More buses")
    assert (statement.moderation, statement.translation_language) == ("accepted", "es")
    assert statement.translated_by == lead

    # The voter: Spanish, a 360 px phone, no account.
    voter = new_page(phone=True)
    voter.set_viewport_size({"width": 360, "height": 740})
    voter.goto(conversation.process.get_absolute_url())
    voter.get_by_role("button", name="Español").click()
    voter.get_by_role("link", name="Diga si está de acuerdo o no").click()
    card = voter.locator("#vote-card")
    expect(card.locator("blockquote")).to_have_text("Más autobuses a la clínica los domingos")
    expect(card.locator("blockquote")).to_have_attribute("lang", "es")
    original = card.get_by_text("More buses to the clinic on Sundays")
    expect(original).to_be_hidden()
    card.get_by_text("Mostrar el original").click()
    expect(original).to_be_visible()
    expect(original).to_have_attribute("lang", "en")
    expect(card.get_by_text("Original, escrito en inglés")).to_be_visible()
    _fits(voter)
    assert_accessible(voter)
    card.get_by_role("button", name="De acuerdo").click()
    expect(voter.get_by_text("¡Gracias!", exact=False)).to_be_visible()
    vote = Vote.objects.get(statement=statement)
    assert vote.value == 1
    # The other community's statement of the same words is still waiting, untranslated.
    other = strict["birch"][0].statements.get(text__startswith="More buses")
    assert (other.moderation, other.translation) == ("pending", "")


@pytest.mark.parametrize("javascript", [True, False])
def test_the_queue_in_spanish_at_320_px_from_the_keyboard(
    new_page, live_server, strict, javascript
):
    conversation, lead = strict["alder"]
    page = _signed_in(
        new_page, live_server.url, lead, language="es", width=320, javascript=javascript
    )
    page.goto("/c/alder/p/together/conversation/queue/")
    expect(
        page.get_by_role("heading", name="Afirmaciones que esperan una decisión")
    ).to_be_visible()
    expect(page.locator("mark.gw-personal")).to_have_text("555-123-4567")
    _fits(page)
    assert_accessible(page)
    if javascript:
        # j moves to the second statement (the one with a phone number), r goes to its reason,
        # Enter rejects; then a accepts the oldest one.
        page.keyboard.press("j")
        expect(page.locator("[data-queue-item]").nth(1)).to_be_focused()
        page.keyboard.press("r")
        page.keyboard.type("Datos personales")
        page.keyboard.press("Enter")
        expect(page.get_by_text("Rechazada.")).to_be_visible()
        page.keyboard.press("a")
        expect(page.get_by_text("Aceptada: ya se puede votar.")).to_be_visible()
    else:
        items = page.locator("[data-queue-item]")
        items.nth(1).get_by_label("Motivo del rechazo").fill("Datos personales")
        items.nth(1).get_by_role("button", name="Rechazar").click()
        expect(page.get_by_text("Rechazada.")).to_be_visible()
        page.locator("[data-queue-item]").first.get_by_role("button", name="Aceptar").click()
        expect(page.get_by_text("Aceptada: ya se puede votar.")).to_be_visible()
    statements = {s.text[:10]: s for s in conversation.statements.all()}
    assert statements["More buses"].moderation == "accepted"
    assert statements["Call Ana a"].moderation == "rejected"
    assert statements["Call Ana a"].moderation_reason == "Datos personales"
    assert statements["Clases de "].moderation == "pending"
    _fits(page)
    assert_accessible(page)
    assert strict["birch"][0].statements.filter(moderation="pending").count() == 3
