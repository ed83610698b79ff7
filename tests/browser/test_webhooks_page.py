"""A coordinator registers a webhook on a phone, in Spanish, with JavaScript off: the secret
is shown once, the endpoint is listed with its events, the page fits 320 and 360 px, and
axe-core finds nothing."""

import pytest
from playwright.sync_api import expect

from groundwork.api.models import Webhook
from groundwork.core.testing import build_tenant

from .conftest import assert_accessible
from .test_foundation import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_coordinator_adds_an_endpoint_in_spanish(new_page, live_server, settings):  # type: ignore[no-untyped-def]
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    alder, birch = build_tenant("alder"), build_tenant("birch")
    page = new_page(phone=True, javascript=False)
    sign_in(page, alder.coordinator.email)
    page.context.add_cookies([{"name": "django_language", "value": "es", "url": live_server.url}])
    page.goto("/c/alder/webhooks/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Webhooks")
    expect(page.get_by_text("Todavía no hay destinos.")).to_be_visible()
    page.locator("#id_url").fill("https://127.0.0.1/hooks/groundwork")
    page.locator("label", has_text="Plan publicado").click()
    page.locator("label", has_text="Respuestas enviadas").click()
    page.get_by_role("button", name="Agregar el destino").click()
    expect(page.get_by_text("Copie ahora el secreto del destino")).to_be_visible()
    assert "whsec_" in page.locator(".gw-link-box").inner_text()
    listed = page.locator("main").inner_text()
    assert "Respuestas enviadas · Plan publicado" in listed
    hook = Webhook.objects.get()
    assert hook.community == alder.community
    assert sorted(hook.events) == ["contributions.submitted", "plan.published"]
    for width in (320, 360):
        page.set_viewport_size({"width": width, "height": 740})
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= width, f"{wide} px wide at {width} px"
    assert_accessible(page)
    # Without an event, nothing is added and the form says why, in Spanish.
    page.locator("#id_url").fill("https://127.0.0.1/other")
    page.get_by_role("button", name="Agregar el destino").click()
    expect(page.get_by_text("Este campo es obligatorio.")).to_be_visible()
    assert Webhook.objects.count() == 1
    assert_accessible(page)
    # The other community's coordinator cannot open this page.
    other = new_page(phone=True, javascript=False)
    sign_in(other, birch.coordinator.email)
    assert other.goto("/c/alder/webhooks/").status == 403


def test_a_steward_adds_an_endpoint_for_the_whole_network_in_spanish(  # type: ignore[no-untyped-def]
    new_page, live_server, settings
):
    from groundwork.communities.tests.factories import UserFactory

    settings.WEBHOOKS_ALLOW_PRIVATE = True
    alder, birch = build_tenant("alder"), build_tenant("birch")
    steward = UserFactory(email="steward@example.org")
    alder.network.stewards.add(steward)
    page = new_page(phone=True, javascript=False)
    sign_in(page, steward.email)
    page.context.add_cookies([{"name": "django_language", "value": "es", "url": live_server.url}])
    page.goto(f"/networks/{alder.network.slug}/")
    page.get_by_role("link", name="Webhooks de la red").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Webhooks de la red")
    page.locator("#id_url").fill("https://127.0.0.1/state/warehouse")
    page.locator("label", has_text="Plan publicado").click()
    page.get_by_role("button", name="Agregar el destino").click()
    expect(page.get_by_text("Copie ahora el secreto del destino")).to_be_visible()
    hook = Webhook.objects.get()
    assert hook.network == alder.network and hook.community is None
    for width in (320, 360):
        page.set_viewport_size({"width": width, "height": 740})
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= width, f"{wide} px wide at {width} px"
    assert_accessible(page)
    # The other network's steward cannot open it.
    other_steward = UserFactory(email="other-steward@example.org")
    birch.network.stewards.add(other_steward)
    other = new_page(phone=True, javascript=False)
    sign_in(other, other_steward.email)
    assert other.goto(f"/networks/{alder.network.slug}/webhooks/").status == 403
