"""An advisory board in the browser, in Spanish on a 320 px phone: a network's steward starts
an advisory board, adds a seat reserved for people with lived experience and seats someone by
name with their consent; the composition shows how many seats people with lived experience
hold with small counts hidden, and which sectors are missing; a resident sees the public page
without the names of those who did not agree to be listed. axe-core on every page, no
sideways scroll, beside a look-alike tenant that never appears."""

import pytest
from playwright.sync_api import expect

from groundwork.boards import services
from groundwork.boards.models import Board, Member
from groundwork.communities.tests.factories import UserFactory
from groundwork.core.testing import assert_absent

from .conftest import assert_accessible
from .test_foundation import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def fits(page):  # type: ignore[no-untyped-def]
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


def phone(new_page, *, javascript=True):  # type: ignore[no-untyped-def]
    page = new_page(phone=True, javascript=javascript)
    page.set_viewport_size({"width": 320, "height": 740})
    page.set_default_timeout(60_000)
    return page


def test_an_advisory_board_with_lived_experience_seats(new_page, tenant, other_tenant):  # type: ignore[no-untyped-def]
    steward = UserFactory(email="ana@example.org", name="Ana Steward")
    tenant.network.stewards.add(steward)

    page = phone(new_page, javascript=False)
    sign_in(page, "ana@example.org")
    page.goto(tenant.network.get_absolute_url())
    page.get_by_role("button", name="Español").click()
    page.get_by_role("link", name="Consejos asesores y comités").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Consejos y comités")
    fits(page)
    assert_accessible(page)
    page.get_by_label("Nombre", exact=True).fill("Advisory council")
    page.get_by_label("Nombre en español").fill("Consejo asesor estatal")
    page.get_by_role("button", name="Crearlo").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Consejo asesor estatal")
    board = Board.objects.get(network=tenant.network)
    fits(page)
    assert_accessible(page)

    page.get_by_role("link", name="Agregar un puesto").click()
    page.get_by_label("Puesto", exact=True).fill("Madre o padre")
    page.get_by_label("Sector").select_option(label="Residentes con experiencia vivida")
    page.get_by_text("Reservado para una persona con experiencia vivida").click()
    page.get_by_label("El mandato empieza").fill("2027-01-01")
    page.get_by_label("El mandato termina").fill("2028-12-31")
    fits(page)
    assert_accessible(page)
    page.get_by_role("button", name="Guardar el puesto").click()
    expect(page.get_by_text("Se guardó el puesto «Madre o padre».")).to_be_visible()
    seat = board.seats.get()
    assert seat.lived_experience and str(seat.term_end) == "2028-12-31"

    # Two more seats, one held by a person with an account.
    services.seat_save(actor=steward, board=board, title="Clinics", sector="health_care")
    held = services.seat_save(actor=steward, board=board, title="Schools", sector="education")
    services.seat_fill(
        actor=steward, seat=held, email=tenant.coordinator.email, listed_publicly=True, consent=True
    )

    page.get_by_role("link", name="Asignar el puesto: Madre o padre").click()
    fits(page)
    assert_accessible(page)
    page.get_by_label("Nombre (opcional)").fill("Daniela Mora")
    page.get_by_role("button", name="Asignar el puesto").click()  # no consent recorded yet
    expect(page.get_by_text("Registre que la persona dio su consentimiento")).to_be_visible()
    assert not Member.objects.filter(seat=seat).exists()
    fits(page)
    assert_accessible(page)
    page.get_by_text("Dio su consentimiento", exact=True).click()
    page.get_by_role("button", name="Asignar el puesto").click()
    expect(page.get_by_text("Daniela Mora ocupa ahora el puesto «Madre o padre».")).to_be_visible()
    assert Member.objects.get(seat=seat).has_lived_experience  # checked for a reserved seat
    fits(page)
    assert_accessible(page)

    # The composition: two seats held, so every count of people is hidden; sectors missing.
    page.get_by_role("link", name="El informe de composición en su propia página").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quién está en la mesa")
    table = page.get_by_role("table")
    expect(
        table.get_by_role("row", name="Puestos reservados para personas con experiencia vivida 1")
    ).to_be_visible()
    expect(
        table.get_by_role("row", name="ocupados por personas con experiencia vivida")
    ).to_contain_text("oculto")
    expect(page.locator("p", has_text="Comunidades de fe")).to_be_visible()  # a sector missing
    assert "Daniela" not in page.content()
    fits(page)
    assert_accessible(page)
    assert_absent(other_tenant, page.content())

    # A resident, signed out, sees the seats and the listed name only.
    resident = phone(new_page)
    resident.goto(board.get_absolute_url())
    resident.get_by_role("button", name="Español").click()
    expect(resident.get_by_role("heading", level=1)).to_have_text("Consejo asesor estatal")
    expect(resident.get_by_text(tenant.coordinator.name)).to_be_visible()
    assert "Daniela" not in resident.content()
    assert "Tiene experiencia vivida" not in resident.content()
    expect(resident.locator(".gw-hidden-count").first).to_be_visible()
    fits(resident)
    assert_accessible(resident)
