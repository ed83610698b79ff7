"""A resident reads the conversation report on a small phone, in Spanish: the groups, what
unites them, who is in each (a small count hidden) and the plan's goals and activities made
from the statements, linked; then fetches the PDF, which says the same."""

import io

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from pypdf import PdfReader

from groundwork.deliberation.tests.test_report import _build
from groundwork.plans import services as plans

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    alder = _build("Alder", "alder")
    birch = _build("Birch", "birch", process_slug="birch-talk", seed=11)
    coordinator = alder["coordinator"]
    consensus = alder["statements"][0]
    plan = plans.plan_create(actor=coordinator, process=alder["process"], title="Plan de Alder")
    goal = plans.goal_save(
        actor=coordinator, plan=plan, title="Transporte a la clínica", statement=consensus
    )
    activity = plans.activity_save(
        actor=coordinator, plan=plan, goal=goal, title="Una camioneta a la clínica"
    )
    plans.activity_link(
        actor=coordinator, activity=activity, kind="evidence", statement_ids=[consensus.pk]
    )
    plans.plan_publish(actor=coordinator, plan=plan)
    return {**alder, "goal": goal, "activity": activity, "birch": birch}


@pytest.mark.parametrize(("width", "javascript"), [(320, False), (360, True)])
def test_report_page_and_pdf_in_spanish_on_a_small_phone(new_page, world, width, javascript):
    page = new_page(phone=True, javascript=javascript)
    page.set_viewport_size({"width": width, "height": 740})
    url = reverse("deliberation:report", args=["alder", "together"])
    page.goto(url)
    page.get_by_role("button", name="Español").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", name="Informe de la conversación", level=1)).to_be_visible()

    # The groups and what unites them.
    expect(page.get_by_role("heading", name="Grupos de opinión")).to_be_visible()
    expect(page.get_by_role("heading", name="Qué piensa el grupo A")).to_be_visible()
    consensus = page.locator("li", has_text="More buses to the clinic (Alder)").first
    expect(consensus).to_be_visible()
    expect(page.get_by_text("(Birch)")).to_have_count(0)

    # Who is in each group: two people from Mill Hill in group A show no count.
    areas = page.locator("table", has=page.locator("caption", has_text="Por zona"))
    mill_hill = areas.locator("tr", has=page.locator("th", has_text="Mill Hill"))
    expect(mill_hill.locator("td").first).to_contain_text("oculto")
    expect(mill_hill.locator("td").nth(1)).to_have_text(
        f"{len(world['second'])} (100%)", use_inner_text=True
    )

    # The plan links: the published plan's goal and activity made from the statement.
    plan_url = reverse("plans:plan", args=["alder", "together"])
    goal_link = page.get_by_role("link", name="Meta: Transporte a la clínica")
    expect(goal_link).to_have_attribute("href", f"{plan_url}#goal-{world['goal'].pk}")
    activity_link = page.get_by_role("link", name="Actividad: Una camioneta a la clínica")
    expect(activity_link).to_have_attribute("href", f"{plan_url}#activity-{world['activity'].pk}")

    fit = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert fit[0] <= fit[1], fit
    assert_accessible(page)

    # The PDF, in the same language (the page's cookie travels with the request).
    pdf_link = page.get_by_role("link", name="Descargar el informe (PDF)")
    response = page.request.get(pdf_link.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    body = response.body()
    assert body.startswith(b"%PDF")
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(body)).pages)
    for words in (
        "Informe de la conversación",
        "Grupo A",
        "Quién está en cada grupo",
        "More buses to the clinic (Alder)",
        "Meta: Transporte a la clínica",
        "Actividad: Una camioneta a la clínica",
        "oculto",
    ):
        assert words in text, words
    assert "Birch" not in text
