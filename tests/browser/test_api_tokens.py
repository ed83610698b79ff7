"""A coordinator makes a read-only token for one community on a phone, in Spanish, with
JavaScript off: the date box takes and keeps an ISO date, the page fits 320 and 360 px, and
axe-core finds nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from groundwork.api.models import ApiToken
from groundwork.core.testing import build_tenant

from .conftest import assert_accessible
from .test_foundation import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_narrow_token_on_a_phone_in_spanish(new_page, live_server):  # type: ignore[no-untyped-def]
    alder, birch = build_tenant("alder"), build_tenant("birch")
    page = new_page(phone=True, javascript=False)
    sign_in(page, alder.coordinator.email)
    page.context.add_cookies([{"name": "django_language", "value": "es", "url": live_server.url}])
    page.goto("/accounts/tokens/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tokens de la API")
    options = page.locator("#id_community option").all_inner_texts()
    assert options == ["Todas mis comunidades", "Alder County"]  # never Birch County
    assert page.locator("#id_expires").get_attribute("type") == "date"
    day = timezone.localdate() + timedelta(days=30)
    page.locator("#id_name").fill("Tablero del condado")
    page.locator("label[for=id_access_0]").click()  # Solo leer
    page.locator("#id_community").select_option(label="Alder County")
    page.locator("#id_expires").fill(day.isoformat())
    page.get_by_role("button", name="Crear un token").click()
    expect(page.get_by_text("Copie su nuevo token ahora")).to_be_visible()
    listed = page.locator("main ul.usa-list").last.inner_text()
    assert "Solo leer" in listed and "solo para Alder County" in listed
    token = ApiToken.objects.get(name="Tablero del condado")
    assert (token.access, token.community_id) == ("read", alder.community.pk)
    assert timezone.localtime(token.expires_at).date() == day + timedelta(days=1)
    assert birch.community.name not in page.content()
    for width in (320, 360):
        page.set_viewport_size({"width": width, "height": 740})
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= width, f"{wide} px wide at {width} px"
    assert_accessible(page)

    # A bad date is refused with a message in Spanish, and nothing is made.
    page.locator("#id_name").fill("Ayer")
    page.locator("#id_expires").fill((timezone.localdate() - timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Crear un token").click()
    expect(page.get_by_text("Elija hoy o un día posterior.")).to_be_visible()
    assert not ApiToken.objects.filter(name="Ayer").exists()
    assert_accessible(page)
