"""The de-identified figures through the API: the figures of ``report.py`` (the same as the
pages and their CSV files), the same suppression, the same rules, no one's details."""

import pytest
from django.urls import reverse

from groundwork.api.services import api_token_create
from groundwork.communities.models import ReferralsRole, Role
from groundwork.communities.tests.factories import (
    MembershipFactory,
    NetworkFactory,
    UserFactory,
)
from groundwork.referrals.actions import statuses
from groundwork.referrals.models import AccessRecord
from groundwork.referrals.report import network_referral_report, referral_report

from .conftest import refer


def _auth(user):  # type: ignore[no-untyped-def]
    _token, key = api_token_create(user=user, name="partner system")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def _url(w):  # type: ignore[no-untyped-def]
    return f"/api/communities/{w.community.slug}/referrals/report"


def _network_url(network):  # type: ignore[no-untyped-def]
    return f"/api/networks/{network.slug}/referrals/report"


def _table(body, key):  # type: ignore[no-untyped-def]
    table = next(t for t in body["tables"] if t["key"] == key)
    return {row["label"]: row["count"] for row in table["rows"]}


def _counts(body):  # type: ignore[no-untyped-def]
    counts = [body["total"], body["accepted"]]
    for table in body["tables"]:
        counts += [row["count"] for row in table["rows"]] + [table["total"]]
    return counts


def _same_as(body, report):  # type: ignore[no-untyped-def]
    """The API's figures are the report's, cell for cell."""
    assert body["total"] == report.total.value
    assert body["accepted"] == report.accepted_count.value
    assert body["median_days_to_accept"] == report.median_days_to_accept
    assert [t["key"] for t in body["tables"]] == [t.key for t in report.tables]
    for out, table in zip(body["tables"], report.tables, strict=True):
        assert out["total"] == (None if table.total is None else table.total.value)
        assert [(r["label"], r["code"], r["count"]) for r in out["rows"]] == [
            (r.label, r.code, r.cell.value) for r in table.rows
        ]


def _network_of(w):  # type: ignore[no-untyped-def]
    network = NetworkFactory()
    w.community.network = network
    w.community.save()  # the other community is in no network
    steward = UserFactory()
    network.stewards.add(steward)
    return network, steward


def test_a_communitys_figures_count_its_own_referrals_only(world, client):
    w, other = world
    for _ in range(12):
        refer(w, services_=[w.food], confirm_duplicate=True)
    refer(w, services_=[w.housing], confirm_duplicate=True)
    for _ in range(20):
        refer(other, services_=[other.food], confirm_duplicate=True)
    response = client.get(_url(w), **_auth(w.people.coordinator))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["community"] == w.community.slug and body["network"] is None
    assert body["total"] == 13  # not the other community's 20
    assert _table(body, "status")["Sent"] == 13
    by_code = {r["code"]: r["count"] for t in body["tables"] for r in t["rows"] if r["code"]}
    assert by_code["sent"] == 13 and by_code["food"] == 13
    # 12 shown would give away the 1 beside it: both hidden, as on the page.
    assert _table(body, "service") == {"Food boxes": None, "Housing help": None}
    _same_as(body, referral_report(community=w.community))
    assert "Rosa" not in response.content.decode()
    assert "poultry" not in response.content.decode()
    assert not AccessRecord.objects.exists()


def test_a_networks_figures_cover_its_communities_only(world, client):
    w, other = world
    network, steward = _network_of(w)
    for _ in range(11):
        refer(w, services_=[w.food], confirm_duplicate=True)
    for _ in range(11):
        refer(other, services_=[other.food], confirm_duplicate=True)
    response = client.get(_network_url(network), **_auth(steward))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["network"] == network.slug and body["total"] == 11
    assert "Harvest Pantry (County A)" in _table(body, "receiver")
    assert "Harvest Pantry (County B)" not in _table(body, "receiver")
    _same_as(body, network_referral_report(network=network))
    assert "Rosa" not in response.content.decode()
    # The network's CSV holds the same total.
    client.force_login(steward)
    csv_text = client.get(reverse("referrals:network_report", args=[network.slug]) + "?format=csv")
    assert "referrals,total,11" in csv_text.content.decode()


def test_every_count_is_suppressed_and_sensitive_services_are_not_named(world, client):
    """A handful of referrals: every figure is a small count, and none is published."""
    w, other = world
    network, steward = _network_of(w)
    food, housing = refer(w)
    statuses.referral_transition(actor=w.people.pantry_staff, referral=food, to_status="accepted")
    statuses.referral_transition(
        actor=w.people.pantry_staff, referral=food, to_status="closed", reason="help_received"
    )
    statuses.referral_transition(
        actor=w.people.clinic_staff, referral=housing, to_status="declined", reason="other"
    )
    refer(w, services_=[w.recovery], method="signed", confirm_duplicate=True)
    for _ in range(3):
        refer(other, confirm_duplicate=True)
    for url, user in ((_url(w), w.people.coordinator), (_network_url(network), steward)):
        response = client.get(url, **_auth(user))
        assert response.status_code == 200
        body = response.json()
        counts = _counts(body)
        assert counts and all(c is None or c == 0 for c in counts), counts
        assert body["median_days_to_accept"] is None
        assert "Recovery program" not in response.content.decode()
        assert "Sensitive services" in _table(body, "service")


ROLES = [
    "counselor",
    "pantry_staff",
    "pantry_admin",
    "clinic_staff",
    "bystander",
    "coordinator",
    "pantry_plain",
    "facilitator",
    "member",
    "viewer",
    "other_tenant_coordinator",
    "other_tenant_pantry",
    "steward",
    "other_network_steward",
]
HANDLE_REFERRALS = {"counselor", "pantry_staff", "pantry_admin", "clinic_staff", "bystander"}


def _users(world):  # type: ignore[no-untyped-def]
    w, other = world
    network, steward = _network_of(w)
    _elsewhere, other_steward = _network_of(other)
    users = {role: getattr(w.people, role, None) for role in ROLES}
    for role in (Role.MEMBER, Role.VIEWER):
        users[role] = UserFactory()
        MembershipFactory(
            community=w.community, user=users[role], role=role, referrals_role=ReferralsRole.NONE
        )
    users["other_tenant_coordinator"] = other.people.coordinator
    users["other_tenant_pantry"] = other.people.pantry_staff
    users["steward"] = steward
    users["other_network_steward"] = other_steward
    return network, users


@pytest.mark.parametrize("role", ROLES)
def test_the_figures_keep_the_pages_rules(world, client, role):
    """The community's figures for its coordinators and the members who handle referrals, the
    network's for its staff; every other role is refused, with a token or a session, exactly
    where the page refuses."""
    w = world[0]
    refer(w)
    network, users = _users(world)
    user = users[role]
    community_allowed = role in HANDLE_REFERRALS or role == "coordinator"
    network_allowed = role == "steward"
    headers = _auth(user)
    assert client.get(_url(w), **headers).status_code == (200 if community_allowed else 403)
    assert client.get(_network_url(network), **headers).status_code == (
        200 if network_allowed else 403
    )
    client.force_login(user)
    page = client.get(reverse("referrals:report", args=[w.community.slug]))
    assert page.status_code == (200 if community_allowed else 403)
    assert client.get(_url(w)).status_code == page.status_code  # session, as the page
    network_page = client.get(reverse("referrals:network_report", args=[network.slug]))
    assert network_page.status_code == (200 if network_allowed else 403)
    assert client.get(_network_url(network)).status_code == network_page.status_code
    assert not AccessRecord.objects.exists()


def test_anonymous_callers_and_bad_tokens_are_refused(world, client):
    w = world[0]
    refer(w)
    network, _steward = _network_of(w)
    for url in (_url(w), _network_url(network)):
        assert client.get(url).status_code == 401
        assert client.get(url, HTTP_AUTHORIZATION="Bearer gw_nonsense").status_code == 401
    assert client.get("/api/networks/nowhere/referrals/report").status_code == 404


def test_the_figures_routes_are_documented():
    from groundwork.api.api import api

    paths = api.get_openapi_schema()["paths"]
    for path in (
        "/api/communities/{slug}/referrals/report",
        "/api/networks/{slug}/referrals/report",
    ):
        operation = paths[path]["get"]
        assert operation["description"]
        assert {200, 401, 403, 404} <= {int(code) for code in operation["responses"]}
        schema = operation["responses"][200]["content"]["application/json"]["schema"]
        assert schema["$ref"].endswith("/ReferralReportOut")
