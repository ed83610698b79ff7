"""A network lead publishes the stakeholder survey; a member answers it in Spanish on a phone
(JavaScript off and on); the results show it with small counts hidden; axe-core passes."""

import pytest
from playwright.sync_api import expect

from groundwork.communities.tests.factories import NetworkFactory, UserFactory
from groundwork.measures import services
from groundwork.measures.models import Response

from .conftest import assert_accessible
from .test_foundation import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("javascript", [False, True])
def test_publish_answer_in_spanish_and_see_suppressed_results(new_page, javascript):  # type: ignore[no-untyped-def]
    steward = UserFactory(email="lead@example.org", name="Network Lead")
    UserFactory(email="miembro@example.org", name="Ana Miembro")
    network = NetworkFactory(name="Resilient Together", slug="rt", state="NC")
    network.stewards.add(steward)

    lead = new_page(javascript=javascript)
    sign_in(lead, "lead@example.org")
    lead.goto(f"/networks/{network.slug}/surveys/")
    assert_accessible(lead)
    lead.get_by_label("Start from the stakeholder survey (you can change it)").check()
    lead.get_by_role("button", name="Create the draft").click()
    expect(lead.get_by_role("heading", level=1)).to_have_text("Coalition stakeholder survey")
    assert_accessible(lead)
    lead.get_by_role("button", name="Publish").click()
    link = lead.locator(".gw-link-box").inner_text().strip()
    survey_path = "/" + link.split("/", 3)[3]

    member = new_page(phone=True, javascript=javascript)
    sign_in(member, "miembro@example.org")
    member.goto(survey_path)
    member.get_by_role("button", name="Español").click()
    expect(member.locator("html")).to_have_attribute("lang", "es")
    expect(member.get_by_role("heading", level=1)).to_have_text(
        "Encuesta para integrantes y aliados de la coalición"
    )
    assert_accessible(member)
    member.get_by_label("¿Qué es algo que funciona bien en su coalición?").fill(
        "La confianza entre las familias"
    )
    member.get_by_label("¿Cuántos años lleva participando en la coalición?").fill("99")
    member.get_by_role("button", name="Send my answers").or_(
        member.get_by_role("button", name="Enviar mis respuestas")
    ).click()
    # The number is out of bounds: the page says so and keeps the other answer.
    expect(member.get_by_label("¿Qué es algo que funciona bien en su coalición?")).to_have_value(
        "La confianza entre las familias"
    )
    assert_accessible(member)
    member.get_by_label("¿Cuántos años lleva participando en la coalición?").fill("3")
    member.get_by_role("button", name="Send my answers").or_(
        member.get_by_role("button", name="Enviar mis respuestas")
    ).click()
    assert_accessible(member)
    assert Response.objects.get().language == "es"

    lead.goto(survey_path.rstrip("/").replace("/s/", f"/networks/{network.slug}/surveys/") + "/")
    lead.goto(lead.url + "results/")
    expect(lead.get_by_role("heading", level=1)).to_have_text("Coalition stakeholder survey")
    assert "hidden" in lead.content()  # one response: every count is hidden
    assert_accessible(lead)


def test_breakdown_page_is_accessible(new_page):  # type: ignore[no-untyped-def]
    steward = UserFactory(email="lead@example.org")
    network = NetworkFactory(slug="rt2", state="NC")
    network.stewards.add(steward)
    instrument = services.instrument_create_from_template(actor=steward, network=network)
    services.instrument_publish(actor=steward, instrument=instrument)
    page = new_page()
    sign_in(page, "lead@example.org")
    page.goto(f"/networks/rt2/surveys/{instrument.slug}/results/breakdown/")
    assert_accessible(page)
    page.goto(f"/networks/rt2/surveys/{instrument.slug}/preview/")
    assert_accessible(page)


def test_personal_links_answer_once(new_page):  # type: ignore[no-untyped-def]
    import csv
    import io
    from pathlib import Path

    steward = UserFactory(email="lead@example.org")
    network = NetworkFactory(slug="rt3", state="NC")
    network.stewards.add(steward)
    instrument = services.instrument_create_from_template(actor=steward, network=network)
    services.instrument_update(actor=steward, instrument=instrument, one_response_per="invitation")
    services.instrument_publish(actor=steward, instrument=instrument)

    lead = new_page()
    sign_in(lead, "lead@example.org")
    lead.goto(f"/networks/rt3/surveys/{instrument.slug}/")
    lead.get_by_role("link", name="Personal links").first.click()
    expect(lead.get_by_role("heading", level=1)).to_have_text("Personal links")
    assert_accessible(lead)
    lead.get_by_label("How many links").fill("2")
    lead.get_by_label("Label (optional)").fill("Board members")
    with lead.expect_download() as info:
        lead.get_by_role("button", name="Create links and download them (CSV)").click()
    text = Path(info.value.path()).read_text(encoding="utf-8-sig")
    urls = [row["Personal link"] for row in csv.DictReader(io.StringIO(text))]
    assert len(set(urls)) == 2

    guest = new_page(phone=True)
    guest.goto(f"/s/{instrument.slug}/")
    expect(guest.get_by_role("heading", name="This survey is by invitation")).to_be_visible()
    assert_accessible(guest)
    guest.goto(urls[0])
    guest.get_by_label("What is one thing that works well in your coalition?").fill("Trust")
    guest.get_by_role("button", name="Send my answers").click()
    expect(guest.get_by_role("heading", level=1)).to_have_text("Thank you: your answers were saved")
    guest.goto(urls[0])
    used = "This personal link has already been used. Thank you!"
    expect(guest.get_by_text(used)).to_be_visible()
    assert_accessible(guest)
    assert Response.objects.filter(instrument=instrument).count() == 1
