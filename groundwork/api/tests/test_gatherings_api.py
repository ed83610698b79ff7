"""A process's gatherings through the API: its facilitators only, its own gatherings only."""

import pytest
from django.utils import timezone

from groundwork.api import services as api_services
from groundwork.communities.models import Role
from groundwork.communities.tests.factories import member
from groundwork.planning import services as planning
from groundwork.planning.models import Gathering

pytestmark = pytest.mark.django_db


def _bearer(user) -> dict[str, str]:  # type: ignore[no-untyped-def]
    _token, key = api_services.api_token_create(user=user, name="calendar")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def _gathering(tenant, title: str) -> Gathering:  # type: ignore[no-untyped-def]
    return Gathering.objects.create(
        community=tenant.community,
        process=tenant.process,
        title=title,
        kind=Gathering.Kind.LARGE,
        starts_at=timezone.now(),
        language="es",
        interpretation="ASL",
    )


def test_facilitators_list_their_gatherings(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    hall = _gathering(tenant, "Town hall")
    _gathering(other_tenant, f"Their {other_tenant.marker} meeting")
    planning.contributions_submit(
        process=tenant.process,
        participant=None,
        answers=[planning.Answer("problems", "No sidewalks"), planning.Answer("allies", "Church")],
        language="es",
        channel="large_group",
        idempotency_key="hall-1",
        actor=tenant.coordinator,
        gathering=hall,
    )
    url = f"/api/communities/{tenant.label}/processes/2027/gatherings"
    rows = client.get(url, **_bearer(tenant.coordinator)).json()
    assert [(g["title"], g["answers"], g["interpretation"]) for g in rows] == [
        ("Town hall", 2, "ASL")
    ]
    assert client.get(url).status_code == 401
    for person in (member(tenant.community, Role.MEMBER), other_tenant.coordinator):
        assert client.get(url, **_bearer(person)).status_code == 403
