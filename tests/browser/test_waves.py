"""A coordinator copies the community resilience assessment into a survey, publishes it, runs
it again as a second wave and reads the comparison, in Spanish on a phone: 320 and 360 px
wide, no sideways scroll, axe-core clean on every page, small counts hidden, the chart's
numbers with dot decimals; the other tenant's look-alike survey never appears."""

import re

import pytest
from playwright.sync_api import Page, expect

from groundwork.measures.actions.instruments import instrument_create_from_shipped
from groundwork.measures.actions.waves import wave_create
from groundwork.measures.models import Answer, Instrument
from groundwork.measures.services import instrument_publish
from groundwork.measures.tests.factories import result_with_series
from groundwork.measures.wave_data import fill_wave

from .conftest import assert_accessible
from .test_foundation import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def _fits(page: Page) -> None:
    for width in (320, 360):
        page.set_viewport_size({"width": width, "height": 740})
        sizes = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert sizes[0] <= sizes[1], f"{page.url} scrolls sideways at {width}px: {sizes}"
    assert_accessible(page)


def test_copy_an_instrument_run_a_second_wave_and_compare(new_page, tenant, other_tenant):  # type: ignore[no-untyped-def]
    theirs = instrument_create_from_shipped(
        actor=other_tenant.coordinator, key="community-resilience", community=other_tenant.community
    )
    instrument_publish(actor=other_tenant.coordinator, instrument=theirs)
    theirs_next = wave_create(actor=other_tenant.coordinator, instrument=theirs)
    _result, indicator = result_with_series(tenant)

    page = new_page(phone=True)
    sign_in(page, tenant.coordinator.email)
    page.goto(f"/c/{tenant.community.slug}/surveys/")
    page.get_by_role("button", name="Español").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    _fits(page)
    page.locator("label", has_text="Evaluación de la resiliencia comunitaria").click()
    expect(
        page.get_by_label(
            "Empezar con una evaluación: Evaluación de la resiliencia comunitaria "
            "(23 afirmaciones en 4 dominios)"
        )
    ).to_be_checked()
    page.get_by_role("button", name="Crear el borrador").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Evaluación de la resiliencia comunitaria"
    )
    expect(page.get_by_text("dominio: Conexión y cuidado").first).to_be_visible()
    _fits(page)
    page.get_by_role("button", name="Publicar").click()
    page.get_by_role("link", name="Volver a realizar como una nueva ola").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Evaluación de la resiliencia comunitaria"
    )
    _fits(page)
    page.get_by_role("button", name="Publicar la nueva ola").click()
    expect(page.get_by_text("La ola 2 está publicada")).to_be_visible()
    _fits(page)

    first = Instrument.objects.get(community=tenant.community, wave_number=1)
    second = Instrument.objects.get(community=tenant.community, wave_number=2)
    fill_wave(first, count=40, centre=2.6, seed=1)
    fill_wave(second, count=40, centre=3.6, seed=2)
    # One statement answered by only five people in the second wave: its counts are hidden.
    item = second.items.get(key="cr-resources-6")
    keep = list(Answer.objects.filter(item=item).values_list("pk", flat=True)[:5])
    Answer.objects.filter(item=item).exclude(pk__in=keep).delete()

    page.get_by_role("link", name="Ola 2 comparada con la ola 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ola 2 comparada con la ola 1")
    _fits(page)
    for domain in ("Conexión y cuidado", "Recursos", "Potencial de transformación"):
        expect(page.get_by_role("heading", level=2, name=domain)).to_be_visible()
    expect(page.get_by_text("Mayor que el ruido del muestreo.").first).to_be_visible()
    row = page.get_by_role("row").filter(has_text="La ayuda en mi comunidad llega")
    expect(row).to_contain_text("oculto")
    expect(row).to_contain_text("muy pocas para comparar")
    for cx in page.locator("svg circle").evaluate_all("els => els.map(e => e.getAttribute('cx'))"):
        assert re.fullmatch(r"\d+(\.\d+)?", cx), cx
    html = page.content()
    compare_url = page.url
    for slug in (theirs.slug, theirs_next.slug):
        assert not re.search(rf"{re.escape(slug)}(?![\w-])", html), slug
    # The mean score of a domain becomes the indicator's value for 2026.
    page.get_by_label("Dominio", exact=True).select_option("Recursos")
    page.get_by_label("Indicador", exact=True).select_option(str(indicator.pk))
    page.get_by_label("Periodo").fill("2026")
    page.get_by_role("button", name="Agregar al indicador").click()
    expect(
        page.get_by_text("La puntuación media del dominio se agregó al indicador.")
    ).to_be_visible()
    _fits(page)
    assert indicator.values.filter(period_start__year=2026).exists()
    # The other community's coordinator cannot open the comparison.
    page.go_back()
    other = new_page(phone=True)
    sign_in(other, other_tenant.coordinator.email)
    response = other.goto(compare_url)
    assert response is not None and response.status == 403
