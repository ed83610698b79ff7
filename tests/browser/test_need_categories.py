"""A network's steward manages the network's need categories on a phone, in Spanish, without
JavaScript: adds one, renames it, moves it, retires it and offers it again; every page fits
320 and 360 px and passes axe-core. The referral form of a community in the network offers
the new category; a community of another network does not."""

import re

import pytest
from playwright.sync_api import expect

from groundwork.communities.tests.factories import NetworkFactory, UserFactory
from groundwork.referrals.models import NeedCategory
from groundwork.referrals.tests.conftest import build_community

from .conftest import assert_accessible
from .test_referrals import fits_phone, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def networks():  # type: ignore[no-untyped-def]
    w, other = build_community("a"), build_community("b")
    steward = UserFactory(email="steward@example.org", name="Steward A")
    network_a, network_b = NetworkFactory(slug="net-a"), NetworkFactory(slug="net-b")
    network_a.stewards.add(steward)
    for world, network in ((w, network_a), (other, network_b)):
        world.community.network = network
        world.community.save(update_fields=["network"])
    return w, other, steward, network_a


def _checked(page):  # type: ignore[no-untyped-def]
    fits_phone(page)
    assert_accessible(page)


def test_a_steward_manages_the_need_categories_in_spanish_on_a_phone(new_page, networks):  # type: ignore[no-untyped-def]
    w, other, steward, network = networks
    page = new_page(phone=True, javascript=False)
    sign_in(page, steward)
    page.context.add_cookies([{"name": "django_language", "value": "es", "url": page.url}])
    page.goto(network.get_absolute_url())
    page.get_by_role("link", name="Categorías de necesidad para derivaciones").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text("Categorías de necesidad")
    _checked(page)

    page.get_by_label("Nombre en inglés").fill("Diapers")
    page.get_by_label("Nombre en español").fill("Pañales")
    page.get_by_role("button", name="Agregar", exact=True).click()
    expect(page.get_by_text("Se agregó “Pañales”.")).to_be_visible()
    _checked(page)

    page.get_by_role("link", name="Cambiar el nombre de Pañales").click()
    _checked(page)
    page.get_by_label("Nombre en inglés").fill("Diapers and wipes")
    page.get_by_label("Nombre en español").fill("Pañales y toallitas")
    page.get_by_role("button", name="Guardar").click()
    page.get_by_role("button", name="Subir Pañales y toallitas").click()
    page.get_by_role("button", name="Retirar Pañales y toallitas").click()
    expect(page.get_by_text(re.compile("“Pañales y toallitas” ya no se ofrece"))).to_be_visible()
    expect(page.get_by_role("heading", name="Retiradas")).to_be_visible()
    _checked(page)
    page.get_by_role("button", name="Ofrecer de nuevo Pañales y toallitas").click()
    _checked(page)

    category = NeedCategory.objects.get(network=network, code="diapers")
    assert (category.name_es, category.retired, category.position) == (
        "Pañales y toallitas",
        False,
        12,
    )

    # The referral form offers it in the network's community, not in the other network's.
    counselor = new_page(phone=True, javascript=False)
    sign_in(counselor, w.people.counselor)
    counselor.goto(f"/communities/{w.community.slug}/referrals/new/")
    expect(counselor.get_by_text("Diapers and wipes", exact=True)).to_be_visible()
    elsewhere = new_page(phone=True, javascript=False)
    sign_in(elsewhere, other.people.counselor)
    elsewhere.goto(f"/communities/{other.community.slug}/referrals/new/")
    expect(elsewhere.get_by_text("Food", exact=True)).to_be_visible()
    expect(elsewhere.get_by_text("Diapers and wipes", exact=True)).to_have_count(0)
