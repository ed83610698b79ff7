"""Two residents on two phones, in Spanish: one sends the other's answer form (its key copied
from the other's page) and gets a message only, never the other's identity or "about you"
answers. And a resident who goes back and sends the same answers again has one copy stored,
with JavaScript on and off."""

import pytest
from playwright.sync_api import Page, expect

from groundwork.communities.models import Community, Role
from groundwork.communities.tests.factories import UserFactory
from groundwork.planning import services
from groundwork.planning.models import Contribution, Participant

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

ALREADY = "Este formulario ya se recibió. No se guardó nada más."


def _process(slug: str, name: str):  # type: ignore[no-untyped-def]
    coordinator = UserFactory(email=f"coordinator@{slug}.example.org")
    community = Community.objects.create(name=name, slug=slug, kind="county")
    community.memberships.create(user=coordinator, role=Role.COORDINATOR)
    return services.process_create(
        actor=coordinator,
        community=community,
        title=f"{name} Together",
        slug="together",
        areas=["Northside", "Riverside"],
    )


@pytest.fixture
def process():  # type: ignore[no-untyped-def]
    _process("birch", "Birch County")  # a second community, with a process of the same slug
    return _process("alder", "Alder County")


def _phone(new_page, *, javascript: bool = True) -> Page:  # type: ignore[no-untyped-def]
    page = new_page(phone=True, javascript=javascript)
    page.set_viewport_size({"width": 360, "height": 740})
    return page


def _in_spanish(page: Page, process) -> None:  # type: ignore[no-untyped-def]
    page.goto(process.get_absolute_url())
    page.get_by_role("button", name="Español").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")


def _fits(page: Page) -> None:
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def _participant_cookies(page: Page) -> list[tuple[str, str]]:
    return [
        (c["name"], c["value"])
        for c in page.context.cookies()
        if c["name"].startswith("gw_participant_")
    ]


def test_a_resident_sending_anothers_form_gets_nothing_of_theirs(new_page, process):
    answer_url = process.get_absolute_url() + "answer/"
    about_url = process.get_absolute_url() + "about-you/"
    # Ana answers and tells a little about herself.
    ana = _phone(new_page)
    _in_spanish(ana, process)
    ana.goto(answer_url)
    anas_key = ana.locator("input[name=idempotency_key]").input_value()
    ana.locator("textarea[name=answer_problems]").fill("El puente se inunda")
    ana.get_by_role("button", name="Enviar mis respuestas").click()
    expect(ana.get_by_role("heading", name="Gracias: sus respuestas se guardaron")).to_be_visible()
    ana.goto(about_url)
    ana.locator("label", has_text="Acepto").click()
    ana.get_by_label("¿Dónde vive?").select_option(label="Riverside")
    ana.get_by_role("button", name="Guardar").click()
    expect(ana.get_by_text("Gracias. Se guardaron sus respuestas sobre usted.")).to_be_visible()
    ana_participant = Participant.objects.get(process=process)
    assert ana_participant.area.name == "Riverside"

    # Ben, on another phone, has never taken part: he sends his form with Ana's key.
    ben = _phone(new_page)
    _in_spanish(ben, process)
    ben.goto(answer_url)
    ben.locator("input[name=idempotency_key]").evaluate("(el, key) => { el.value = key }", anas_key)
    ben.locator("textarea[name=answer_problems]").fill("No hay autobuses de noche")
    ben.get_by_role("button", name="Enviar mis respuestas").click()
    expect(ben.get_by_text(ALREADY)).to_be_visible()
    _fits(ben)
    assert_accessible(ben)
    assert _participant_cookies(ben) == []
    ben.goto(about_url)  # no identity: "about you" sends him to the answer form
    expect(ben.get_by_role("heading", name="Responda las cinco preguntas")).to_be_visible()
    expect(ben.get_by_text("Riverside")).to_have_count(0)
    assert Participant.objects.filter(process=process).count() == 1
    assert list(Contribution.objects.values_list("text", flat=True)) == ["El puente se inunda"]

    # Ben answers for himself, then sends Ana's key again: he stays himself.
    ben.locator("textarea[name=answer_problems]").fill("No hay autobuses de noche")
    ben.get_by_role("button", name="Enviar mis respuestas").click()
    expect(ben.get_by_role("heading", name="Gracias: sus respuestas se guardaron")).to_be_visible()
    bens_cookie = _participant_cookies(ben)
    assert len(bens_cookie) == 1
    ben.goto(answer_url)
    ben.locator("input[name=idempotency_key]").evaluate("(el, key) => { el.value = key }", anas_key)
    ben.locator("textarea[name=answer_problems]").fill("Otra cosa")
    ben.get_by_role("button", name="Enviar mis respuestas").click()
    expect(ben.get_by_text(ALREADY)).to_be_visible()
    assert _participant_cookies(ben) == bens_cookie
    ben.goto(about_url)
    expect(ben.get_by_label("¿Dónde vive?")).not_to_have_value(str(ana_participant.area_id))
    ana_participant.refresh_from_db()
    assert ana_participant.area.name == "Riverside"
    assert Contribution.objects.count() == 2


@pytest.mark.parametrize("javascript", [False, True])
def test_back_and_send_again_stores_one_copy(new_page, process, javascript):
    page = _phone(new_page, javascript=javascript)
    _in_spanish(page, process)
    page.goto(process.get_absolute_url() + "answer/")
    answers = {"problems": "El puente se inunda", "allies": "La biblioteca"}

    def send() -> None:
        for key, text in answers.items():
            page.locator(f"textarea[name=answer_{key}]").fill(text)
        page.get_by_role("button", name="Enviar mis respuestas").click()
        heading = page.get_by_role("heading", name="Gracias: sus respuestas se guardaron")
        expect(heading).to_be_visible()

    send()
    page.go_back()
    expect(page.get_by_role("heading", name="Responda las cinco preguntas")).to_be_visible()
    page.reload()  # as a phone does when it dropped the page: the form comes with a new key
    expect(page.get_by_role("heading", name="Responda las cinco preguntas")).to_be_visible()
    answers["problems"] = "el puente  se INUNDA"  # the same words, typed again
    send()
    _fits(page)
    assert_accessible(page)
    assert Participant.objects.filter(process=process).count() == 1
    assert sorted(Contribution.objects.values_list("question__key", flat=True)) == [
        "allies",
        "problems",
    ]
