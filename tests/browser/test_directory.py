"""Finding help: a resident on a phone, in Spanish, finds a food pantry open now within ten
miles and downloads its handout; the search works with JavaScript off (a plain GET form with
a town to search around); no page scrolls sideways at 320 or 360 px and axe-core finds
nothing on the search and service pages. The directory is the test's own: two communities
of one network (``directory_world``), pantries near and far, open and closed."""

import io

import pytest
from playwright.sync_api import Page
from pypdf import PdfReader

from groundwork.directory.tests.factories import ALDER, directory_world

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(live_server):  # type: ignore[no-untyped-def]
    return directory_world()


def _spanish_phone(new_page, live_server, *, javascript: bool = True) -> Page:  # type: ignore[no-untyped-def]
    page = new_page(phone=True, javascript=javascript)
    page.context.add_cookies([{"name": "django_language", "value": "es", "url": live_server.url}])
    page.set_viewport_size({"width": 320, "height": 740})
    return page


def _fits(page: Page) -> None:
    for width in (320, 360):
        page.set_viewport_size({"width": width, "height": 740})
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= width, f"{page.url} is {wide} px wide at {width} px"


def _results(page: Page) -> list[str]:
    return page.locator(".gw-result h3").all_inner_texts()


def test_a_resident_finds_a_pantry_open_now_near_them_and_downloads_its_handout(
    new_page, live_server, world
) -> None:  # type: ignore[no-untyped-def]
    page = _spanish_phone(new_page, live_server)
    page.goto(f"/c/{world.alder.slug}/directory/")
    assert page.get_by_role("heading", level=1).inner_text() == "Encontrar ayuda"
    _fits(page)
    assert_accessible(page)

    page.set_viewport_size({"width": 320, "height": 740})
    page.get_by_label("¿Qué necesita?").fill("despensa")
    page.locator("label[for=id_open_now]").click()
    # "Use my location": the phone says where it is.
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": ALDER[0], "longitude": ALDER[1]})
    page.get_by_role("button", name="Usar mi ubicación").click()
    page.get_by_text("Se completó su ubicación").wait_for()
    assert page.get_by_label("Latitud").input_value() == "36.00000"
    page.get_by_label("A menos de").select_option("10")
    page.get_by_role("button", name="Buscar", exact=True).click()

    page.get_by_text("1 servicio encontrado.").wait_for()
    assert _results(page) == ["Despensa comunitaria de alimentos"]
    assert page.get_by_text("Abierto ahora").first.is_visible()
    _fits(page)
    assert_accessible(page)

    page.set_viewport_size({"width": 320, "height": 740})
    page.get_by_role("link", name="Despensa comunitaria de alimentos").click()
    page.get_by_role("heading", level=1, name="Despensa comunitaria de alimentos").wait_for()
    for fact in ("Abierto ahora", "88 Church Road", "Inglés, Español", "Última verificación"):
        assert page.get_by_text(fact).first.is_visible(), fact
    _fits(page)
    assert_accessible(page)

    page.set_viewport_size({"width": 320, "height": 740})
    with page.expect_download() as info:
        page.get_by_role("link", name="Hoja informativa en español (PDF)").click()
    download = info.value
    assert download.suggested_filename.endswith("-es.pdf")
    path = download.path()
    assert path is not None
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Despensa comunitaria de alimentos" in text and "Horario" in text


def test_the_search_works_without_javascript(new_page, live_server, world) -> None:  # type: ignore[no-untyped-def]
    page = _spanish_phone(new_page, live_server, javascript=False)
    page.goto(f"/c/{world.alder.slug}/directory/")
    # Without JavaScript there is no location button, only a town or typed coordinates.
    assert not page.get_by_role("button", name="Usar mi ubicación").is_visible()
    page.get_by_label("¿Qué necesita?").fill("despensa")
    page.locator("label[for=id_open_now]").click()
    page.get_by_label("Cerca de un pueblo o ciudad").select_option("Alder, NC")
    page.get_by_label("A menos de").select_option("10")
    page.get_by_role("button", name="Buscar", exact=True).click()
    page.get_by_text("1 servicio encontrado.").wait_for()
    assert "q=despensa" in page.url and "near=Alder" in page.url
    assert _results(page) == ["Despensa comunitaria de alimentos"]
    _fits(page)
    assert_accessible(page)

    # The network's directory: both communities' pantries.
    page.goto(f"/networks/{world.network.slug}/directory/?q=despensa")
    found = _results(page)
    assert "Despensa de alimentos de Birch" in found
    assert "Despensa comunitaria de alimentos" in found
    _fits(page)
    assert_accessible(page)
