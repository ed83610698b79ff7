"""The practice library and peer help in the browser: a coordinator publishes the shipped
guide's adapted copy as a practice; another coalition, in Spanish on a 360 px phone, finds
it, adopts it into its plan and comments; a coalition asks for mentoring and the network's
steward accepts a suggested mentor. axe-core on every page, no sideways scroll."""

import re

import pytest
from playwright.sync_api import expect

from groundwork.communities.models import Community, Network, Role
from groundwork.communities.tests.factories import UserFactory
from groundwork.library.models import Adoption, Comment, HelpRequest, Practice
from groundwork.planning import services as planning
from groundwork.plans import services as plans

from .conftest import assert_accessible
from .test_foundation import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def fits(page):  # type: ignore[no-untyped-def]
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


def _world():  # type: ignore[no-untyped-def]
    network = Network.objects.create(name="Piedmont network", slug="piedmont")
    alder = Community.objects.create(
        name="Alder County",
        slug="alder",
        kind="county",
        network=network,
        county_fips=["37001"],
        focus_areas=["youth"],
        meets_regularly=True,
        has_leadership_structure=True,
        has_shared_vision=True,
    )
    birch = Community.objects.create(
        name="Birch County",
        slug="birch",
        kind="county",
        network=network,
        county_fips=["37033"],
        focus_areas=["youth"],
    )
    rosa = UserFactory(email="rosa@example.org", name="Rosa Vega")
    alder.memberships.create(user=rosa, role=Role.COORDINATOR)
    lucia = UserFactory(email="lucia@example.org", name="Lucía Mora", preferred_language="es")
    birch.memberships.create(user=lucia, role=Role.COORDINATOR)
    process = planning.process_create(actor=lucia, community=birch, title="Plan 2027", slug="2027")
    plan = plans.plan_create(actor=lucia, process=process, title="Nuestro plan")
    plans.goal_save(actor=lucia, plan=plan, title="Jóvenes con voz")
    planning.guide_copy(actor=rosa, community=alder, source_slug="building-community-resilience")
    return network, alder, birch


def test_publish_find_adopt_and_comment_in_spanish_on_a_phone(new_page):
    _network, _alder, birch = _world()

    page = new_page()
    page.set_default_timeout(60_000)
    sign_in(page, "rosa@example.org")
    page.goto("/c/alder/library/")
    assert_accessible(page)
    page.get_by_role("button", name="Publish “Building Community Resilience").click()
    expect(page.get_by_text("Published in the library.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Building Community Resilience: a two-day workshop"
    )
    assert_accessible(page)
    practice = Practice.objects.get()
    assert practice.is_published and practice.licence == "cc_by"

    phone = new_page(phone=True)
    phone.set_viewport_size({"width": 360, "height": 740})
    phone.set_default_timeout(60_000)
    sign_in(phone, "lucia@example.org")
    phone.goto("/library/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Biblioteca de prácticas")
    phone.get_by_label("Palabras").fill("resiliencia taller")
    phone.get_by_role("button", name="Buscar").click()
    fits(phone)
    assert_accessible(phone)
    phone.get_by_role(
        "link", name="Construir la resiliencia comunitaria: un taller de dos días"
    ).click()
    fits(phone)
    assert_accessible(phone)
    phone.get_by_role("link", name="Adoptarla en nuestro plan").click()
    fits(phone)
    assert_accessible(phone)
    phone.get_by_role("button", name="Adoptar").click()
    expect(phone.get_by_text("Adoptada: la actividad está en su borrador del plan")).to_be_visible()
    adoption = Adoption.objects.get()
    assert adoption.community == birch and adoption.activity.plan.community == birch

    phone.goto(f"/library/{practice.pk}/")
    expect(phone.get_by_role("heading", name="Adoptada por 1 coalición")).to_be_visible()
    phone.get_by_label("Su comentario").fill("Lo probamos con jóvenes y funcionó.")
    phone.get_by_role("button", name="Añadir el comentario").click()
    expect(phone.get_by_text("Se añadió su comentario.")).to_be_visible()
    expect(phone.get_by_text("Lo probamos con jóvenes y funcionó.")).to_be_visible()
    fits(phone)
    assert_accessible(phone)
    assert Comment.objects.get().practice == practice


def test_a_coalition_asks_for_mentoring_and_the_steward_accepts_a_suggestion(new_page):
    network, alder, _birch = _world()
    steward = UserFactory(email="sam@example.org", name="Sam Steward")
    network.stewards.add(steward)

    phone = new_page(phone=True)
    phone.set_viewport_size({"width": 360, "height": 740})
    phone.set_default_timeout(60_000)
    sign_in(phone, "lucia@example.org")
    phone.goto("/c/birch/help/")
    assert_accessible(phone)
    phone.get_by_text("Mentoría de otra coalición").click()
    phone.get_by_label("Tema").fill("Formar un consejo juvenil")
    phone.get_by_label("Área de enfoque").select_option("youth")
    phone.get_by_role("button", name="Enviar la solicitud").click()
    expect(phone.get_by_text("Su solicitud se envió al equipo de la red.")).to_be_visible()
    fits(phone)
    assert_accessible(phone)
    request = HelpRequest.objects.get()

    page = new_page()
    page.set_default_timeout(60_000)
    sign_in(page, "sam@example.org")
    page.goto("/networks/piedmont/help/")
    assert_accessible(page)
    page.get_by_role("link", name="Formar un consejo juvenil").click()
    expect(page.get_by_text("It works on the same focus areas")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("Accept as mentor")).click()
    expect(page.get_by_text("The request was updated.")).to_be_visible()
    request.refresh_from_db()
    assert request.mentor == alder and request.status == "assigned"
    assert_accessible(page)
