"""The scorecard in a browser, in Spanish on a phone: an activity's lead enters three
performance measures and their values for two quarters (a wrong value is refused and nothing
is saved); a resident reads the community's public scorecard, the tree with its charts (dot
decimals) and tables; a network lead sees a statewide goal rolling up three county indicators
and opens each community's.
320 and 360 px wide, no sideways scroll, axe-core clean on every page; the other tenant never
appears."""

import re

import pytest
from playwright.sync_api import Page, expect

from groundwork.communities.models import CountyGoal, NetworkGoal, Role
from groundwork.communities.tests.factories import CommunityFactory, UserFactory, member
from groundwork.core.testing import assert_absent
from groundwork.measures.actions import indicators as indicator_actions
from groundwork.measures.models import PerformanceValue
from groundwork.measures.tests.factories import result_with_series
from groundwork.plans import services as plans

from .conftest import assert_accessible
from .test_foundation import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

MEASURES = [
    ("¿Cuánto hicimos?", "Rides given", "Viajes dados", "rides"),
    ("¿Qué tan bien lo hicimos?", "Rides on time", "Viajes a tiempo", "%"),
    ("¿Alguien está mejor?", "Riders who kept a job", "Pasajeros que mantuvieron su empleo", ""),
]


def _fits(page: Page) -> None:
    for width in (320, 360):
        page.set_viewport_size({"width": width, "height": 740})
        sizes = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert sizes[0] <= sizes[1], f"{page.url} scrolls sideways at {width}px: {sizes}"
    assert_accessible(page)


def _spanish(page: Page) -> None:
    page.get_by_role("button", name="Español").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")


def test_an_activity_lead_keeps_measures_and_residents_read_the_scorecard(  # type: ignore[no-untyped-def]
    new_page, tenant, other_tenant
):
    plans.plan_publish(actor=tenant.coordinator, plan=tenant.plan, note="v1")
    _result, indicator = result_with_series(tenant)
    indicator.activities.add(tenant.activity)
    tenant.activity.lead_organization = tenant.organization
    tenant.activity.save(update_fields=["lead_organization"])
    lead = member(tenant.community, Role.PARTNER)
    lead.memberships.update(organization=tenant.organization)
    slug = tenant.community.slug

    page = new_page(phone=True)
    sign_in(page, lead.email)
    page.goto(f"/c/{slug}/activities/{tenant.activity.pk}/measures/")
    _spanish(page)
    _fits(page)
    for question, name_en, name_es, unit in MEASURES:
        page.locator("label", has_text=question).click()
        page.get_by_label("Medida en inglés").fill(name_en)
        page.get_by_label("Medida en español").fill(name_es)
        page.get_by_label("Unidad").fill(unit)
        if question == "¿Alguien está mejor?":
            page.get_by_label("Objetivo").fill("50")
        page.get_by_role("button", name="Agregar la medida").click()
        expect(page.locator(".usa-alert--success")).to_contain_text("Medida agregada")
    _fits(page)

    # A "better off" number larger than its "out of": refused, nothing saved.
    page.get_by_label("Periodo", exact=True).fill("2026-Q1")
    page.get_by_label("Viajes dados: valor").fill("40")
    page.get_by_label("Viajes a tiempo: valor").fill("85.5")
    page.get_by_label("Pasajeros que mantuvieron su empleo: número").fill("30")
    page.get_by_label("Pasajeros que mantuvieron su empleo: de cuántos").fill("20")
    page.get_by_role("button", name="Guardar los valores").click()
    expect(page.locator(".usa-alert--error")).to_be_visible()
    expect(page.get_by_text("es mayor que “de cuántos”")).to_be_visible()
    assert not PerformanceValue.objects.exists()
    _fits(page)
    for period, values in (
        ("2026-Q1", ("40", "85.5", "12", "30")),
        ("2026-Q2", ("52", "91", "18", "32")),
    ):
        page.get_by_label("Periodo", exact=True).fill(period)
        page.get_by_label("Viajes dados: valor").fill(values[0])
        page.get_by_label("Viajes a tiempo: valor").fill(values[1])
        page.get_by_label("Pasajeros que mantuvieron su empleo: número").fill(values[2])
        page.get_by_label("Pasajeros que mantuvieron su empleo: de cuántos").fill(values[3])
        page.get_by_role("button", name="Guardar los valores").click()
        expect(page.locator(".usa-alert--success")).to_contain_text(
            f"3 valores guardados para {period}"
        )
    assert PerformanceValue.objects.filter(community=tenant.community).count() == 6
    _fits(page)

    resident = new_page(phone=True)
    resident.goto(f"/c/{slug}/scorecard/")
    _spanish(resident)
    expect(resident.get_by_role("heading", level=1)).to_contain_text("Tablero de resultados")
    expect(
        resident.get_by_role("heading", name=re.compile("Casos por cada 1,000 niños"))
    ).to_be_visible()
    expect(resident.get_by_role("heading", name="¿Alguien está mejor?")).to_be_visible()
    expect(resident.get_by_text("18 de 32 (56.2%)")).to_be_visible()
    expect(resident.get_by_text("subiendo").first).to_be_visible()
    charts = resident.locator("svg.gw-indicator-chart")
    expect(charts).to_have_count(4)  # the indicator and its activity's three measures
    labels = charts.locator("text").all_text_contents()
    assert labels and all(re.fullmatch(r"[\d.Q-]+", t) for t in labels), labels  # no commas
    points = charts.nth(2).locator("circle title").all_text_contents()
    assert points == ["2026-Q1: 85.5", "2026-Q2: 91"]
    expect(resident.get_by_role("table", name="Valores de Viajes a tiempo")).to_contain_text("85.5")
    expect(
        resident.get_by_role("link", name="Llevar las medidas de desempeño de esta actividad")
    ).to_have_count(0)
    _fits(resident)
    assert_absent(other_tenant, resident.content())


def test_a_network_lead_sees_a_statewide_goal_roll_up_county_indicators(  # type: ignore[no-untyped-def]
    new_page, tenant, other_tenant
):
    result_with_series(other_tenant, owner="county_goal")
    ngoal = NetworkGoal.objects.create(network=tenant.network, title="Niños que prosperan")
    counties = [tenant.community] + [
        CommunityFactory(network=tenant.network, slug=f"county-{n}", name=f"Condado {n}")
        for n in range(2)
    ]
    for n, (community, series) in enumerate(
        zip(counties, ([16.0, 15.0], [13.0, 14.0], [15.5, 15.5]), strict=True)
    ):
        goal = CountyGoal.objects.create(
            community=community, title=f"Niños seguros {n}", network_goal=ngoal
        )
        result = indicator_actions.result_create(
            actor=tenant.coordinator, owner=goal, community=community, title_en=f"Safe {n}"
        )
        indicator = indicator_actions.indicator_create(
            actor=tenant.coordinator,
            result=result,
            name_en=f"Reports {n}",
            name_es=f"Casos {n}",
            direction="down",
            target_value=15.0,
        )
        for year, value in enumerate(series):
            indicator_actions.value_put(indicator=indicator, period=str(2023 + year), value=value)
    lead = UserFactory()
    tenant.network.stewards.add(lead)

    page = new_page(phone=True)
    sign_in(page, lead.email)
    page.goto(f"/networks/{tenant.network.slug}/scorecard/")
    _spanish(page)
    expect(page.get_by_role("heading", name="Meta estatal: Niños que prosperan")).to_be_visible()
    goal = page.locator("section.gw-card")
    expect(goal).to_contain_text(
        "En 3 comunidades: 3 indicadores de condado: 1 mejoran, 1 empeoran, 1 sin cambio"
    )
    expect(goal).to_contain_text("2 de los 3 que tienen meta la alcanzaron.")
    # Each community's county indicators, folded until opened; the PDF is linked.
    expect(page.get_by_role("heading", name="Comunidades")).to_be_visible()
    expect(page.get_by_role("link", name="Descargar en PDF")).to_be_visible()
    _fits(page)
    for n, community in enumerate(counties):
        page.locator("summary", has_text=community.name).click()
        table = page.get_by_role(
            "table", name=f"Meta del condado: Niños seguros {n}. Resultado: Safe {n}"
        )
        expect(table).to_contain_text(f"Casos {n}")
    expect(
        page.get_by_role("link", name=re.compile(f"El tablero de resultados de {counties[1].name}"))
    ).to_be_visible()
    _fits(page)
    assert_absent(other_tenant, page.content())
