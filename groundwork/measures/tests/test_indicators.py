"""Results and indicators: one owner each, kept within their community or network, seen and
edited by the right people, and the turn-the-curve page in both languages."""

import re

import pytest
from django.db import IntegrityError, transaction

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import UserFactory, member
from groundwork.core.errors import ApplicationError
from groundwork.core.testing import assert_absent, unchanged
from groundwork.measures import scorecard
from groundwork.measures.actions import indicators as actions
from groundwork.measures.models import Indicator, IndicatorValue, Result
from groundwork.measures.periods import (
    is_period_start,
    number,
    parse_period,
    period_from_index,
    period_index,
    period_label,
)
from groundwork.measures.tests.factories import result_with_series
from groundwork.measures.views_indicators import indicator_url, results_url
from groundwork.plans import services as plans

pytestmark = pytest.mark.django_db


def _publish(tenant):  # type: ignore[no-untyped-def]
    plans.plan_publish(actor=tenant.coordinator, plan=tenant.plan, note="v1")


# Periods and numbers --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "label"),
    [
        ("2024", "year", "2024"),
        ("2024-Q2", "quarter", "2024-Q2"),
        ("2024q4", "quarter", "2024-Q4"),
        ("2024-05", "month", "2024-05"),
        ("2024-5", "month", "2024-05"),
    ],
)
def test_periods_read_and_write_the_same_in_every_language(text, kind, label):  # type: ignore[no-untyped-def]
    found = parse_period(text)
    assert found is not None and found[0] == kind
    assert is_period_start(*found)
    assert period_label(*found) == label
    assert period_from_index(kind, period_index(*found)) == found[1]


@pytest.mark.parametrize("text", ["", "24", "2024-13", "2024-Q5", "1800", "2024/05", "abc"])
def test_what_is_not_a_period(text):  # type: ignore[no-untyped-def]
    assert parse_period(text) is None


def test_numbers_are_written_with_a_dot():  # type: ignore[no-untyped-def]
    assert number(8.6) == "8.6"
    assert number(1234567.0) == "1234567"
    assert number(0.0000123) == "0.0000123"
    assert number(-0.25) == "-0.25"
    assert number(70.0) == "70"
    assert number(None) == ""


# One owner, one tenant ------------------------------------------------------------------


def test_a_result_has_exactly_one_owner(tenant, other_tenant):  # type: ignore[no-untyped-def]
    result, _indicator = result_with_series(tenant, owner="county_goal")
    for change in (
        {"plan": tenant.plan},  # two owners
        {"county_goal": None},  # none
        {"community": None},  # a community result without its community
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Result.objects.filter(pk=result.pk).update(**change)
    network_result, _ = result_with_series(tenant, owner="network_goal")
    with pytest.raises(IntegrityError), transaction.atomic():
        Result.objects.filter(pk=network_result.pk).update(community=tenant.community)


def test_an_owner_of_another_tenant_is_refused(tenant, other_tenant):  # type: ignore[no-untyped-def]
    with unchanged(tenant, other_tenant), pytest.raises(ApplicationError):
        actions.result_create(
            actor=tenant.coordinator,
            owner=other_tenant.plan,
            community=tenant.community,
            title_en="Children are safe",
        )
    from groundwork.communities.models import NetworkGoal

    theirs = NetworkGoal.objects.create(network=other_tenant.network, title="Goal")
    with pytest.raises(ApplicationError):
        actions.result_create(
            actor=tenant.coordinator, owner=theirs, network=tenant.network, title_en="Safe"
        )


def test_activities_of_another_community_cannot_be_linked(tenant, other_tenant):  # type: ignore[no-untyped-def]
    _result, indicator = result_with_series(tenant)
    with pytest.raises(ApplicationError):
        actions.indicator_update(
            actor=tenant.coordinator, indicator=indicator, activities=[other_tenant.activity]
        )
    actions.indicator_update(
        actor=tenant.coordinator, indicator=indicator, activities=[tenant.activity]
    )
    assert list(indicator.activities.all()) == [tenant.activity]


def test_a_value_per_period_and_its_replacement(tenant, other_tenant):  # type: ignore[no-untyped-def]
    _r, indicator = result_with_series(tenant)
    _r2, theirs = result_with_series(other_tenant)
    with unchanged(other_tenant):
        actions.value_save(actor=tenant.coordinator, indicator=indicator, period="2024", value=8.0)
        actions.value_save(actor=tenant.coordinator, indicator=indicator, period="2025-Q1", value=2)
    assert indicator.values.count() == 6
    assert indicator.values.get(period_start__year=2024, period_kind="year").value == 8.0
    assert theirs.values.count() == 5
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorValue.objects.create(
            indicator=indicator, period_kind="year", period_start="2024-01-01", value=1
        )
    with pytest.raises(ApplicationError):
        actions.value_save(actor=tenant.coordinator, indicator=indicator, period="24", value=1)
    with pytest.raises(ApplicationError):
        actions.value_save(
            actor=tenant.coordinator, indicator=indicator, period="2024", value=float("nan")
        )


def test_indicator_periods_must_be_periods(tenant, other_tenant):  # type: ignore[no-untyped-def]
    result, _ = result_with_series(tenant)
    with pytest.raises(ApplicationError) as caught:
        actions.indicator_create(
            actor=tenant.coordinator, result=result, name_en="X", target_period="by 2030"
        )
    assert caught.value.field == "target_period"


# Who sees and who edits ------------------------------------------------------------------


def test_who_sees_and_who_edits_a_plan_result(tenant, other_tenant):  # type: ignore[no-untyped-def]
    result, _ = result_with_series(tenant)
    _publish(other_tenant)  # the look-alike tenant's plan being published makes no difference
    people = {
        "coordinator": tenant.coordinator,
        "facilitator": member(tenant.community, Role.FACILITATOR),
        "member": member(tenant.community, Role.MEMBER),
        "viewer": member(tenant.community, Role.VIEWER),
        "stranger": UserFactory(),
        "other coordinator": other_tenant.coordinator,
    }
    edits = {n for n, u in people.items() if u.has_perm("measures.manage_result", result)}
    assert edits == {"coordinator", "facilitator"}
    sees = {n for n, u in people.items() if u.has_perm("measures.view_result", result)}
    assert sees == {"coordinator", "facilitator", "member", "viewer"}
    _publish(tenant)
    sees = {n for n, u in people.items() if u.has_perm("measures.view_result", result)}
    assert sees == set(people)


def test_who_sees_and_edits_county_goal_and_statewide_results(tenant, other_tenant):  # type: ignore[no-untyped-def]
    county, _ = result_with_series(tenant, owner="county_goal")
    statewide, _ = result_with_series(tenant, owner="network_goal")
    stranger = UserFactory()
    steward = UserFactory()
    tenant.network.stewards.add(steward)
    other_tenant.network.stewards.add(other_tenant.coordinator)
    assert stranger.has_perm("measures.view_result", county)  # public community's goal
    assert stranger.has_perm("measures.view_result", statewide)
    assert steward.has_perm("measures.manage_result", statewide)
    assert not tenant.coordinator.has_perm("measures.manage_result", statewide)
    assert not other_tenant.coordinator.has_perm("measures.manage_result", statewide)
    assert not steward.has_perm("measures.manage_result", county)
    tenant.community.is_public = False
    tenant.community.save()
    county.refresh_from_db()
    assert not stranger.has_perm("measures.view_result", county)


def test_the_list_shows_only_what_each_person_may_see(tenant, other_tenant, client):  # type: ignore[no-untyped-def]
    result_with_series(tenant, name="Plan indicator")
    result_with_series(tenant, owner="county_goal", name="County indicator")
    result_with_series(other_tenant, name="Plan indicator")
    url = results_url(tenant.community)
    page = client.get(url).content.decode()
    assert "County indicator" in page and "Plan indicator" not in page
    assert "Add a result" not in page
    assert_absent(other_tenant, page)
    _publish(tenant)
    page = client.get(url).content.decode()
    assert "Plan indicator" in page and "County indicator" in page
    # Current value, trend and target of each indicator.
    assert "8.6" in page and "falling" in page and "(better)" in page and "7.5" in page
    client.force_login(tenant.coordinator)
    page = client.get(url).content.decode()
    assert "Add a result" in page and "Import the Social Vulnerability Index" in page
    assert_absent(other_tenant, page)


def test_a_private_community_lists_results_to_members_only(tenant, other_tenant, client):  # type: ignore[no-untyped-def]
    tenant.community.is_public = False
    tenant.community.save()
    url = results_url(tenant.community)
    assert client.get(url).status_code in (302, 403)
    client.force_login(member(tenant.community, Role.MEMBER))
    assert client.get(url).status_code == 200
    client.force_login(other_tenant.coordinator)
    assert client.get(url).status_code == 403


def test_the_indicator_page_in_spanish(tenant, other_tenant, client):  # type: ignore[no-untyped-def]
    result, indicator = result_with_series(tenant)
    actions.indicator_update(
        actor=tenant.coordinator,
        indicator=indicator,
        activities=[tenant.activity],
        story_en="Families were isolated",
        story_es="Las familias estaban aisladas",
        partners_es="Escuelas e iglesias",
        what_works_es="Visitas a domicilio",
    )
    _publish(tenant)
    client.cookies["django_language"] = "es"
    page = client.get(indicator_url(indicator)).content.decode()
    assert "Casos por cada 1,000 niños" in page
    assert "La historia detrás de la curva" in page and "Las familias estaban aisladas" in page
    assert "Escuelas e iglesias" in page and "Visitas a domicilio" in page
    assert tenant.activity.title in page
    svg = page[page.index("<svg") : page.index("</svg>")]
    numbers = re.findall(r'\s(?:points|cx|cy|x|y|x1|x2|y1|y2)="([^"]*)"', svg)
    assert numbers and not any("," in n and " " not in n for n in numbers)
    assert [n for n in numbers if not re.fullmatch(r"[-0-9. ,]+", n)] == []
    assert ">8.6<" in page  # the data table, with a dot
    assert "9,8" not in page
    assert_absent(other_tenant, page)


def test_the_forecast_or_why_there_is_none(tenant, other_tenant, client):  # type: ignore[no-untyped-def]
    _r, indicator = result_with_series(tenant, values=(10, 9, 8, 7, 6))
    _r2, short = result_with_series(tenant, values=(10, 9), name="Short")
    curve = scorecard.turn_the_curve(indicator)
    # The target is 2028: the line is carried to it, exactly on a perfect line.
    assert [r.period for r in curve.forecast_rows] == ["2025", "2026", "2027", "2028"]
    assert [r.value for r in curve.forecast_rows] == ["5", "4", "3", "2"]
    client.force_login(tenant.coordinator)
    page = client.get(indicator_url(short)).content.decode()
    assert "at least three values" in page


def test_editing_needs_a_facilitator_or_coordinator(tenant, other_tenant, client):  # type: ignore[no-untyped-def]
    result, indicator = result_with_series(tenant)
    _publish(tenant)
    pages = [
        indicator_url(indicator, "indicator_edit"),
        indicator_url(indicator, "indicator_values"),
        indicator_url(indicator, "indicator_import"),
        results_url(result, "result_edit", result_id=result.pk),
        results_url(result, "indicator_add", result_id=result.pk),
        results_url(result, "result_svi", result_id=result.pk),
    ]
    for user in (member(tenant.community, Role.MEMBER), other_tenant.coordinator):
        client.force_login(user)
        with unchanged(tenant, other_tenant):
            for url in pages:
                assert client.get(url).status_code == 403, url
                assert client.post(url, {"delete": "1"}).status_code == 403, url
    client.force_login(member(tenant.community, Role.FACILITATOR))
    for url in pages:
        assert client.get(url).status_code == 200, url


def test_an_indicator_is_found_only_through_its_community(tenant, other_tenant, client):  # type: ignore[no-untyped-def]
    _r, indicator = result_with_series(tenant)
    client.force_login(other_tenant.coordinator)
    wrong = indicator_url(indicator, "indicator_edit").replace(
        f"/c/{tenant.community.slug}/", f"/c/{other_tenant.community.slug}/"
    )
    with unchanged(tenant, other_tenant):
        assert client.get(wrong).status_code == 404
        assert client.post(wrong, {"name_en": "Hijacked", "direction": "up"}).status_code == 404


def test_a_facilitator_builds_a_result_and_its_indicator(tenant, other_tenant, client):  # type: ignore[no-untyped-def]
    facilitator = member(tenant.community, Role.FACILITATOR)
    client.force_login(facilitator)
    with unchanged(other_tenant):
        response = client.post(
            results_url(tenant.community),
            {
                "owner": f"plan:{tenant.plan.pk}",
                "title_en": "Children are safe",
                "title_es": "Los niños están seguros",
            },
        )
        result = Result.objects.get(community=tenant.community)
        assert response.status_code == 302
        response = client.post(
            results_url(result, "indicator_add", result_id=result.pk),
            {
                "name_en": "Reports per 1,000",
                "name_es": "Casos por 1,000",
                "direction": "down",
                "target_value": "7.5",
                "target_period": "2028",
                "activities": [tenant.activity.pk],
            },
        )
        indicator = Indicator.objects.get(result=result)
        assert response.status_code == 302
        assert indicator.target_value == 7.5 and list(indicator.activities.all()) == [
            tenant.activity
        ]
        response = client.post(
            indicator_url(indicator, "indicator_values"),
            {"period": "2024", "value": "12.5", "note": "", "source": "Health department"},
        )
        assert response.status_code == 302
        assert indicator.values.get().value == 12.5
        # Spanish numbers with a comma are refused with a message, nothing saved.
        client.cookies["django_language"] = "es"
        response = client.post(
            indicator_url(indicator, "indicator_values"), {"period": "2025", "value": "12,5"}
        )
        assert "con punto" in response.content.decode()
        assert indicator.values.count() == 1
        row = indicator.values.get()
        client.post(indicator_url(indicator, "indicator_values"), {"delete": str(row.pk)})
        assert not indicator.values.exists()
    # Another tenant's plan is not a choice.
    response = client.post(
        results_url(tenant.community),
        {"owner": f"plan:{other_tenant.plan.pk}", "title_en": "Sneaky"},
    )
    assert response.status_code == 200 and not Result.objects.filter(title_en="Sneaky").exists()


def test_a_network_steward_keeps_statewide_results(tenant, other_tenant, client):  # type: ignore[no-untyped-def]
    from groundwork.communities.models import NetworkGoal

    goal = NetworkGoal.objects.create(network=tenant.network, title="Thriving children")
    steward = UserFactory()
    tenant.network.stewards.add(steward)
    client.force_login(steward)
    with unchanged(other_tenant):
        client.post(
            results_url(tenant.network),
            {"owner": f"network_goal:{goal.pk}", "title_en": "People thrive"},
        )
    result = Result.objects.get(network_goal=goal)
    assert result.community is None
    client.logout()
    assert "People thrive" in client.get(results_url(tenant.network)).content.decode()
    client.force_login(tenant.coordinator)
    assert client.get(results_url(result, "result_edit", result_id=result.pk)).status_code == 403


@pytest.mark.parametrize(
    ("low", "high"), [(8.6, 10.4), (0, 1), (5, 5), (-3.2, 12.7), (0.3939, 0.6061), (1e5, 3e5)]
)
def test_chart_ticks_are_round_and_cover_the_values(low, high):  # type: ignore[no-untyped-def]
    ticks = scorecard.nice_ticks(low, high)
    assert ticks[0] <= low and ticks[-1] >= high
    assert 2 <= len(ticks) <= 7
    steps = {round(b - a, 9) for a, b in zip(ticks, ticks[1:], strict=False)}
    assert len(steps) == 1


def test_the_demo_needs_the_demo_network(tenant, other_tenant):  # type: ignore[no-untyped-def]
    from groundwork.measures.demo import load_indicator_demo

    with unchanged(tenant, other_tenant):
        assert load_indicator_demo() == 0
