"""The directory's editing pages on a phone, in Spanish: a partner organization's member
changes their service's opening hours and confirms, from the e-mailed link, that the details
are still right; a facilitator sees the services to keep current, stale first. No page
scrolls sideways at 320 or 360 px, and axe-core passes on each."""

from datetime import time

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Page, expect

from groundwork.accounts.models import User
from groundwork.communities.models import Organization
from groundwork.core.demo import load_demo
from groundwork.directory.actions.freshness import confirm_url, is_stale
from groundwork.directory.demo import load_directory_demo
from groundwork.directory.edit_selectors import managed_services
from groundwork.directory.models import Schedule, Service

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo():  # type: ignore[no-untyped-def]
    load_demo()
    load_directory_demo()
    clinic = Organization.objects.get(
        community__slug="alder-county", name="Blue Heron Community Clinic"
    )
    clinic.email = "clinic@example.org"
    clinic.save()
    return clinic


def _phone(new_page, url: str, email: str, width: int) -> Page:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(User.objects.get(email=email))
    page = new_page(phone=True)
    page.set_viewport_size({"width": width, "height": 740})
    page.context.add_cookies(
        [
            {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": url},
            {"name": "django_language", "value": "es", "url": url},
        ]
    )
    return page


def _fits(page: Page) -> None:
    for width in (320, 360):
        page.set_viewport_size({"width": width, "height": 740})
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
            f"{page.url} scrolls sideways at {width} px"
        )


def test_a_partner_edits_their_hours_in_spanish_and_confirms_the_details(  # type: ignore[no-untyped-def]
    new_page, live_server, demo
):
    clinic = demo
    care = Service.objects.get(community=clinic.community, name="Walk-in primary care")
    page = _phone(new_page, live_server.url, "partner@example.org", 340)
    page.goto("/c/alder-county/directory/manage/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Directorio: servicios que mantener al día"
    )
    _fits(page)
    assert_accessible(page)
    # Only the clinic's own services are listed for its member.
    assert page.get_by_role("link", name="Despensa de alimentos").count() == 0
    page.get_by_role("link", name="Atención primaria sin cita").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Editar Atención primaria sin cita")
    _fits(page)
    assert_accessible(page)

    # Weekdays now close at six, and a new line: Saturday mornings.
    page.locator("#id_hours-0-closes_at").fill("18:00")
    saturday = page.locator("#id_hours-1-days_5")
    page.locator("label[for='id_hours-1-days_5']").click()
    expect(saturday).to_be_checked()
    page.locator("#id_hours-1-opens_at").fill("09:00")
    page.locator("#id_hours-1-closes_at").fill("12:00")
    page.get_by_role("button", name="Guardar").click()
    expect(page.get_by_text("Se guardó «Walk-in primary care»")).to_be_visible()
    hours = list(
        Schedule.objects.filter(community=clinic.community, service_id=care.hsds_id).order_by("pk")
    )
    assert [(s.byday, s.opens_at, s.closes_at) for s in hours] == [
        ("MO,TU,WE,TH,FR", time(8), time(18)),
        ("SA", time(9), time(12)),
    ]

    # A half-filled line is refused with a message, and nothing is saved.
    page.get_by_role("link", name="Atención primaria sin cita").click()
    page.locator("label[for='id_hours-2-days_6']").click()
    page.get_by_role("button", name="Guardar").click()
    expect(
        page.get_by_text("Corrija los errores indicados abajo. No se guardó nada.")
    ).to_be_visible()
    _fits(page)
    assert_accessible(page)
    assert Schedule.objects.filter(service_id=care.hsds_id).count() == 2

    # The reminder's link: confirm that the clinic's details are still right.
    page.goto(confirm_url(clinic))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "¿Siguen siendo correctos los datos de Blue Heron Community Clinic?"
    )
    _fits(page)
    assert_accessible(page)
    page.get_by_role("button", name="Sí, estos datos siguen siendo correctos").click()
    expect(
        page.get_by_text("Gracias. Los datos quedan confirmados como correctos hoy.")
    ).to_be_visible()
    clinic.refresh_from_db()
    today = timezone.localdate()
    assert clinic.last_verified == today
    services = Service.objects.filter(community=clinic.community, organization_id=clinic.hsds_id)
    assert services.exists() and all(s.last_verified == today for s in services)


def test_a_facilitator_sees_the_stale_services_first(new_page, live_server, demo):  # type: ignore[no-untyped-def]
    community = demo.community
    expected = managed_services(community=community, organization_ids=None)
    stale = [row for row in expected if row.stale]
    assert stale and not expected[-1].stale
    page = _phone(new_page, live_server.url, "facilitator@example.org", 320)
    page.goto("/c/alder-county/directory/manage/")
    _fits(page)
    assert_accessible(page)
    names = page.locator(".gw-directory-list h3 a").all_inner_texts()
    assert names == [row.service.name_es or row.service.name for row in expected]
    tagged = page.locator(".gw-directory-list li", has=page.locator(".usa-tag"))
    expect(tagged).to_have_count(len(stale))
    # The first listed is stale, the last is not.
    rows = page.locator(".gw-directory-list > li")
    expect(rows.first.locator(".usa-tag")).to_have_count(1)
    expect(rows.last.locator(".usa-tag")).to_have_count(0)
    assert is_stale(expected[0].service.last_verified)
    # Another community's services are not listed.
    assert "Riverside" not in page.content()
