"""Performance measures of plan activities and the scorecard: kept by the activity's lead and
the plan's coordinators, all or nothing, seen by the right people, within one tenant; the
network scorecard rolling county indicators up to statewide goals, in a fixed number of
queries."""

import pytest
from django.urls import reverse
from django.utils import translation

from groundwork.communities.models import CountyGoal, NetworkGoal, Role
from groundwork.communities.tests.factories import CommunityFactory, UserFactory, member
from groundwork.core.errors import ApplicationError
from groundwork.core.testing import assert_absent, assert_present, unchanged
from groundwork.measures import scorecard_tree
from groundwork.measures.actions import indicators as indicator_actions
from groundwork.measures.actions import performance as actions
from groundwork.measures.models import PerformanceMeasure, PerformanceValue
from groundwork.measures.tests.factories import result_with_series
from groundwork.plans import services as plans

pytestmark = pytest.mark.django_db


def _measures(tenant):  # type: ignore[no-untyped-def]
    made = []
    for quadrant, name, unit in (
        ("how_much", f"People served {tenant.marker}", "people"),
        ("how_well", "Rides on time", "%"),
        ("better_off", "Riders who got to work", "people"),
    ):
        made.append(
            actions.measure_create(
                actor=tenant.coordinator,
                activity=tenant.activity,
                quadrant=quadrant,
                name_en=name,
                name_es=name + " (es)",
                unit=unit,
                direction="up",
                target_value=60.0 if quadrant == "better_off" else None,
            )
        )
    return made


def _scorecard(tenant, *, publish: bool = True):  # type: ignore[no-untyped-def]
    """The tenant's plan result and indicator linked to the activity, with three measures
    and two quarters of values."""
    if publish:
        plans.plan_publish(actor=tenant.coordinator, plan=tenant.plan, note="v1")
    result, indicator = result_with_series(tenant)
    indicator.activities.add(tenant.activity)
    measures = _measures(tenant)
    for period, values in (("2026-Q1", (40, 90, (12, 30))), ("2026-Q2", (55, 95, (21, 35)))):
        actions.values_save(
            actor=tenant.coordinator,
            activity=tenant.activity,
            period=period,
            entries=[
                actions.Entry(measures[0], values[0]),
                actions.Entry(measures[1], values[1]),
                actions.Entry(measures[2], values[2][0], values[2][1]),
            ],
        )
    return result, indicator, measures


def _lead(tenant):  # type: ignore[no-untyped-def]
    """A member whose membership names the organization that leads the activity."""
    tenant.activity.lead_organization = tenant.organization
    tenant.activity.save(update_fields=["lead_organization"])
    user = member(tenant.community, Role.PARTNER)
    user.memberships.filter(community=tenant.community).update(organization=tenant.organization)
    return user


def test_values_are_saved_all_or_nothing(tenant, other_tenant):  # type: ignore[no-untyped-def]
    _scorecard(other_tenant)
    measures = _measures(tenant)
    with unchanged(other_tenant):
        with pytest.raises(ApplicationError) as refused:
            actions.values_save(
                actor=tenant.coordinator,
                activity=tenant.activity,
                period="2026-Q1",
                entries=[
                    actions.Entry(measures[0], 10),
                    actions.Entry(measures[1], 80),
                    actions.Entry(measures[2], 12),  # no "out of"
                ],
            )
        assert "out of how many" in refused.value.message
        assert not PerformanceValue.objects.filter(community=tenant.community).exists()
        for bad, words in (
            (actions.Entry(measures[2], 40, 30), "larger than"),
            (actions.Entry(measures[0], -1), "not negative"),
            (actions.Entry(measures[2], 1, 0), "more than zero"),
        ):
            with pytest.raises(ApplicationError) as refused:
                actions.values_save(
                    actor=tenant.coordinator,
                    activity=tenant.activity,
                    period="2026-Q1",
                    entries=[actions.Entry(measures[0], 10), bad],
                )
            assert words in refused.value.message
        with pytest.raises(ApplicationError):
            actions.values_save(
                actor=tenant.coordinator,
                activity=tenant.activity,
                period="spring",
                entries=[actions.Entry(measures[0], 10)],
            )
        # Another tenant's measure cannot be saved through this activity.
        foreign = PerformanceMeasure.objects.filter(community=other_tenant.community).first()
        with pytest.raises(ApplicationError):
            actions.values_save(
                actor=tenant.coordinator,
                activity=tenant.activity,
                period="2026-Q1",
                entries=[actions.Entry(foreign, 10)],
            )
        assert not PerformanceValue.objects.filter(community=tenant.community).exists()
        saved = actions.values_save(
            actor=tenant.coordinator,
            activity=tenant.activity,
            period="2026-Q1",
            entries=[actions.Entry(measures[0], 10), actions.Entry(measures[2], 12, 30)],
        )
    assert saved == 2
    node = scorecard_tree.measure_node(PerformanceMeasure.objects.get(pk=measures[2].pk))
    assert node.current == "12 of 30 (40%)"


def test_the_activity_lead_keeps_its_measures_others_do_not(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    _scorecard(other_tenant)
    lead = _lead(tenant)
    url = reverse(
        "measures:activity_measures",
        kwargs={"slug": tenant.community.slug, "activity_id": tenant.activity.pk},
    )
    data = {
        "form": "measure",
        "quadrant": "how_much",
        "name_en": "Workshops held",
        "direction": "up",
    }
    for user, allowed in (
        (member(tenant.community, Role.MEMBER), False),
        (other_tenant.coordinator, False),
        (lead, True),
        (tenant.coordinator, True),
    ):
        client.force_login(user)
        response = client.post(url, data)
        assert (response.status_code == 302) is allowed, user
    assert PerformanceMeasure.objects.filter(activity=tenant.activity).count() == 2
    # The other tenant's activity is not found under this community's address.
    client.force_login(tenant.coordinator)
    wrong = reverse(
        "measures:activity_measures",
        kwargs={"slug": tenant.community.slug, "activity_id": other_tenant.activity.pk},
    )
    assert client.post(wrong, data).status_code == 404
    measure = PerformanceMeasure.objects.filter(activity=tenant.activity).first()
    client.force_login(other_tenant.coordinator)
    edit = reverse(
        "measures:measure_edit",
        kwargs={"slug": other_tenant.community.slug, "measure_id": measure.pk},
    )
    assert client.post(edit, {"delete": "1"}).status_code == 404
    # Values for a period through the form: a wrong one saves nothing and says why.
    client.force_login(lead)
    m = measure.pk
    response = client.post(url, {"form": "values", "period": "2026-Q1", f"m{m}-value": "abc"})
    assert response.status_code == 200
    assert "Enter a number, written with a dot" in response.content.decode()
    assert not PerformanceValue.objects.filter(measure=measure).exists()
    response = client.post(url, {"form": "values", "period": "2026-Q1", f"m{m}-value": "4"})
    assert response.status_code == 302
    assert PerformanceValue.objects.get(measure=measure).value == 4


def test_the_scorecard_is_public_where_the_plan_is(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    _scorecard(tenant)
    _scorecard(other_tenant, publish=False)
    url = reverse("measures:community_scorecard", kwargs={"slug": tenant.community.slug})
    with translation.override("es"):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="es")
    page = response.content.decode()
    assert response.status_code == 200
    assert_present(tenant, page)
    assert_absent(other_tenant, page)
    assert "¿Alguien está mejor?" in page
    assert "21 de 35 (60%)" in page
    assert 'points="' in page and "," not in page.split('points="')[1].split(" ")[0].replace(
        ",", "", 1
    )
    # The other tenant's plan is not published: its result and measures are for members.
    other = reverse("measures:community_scorecard", kwargs={"slug": other_tenant.community.slug})
    assert other_tenant.marker not in client.get(other).content.decode()
    client.force_login(member(other_tenant.community, Role.MEMBER))
    page = client.get(other).content.decode()
    assert_present(other_tenant, page)
    assert_absent(tenant, page)
    csv = b"".join(
        client.get(
            reverse(
                "measures:community_scorecard_csv", kwargs={"slug": other_tenant.community.slug}
            )
        ).streaming_content
    ).decode()
    assert "measure" in csv and "2026-Q2,21.0,35.0,60.0" in csv
    assert_absent(tenant, csv)


def test_the_network_scorecard_rolls_county_indicators_up(
    client, tenant, other_tenant, django_assert_max_num_queries
):  # type: ignore[no-untyped-def]
    _scorecard(other_tenant)
    ngoal = NetworkGoal.objects.create(network=tenant.network, title="Thriving children")
    counties = [tenant.community] + [
        CommunityFactory(network=tenant.network, slug=f"county-{n}", name=f"County {n}")
        for n in range(3)
    ]
    for n, community in enumerate(counties):
        goal = CountyGoal.objects.create(
            community=community, title=f"Safe children {n}", network_goal=ngoal
        )
        result = indicator_actions.result_create(
            actor=tenant.coordinator, owner=goal, community=community, title_en=f"Safe {n}"
        )
        indicator = indicator_actions.indicator_create(
            actor=tenant.coordinator,
            result=result,
            name_en=f"Reports {n} {tenant.marker}",
            direction="down",
            target_value=8.0,
        )
        for year, value in enumerate((10.0, 9.0 + n)):
            indicator_actions.value_put(indicator=indicator, period=str(2024 + year), value=value)
    url = reverse("measures:network_scorecard", kwargs={"network_slug": tenant.network.slug})
    with django_assert_max_num_queries(20):
        response = client.get(url)
    page = response.content.decode()
    assert_present(tenant, page)
    assert_absent(other_tenant, page)
    goals = scorecard_tree.network_tree(UserFactory(), tenant.network)
    rollup = goals[0].rollup
    assert (rollup.total, rollup.better, rollup.flat, rollup.worse) == (4, 1, 1, 2)
    assert rollup.at_target == 0 and rollup.with_target == 4
    # A signed-in network lead: the same number of queries, whatever the number of counties.
    lead = UserFactory()
    tenant.network.stewards.add(lead)
    client.force_login(lead)
    with django_assert_max_num_queries(24):
        assert client.get(url).status_code == 200
    client.logout()
    # A private county's indicators are for its members only.
    counties[1].is_public = False
    counties[1].save(update_fields=["is_public"])
    assert "Reports 1" not in client.get(url).content.decode()
