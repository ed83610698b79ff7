"""Results and indicators in a browser, in Spanish on a phone: a coordinator adds a result to
the plan, an indicator with a target linked to a plan activity, types a five-year series,
imports the Social Vulnerability Index, and reads the turn-the-curve page with its chart (dot
decimals) and table; a resident sees the public list. 320 and 360 px wide, no sideways scroll,
axe-core clean on every page; the other tenant never appears."""

import re

import pytest
from playwright.sync_api import Page, expect

from groundwork.core.testing import assert_absent
from groundwork.measures.models import Indicator
from groundwork.measures.tests.test_indicator_imports import SYNTHETIC_SVI
from groundwork.plans import services as plans

from .conftest import assert_accessible
from .test_foundation import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

SERIES = [("2020", "9.8"), ("2021", "10.4"), ("2022", "9.9"), ("2023", "9.1"), ("2024", "8.6")]


def _fits(page: Page) -> None:
    """No sideways scroll at 320 and 360 px, and no axe-core violation."""
    for width in (320, 360):
        page.set_viewport_size({"width": width, "height": 740})
        sizes = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert sizes[0] <= sizes[1], f"{page.url} scrolls sideways at {width}px: {sizes}"
    assert_accessible(page)


def test_a_coordinator_builds_an_indicator_and_residents_read_it(  # type: ignore[no-untyped-def]
    new_page, tenant, other_tenant
):
    tenant.community.county_fips = ["37009"]
    tenant.community.save()
    plans.plan_publish(actor=tenant.coordinator, plan=tenant.plan, note="v1")
    slug = tenant.community.slug

    page = new_page(phone=True)
    sign_in(page, tenant.coordinator.email)
    page.goto(f"/c/{slug}/results/")
    page.get_by_role("button", name="Español").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    _fits(page)
    page.get_by_label("Pertenece a").select_option(f"plan:{tenant.plan.pk}")
    page.get_by_label("Resultado en inglés").fill("Children are safe and thriving")
    page.get_by_label("Resultado en español").fill("Los niños están seguros y prosperan")
    page.get_by_role("button", name="Agregar el resultado").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Agregar un indicador")
    _fits(page)
    page.get_by_label("Indicador en inglés").fill("Reports per 1,000 children")
    page.get_by_label("Indicador en español").fill("Casos por cada 1,000 niños")
    page.locator("label", has_text="Más bajo es mejor").click()
    page.get_by_label("Valor de la meta").fill("7.5")
    page.get_by_label("Periodo de la meta").fill("2028")
    page.get_by_label("La historia detrás de la curva, en español").fill(
        "Las familias estuvieron aisladas en 2021."
    )
    page.locator("label", has_text=tenant.activity.title).click()
    page.get_by_role("button", name="Guardar").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Valores de")
    _fits(page)
    for period, value in SERIES:
        page.get_by_label("Periodo", exact=True).fill(period)
        page.get_by_label("Valor", exact=True).fill(value)
        page.get_by_role("button", name="Guardar el valor").click()
        expect(page.locator(".usa-alert--success")).to_contain_text(period)
    indicator = Indicator.objects.get(result__community=tenant.community, source_key="")
    assert [v.value for v in indicator.values.order_by("period_start")] == [
        9.8,
        10.4,
        9.9,
        9.1,
        8.6,
    ]
    _fits(page)

    page.goto(f"/c/{slug}/results/indicators/{indicator.pk}/")
    chart = page.locator("svg.gw-indicator-chart")
    expect(chart).to_be_visible()
    labels = chart.locator("text").all_text_contents()
    assert labels and all(re.fullmatch(r"[\d.-]+", t) for t in labels), labels  # no commas
    points = chart.locator("circle title").all_text_contents()
    assert points == [f"{period}: {value}" for period, value in SERIES]  # dot decimals
    expect(page.get_by_role("table").first).to_contain_text("8.6")
    expect(page.get_by_role("heading", name="La historia detrás de la curva")).to_be_visible()
    expect(page.get_by_role("link", name=tenant.activity.title)).to_be_visible()
    _fits(page)

    page.goto(f"/c/{slug}/results/{indicator.result_id}/svi/")
    _fits(page)
    page.get_by_label("Año de la edición del SVI").fill("2018")
    page.get_by_label("Archivo de condados del SVI (CSV)").set_input_files(
        files=[{"name": "svi.csv", "mimeType": "text/csv", "buffer": SYNTHETIC_SVI}]
    )
    page.get_by_role("button", name="Importar").click()
    expect(page.locator(".usa-alert--success")).to_contain_text("SVI 2018 importado")
    _fits(page)
    assert_absent(other_tenant, page.content())

    resident = new_page(phone=True)
    resident.goto(f"/c/{slug}/results/")
    resident.get_by_role("button", name="Español").click()
    expect(resident.get_by_role("link", name="Casos por cada 1,000 niños")).to_be_visible()
    expect(resident.get_by_text("bajando")).to_have_count(1)
    expect(resident.get_by_role("link", name="Agregar un indicador")).to_have_count(0)
    _fits(resident)
    resident.get_by_role("link", name="Casos por cada 1,000 niños").click()
    expect(resident.locator("svg.gw-indicator-chart")).to_be_visible()
    _fits(resident)
    assert_absent(other_tenant, resident.content())
