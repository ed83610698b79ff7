"""Setting up a network from the product: a staff member, in Spanish on a 320 px phone, creates
a network and names its first stewards; a coalition in no network asks to join it; one of the
stewards accepts. axe-core on every page, no sideways scroll, beside a look-alike tenant that
never appears."""

import pytest
from playwright.sync_api import expect

from groundwork.communities.models import Community, JoinRequest, Network, Role
from groundwork.communities.tests.factories import UserFactory
from groundwork.core.models import AuditEvent
from groundwork.core.testing import assert_absent

from .conftest import assert_accessible
from .test_foundation import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def fits(page):  # type: ignore[no-untyped-def]
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


def test_staff_set_up_a_network_and_a_coalition_joins(new_page, tenant, other_tenant):  # type: ignore[no-untyped-def]
    UserFactory(email="sam@example.org", name="Sam Staff", is_staff=True)
    UserFactory(email="ana@example.org", name="Ana Steward")
    fox = Community.objects.create(name="Fox Run", slug="fox-run", kind="town", is_public=True)
    fox.memberships.create(
        user=UserFactory(email="fox@example.org", name="Flor Coordinadora"), role=Role.COORDINATOR
    )

    # The staff member, in Spanish on a small phone, without JavaScript.
    staff = new_page(phone=True, javascript=False)
    staff.set_viewport_size({"width": 320, "height": 740})
    sign_in(staff, "sam@example.org")
    staff.goto("/communities/")
    staff.get_by_role("button", name="Español").click()
    staff.get_by_role("link", name="Crear una red").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Crear una red")
    fits(staff)
    assert_accessible(staff)
    staff.get_by_label("Nombre de la red").fill("Red del Piamonte")
    staff.get_by_label("Nombre corto para direcciones web").fill("piamonte")
    staff.get_by_label("Estado").fill("nc")
    # An address without an account: nothing is saved, the page says which.
    staff.get_by_label("Las primeras personas de su equipo").fill(
        "ana@example.org\nnadie@example.org"
    )
    staff.get_by_role("button", name="Crear la red").click()
    expect(
        staff.get_by_text("Ninguna cuenta usa estas direcciones: nadie@example.org")
    ).to_be_visible()
    assert not Network.objects.filter(slug="piamonte").exists()
    fits(staff)
    assert_accessible(staff)
    staff.get_by_label("Las primeras personas de su equipo").fill("ana@example.org")
    staff.get_by_role("button", name="Crear la red").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Red del Piamonte")
    expect(
        staff.get_by_text("Se creó la red Red del Piamonte con 1 personas en su equipo.")
    ).to_be_visible()
    network = Network.objects.get(slug="piamonte")
    assert [u.email for u in network.stewards.all()] == ["ana@example.org"]
    fits(staff)
    assert_accessible(staff)
    assert_absent(other_tenant, staff.content())

    # The coalition's coordinator asks to join.
    coalition = new_page(javascript=False)
    sign_in(coalition, "fox@example.org")
    coalition.goto("/c/fox-run/")
    coalition.get_by_role("link", name="Network", exact=True).click()
    expect(coalition.get_by_role("heading", level=1)).to_have_text("Network")
    assert_accessible(coalition)
    coalition.get_by_label("Network to join").select_option(label="Red del Piamonte")
    coalition.get_by_label("A word to the network's stewards (optional)").fill(
        "We work on youth and housing in Fox Run."
    )
    coalition.get_by_role("button", name="Ask to join").click()
    expect(
        coalition.get_by_text("Your request to join Red del Piamonte was sent to its stewards.")
    ).to_be_visible()
    assert_accessible(coalition)
    assert JoinRequest.objects.get(community=fox).status == "pending"

    # A steward accepts.
    steward = new_page(phone=True, javascript=False)
    sign_in(steward, "ana@example.org")
    steward.goto("/networks/piamonte/")
    steward.get_by_role("link", name="Requests to join (1 waiting)").click()
    expect(steward.get_by_text("We work on youth and housing in Fox Run.")).to_be_visible()
    fits(steward)
    assert_accessible(steward)
    steward.get_by_role("button", name="Accept Fox Run").click()
    expect(steward.get_by_text("Fox Run joined Red del Piamonte.")).to_be_visible()
    expect(steward.get_by_text("No coalition is waiting for an answer.")).to_be_visible()
    assert_accessible(steward)
    assert_absent(other_tenant, steward.content())
    fox.refresh_from_db()
    assert fox.network == network
    assert AuditEvent.objects.filter(action="join_request.accepted", community=fox).exists()

    coalition.reload()
    expect(
        coalition.get_by_text("Red del Piamonte counts this coalition among its communities.")
    ).to_be_visible()
    # The look-alike tenant's community is where it was.
    other_tenant.community.refresh_from_db()
    assert other_tenant.community.network == other_tenant.network
