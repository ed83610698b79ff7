"""Funders and grants of a network: recorded by its stewards only, for its own coalitions and
their activities; the runway (which activities lose funding when a grant ends), per network
and per coalition; 360Giving JSON and CSV with every field the standard requires."""

import csv
import io
import json
from datetime import date

import pytest
from django.urls import reverse

from groundwork.core.errors import ApplicationError
from groundwork.core.testing import assert_absent, unchanged
from groundwork.funding import giving360, selectors, services
from groundwork.funding.runway import Stream, runway
from groundwork.plans import services as plans

pytestmark = pytest.mark.django_db


def _steward(tenant):  # type: ignore[no-untyped-def]
    tenant.network.stewards.add(tenant.coordinator)
    return tenant.coordinator


def _two_grants(tenant):  # type: ignore[no-untyped-def]
    steward = _steward(tenant)
    second = plans.activity_save(
        actor=tenant.coordinator, plan=tenant.plan, goal=tenant.goal, title="Food pantry"
    )
    funder = services.funder_create(
        actor=steward, network=tenant.network, name="County Health Fund", kind="county"
    )
    short = services.grant_create(
        actor=steward,
        network=tenant.network,
        funder=funder,
        title="Rides pilot",
        recipient="Health co-op",
        amount_cents=1_500_000,
        awarded_on=date(2027, 1, 10),
        starts_on=date(2027, 2, 1),
        ends_on=date(2027, 12, 31),
        communities=[tenant.community],
        activities=[tenant.activity, second],
        reporting_dates=[date(2027, 6, 30)],
    )
    long = services.grant_create(
        actor=steward,
        network=tenant.network,
        funder=funder,
        title="Pantry for three years",
        recipient="Health co-op",
        amount_cents=9_000_050,
        awarded_on=date(2027, 1, 10),
        starts_on=date(2027, 2, 1),
        ends_on=date(2029, 12, 31),
        communities=[tenant.community],
        activities=[second],
    )
    return short, long, second


def test_runway_lists_grants_as_they_end_and_who_loses_funding(tenant, other_tenant):  # type: ignore[no-untyped-def]
    _two_grants(other_tenant)
    with unchanged(other_tenant):
        short, long, pantry = _two_grants(tenant)
        grants = list(selectors.network_grants(tenant.network))
        rows = selectors.runway_rows(grants, today=date(2027, 3, 1))
    assert [r["grant"] for r in rows] == [short, long]
    assert rows[0]["losing"] == [tenant.activity]  # the pantry is still covered
    assert rows[0]["covered"] == [pantry]
    assert rows[1]["losing"] == [pantry]
    assert rows[0]["days_left"] == 305
    assert [r.due_on for r in selectors.reporting_due(grants, today=date(2027, 3, 1))] == [
        date(2027, 6, 30)
    ]
    assert_absent(other_tenant, [r["grant"].title + str(r["losing"]) for r in rows])


def test_runway_leaves_out_ended_grants() -> None:
    streams = [Stream("a", date(2027, 1, 1), 1, ("x",)), Stream("b", date(2028, 1, 1), 1, ("x",))]
    assert [e.stream.key for e in runway(streams, today=date(2027, 6, 1))] == ["b"]
    assert runway(streams)[0].losing == ()


def test_only_stewards_record_grants_for_their_own_coalitions(tenant, other_tenant):  # type: ignore[no-untyped-def]
    with pytest.raises(ApplicationError):
        services.funder_create(
            actor=tenant.coordinator, network=tenant.network, name="X", kind="foundation"
        )
    steward = _steward(tenant)
    funder = services.funder_create(
        actor=steward, network=tenant.network, name="X", kind="foundation"
    )
    with unchanged(other_tenant), pytest.raises(ApplicationError):
        services.grant_create(
            actor=steward,
            network=tenant.network,
            funder=funder,
            title="Theirs",
            recipient="R",
            amount_cents=100,
            awarded_on=date(2027, 1, 1),
            starts_on=date(2027, 1, 1),
            ends_on=date(2027, 2, 1),
            communities=[other_tenant.community],
        )
    with pytest.raises(ApplicationError):
        services.grant_create(
            actor=steward,
            network=tenant.network,
            funder=funder,
            title="Their activity",
            recipient="R",
            amount_cents=100,
            awarded_on=date(2027, 1, 1),
            starts_on=date(2027, 1, 1),
            ends_on=date(2027, 2, 1),
            communities=[tenant.community],
            activities=[other_tenant.activity],
        )


def test_pages_are_for_stewards_and_members(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    _two_grants(tenant)
    network_url = reverse("funding:network", args=[tenant.network.slug])
    community_url = reverse("funding:community", args=[tenant.community.slug])
    assert client.get(network_url).status_code == 302
    assert client.get(community_url).status_code == 302
    client.force_login(other_tenant.coordinator)
    assert client.get(network_url).status_code == 403
    assert client.get(community_url).status_code == 403
    assert client.get(reverse("funding:export_json", args=[tenant.network.slug])).status_code == 403
    client.force_login(tenant.coordinator)
    page = client.get(network_url).content.decode()
    assert "Rides pilot" in page and "Lose their funding then" in page
    assert_absent(other_tenant, page)
    assert "Pantry for three years" in client.get(community_url).content.decode()


def test_a_steward_records_a_grant_with_unlocalized_amounts(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    steward = _steward(tenant)
    funder = services.funder_create(
        actor=steward, network=tenant.network, name="Fund", kind="foundation"
    )
    client.force_login(steward)
    with unchanged(other_tenant):
        response = client.post(
            reverse("funding:network", args=[tenant.network.slug]),
            {
                "action": "grant",
                "grant-funder": funder.pk,
                "grant-title": "Bridge",
                "grant-recipient": "Co-op",
                "grant-amount": "25000.75",
                "grant-awarded_on": "2027-01-02",
                "grant-starts_on": "2027-02-01",
                "grant-ends_on": "2027-08-01",
                "grant-communities": [tenant.community.pk],
                "grant-activities": [tenant.activity.pk],
            },
            HTTP_ACCEPT_LANGUAGE="es",
        )
    assert response.status_code == 302
    grant = tenant.network.grants.get()
    assert grant.amount_cents == 2_500_075
    assert list(grant.activities.all()) == [tenant.activity]


def test_360giving_exports_carry_every_required_field(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    _two_grants(other_tenant)
    short, long, _pantry = _two_grants(tenant)
    client.force_login(tenant.coordinator)
    data = json.loads(
        client.get(reverse("funding:export_json", args=[tenant.network.slug])).content
    )
    assert list(data) == ["grants"]
    assert len(data["grants"]) == 2
    for record in data["grants"]:
        for name in giving360.REQUIRED:
            assert record[name] not in (None, "", []), name
        assert isinstance(record["amountAwarded"], int | float)
        for org in record["recipientOrganization"] + record["fundingOrganization"]:
            assert org["id"] and org["name"]
        assert record["id"].startswith("360G-")
    assert data["grants"][1]["amountAwarded"] == 90000.5
    assert len({r["id"] for r in data["grants"]}) == 2
    assert_absent(other_tenant, data)
    text = client.get(reverse("funding:export_csv", args=[tenant.network.slug])).content.decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 2
    for title in (
        "Identifier",
        "Title",
        "Description",
        "Currency",
        "Amount Awarded",
        "Award Date",
        "Recipient Org:Identifier",
        "Recipient Org:Name",
        "Funding Org:Identifier",
        "Funding Org:Name",
    ):
        assert all(row[title] for row in rows), title
    assert rows[0]["Amount Awarded"] == "15000"
    assert rows[0]["Award Date"] == "2027-01-10"
