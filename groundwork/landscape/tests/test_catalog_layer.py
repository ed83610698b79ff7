"""A county indicator (the SVI) as a layer on the catalog's map and a column of its table."""

import re
from datetime import date

import pytest
from django.urls import reverse

from groundwork.measures.models import Indicator, IndicatorValue, Result

from .conftest import DURHAM, WAKE
from .factories import NetworkFactory, NetworkGoalFactory

pytestmark = pytest.mark.django_db


def svi(network, values, name="Social vulnerability, overall"):  # type: ignore[no-untyped-def]
    goal = NetworkGoalFactory(network=network, title="Thriving")
    result = Result.objects.create(network_goal=goal, title_en="People thrive")
    for fips, value in values.items():
        indicator = Indicator.objects.create(
            result=result,
            name_en=name,
            name_es="Vulnerabilidad social, general",
            fips=fips,
            source_key=f"svi:RPL_THEMES:{fips}",
        )
        for year, v in ((2016, 0.1), (2018, value)):
            IndicatorValue.objects.create(
                indicator=indicator, period_kind="year", period_start=date(year, 1, 1), value=v
            )


def path_of(html, map_id, fips):  # type: ignore[no-untyped-def]
    section = html.split(f'id="{map_id}-title"')[1].split("</svg>")[0]
    return re.search(rf'<path [^>]*data-fips="{fips}"[^>]*>', section).group(0)


def test_svi_layer_map_legend_and_county_column(client, network, landscape):  # type: ignore[no-untyped-def]
    svi(network, {WAKE: 0.81, DURHAM: 0.2})
    other = NetworkFactory(slug="other-network")
    svi(other, {WAKE: 0.05}, name="Other network's indicator")
    html = client.get(reverse("landscape:catalog", args=[network.slug])).content.decode()
    # The latest value: the darkest class for Wake (0.81), the lightest for Durham (0.2).
    assert 'fill="#8c3d10"' in path_of(html, "layer-map", WAKE)
    assert 'fill="#fbe0d0"' in path_of(html, "layer-map", DURHAM)
    assert 'fill="url(#gw-gap-pattern)"' in path_of(html, "layer-map", "37119")
    assert "<title>Wake County: 0.81 (2018)</title>" in html
    assert "0.75 – 1.00" in html  # the legend
    # The county table has the column: the same figures without the map.
    table = html.split('id="counties-heading"')[1]
    assert "Social vulnerability, overall</th>" in table
    assert "0.81" in table and "No data" in table
    # Another network's indicators are not among the layers.
    assert "Other network" not in html


def test_layer_in_spanish_and_unknown_layer(client, network, landscape):  # type: ignore[no-untyped-def]
    svi(network, {WAKE: 0.81})
    url = reverse("landscape:catalog", args=[network.slug])
    html = client.get(url + "?layer=nonsense", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Vulnerabilidad social, general" in html
    assert "0,81" in html  # written for the reader, never inside the SVG's numbers
    assert 'fill="#8c3d10"' in path_of(html, "layer-map", WAKE)


def test_layer_queries_do_not_grow_with_counties(
    client, network, landscape, django_assert_num_queries
):  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("landscape:catalog", args=[network.slug])
    svi(network, {WAKE: 0.81})
    client.get(url + "?layer=x")  # warm the map cache
    with CaptureQueriesContext(connection) as few:
        client.get(url + "?layer=y")
    svi(network, {f"37{n:03d}": n / 200 for n in range(101, 199, 2)})
    with CaptureQueriesContext(connection) as many:
        client.get(url + "?layer=z")
    assert len(many) == len(few)


def test_no_layer_without_county_indicators(client, network, landscape):  # type: ignore[no-untyped-def]
    html = client.get(reverse("landscape:catalog", args=[network.slug])).content.decode()
    assert 'id="layer-heading"' not in html
