"""A steward imports Open Referral's HSDS 3.0 examples from a phone, in Spanish: checks the
package (nothing saved), imports it, sees what changed, and the HSDS API then serves the
examples valid against HSDS's schemas; a package with a mistake is refused with the line named,
and nothing reaches the other community. No page scrolls sideways at 320 or 360 px, and
axe-core passes on each."""

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.test import Client
from playwright.sync_api import Page, expect

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import CommunityFactory, member
from groundwork.directory.models import Service
from groundwork.directory.tests.conftest import EXAMPLES_CSV, SPEC, needs_hsds
from groundwork.directory.tests.test_hsds_api import SERVICE, valid, valid_page

from .conftest import assert_accessible

pytestmark = [needs_hsds, pytest.mark.django_db(transaction=True)]


def _zip(folder: Path, destination: Path) -> Path:
    with zipfile.ZipFile(destination, "w") as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, path.name)
    return destination


def _fits(page: Page) -> None:
    for width in (320, 360):
        page.set_viewport_size({"width": width, "height": 740})
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
            f"{page.url} scrolls sideways at {width} px"
        )


def _steward_page(new_page, url: str, user) -> Page:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    page = new_page(phone=True)
    page.set_viewport_size({"width": 340, "height": 740})
    page.context.add_cookies(
        [
            {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": url},
            {"name": "django_language", "value": "es", "url": url},
        ]
    )
    return page


def test_a_steward_imports_the_hsds_examples_and_the_api_serves_them(  # type: ignore[no-untyped-def]
    new_page, live_server, tmp_path
):
    alder = CommunityFactory(name="Alder County", slug="alder")
    birch = CommunityFactory(name="Birch County", slug="birch")
    package = _zip(EXAMPLES_CSV, tmp_path / "hsds-examples.zip")
    page = _steward_page(new_page, live_server.url, member(alder, Role.FACILITATOR))

    page.goto("/c/alder/directory/manage/")
    page.get_by_role("link", name="Importar y exportar (HSDS)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Importar y exportar el directorio")
    _fits(page)
    assert_accessible(page)

    # First a check: what would change, nothing saved.
    page.locator("#id_package").set_input_files(package)
    page.get_by_role("button", name="Revisar el paquete").click()
    expect(
        page.get_by_text("El paquete se puede importar. No se ha guardado nada todavía.")
    ).to_be_visible()
    expect(page.locator(".gw-import-summary")).to_contain_text("Servicios: 1 nuevo")
    _fits(page)
    assert_accessible(page)
    assert not Service.objects.exists()

    # Then the import.
    page.locator("#id_package").set_input_files(package)
    page.get_by_role("button", name="Importar", exact=True).click()
    expect(page.get_by_text("Se importó el paquete.")).to_be_visible()
    expect(page.locator(".gw-import-summary")).to_contain_text("Organizaciones: 1 nuevo")
    _fits(page)
    assert_accessible(page)
    assert Service.objects.filter(community=alder).count() == 1
    assert not Service.objects.filter(community=birch).exists()

    # The HSDS API serves the examples, valid against HSDS's schemas.
    base = f"{live_server.url}/api/hsds/alder"
    services = page.request.get(f"{base}/services?full=true").json()
    valid_page(services, "compiled/service.json")
    assert [s["id"] for s in services["contents"]] == [SERVICE]
    valid(page.request.get(f"{base}/services/{SERVICE}").json(), "compiled/service.json")
    valid_page(page.request.get(f"{base}/organizations").json(), "compiled/organization_list.json")
    valid_page(page.request.get(f"{base}/taxonomy_terms").json(), "taxonomy_term.json")
    assert page.request.get(f"{live_server.url}/api/hsds/birch/services").json()["empty"]

    # A package with a mistake: refused, with the file and line, and nothing changes.
    document = json.loads((SPEC / "examples" / "tabular.json").read_text())
    document["services.csv"][0]["name"] = "Renamed"
    document["services.csv"][0]["minimum_age"] = "doce"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document))
    page.locator("#id_package").set_input_files(bad)
    page.get_by_role("button", name="Importar", exact=True).click()
    expect(page.get_by_role("alert").filter(has_text="Nada se importó")).to_be_visible()
    expect(page.get_by_text("services.csv, registro 1: minimum_age:")).to_be_visible()
    _fits(page)
    assert_accessible(page)
    assert Service.objects.get(community=alder).name == "Community Counselling"

    # The download is the package again.
    with page.expect_download() as download:
        page.get_by_role("link", name="Paquete de datos CSV (zip)").click()
    with zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes())) as archive:
        assert "datapackage.json" in archive.namelist()
        assert "Community Counselling" in archive.read("services.csv").decode()
