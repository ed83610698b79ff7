"""The directory's map on a phone, in Spanish: the county outline and the points (clustered
where dense) are drawn, every entry of the list beside it is reached with the Tab key (and so
is each point on the map), the page never scrolls sideways at 320 or 360 px, axe-core finds
nothing, and with JavaScript off the list is the page. Two communities (``directory_world``,
placed in real counties)."""

import pytest
from playwright.sync_api import Page

from groundwork.directory.tests.factories import directory_world, place_world

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

LISTED = {
    "Despensa comunitaria de alimentos",
    "Despensa de alimentos de los sábados",
    "Despensa de alimentos de la granja",
    "Refugio nocturno seguro",
    "Walk-in clinic",
    "Salón del sindicato",
    "Bike repair",
}


@pytest.fixture
def world(live_server):  # type: ignore[no-untyped-def]
    return place_world(directory_world())


def _spanish_phone(new_page, live_server, *, javascript: bool = True) -> Page:  # type: ignore[no-untyped-def]
    page = new_page(phone=True, javascript=javascript)
    page.context.add_cookies([{"name": "django_language", "value": "es", "url": live_server.url}])
    page.set_viewport_size({"width": 320, "height": 740})
    return page


def _fits(page: Page) -> None:
    for width in (320, 360):
        page.set_viewport_size({"width": width, "height": 740})
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= width, f"{page.url} is {wide} px wide at {width} px"


def test_the_map_and_its_list_on_a_phone_in_spanish(new_page, live_server, world) -> None:  # type: ignore[no-untyped-def]
    page = _spanish_phone(new_page, live_server)
    page.goto(f"/c/{world.alder.slug}/directory/map/")
    assert page.get_by_role("heading", level=1).inner_text() == "Mapa de ayuda y fortalezas"
    page.locator("#directory-map path.gw-map-county").first.wait_for()
    page.locator("#directory-map .leaflet-marker-icon").first.wait_for()
    assert set(page.locator(".gw-map-list h3").all_inner_texts()) == LISTED
    listed = page.locator(".gw-map-list").inner_text()
    assert "Dirección confidencial" in listed and "Dones de una persona" in listed
    _fits(page)
    assert_accessible(page)

    # The keyboard reaches the map's points and every entry of the list, in order.
    page.set_viewport_size({"width": 320, "height": 740})
    page.locator("body").focus()
    reached: set[str] = set()
    on_map = 0
    for _ in range(120):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => {
                const el = document.activeElement;
                return {
                    text: (el.innerText || "").trim(),
                    marker: el.classList.contains("leaflet-marker-icon"),
                    inList: !!el.closest(".gw-map-list h3"),
                };
            }"""
        )
        on_map += focused["marker"]
        if focused["inList"]:
            reached.add(focused["text"])
        if reached == LISTED:
            break
    assert reached == LISTED and on_map >= 1

    # A point opens a link to its entry and to its line in the list, also by keyboard.
    marker = page.locator("#directory-map .gw-map-point").first
    if marker.count():
        marker.focus()
        page.keyboard.press("Enter")
        page.get_by_role("link", name="Verlo en la lista").wait_for()


def test_with_javascript_off_the_list_is_the_page(new_page, live_server, world) -> None:  # type: ignore[no-untyped-def]
    page = _spanish_phone(new_page, live_server, javascript=False)
    page.goto(f"/c/{world.alder.slug}/directory/map/?show=services&q=despensa")
    assert not page.locator("#directory-map").is_visible()
    assert set(page.locator(".gw-map-list h3").all_inner_texts()) == {
        "Despensa comunitaria de alimentos",
        "Despensa de alimentos de los sábados",
        "Despensa de alimentos de la granja",
    }
    _fits(page)
    assert_accessible(page)


def test_the_networks_map_in_spanish(new_page, live_server, world) -> None:  # type: ignore[no-untyped-def]
    page = _spanish_phone(new_page, live_server)
    page.goto(f"/networks/{world.network.slug}/directory/map/")
    page.locator("#directory-map path.gw-map-county").nth(1).wait_for()
    assert "Birch garden" in page.locator(".gw-map-list").inner_text()
    _fits(page)
    assert_accessible(page)


def test_the_map_draws_under_the_sites_own_csp(browser, live_server, world) -> None:  # type: ignore[no-untyped-def]
    """Without the CSP bypass the other tests use for axe-core: Leaflet and the clustering
    plugin draw the map and break none of the policy's rules."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 360, "height": 740})
    try:
        page = context.new_page()
        refused: list[str] = []
        page.on(
            "console",
            lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None,
        )
        page.goto(f"/c/{world.alder.slug}/directory/map/")
        page.locator("#directory-map path.gw-map-county").first.wait_for()
        page.locator("#directory-map .leaflet-marker-icon").first.wait_for()
        page.locator(".leaflet-control-zoom-in").click()
        assert refused == []
    finally:
        context.close()


def test_a_pin_on_the_asset_form_fills_the_coordinates(new_page, live_server, world) -> None:  # type: ignore[no-untyped-def]
    """In Spanish (decimal commas everywhere else), a click on the form's map writes the
    latitude and longitude with a point; the form fits 320 px and axe-core finds nothing."""
    from django.test import Client

    from groundwork.communities.models import Role
    from groundwork.communities.tests.factories import MembershipFactory

    coordinator = MembershipFactory(community=world.alder, role=Role.COORDINATOR).user
    client = Client()
    client.force_login(coordinator)
    page = _spanish_phone(new_page, live_server)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.goto(f"/c/{world.alder.slug}/assets/new/")
    pin_map = page.locator("[data-pin-map]")
    pin_map.locator("path.gw-map-county").first.wait_for()
    _fits(page)
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 740})
    pin_map.scroll_into_view_if_needed()
    box = pin_map.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    latitude = page.locator("#id_latitude").input_value()
    longitude = page.locator("#id_longitude").input_value()
    assert "," not in latitude + longitude
    assert 35.8 < float(latitude) < 36.3 and -79.1 < float(longitude) < -78.6
    assert page.locator("[data-pin-map] .leaflet-marker-icon").count() == 1
