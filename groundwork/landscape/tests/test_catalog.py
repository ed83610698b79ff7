"""The catalog: filters, the county map and its table, gaps, visibility, CSV, API."""

import csv
import io
import re

import pytest
from django.urls import reverse

from groundwork.landscape import geo

from .conftest import ALAMANCE, BUNCOMBE, DURHAM, GUILFORD, ORANGE, WAKE
from .factories import CoalitionFactory, CoalitionStrategyFactory, CountyGoalFactory

pytestmark = pytest.mark.django_db


def catalog_url(network, query: str = "") -> str:  # type: ignore[no-untyped-def]
    return reverse("landscape:catalog", args=[network.slug]) + (f"?{query}" if query else "")


def listed(html: str) -> list[str]:
    """Coalition names in the catalog's list of coalitions (not the county table)."""
    section = html.split('id="coalitions-heading"')[1].split('id="counties-heading"')[0]
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', section)


def map_path(html: str, fips: str) -> str:
    match = re.search(rf'<path [^>]*data-fips="{fips}"[^>]*>', html)
    assert match, fips
    return match.group(0)


EMERGING_WITHOUT_HEALTH_CARE = "stage=awareness&stage=forming&lacks_sector=health_care"


def test_emerging_coalitions_lacking_health_care_then_a_profile(client, network, landscape):  # type: ignore[no-untyped-def]
    response = client.get(catalog_url(network, EMERGING_WITHOUT_HEALTH_CARE))
    assert response.status_code == 200
    html = response.content.decode()
    assert listed(html) == ["Bull City Coalition", "Wake Resilience Alliance"]
    assert "2 coalitions match." in html
    # The counties they serve are highlighted on the map; the others are faded.
    for fips in (WAKE, DURHAM, ORANGE):
        assert 'stroke="#d54309"' in map_path(html, fips)
    assert 'fill-opacity="0.35"' in map_path(html, ALAMANCE)
    # The lead opens a profile from the catalog.
    profile = landscape["durham"].get_absolute_url()
    assert f'href="{profile}"' in html
    assert client.get(profile).status_code == 200


def test_each_filter(client, network, landscape):  # type: ignore[no-untyped-def]
    housing, trauma = landscape["goals"]
    awareness, policy = landscape["strategies"]
    cases = {
        f"county={WAKE}": ["Wake Health Partners", "Wake Resilience Alliance"],
        "stage=maintaining": ["Guilford Together"],
        "stage=institutionalized": ["Wake Health Partners"],
        "sector=health_care": ["Alamance Cares", "Wake Health Partners"],
        "focus=trauma": ["Bull City Coalition"],
        f"strategy={policy.pk}": ["Bull City Coalition"],
        f"strategy={awareness.pk}": ["Bull City Coalition", "Wake Resilience Alliance"],
        f"goal={housing.pk}": ["Bull City Coalition"],
        f"goal={trauma.pk}&county={DURHAM}": [],
        "stage=nonsense&county=00000": sorted(  # invalid values are ignored
            ["Alamance Cares", "Bull City Coalition", "Guilford Together"]
            + ["Wake Health Partners", "Wake Resilience Alliance"]
        ),
    }
    for query, expected in cases.items():
        html = client.get(catalog_url(network, query)).content.decode()
        assert listed(html) == expected, query


def test_map_has_every_county_with_gaps_and_titles(client, network, landscape):  # type: ignore[no-untyped-def]
    html = client.get(catalog_url(network)).content.decode()
    paths = re.findall(r'<path [^>]*data-fips="(37\d{3})"', html)
    assert len(paths) == len(set(paths)) == 100
    # Gaps: hatched on the map, and named in the table.
    assert 'fill="url(#gw-gap-pattern)"' in map_path(html, "37119")  # Mecklenburg
    assert "95 have none yet" in html and "5 of 100 counties have a coalition" in html
    assert html.count("No coalition yet (a gap)") == 95 + 1  # the table rows and the legend
    # Colored by the most advanced stage: Wake has an awareness and an institutionalized one.
    assert 'fill="#0b4778"' in map_path(html, WAKE)
    assert 'fill="#73b3e7"' in map_path(html, DURHAM)
    # A county with exactly one coalition links to it; its title names it.
    guilford = landscape["guilford"].get_absolute_url()
    assert re.search(
        rf'<a href="{guilford}" aria-label="Guilford County: Guilford Together \(Maintaining\)">'
        rf'<path [^>]*data-fips="{GUILFORD}"',
        html,
    )
    assert "<title>Wake County: Wake Health Partners (Institutionalized); Wake Resilience" in html
    # The state outline is drawn as well.
    assert re.search(r'<path d="M[^"]+" fill="none" stroke="#1b1b1b" stroke-width="2.5"', html)


def test_county_table_shows_statewide_goals(client, network, landscape):  # type: ignore[no-untyped-def]
    html = client.get(catalog_url(network)).content.decode()
    table = html.split('id="counties-heading"')[1]
    durham_row = re.search(r"<th scope=\"row\">Durham</th>.*?</tr>", table, re.S)
    assert durham_row and "Every family stably housed" in durham_row.group(0)
    assert "37063" in durham_row.group(0) and "Forming" in durham_row.group(0)
    orange_row = re.search(r"<th scope=\"row\">Orange</th>.*?</tr>", table, re.S)
    assert orange_row and "Every family stably housed" in orange_row.group(0)


def test_non_public_coalition_only_for_stewards_and_members(  # type: ignore[no-untyped-def]
    client, network, landscape, steward, hidden_member
):
    html = client.get(catalog_url(network)).content.decode()
    assert "Quiet Buncombe Circle" not in html
    assert 'fill="url(#gw-gap-pattern)"' in map_path(html, BUNCOMBE)
    assert "Elsewhere Coalition" not in html
    assert "Profile last confirmed" not in html
    api = client.get(f"/api/networks/{network.slug}/catalog").json()
    assert "Quiet Buncombe Circle" not in {c["coalition_name"] for c in api["coalitions"]}

    client.force_login(hidden_member)
    html = client.get(catalog_url(network, EMERGING_WITHOUT_HEALTH_CARE)).content.decode()
    assert "Quiet Buncombe Circle" in listed(html)
    assert "Profile last confirmed" not in html

    client.force_login(steward)
    html = client.get(catalog_url(network, EMERGING_WITHOUT_HEALTH_CARE)).content.decode()
    assert listed(html) == [
        "Bull City Coalition",
        "Quiet Buncombe Circle",
        "Wake Resilience Alliance",
    ]
    html = client.get(catalog_url(network)).content.decode()
    assert "Profile last confirmed" in html and "Never" in html


def test_map_unavailable_without_the_geometry_file(client, network, landscape, settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.LANDSCAPE_TOPOJSON = str(tmp_path / "missing.json")
    assert geo.state_shapes("NC") is None
    html = client.get(catalog_url(network)).content.decode()
    assert "The map is not available on this server right now." in html
    assert '<svg class="gw-county-map"' not in html
    assert '<th scope="row">Mecklenburg</th>' in html  # the table still lists every county
    (tmp_path / "broken.json").write_text("{not json")
    settings.LANDSCAPE_TOPOJSON = str(tmp_path / "broken.json")
    assert client.get(catalog_url(network)).status_code == 200


def test_query_count_does_not_grow_with_coalitions(  # type: ignore[no-untyped-def]
    client, network, landscape, steward, django_assert_max_num_queries
):
    client.force_login(steward)
    url = catalog_url(network, EMERGING_WITHOUT_HEALTH_CARE)
    client.get(url)  # warm the map cache
    # Two of them read the network's regions (the region filter's choices) and find the county
    # indicators shown as a layer (test_catalog_layer.py).
    with django_assert_max_num_queries(11):
        assert client.get(url).status_code == 200
    strategy = landscape["strategies"][0]
    goal = landscape["goals"][0]
    for n in range(25):
        coalition = CoalitionFactory(network=network, county_fips=[f"37{2 * n + 101:03d}"])
        CoalitionStrategyFactory(community=coalition, strategy=strategy)
        CountyGoalFactory(community=coalition, network_goal=goal)
    with django_assert_max_num_queries(11):
        assert client.get(url).status_code == 200
    client.logout()
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200


def test_csv_is_filtered_and_safe_in_a_spreadsheet(client, network, landscape):  # type: ignore[no-untyped-def]
    CoalitionFactory(
        network=network, coalition_name='=HYPERLINK("http://x.example","click")', sectors=[]
    )
    response = client.get(
        reverse("landscape:catalog_csv", args=[network.slug]) + "?lacks_sector=health_care"
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode().lstrip("\ufeff")))
    )
    names = [r["coalition"] for r in rows]
    assert '\'=HYPERLINK("http://x.example","click")' in names
    assert "Bull City Coalition" in names and "Alamance Cares" not in names
    bull = next(r for r in rows if r["coalition"] == "Bull City Coalition")
    assert bull["county FIPS codes"] == f"{DURHAM}; {ORANGE}" and bull["stage"] == "Forming"
    assert bull["statewide goals worked toward"] == "Every family stably housed"
    assert "profile last confirmed" not in rows[0]


def test_api_catalog_filters(client, network, landscape):  # type: ignore[no-untyped-def]
    body = client.get(f"/api/networks/{network.slug}/catalog?{EMERGING_WITHOUT_HEALTH_CARE}").json()
    assert [c["coalition_name"] for c in body["coalitions"]] == [
        "Bull City Coalition",
        "Wake Resilience Alliance",
    ]
    bull = body["coalitions"][0]
    assert bull["stage"] == "forming"
    assert [c["fips"] for c in bull["counties"]] == [DURHAM, ORANGE]
    assert bull["url"] == landscape["durham"].get_absolute_url()
    assert len(body["counties_without_coalition"]) == 95
    assert client.get("/api/networks/nope/catalog").status_code == 404


def test_api_shows_confirmation_dates_to_stewards_only(client, network, landscape, steward):  # type: ignore[no-untyped-def]
    def confirmed() -> dict[str, object]:
        body = client.get(f"/api/networks/{network.slug}/catalog?sector=health_care").json()
        return {c["coalition_name"]: c["profile_confirmed_at"] for c in body["coalitions"]}

    assert confirmed() == {"Alamance Cares": None, "Wake Health Partners": None}
    client.force_login(steward)
    dates = confirmed()
    assert dates["Wake Health Partners"].startswith("2026-03-04")  # type: ignore[union-attr]
