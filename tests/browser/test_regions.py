"""Regional hubs: a staff member sets up a network; its steward, in Spanish on a 320 px phone
without JavaScript, adds two regions, puts a coalition in each and names a region's steward;
the region's hub page, in Spanish at 320 and 360 px, shows its coalitions, its steward and
what is coming up, and its steward sees the requests for help assigned to it. axe-core on
every page, no sideways scroll, beside a look-alike tenant that never appears."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from groundwork.communities.models import Community, Network, Region, Role
from groundwork.communities.tests.factories import UserFactory
from groundwork.core.testing import assert_absent
from groundwork.landscape import services as landscape

from .conftest import assert_accessible
from .test_foundation import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def fits(page):  # type: ignore[no-untyped-def]
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


def test_a_network_with_two_regional_hubs(new_page, tenant, other_tenant):  # type: ignore[no-untyped-def]
    from groundwork.gatherings.models import Gathering
    from groundwork.library.actions import help as help_actions

    UserFactory(email="sam@example.org", name="Sam Staff", is_staff=True)
    UserFactory(email="ana@example.org", name="Ana Steward")
    UserFactory(email="rosa@example.org", name="Rosa Montes")

    # The staff member sets up the network and names its steward.
    staff = new_page(javascript=False)
    sign_in(staff, "sam@example.org")
    staff.goto("/networks/new/")
    staff.get_by_label("Name of the network").fill("Piedmont Network")
    staff.get_by_label("Short name for web addresses").fill("piedmont")
    staff.get_by_label("State").fill("NC")
    staff.get_by_label("Its first stewards").fill("ana@example.org")
    staff.get_by_role("button", name="Create the network").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Piedmont Network")
    network = Network.objects.get(slug="piedmont")
    hill = Community.objects.create(
        name="Hill County", slug="hill", kind="county", network=network, is_public=True
    )
    shore = Community.objects.create(
        name="Shore County", slug="shore", kind="county", network=network, is_public=True
    )
    coordinator = UserFactory(email="hill@example.org", name="Hilda Coordinadora")
    hill.memberships.create(user=coordinator, role=Role.COORDINATOR)
    soon = timezone.now() + timedelta(days=5)
    Gathering.objects.create(
        community=hill,
        title="Hill listening session",
        starts_at=soon,
        ends_at=soon + timedelta(hours=2),
        is_public=True,
    )

    # The steward, in Spanish on a 320 px phone, without JavaScript, adds two regions.
    steward = new_page(phone=True, javascript=False)
    steward.set_viewport_size({"width": 320, "height": 740})
    sign_in(steward, "ana@example.org")
    steward.goto("/networks/piedmont/")
    steward.get_by_role("button", name="Español").click()
    steward.get_by_role("link", name="Centros regionales").click()
    expect(steward.get_by_role("heading", level=1)).to_have_text("Centros regionales")
    fits(steward)
    assert_accessible(steward)
    for name, es, coalition in (
        ("Mountains", "Montañas", "Hill County"),
        ("Coast", "Costa", "Shore County"),
    ):
        steward.goto("/networks/piedmont/regions/")
        steward.get_by_label("Nombre de la región").fill(name)
        steward.get_by_label("Nombre en español").fill(es)
        steward.get_by_role("button", name="Agregar la región").click()
        expect(steward.get_by_text(f"Se agregó la región {name}.")).to_be_visible()
        fits(steward)
        assert_accessible(steward)
        steward.locator("label", has_text=coalition).click()
        steward.get_by_role("button", name="Guardar las coaliciones").click()
        expect(steward.get_by_text("Se guardó la región.")).to_be_visible()
    mountains = Region.objects.get(network=network, slug="mountains")
    coast = Region.objects.get(network=network, slug="coast")
    assert list(mountains.communities.all()) == [hill]
    assert list(coast.communities.all()) == [shore]

    # The steward names the Mountains' own steward; an unknown address saves nothing.
    steward.goto("/networks/piedmont/regions/mountains/edit/")
    steward.get_by_role("textbox", name="Equipo de la región (opcional)").fill(
        "rosa@example.org\nnadie@example.org"
    )
    steward.get_by_role("button", name="Guardar el equipo").click()
    expect(
        steward.get_by_text("Ninguna cuenta usa estas direcciones: nadie@example.org")
    ).to_be_visible()
    fits(steward)
    assert_accessible(steward)
    assert not mountains.stewards.exists()
    steward.get_by_role("textbox", name="Equipo de la región (opcional)").fill("rosa@example.org")
    steward.get_by_role("button", name="Guardar el equipo").click()
    expect(steward.get_by_role("heading", level=1)).to_have_text("Montañas")
    assert [u.email for u in mountains.stewards.all()] == ["rosa@example.org"]

    # A request for help, assigned to the Mountains hub.
    ask = help_actions.request_create(
        actor=coordinator, community=hill, kind="technical", topic="Ayuda con una subvención"
    )
    help_actions.request_triage(
        actor=network.stewards.get(), request=ask, status="new", assigned_region=mountains
    )

    # The hub page, in Spanish, for anyone: its coalition, its steward, what is coming up.
    visitor = new_page(phone=True, javascript=False)
    visitor.goto("/networks/piedmont/")
    visitor.get_by_role("button", name="Español").click()
    for width in (320, 360):
        visitor.set_viewport_size({"width": width, "height": 740})
        visitor.goto("/networks/piedmont/regions/mountains/")
        expect(visitor.get_by_role("heading", level=1)).to_have_text("Montañas")
        expect(visitor.get_by_role("link", name="Hill County")).to_be_visible()
        expect(visitor.get_by_text("Rosa Montes")).to_be_visible()
        expect(visitor.get_by_role("link", name="Hill listening session")).to_be_visible()
        expect(visitor.get_by_text("Shore County")).to_have_count(0)
        expect(visitor.get_by_text("Ayuda con una subvención")).to_have_count(0)
        fits(visitor)
        assert_accessible(visitor)
        assert_absent(other_tenant, visitor.content())

    # The region's steward sees the request for help assigned to the hub.
    hub = new_page(phone=True, javascript=False)
    hub.set_viewport_size({"width": 320, "height": 740})
    sign_in(hub, "rosa@example.org")
    hub.goto("/networks/piedmont/")
    hub.get_by_role("button", name="Español").click()
    hub.goto("/networks/piedmont/regions/mountains/")
    expect(hub.get_by_role("link", name="Ayuda con una subvención")).to_be_visible()
    fits(hub)
    assert_accessible(hub)
    # ...and not the other region's page to change.
    assert hub.goto("/networks/piedmont/regions/coast/edit/").status == 403
    # The catalog, filtered by the region.
    hub.goto("/networks/piedmont/catalog/?region=coast")
    fits(hub)
    assert_accessible(hub)
    other_tenant.community.refresh_from_db()
    assert other_tenant.community.region is None
    # The scorecard, from the hub's link: the region's own county goals and communities.
    visitor.set_viewport_size({"width": 320, "height": 740})
    visitor.goto("/networks/piedmont/regions/mountains/")
    visitor.get_by_role("link", name="Los indicadores de condado de la región").click()
    expect(visitor.get_by_label("Región")).to_have_value("mountains")
    expect(visitor.get_by_text("de la región Montañas")).to_be_visible()
    fits(visitor)
    assert_accessible(visitor)
    visitor.get_by_label("Región").select_option(label="Toda la red")
    visitor.get_by_role("button", name="Mostrar").click()
    expect(visitor.get_by_text("de la región Montañas")).to_have_count(0)
    fits(visitor)
    # The landscape report, generated again by a steward, keeps each region's own figures.
    landscape.landscape_report_generate(actor=network.stewards.get(), network=network)
    visitor.set_viewport_size({"width": 320, "height": 740})
    visitor.goto("/networks/piedmont/regions/mountains/")
    visitor.get_by_role("link", name="La región en el informe del panorama").click()
    expect(visitor.get_by_text("Solo las coaliciones de la región Montañas")).to_be_visible()
    fits(visitor)
    assert_accessible(visitor)
