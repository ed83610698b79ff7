"""A resident votes on a phone, in Spanish, without an account, with JavaScript off and on,
and sees the results page update after the background run."""

import random

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from groundwork.communities.models import Community, Role
from groundwork.communities.tests.factories import UserFactory
from groundwork.deliberation import services
from groundwork.deliberation.models import AnalysisRun, Vote
from groundwork.planning import services as planning
from groundwork.planning.models import Participant

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def conversation():  # type: ignore[no-untyped-def]
    coordinator = UserFactory(email="carmen@example.org", name="Carmen Ruiz")
    community = Community.objects.create(name="Alder County", slug="alder", kind="county")
    community.memberships.create(user=coordinator, role=Role.COORDINATOR)
    process = planning.process_create(
        actor=coordinator, community=community, title="Alder Together", slug="together"
    )
    conversation = services.conversation_create(
        actor=coordinator, process=process, topic="¿Qué hacemos primero?"
    )
    conversation.votes_per_run = 1
    conversation.save()
    texts = [
        "Más autobuses a la clínica",
        "Un centro juvenil en el centro",
        "Reparar el dique del río",
        "Clases de inglés por la noche",
        "Un mercado de agricultores los sábados",
        "Más luz en las calles",
        "Una guardería comunitaria",
    ]
    statements = [
        services.statement_seed(actor=coordinator, conversation=conversation, text=t, language="es")
        for t in texts
    ]
    rng = random.Random(7)
    for p in range(30):
        person = Participant.objects.create(process=process)
        camp = 1 if p % 2 else -1
        for s, statement in enumerate(statements):
            value = 1 if s == 0 else (camp if s % 2 else -camp)
            if rng.random() < 0.1:
                value = 0
            Vote.objects.create(
                conversation=conversation,
                statement=statement,
                participant=person,
                value=value,
                idempotency_key=f"{p}-{s}",
            )
    return conversation


@pytest.mark.parametrize("javascript", [False, True])
def test_resident_votes_in_spanish_on_a_phone_and_sees_the_results(
    new_page, conversation, javascript
):
    page = new_page(phone=True, javascript=javascript)
    page.goto(conversation.process.get_absolute_url())
    page.get_by_role("button", name="Español").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    page.get_by_role("link", name="Diga si está de acuerdo o no").click()
    expect(page.get_by_text("Ha votado sobre 0 de 7 afirmaciones.")).to_be_visible()
    assert_accessible(page)
    for n, button in enumerate(["De acuerdo", "En desacuerdo", "Paso / no sé", "De acuerdo"]):
        page.get_by_role("button", name=button).click()
        expect(page.get_by_text(f"Ha votado sobre {n + 1} de 7 afirmaciones.")).to_be_visible()
    assert_accessible(page)
    resident = Participant.objects.exclude(votes__idempotency_key__contains="-").get()
    assert resident.votes.count() == 4
    assert resident.user is None

    page.get_by_role("link", name="Vea en qué coinciden y en qué difieren").click()
    expect(page.get_by_role("heading", name="En qué coinciden y en qué difieren")).to_be_visible()
    call_command("db_worker", "--batch", "--no-startup-delay")
    assert AnalysisRun.objects.filter(status="done").exists()
    page.reload()
    expect(page.get_by_role("rowheader", name="Grupo A")).to_be_visible()
    expect(page.get_by_text("Más autobuses a la clínica").first).to_be_visible()
    assert_accessible(page)
