"""The network, end to end, on the demo: the network lead filters the catalog to emerging
coalitions without a health-care partner, opens a profile, publishes the stakeholder survey; a
member answers it in Spanish; the results and the regenerated landscape report show it with
small counts hidden; axe-core passes on every page."""

import pytest
from playwright.sync_api import expect

from groundwork.communities.demo_network import load_network_demo
from groundwork.communities.maturity import community_maturity
from groundwork.communities.models import Community, MaturityStage, Network, Sector
from groundwork.core.demo import DEMO_PASSWORD, load_demo
from groundwork.landscape.demo import load_landscape_demo
from groundwork.landscape.models import LandscapeReport
from groundwork.measures.demo import load_survey_demo
from groundwork.measures.models import Instrument, Response

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

EMERGING = {MaturityStage.AWARENESS, MaturityStage.FORMING}


@pytest.fixture
def network():  # type: ignore[no-untyped-def]
    load_demo()
    load_network_demo()
    load_survey_demo()
    load_landscape_demo()
    return Network.objects.get(slug="resilient-together")


def sign_in(page, email):  # type: ignore[no-untyped-def]
    page.goto("/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_lead_filters_opens_a_profile_publishes_a_survey_and_reports(new_page, network):  # type: ignore[no-untyped-def]
    # What the filter must find, computed here from the coalitions themselves.
    expected = sorted(
        c.coalition_name or c.name
        for c in Community.objects.filter(network=network, is_public=True)
        if community_maturity(c).stage in EMERGING and Sector.HEALTH_CARE not in c.sectors
    )
    assert expected, "the demo has emerging coalitions without a health-care partner"

    lead = new_page(javascript=False)
    sign_in(lead, "admin@example.org")
    lead.goto(network.get_absolute_url())
    lead.get_by_role("link", name="Catalog and map of the coalitions").click()
    expect(lead.get_by_role("heading", level=1)).to_have_text("Catalog of coalitions")
    stages = lead.get_by_role("group", name="Stage")
    stages.get_by_text("Beginning to raise awareness", exact=True).click()
    stages.get_by_text("Forming", exact=True).click()
    lead.get_by_label("Lacks this sector").select_option(label="Health care")
    lead.get_by_role("button", name="Show matching coalitions").click()
    rows = lead.locator("table").filter(has=lead.get_by_role("columnheader", name="Focus areas"))
    names = sorted(rows.locator("tbody th").all_inner_texts())
    assert [n.replace("Not public", "").strip() for n in names] == expected
    expect(lead.locator("svg").first).to_be_visible()  # the county map, drawn offline
    assert_accessible(lead)

    # Open a profile: the stage is explained.
    first = expected[0]
    rows.get_by_role("link", name=first, exact=True).click()
    expect(lead.get_by_role("heading", level=1)).to_be_visible()
    coalition = Community.objects.get(network=network, coalition_name=first)
    stage = community_maturity(coalition)
    expect(lead.get_by_text(str(stage.stage_label)).first).to_be_visible()
    assert_accessible(lead)

    # Publish the stakeholder survey.
    lead.goto(network.get_absolute_url())
    lead.get_by_role("link", name="Surveys", exact=True).click()
    lead.get_by_label("Start from the stakeholder survey (you can change it)").check()
    lead.get_by_role("button", name="Create the draft").click()
    lead.get_by_role("button", name="Publish").click()
    survey = Instrument.objects.filter(network=network).order_by("-pk").first()
    assert survey.status == Instrument.Status.OPEN
    link = lead.locator(".gw-link-box").inner_text().strip()
    survey_path = "/" + link.split("/", 3)[3]
    assert_accessible(lead)

    # A member answers it in Spanish on a phone.
    member = new_page(phone=True, javascript=False)
    sign_in(member, "member@example.org")
    member.goto(survey_path)
    member.get_by_role("button", name="Español").click()
    expect(member.locator("html")).to_have_attribute("lang", "es")
    expect(member.get_by_role("heading", level=1)).to_have_text(
        "Encuesta para integrantes y aliados de la coalición"
    )
    member.get_by_label("¿Qué es algo que funciona bien en su coalición?").fill(
        "La confianza entre las familias y las iglesias"
    )
    member.get_by_label("¿Cuántos años lleva participando en la coalición?").fill("3")
    assert_accessible(member)
    member.get_by_role("button", name="Enviar mis respuestas").click()
    assert_accessible(member)
    response = Response.objects.get(instrument=survey)
    assert response.language == "es"

    # The results: one response, so every count is hidden.
    lead.goto(survey_path.rstrip("/").replace("/s/", f"/networks/{network.slug}/surveys/") + "/")
    lead.goto(lead.url + "results/")
    expect(lead.locator(".gw-hidden-count").first).to_be_visible()
    assert "La confianza entre las familias" not in lead.content()  # a lone answer: not quoted
    assert_accessible(lead)

    # The landscape report, regenerated, lists both surveys: the demo's 300 responses, and the
    # new one's single response hidden.
    lead.goto(network.get_absolute_url())
    lead.get_by_role("link", name="Landscape report").click()
    expect(lead.get_by_text("Stakeholder surveys").first).to_be_visible()  # the demo's report
    lead.get_by_role("button", name="Regenerate the report now").click()
    expect(lead.get_by_text("The landscape report was regenerated.")).to_be_visible()
    report = LandscapeReport.objects.filter(network=network).latest("generated_at")
    responses = [s["responses"] for s in report.figures["surveys"]]
    assert sorted(responses, key=lambda v: v or 0) == [None, 300]
    section = lead.locator("section", has=lead.locator("#landscape-surveys"))
    expect(section.get_by_text("300")).to_be_visible()
    expect(section.locator(".gw-hidden-count")).to_have_count(1)
    assert_accessible(lead)
    pdf = lead.request.get(f"/networks/{network.slug}/landscape.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
