"""The network scorecard read for what it shows: the same summaries and roll-ups as the tree
read from every value (scorecard_tree.network_tree, which the CSV uses), the communities a
page at a time, a number of queries that does not grow with the communities; and both
scorecards as PDF."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from groundwork.communities.models import CountyGoal, NetworkGoal, Role
from groundwork.communities.tests.factories import CommunityFactory, UserFactory, member
from groundwork.core.testing import assert_absent, assert_present
from groundwork.measures import scorecard_network, scorecard_tree
from groundwork.measures.actions import indicators as indicator_actions
from groundwork.measures.models import IndicatorValue, PerformanceValue
from groundwork.measures.tests.test_performance import _scorecard

pytestmark = pytest.mark.django_db

# Series of (period, value): several kinds of period, ties, one value, none.
SERIES = [
    [("2022", 10.0), ("2023", 9.0), ("2024", 9.5)],
    [("2023", 4.0), ("2024-Q1", 5.0), ("2024-Q2", 4.5)],  # the quarters are the latest kind
    [("2024-Q1", 3.0), ("2024-Q2", 3.0), ("2025", 7.0)],  # the year 2025 is latest: one value
    [("2024-05", 12.0), ("2024-06", 12.0)],
    [("2021", 1.0)],
    [],
]


def _county(network, ngoal, community, n, marker):  # type: ignore[no-untyped-def]
    goal = CountyGoal.objects.create(community=community, title=f"Goal {n}", network_goal=ngoal)
    result = indicator_actions.result_create(
        actor=None, owner=goal, community=community, title_en=f"Safe {n} {marker}"
    )
    for i, series in enumerate(SERIES[n % 2 :]):
        indicator = indicator_actions.indicator_create(
            actor=None,
            result=result,
            name_en=f"Indicator {n}.{i}",
            direction="down" if (n + i) % 2 else "up",
            target_value=None if i == 3 else 8.0 + i,
        )
        for period, value in series:
            indicator_actions.value_put(indicator=indicator, period=period, value=value)
    return result


def _network(tenant, counties: int = 4):  # type: ignore[no-untyped-def]
    goals = [
        NetworkGoal.objects.create(network=tenant.network, title=f"Statewide {g}", position=g)
        for g in range(2)
    ]
    communities = [tenant.community] + [
        CommunityFactory(
            network=tenant.network,
            slug=f"{tenant.label}-county-{n}",
            name=f"County {tenant.label} {n:02d}",
        )
        for n in range(counties - 1)
    ]
    for n, community in enumerate(communities):
        _county(tenant.network, goals[n % 2], community, n, tenant.marker)
    return goals, communities


def _summary(s):  # type: ignore[no-untyped-def]
    return (
        s.indicator.pk,
        s.current.value if s.current else None,
        s.current.period_label if s.current else None,
        s.trend,
        s.better,
        s.last_updated,
    )


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_the_page_reads_what_the_full_tree_reads(tenant, other_tenant, who):  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import AnonymousUser

    _network(other_tenant, counties=2)
    _goals, communities = _network(tenant)
    communities[2].is_public = False
    communities[2].save(update_fields=["is_public"])
    user = AnonymousUser() if who == "anonymous" else member(communities[2], Role.MEMBER)
    full = scorecard_tree.network_tree(user, tenant.network)
    card = scorecard_network.network_card(user, tenant.network)
    assert [g.rollup for g in card.goals] == [g.rollup for g in full]
    full_rows = {
        row.result.pk: [_summary(s) for s in row.summaries] for g in full for row in g.counties
    }
    card_rows = {
        cr.result.pk: [_summary(s) for s in cr.summaries] for c in card.all for cr in c.results
    }
    assert card_rows == full_rows
    assert len(card_rows) == (4 if who == "member" else 3)
    assert {c.community.pk for c in card.all} <= {c.pk for c in communities}


def test_the_latest_values_of_performance_measures(tenant, other_tenant):  # type: ignore[no-untyped-def]
    _r, _i, measures = _scorecard(tenant)
    _scorecard(other_tenant)
    found = scorecard_network.latest_values(PerformanceValue, "measure", [m.pk for m in measures])
    assert set(found) == {m.pk for m in measures}
    third = found[measures[2].pk]
    assert third.kind == "quarter" and [(v[1], v[2]) for v in third.values] == [(12, 30), (21, 35)]
    assert scorecard_network.latest_values(IndicatorValue, "indicator", []) == {}


def test_the_page_pages_communities_in_a_fixed_number_of_queries(
    client, tenant, other_tenant, django_assert_max_num_queries, monkeypatch
):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(scorecard_network, "COMMUNITIES_PER_PAGE", 2)
    _network(other_tenant, counties=2)
    _goals, communities = _network(tenant, counties=3)
    url = reverse("measures:network_scorecard", kwargs={"network_slug": tenant.network.slug})

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    few = queries()
    for n in range(3, 9):
        _county(
            None, _goals[n % 2], CommunityFactory(network=tenant.network, slug=f"more-{n}"), n, ""
        )
    assert queries() == few
    with django_assert_max_num_queries(12):
        page = client.get(url).content.decode()
    assert_present(tenant, page)
    assert_absent(other_tenant, page)
    with translation.override("es"):
        page = client.get(url + "?page=2", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Página 2 de 5" in page and "Indicator 0.0" not in page


def _text(response) -> str:  # type: ignore[no-untyped-def]
    assert response["Content-Type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(response.content)).pages
    return " ".join(" ".join(p.extract_text() for p in pages).split())


def test_the_scorecards_print_as_pdf(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    result, indicator, measures = _scorecard(tenant)
    _scorecard(other_tenant)
    _network(tenant, counties=2)
    url = reverse("measures:community_scorecard_pdf", kwargs={"slug": tenant.community.slug})
    response = client.get(url)
    text = _text(response)
    assert result.title in text and indicator.name in text and measures[2].name in text
    assert_absent(other_tenant, text)
    # Kept: asked again with its ETag, it is not sent again.
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    page = client.get(
        reverse("measures:community_scorecard", kwargs={"slug": tenant.community.slug})
    )
    assert url in page.content.decode()
    # In Spanish, another file.
    with translation.override("es"):
        spanish = client.get(url, HTTP_ACCEPT_LANGUAGE="es")
    assert spanish["ETag"] != response["ETag"] and "Tendencia" in _text(spanish)
    network = reverse(
        "measures:network_scorecard_pdf", kwargs={"network_slug": tenant.network.slug}
    )
    text = _text(client.get(network))
    text = " ".join(text.split())
    assert "Statewide 0" in text and f"Safe 0 {tenant.marker}" in text and "Safe 1" in text
    assert_absent(other_tenant, text)


def test_a_private_scorecard_pdf_is_for_members(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    _scorecard(tenant, publish=False)
    url = reverse("measures:community_scorecard_pdf", kwargs={"slug": tenant.community.slug})
    assert tenant.marker not in _text(client.get(url))
    client.force_login(member(tenant.community, Role.MEMBER))
    assert_present(tenant, _text(client.get(url)))
    client.force_login(UserFactory())
    assert tenant.marker not in _text(client.get(url))


def test_a_region_shows_its_own_coalitions_and_roll_ups(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import AnonymousUser

    from groundwork.communities.models import Region

    _goals, communities = _network(tenant)
    _other_goals, others = _network(other_tenant, counties=3)
    north = Region.objects.create(network=tenant.network, name="North", slug="north")
    theirs = Region.objects.create(network=other_tenant.network, name="North", slug="north")
    for community, region in (
        (communities[1], north),
        (communities[2], north),
        (others[1], theirs),
    ):
        community.region = region
        community.save(update_fields=["region"])

    card = scorecard_network.network_card(AnonymousUser(), tenant.network, region=north)
    assert {c.community.pk for c in card.all} == {communities[1].pk, communities[2].pk}
    # Each statewide goal rolls up the region's county goals only: one coalition each here.
    assert [g.communities for g in card.goals] == [1, 1]
    whole = scorecard_network.network_card(AnonymousUser(), tenant.network)
    assert [g.communities for g in whole.goals] == [2, 2]

    url = reverse("measures:network_scorecard", kwargs={"network_slug": tenant.network.slug})
    with translation.override("es"):
        page = client.get(url + "?region=north", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "de la región North" in page
    assert communities[1].name in page and communities[2].name in page
    assert communities[3].name not in page and others[1].name not in page
    # A short name that is no region of this network: the whole network.
    page = client.get(url + "?region=south").content.decode()
    assert all(c.name in page for c in communities)
