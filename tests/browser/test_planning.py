"""A resident answers the five questions on a phone, in Spanish, with JavaScript off and on;
a double-submitted form stores one copy; a facilitator hides an answer from the public."""

import re

import pytest
from playwright.sync_api import expect

from groundwork.communities.models import Community, Role
from groundwork.communities.tests.factories import UserFactory
from groundwork.planning import services
from groundwork.planning.models import Contribution, Moderation

from .conftest import assert_accessible
from .test_foundation import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def process():  # type: ignore[no-untyped-def]
    coordinator = UserFactory(email="carmen@example.org", name="Carmen Ruiz")
    community = Community.objects.create(name="Alder County", slug="alder", kind="county")
    community.memberships.create(user=coordinator, role=Role.COORDINATOR)
    return services.process_create(
        actor=coordinator,
        community=community,
        title="Alder Together",
        slug="together",
        areas=["Northside", "Riverside"],
    )


@pytest.mark.parametrize("javascript", [False, True])
def test_resident_answers_in_spanish_on_a_phone(new_page, process, javascript):
    page = new_page(phone=True, javascript=javascript)
    page.goto(process.get_absolute_url())
    page.get_by_role("button", name="Español").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    assert_accessible(page)
    page.get_by_role("link", name="Responda las cinco preguntas").click()
    assert_accessible(page)
    page.get_by_label("¿Cuáles son los principales problemas").fill(
        "No hay transporte a la clínica"
    )
    page.get_by_label("Barreras externas").fill("El condado no tiene presupuesto")
    page.get_by_label("¿Qué fortalezas y recursos").fill("Las iglesias y la escuela")
    page.get_by_label("¿Qué podemos hacer").fill("Organizar viajes compartidos")
    page.get_by_label("¿Qué aliados podrían ayudar").fill("El departamento de salud")
    thanks = page.get_by_role("heading", name="Gracias: sus respuestas se guardaron")
    if javascript:
        page.get_by_role("button", name="Enviar mis respuestas").dblclick()
        expect(thanks).to_be_visible()
    else:
        # Without JavaScript a double click sends the form twice, and the browser shows the
        # answer to the second request. A first visit has no cookie yet, so the second request
        # is a new visitor replaying a key: it is told the form was received and is handed no
        # identity (only the sender of the first request owns those answers).
        page.get_by_role("button", name="Enviar mis respuestas").dblclick()
        expect(
            thanks.or_(page.get_by_text("Este formulario ya se recibió. No se guardó nada más."))
        ).to_be_visible()
        assert_accessible(page)
        assert Contribution.objects.count() == 5
        # The "about you" step is for the resident who owns the answers: answer once more in
        # a fresh visit with a single click, as most people do.
        page.context.clear_cookies(name=re.compile("^gw_participant_"))
        page.goto(process.get_absolute_url() + "answer/")
        page.get_by_label("¿Cuáles son los principales problemas").fill("Faltan aceras")
        page.get_by_role("button", name="Enviar mis respuestas").click()
        expect(thanks).to_be_visible()
    assert_accessible(page)
    assert Contribution.objects.count() == (5 if javascript else 6)
    assert set(Contribution.objects.values_list("language", flat=True)) == {"es"}
    assert Contribution.objects.get(question__key="barriers").barrier_kind == "external"

    page.get_by_role("link", name="Sobre usted (opcional)").click()
    assert_accessible(page)
    page.locator("label", has_text="Acepto").click()
    page.get_by_label("¿Dónde vive?").select_option(label="Riverside")
    page.get_by_role("button", name="Guardar").click()
    expect(page.get_by_text("Gracias. Se guardaron sus respuestas sobre usted.")).to_be_visible()
    participant = Contribution.objects.order_by("id").last().participant
    assert participant.area.name == "Riverside"


def test_facilitator_hides_an_answer_and_the_public_list_no_longer_shows_it(new_page, process):
    services.contributions_submit(
        process=process,
        participant=None,
        language="en",
        channel="online",
        idempotency_key="a",
        answers=[
            services.Answer("problems", "The river floods every spring"),
            services.Answer("strengths", "Volunteer fire department"),
        ],
    )
    public = new_page(phone=True)
    answers_url = process.get_absolute_url() + "answers/?question=problems"
    public.goto(answers_url)
    expect(public.get_by_text("The river floods every spring")).to_be_visible()
    assert_accessible(public)

    facilitator = new_page()
    sign_in(facilitator, "carmen@example.org")
    facilitator.goto(answers_url)
    facilitator.get_by_label("Reason").fill("Duplicate of a paper answer")
    facilitator.get_by_role("button", name="Hide").click()
    expect(facilitator.get_by_text("Moderation saved.")).to_be_visible()
    expect(facilitator.get_by_text("Duplicate of a paper answer")).to_be_visible()
    assert_accessible(facilitator)

    public.reload()
    expect(public.get_by_text("The river floods every spring")).to_have_count(0)
    assert Contribution.objects.get(text__startswith="The river").moderation == Moderation.HIDDEN


def _focused(page):  # type: ignore[no-untyped-def]
    return page.evaluate(
        "() => [document.activeElement.tagName, document.activeElement.name || '',"
        " (document.activeElement.textContent || '').trim()]"
    )


def test_facilitator_captures_30_answers_from_a_gathering_by_keyboard_alone(new_page, process):
    gathering = services.gathering_save(
        actor=process.community.memberships.get().user,
        process=process,
        title="Library listening session",
        kind="small",
        starts_at="2026-05-02T18:00:00Z",
        language="en",
    )
    page = new_page()
    sign_in(page, "carmen@example.org")
    page.goto(process.get_absolute_url() + "gatherings/")
    assert_accessible(page)
    # From the gatherings table to the capture screen: focus the link and press Enter.
    page.get_by_role("link", name="answers; type in more").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Type in answers")).to_be_visible()
    assert_accessible(page)
    # The gathering, channel and language come filled in; the answers box has the focus.
    expect(page.get_by_label("Gathering")).to_have_value(str(gathering.pk))
    assert _focused(page)[:2] == ["TEXTAREA", "lines"]
    # Choose the question from the keyboard: Shift+Tab back to it, then arrow down once.
    for _ in range(10):
        if _focused(page)[1] == "question":
            break
        page.keyboard.press("Shift+Tab")
    assert _focused(page)[1] == "question"
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Question")).to_have_value("barriers_internal")
    for _ in range(10):
        if _focused(page)[1] == "lines":
            break
        page.keyboard.press("Tab")
    for n in range(1, 31):
        page.keyboard.type(f"Barrier number {n} named at the library")
        page.keyboard.press("Enter")
    for _ in range(10):
        if _focused(page)[0] == "BUTTON":
            break
        page.keyboard.press("Tab")
    assert _focused(page)[2] == "Save these answers"
    page.keyboard.press("Enter")
    expect(page.get_by_text("30 answers were saved.")).to_be_visible()
    stored = Contribution.objects.filter(gathering=gathering)
    assert stored.count() == 30
    assert set(stored.values_list("channel", "question__key", "barrier_kind")) == {
        ("small_group", "barriers", "internal")
    }
    # Ready for the next batch: same question and gathering, the box empty and focused.
    expect(page.get_by_label("Question")).to_have_value("barriers_internal")
    expect(page.get_by_label("Gathering")).to_have_value(str(gathering.pk))
    assert _focused(page)[:2] == ["TEXTAREA", "lines"]
    assert_accessible(page)
