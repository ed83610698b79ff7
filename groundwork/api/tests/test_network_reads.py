"""Newsletters, grants and requests for help through the API, beside a second tenant: each
read under the same rule as its page, nothing of the other tenant in any answer."""

from datetime import timedelta

import pytest
from django.utils import timezone

from groundwork.api import services as api
from groundwork.api.models import TokenAccess
from groundwork.communities.models import Role
from groundwork.communities.tests.factories import member
from groundwork.funding.tests.test_funding import _two_grants
from groundwork.library.actions import help
from groundwork.newsletters.models import Issue, MailingList, Subscription

pytestmark = pytest.mark.django_db


def _bearer(user) -> dict[str, str]:  # type: ignore[no-untyped-def]
    _t, key = api.api_token_create(user=user, name="reads", access=TokenAccess.READ)
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def _newsletter(tenant, **owner):  # type: ignore[no-untyped-def]
    mailing_list = MailingList.objects.create(
        slug="news", name_en=f"News {tenant.marker}", name_es="Noticias", **owner
    )
    Subscription.objects.create(
        mailing_list=mailing_list,
        email="ana@example.org",
        language="es",
        confirmed_at=timezone.now(),
    )
    sent = Issue.objects.create(
        mailing_list=mailing_list,
        subject_en="June news",
        subject_es="Noticias de junio",
        body_en="The clinic bus runs.",
        body_es="El autobús a la clínica funciona.",
        status=Issue.Status.SENT,
        sent_at=timezone.now() - timedelta(days=3),
    )
    Issue.objects.create(mailing_list=mailing_list, subject_en="Draft, not for the public")
    return mailing_list, sent


def test_newsletters_their_archive_and_issue_text(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    ours, sent = _newsletter(tenant, community=tenant.community)
    _newsletter(other_tenant, community=other_tenant.community)
    network_list, _ = _newsletter(tenant, network=tenant.network)
    base = f"/api/communities/{tenant.label}/newsletters"
    lists = client.get(base).json()
    assert [(m["slug"], m["name_en"], m["issues_sent"]) for m in lists] == [
        ("news", f"News {tenant.marker}", 1)
    ]
    assert "ana@example.org" not in str(lists)
    issues = client.get(f"{base}/news/issues").json()
    assert [i["id"] for i in issues] == [sent.pk]
    spanish = client.get(f"{base}/news/issues/{sent.pk}", HTTP_ACCEPT_LANGUAGE="es").json()
    assert spanish["subject"] == "Noticias de junio"
    assert "El autobús a la clínica funciona." in spanish["text"]
    assert "unsubscribe" not in spanish["text"].lower() and "/newsletters/" not in spanish["text"]
    draft = ours.issues.get(status=Issue.Status.DRAFT)
    assert client.get(f"{base}/news/issues/{draft.pk}").status_code == 404
    # Another community's issue through our list's address does not exist.
    theirs = Issue.objects.get(
        mailing_list__community=other_tenant.community, sent_at__isnull=False
    )
    assert client.get(f"{base}/news/issues/{theirs.pk}").status_code == 404
    network = client.get(f"/api/networks/{tenant.network.slug}/newsletters").json()
    assert [m["slug"] for m in network] == [network_list.slug]
    # A private community's lists: its members only.
    tenant.community.is_public = False
    tenant.community.save()
    assert client.get(base).status_code == 401
    assert client.get(base, **_bearer(other_tenant.coordinator)).status_code == 403
    assert client.get(f"{base}/news/issues", **_bearer(tenant.coordinator)).status_code == 200


def test_grants_for_the_coalitions_members_and_the_networks_stewards(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    short, long, _second = _two_grants(tenant)
    _two_grants(other_tenant)
    path = f"/api/communities/{tenant.label}/grants"
    assert client.get(path).status_code == 401
    assert client.get(path, **_bearer(other_tenant.coordinator)).status_code == 403
    resident = member(tenant.community, Role.MEMBER)
    grants = client.get(path, **_bearer(resident)).json()
    assert [(g["id"], g["amount_cents"]) for g in grants] == [
        (short.pk, 1_500_000),
        (long.pk, 9_000_050),
    ]
    assert grants[0]["communities"] == [tenant.label]
    assert grants[0]["reporting_dates"] == [{"due_on": "2027-06-30", "note": ""}]
    assert grants[0]["funder"] == "County Health Fund"
    network = f"/api/networks/{tenant.network.slug}/grants"
    assert client.get(network, **_bearer(resident)).status_code == 403
    assert client.get(network, **_bearer(other_tenant.coordinator)).status_code == 403
    mine = client.get(network, **_bearer(tenant.coordinator)).json()  # a steward (_two_grants)
    assert {g["id"] for g in mine} == {short.pk, long.pk}


def test_requests_for_help_for_the_coalition_and_its_networks_stewards(
    client, tenant, other_tenant
):  # type: ignore[no-untyped-def]
    ours = help.request_create(
        actor=tenant.coordinator,
        community=tenant.community,
        kind="mentoring",
        topic="Youth council",
    )
    help.request_create(
        actor=other_tenant.coordinator,
        community=other_tenant.community,
        kind="mentoring",
        topic=f"Pantry {other_tenant.marker}",
    )
    path = f"/api/communities/{tenant.label}/help-requests"
    assert client.get(path).status_code == 401
    assert client.get(path, **_bearer(other_tenant.coordinator)).status_code == 403
    found = client.get(path, **_bearer(tenant.coordinator)).json()
    assert [(r["id"], r["topic"], r["status"]) for r in found] == [
        (ours.pk, "Youth council", "new")
    ]
    network = f"/api/networks/{tenant.network.slug}/help-requests"
    assert client.get(network, **_bearer(tenant.coordinator)).status_code == 403
    tenant.network.stewards.add(other_tenant.coordinator)  # a steward of ours, not of theirs
    rows = client.get(network, **_bearer(other_tenant.coordinator)).json()
    assert [r["id"] for r in rows] == [ours.pk]
    assert other_tenant.marker not in str(rows)
