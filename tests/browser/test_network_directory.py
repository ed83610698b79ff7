"""A network's own entries on a phone, in Spanish: the network's steward opens the network's
own directory from its public directory page, adds the network as an organization and a
statewide service, and finds it on the network's directory (never on a community's). No
page scrolls sideways at 320 or 360 px, and axe-core passes on each."""

import pytest
from django.test import Client
from playwright.sync_api import Page, expect

from groundwork.communities.models import Network
from groundwork.communities.tests.factories import UserFactory
from groundwork.core.demo import load_demo
from groundwork.directory.demo import load_directory_demo
from groundwork.directory.models import Service

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def steward():  # type: ignore[no-untyped-def]
    load_demo()
    load_directory_demo()
    network = Network.objects.get(slug="resilient-together")
    user = UserFactory(email="statewide@example.org")
    network.stewards.add(user)
    return user


def _phone(new_page, url: str, user, width: int) -> Page:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    page = new_page(phone=True)
    page.set_viewport_size({"width": width, "height": 740})
    page.context.add_cookies(
        [
            {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": url},
            {"name": "django_language", "value": "es", "url": url},
        ]
    )
    return page


def _checked(page: Page) -> None:
    for width in (320, 360):
        page.set_viewport_size({"width": width, "height": 740})
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
            f"{page.url} scrolls sideways at {width} px"
        )
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 740})


def test_a_steward_adds_a_statewide_service_in_spanish(new_page, live_server, steward) -> None:  # type: ignore[no-untyped-def]
    page = _phone(new_page, live_server.url, steward, 320)
    page.goto("/networks/resilient-together/directory/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Encontrar ayuda")
    _checked(page)
    page.get_by_role("button", name="Agregar y cambiar las entradas propias de la red").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Directorio: servicios que mantener al día"
    )
    _checked(page)

    page.get_by_role("link", name="Agregar una organización").click()
    _checked(page)
    page.get_by_label("Nombre", exact=True).fill("Coalición Estatal de Vivienda")
    page.get_by_role("button", name="Guardar").click()
    expect(page.get_by_text("Se guardó la organización.")).to_be_visible()

    page.get_by_role("link", name="Agregar un servicio").click()
    _checked(page)
    page.get_by_label("Organización").select_option(label="Coalición Estatal de Vivienda")
    page.get_by_label("Nombre", exact=True).fill("Statewide housing hotline")
    page.get_by_label("Nombre en español").fill("Línea estatal de vivienda")
    page.locator("#id_description").fill("Help finding housing anywhere.")
    page.locator("#id_description_es").fill("Ayuda para encontrar vivienda.")
    page.get_by_role("button", name="Guardar").click()
    expect(page.get_by_text("Se guardó «Statewide housing hotline»")).to_be_visible()
    _checked(page)

    service = Service.objects.get(name="Statewide housing hotline")
    assert service.community.directory_of.slug == "resilient-together"

    # On the network's directory, searched in Spanish; on no community's.
    page.goto("/networks/resilient-together/directory/?q=vivienda+estatal")
    expect(page.get_by_role("link", name="Línea estatal de vivienda")).to_be_visible()
    _checked(page)
    page.goto("/c/alder-county/directory/?q=vivienda+estatal")
    expect(page.get_by_role("link", name="Línea estatal de vivienda")).to_have_count(0)
    page.goto("/networks/resilient-together/directory/?q=vivienda+estatal")
    page.get_by_role("link", name="Línea estatal de vivienda").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Línea estatal de vivienda")
    _checked(page)
