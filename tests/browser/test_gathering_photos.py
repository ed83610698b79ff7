"""Photos of a gathering in the browser: a coordinator on a 320 px phone in Spanish adds two
photos (one the people in it agreed to share), sees both with their descriptions; a visitor
signed out sees only the shared one. Every page: no sideways scroll, axe-core clean."""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from groundwork.core.testing import build_tenant
from groundwork.gatherings.models import GatheringPhoto
from groundwork.gatherings.tests.helpers import make_gathering

from .test_gatherings import _fits, _page

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def tenants():  # type: ignore[no-untyped-def]
    return build_tenant("alder", people=1), build_tenant("birch", people=1)


def _jpeg(tmp_path, name: str) -> str:  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    Image.new("RGB", (1200, 800), "orange").save(out, format="JPEG")
    path = tmp_path / name
    path.write_bytes(out.getvalue())
    return str(path)


def test_coordinator_adds_photos_on_a_spanish_phone_and_the_public_sees_the_shared_one(
    new_page, live_server, tenants, tmp_path
):  # type: ignore[no-untyped-def]
    alder, birch = tenants
    gathering = make_gathering(alder.community, alder.coordinator, title="Taller de Alder")
    make_gathering(birch.community, birch.coordinator, title="Taller de Birch")
    page = _page(new_page, live_server, user=alder.coordinator, width=320)
    page.goto(gathering.get_absolute_url())
    page.get_by_role("link", name="Fotos de la reunión").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fotos de la reunión")
    _fits(page)
    # Nothing chosen: the page says what is missing, and keeps nothing.
    page.get_by_role("button", name="Agregar la foto").click()
    expect(page.locator(".usa-alert--error")).to_be_visible()
    _fits(page)
    page.get_by_label("Foto", exact=True).set_input_files(_jpeg(tmp_path, "a.jpg"))
    page.get_by_label("Qué muestra la foto").fill("Vecinos alrededor del mapa del condado")
    page.get_by_label("Pie de foto (opcional)").fill("El primer taller")
    page.locator("label", has_text="Todas las personas que se pueden reconocer").click()
    page.get_by_role("button", name="Agregar la foto").click()
    expect(page.get_by_text("Se agregó la foto.")).to_be_visible()
    page.get_by_label("Foto", exact=True).set_input_files(_jpeg(tmp_path, "b.jpg"))
    page.get_by_label("Qué muestra la foto").fill("Niños dibujando")
    page.get_by_role("button", name="Agregar la foto").click()
    expect(page.get_by_text("Se agregó la foto.")).to_be_visible()
    expect(page.get_by_role("img", name="Niños dibujando")).to_be_visible()
    _fits(page)
    assert GatheringPhoto.objects.filter(gathering=gathering).count() == 2
    page.goto(gathering.get_absolute_url())
    expect(page.get_by_role("img", name="Vecinos alrededor del mapa del condado")).to_be_visible()
    expect(page.get_by_role("img", name="Niños dibujando")).to_be_visible()
    _fits(page)
    # The image itself loads (served by the view that checks who may see it).
    assert page.evaluate(
        "[...document.querySelectorAll('.gw-photos img')].every((i) => i.naturalWidth > 0)"
    )

    visitor = _page(new_page, live_server, width=320)
    visitor.goto(gathering.get_absolute_url())
    shared = visitor.get_by_role("img", name="Vecinos alrededor del mapa del condado")
    expect(shared).to_be_visible()
    expect(visitor.get_by_role("img", name="Niños dibujando")).to_have_count(0)
    expect(visitor.get_by_role("link", name="Fotos de la reunión")).to_have_count(0)
    _fits(visitor)
