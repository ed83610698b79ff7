"""The pages that guard residents and inboxes, in Spanish on a 360 px phone: the "too much in a
short time" answer (a page without JavaScript, the vote card with htmx), confirming a plan
follow from its e-mail, opening an account from its e-mail, and the page for text that is not
UTF-8. Each fits the screen and passes axe-core."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import CommunityFactory, member
from groundwork.deliberation import services as deliberation
from groundwork.deliberation.models import Vote
from groundwork.planning import services as planning
from groundwork.plans import services as plans
from groundwork.plans.models import Follow

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

TOO_MUCH = "Recibimos mucho de usted en poco tiempo"


def spanish_phone(new_page, javascript=True):  # type: ignore[no-untyped-def]
    page = new_page(phone=True, javascript=javascript)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/", timeout=60_000)  # the first page of a session may wait for a busy machine
    page.get_by_role("button", name="Español").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    return page


def fits(page):  # type: ignore[no-untyped-def]
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture
def process():  # type: ignore[no-untyped-def]
    made = None
    for slug in ("alder", "birch"):
        community = CommunityFactory(slug=slug, name=f"{slug.title()} County")
        coordinator = member(community, Role.COORDINATOR)
        process = planning.process_create(
            actor=coordinator, community=community, title=f"{slug} 2027", slug="2027"
        )
        made = made or (process, coordinator)
    return made


@pytest.mark.parametrize("javascript", [False, True])
def test_too_many_votes_in_spanish(new_page, settings, process, javascript):  # type: ignore[no-untyped-def]
    process, coordinator = process
    conversation = deliberation.conversation_create(
        actor=coordinator, process=process, topic="¿Qué hacemos primero?"
    )
    for text in ("Más autobuses", "Un centro juvenil", "Arreglar el dique"):
        deliberation.statement_seed(
            actor=coordinator, conversation=conversation, text=text, language="es"
        )
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "vote": {"person": "1/h", "client": "50/h"}}
    page = spanish_phone(new_page, javascript)
    page.goto(f"/c/{process.community.slug}/p/{process.slug}/vote/")
    page.get_by_role("button", name="De acuerdo").click()
    expect(page.get_by_text("Ha votado sobre 1 de 3")).to_be_visible()
    page.get_by_role("button", name="De acuerdo").click()
    expect(page.get_by_text(TOO_MUCH)).to_be_visible()
    if javascript:  # htmx swapped the card only: the page around it is still there
        expect(page.get_by_role("heading", level=1)).to_have_text("¿Qué hacemos primero?")
    else:
        expect(page.get_by_role("heading", level=1)).to_have_text("Demasiado en poco tiempo")
    fits(page)
    assert_accessible(page)
    assert Vote.objects.count() == 1


def test_follow_confirmed_from_the_email_in_spanish(new_page, process):  # type: ignore[no-untyped-def]
    process, coordinator = process
    plan = plans.plan_create(actor=coordinator, process=process, title="Plan de Alder")
    goal = plans.goal_save(actor=coordinator, plan=plan, title="Cuidarnos")
    plans.activity_save(actor=coordinator, plan=plan, goal=goal, title="Viajes")
    plans.plan_publish(actor=coordinator, plan=plan)
    page = spanish_phone(new_page, javascript=False)
    page.goto(plan.get_absolute_url())
    page.get_by_label("Su correo electrónico").fill("luz@example.org")
    page.get_by_role("button", name="Seguir", exact=True).click()
    expect(page.get_by_text("Revise su correo: le enviamos un enlace")).to_be_visible()
    (message,) = mail.outbox
    link = next(line for line in message.body.splitlines() if "/plans/follow/confirm/" in line)
    page.goto("/" + link.strip().split("/", 3)[3])
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirmar los correos")
    fits(page)
    assert_accessible(page)
    page.get_by_role("button", name="Sí, envíenme las novedades").click()
    expect(page.get_by_text("Confirmado")).to_be_visible()
    fits(page)
    assert_accessible(page)
    assert Follow.objects.get().confirmed_at is not None


def test_account_opened_from_the_email_in_spanish(new_page):  # type: ignore[no-untyped-def]
    page = spanish_phone(new_page, javascript=False)
    page.goto("/accounts/signup/")
    page.get_by_label("Su nombre").fill("Lena Ortiz")
    page.get_by_label("Correo electrónico").fill("lena@example.org")
    page.get_by_label("Contraseña").fill("river-bend-orchard-77")
    page.get_by_label("Idioma preferido").select_option("es")
    page.get_by_role("button", name="Crear la cuenta").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Revise su correo electrónico")
    fits(page)
    assert_accessible(page)
    (message,) = mail.outbox
    link = next(line for line in message.body.splitlines() if "/accounts/activate/" in line)
    page.goto("/" + link.strip().split("/", 3)[3])
    expect(page.get_by_role("heading", level=1)).to_have_text("Abra su cuenta")
    fits(page)
    assert_accessible(page)
    page.get_by_label("La contraseña que eligió al registrarse").fill("river-bend-orchard-77")
    page.get_by_role("button", name="Abrir mi cuenta e iniciar sesión").click()
    expect(page.get_by_text("Bienvenido a Groundwork")).to_be_visible()


def test_text_that_is_not_utf8_gets_a_clear_page_in_spanish(new_page):  # type: ignore[no-untyped-def]
    page = spanish_phone(new_page)
    response = page.goto("/?q=%FF")
    assert response is not None and response.status == 400
    expect(page.get_by_role("heading", level=1)).to_have_text("No se pudo leer el texto")
    fits(page)
    assert_accessible(page)
