"""Votes and attendance sent from a device's offline queue: the statements a voting page keeps
for offline use, each queued vote and attendance sheet applied once, what the server refuses
answered with its reason, and a key replayed by someone else acting on nothing."""

import pytest
from django.test import Client
from django.urls import reverse

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import member
from groundwork.deliberation import services as deliberation
from groundwork.deliberation.models import Vote
from groundwork.gatherings import services as gatherings
from groundwork.gatherings.models import AttendanceSave
from groundwork.gatherings.tests.helpers import committed, make_gathering
from groundwork.planning.participants import PARTICIPANT_COOKIE

pytestmark = pytest.mark.django_db

QUEUE = {"HTTP_X_GROUNDWORK_QUEUE": "1"}


def _vote_url(tenant, name="vote"):  # type: ignore[no-untyped-def]
    return reverse(f"deliberation:{name}", args=[tenant.community.slug, tenant.process.slug])


def _vote(client, tenant, statement, key, value="1"):  # type: ignore[no-untyped-def]
    data = {
        "statement": str(statement.pk),
        "value": value,
        "idempotency_key": key,
        "field_captured_at": "2026-11-30T10:00:00+00:00",
        "field_device": "phone1",
    }
    return client.post(_vote_url(tenant), data, **QUEUE)


def test_the_statements_kept_for_voting_offline(client, tenant, other_tenant):
    data = client.get(_vote_url(tenant, "vote_ahead"), HTTP_ACCEPT_LANGUAGE="es").json()
    ours = set(tenant.conversation.statements.values_list("pk", flat=True))
    assert {s["id"] for s in data["statements"]} == ours  # none of the other tenant's
    assert data["open"] is True and data["voted"] == 0 and data["total"] == len(ours)
    assert all('class="gw-statement"' in s["html"] for s in data["statements"])
    first = tenant.conversation.statements.order_by("pk").first()
    assert _vote(client, tenant, first, "v-1").json()["status"] == "stored"
    data = client.get(_vote_url(tenant, "vote_ahead")).json()
    assert first.pk not in {s["id"] for s in data["statements"]}
    assert data["voted"] == 1
    page = client.get(_vote_url(tenant)).content.decode()
    assert "data-field-queue" in page and _vote_url(tenant, "vote_ahead") in page


def test_a_queued_vote_is_stored_once_and_a_replayed_key_acts_on_nothing(
    client, tenant, other_tenant
):
    statement = tenant.conversation.statements.order_by("pk").first()
    for _attempt in range(2):  # the second is a retry after a lost acknowledgement
        response = _vote(client, tenant, statement, "v-once")
        assert response.status_code == 200 and response.json()["status"] == "stored"
    assert Vote.objects.filter(conversation=tenant.conversation).count() == 1
    cookie = PARTICIPANT_COOKIE.format(tenant.process.pk)
    assert cookie in client.cookies  # the queued first vote made the device's participant
    # Another person's device sends the same key: nothing changes, nothing is handed over
    # (acknowledged with a note, as a retry whose first answer was lost would be).
    other = Client()
    response = _vote(other, tenant, statement, "v-once", value="-1")
    assert response.status_code == 200
    assert response.json()["messages"] == [
        "This form was already received. Nothing more was saved."
    ]
    vote = Vote.objects.get(conversation=tenant.conversation)
    assert vote.value == 1 and vote.idempotency_key == "v-once"
    assert cookie not in other.cookies
    # The key means nothing in the other tenant's conversation.
    theirs = other_tenant.conversation.statements.order_by("pk").first()
    assert _vote(other, other_tenant, theirs, "v-once").json()["status"] == "stored"


def test_a_queued_vote_the_server_refuses_comes_back_with_the_reason(client, tenant):
    statement = tenant.conversation.statements.order_by("pk").first()
    conversation = tenant.conversation
    deliberation.conversation_update(
        actor=tenant.coordinator,
        conversation=conversation,
        topic=conversation.topic,
        description=conversation.description,
        strict_moderation=conversation.strict_moderation,
        participants_write=conversation.participants_write,
        is_open=False,
    )
    response = _vote(client, tenant, statement, "v-closed")
    assert response.status_code == 422
    assert response.json()["message"] == "This conversation is closed for votes."
    assert not Vote.objects.filter(idempotency_key="v-closed").exists()
    # Without the queue's header, a closed conversation answers as it always has.
    plain = client.post(_vote_url(tenant), {"statement": statement.pk, "value": "1"})
    assert plain.status_code == 302  # to sign in, as before


def _sheet(client, gathering, key, came, listed, walk_ins="0"):  # type: ignore[no-untyped-def]
    data = {
        "idempotency_key": key,
        "came": [str(pk) for pk in came],
        "listed": [str(pk) for pk in listed],
        "walk_ins": walk_ins,
        "field_captured_at": "2026-11-30T10:00:00+00:00",
        "field_device": "tablet1",
    }
    return client.post(gathering.get_absolute_url() + "door/", data, **QUEUE)


def _registered(gathering, n):  # type: ignore[no-untyped-def]
    with committed():
        return [
            gatherings.registration_create(
                gathering=gathering, name=f"P{i}", email=f"p{i}@example.org", language="en"
            )
            for i in range(n)
        ]


def test_a_queued_attendance_sheet_is_applied_once(client, tenant, other_tenant):
    gathering = make_gathering(tenant.process, tenant.coordinator, title="Door test")
    theirs = make_gathering(other_tenant.process, other_tenant.coordinator, title="Theirs")
    a, b, c = _registered(gathering, 3)
    client.force_login(tenant.coordinator)
    page = client.get(gathering.get_absolute_url() + "door/").content.decode()
    assert "data-field-queue" in page and 'name="idempotency_key"' in page
    response = _sheet(client, gathering, "s-1", [a.pk], [a.pk, b.pk], walk_ins="4")
    assert response.json()["status"] == "stored"
    gathering.refresh_from_db()
    assert gathering.actual_attendance == 5
    saved = AttendanceSave.objects.get(gathering=gathering)
    assert saved.captured_device == "tablet1" and saved.captured_at is not None
    # c registered after the sheet was kept on the device: someone else ticks c online.
    client.post(
        gathering.get_absolute_url() + "door/",
        {"idempotency_key": "s-2", "came": [str(a.pk), str(c.pk)], "walk_ins": "4"},
    )
    gathering.refresh_from_db()
    assert gathering.actual_attendance == 6
    # A retry of the first sheet changes nothing (c stays ticked, walk-ins stay).
    assert _sheet(client, gathering, "s-1", [a.pk], [a.pk, b.pk]).json()["status"] == "stored"
    gathering.refresh_from_db()
    assert gathering.actual_attendance == 6
    # A later sheet without c on it leaves c alone.
    _sheet(client, gathering, "s-3", [a.pk, b.pk], [a.pk, b.pk], walk_ins="4")
    gathering.refresh_from_db()
    assert gathering.actual_attendance == 7
    assert not AttendanceSave.objects.filter(gathering=theirs).exists()
    assert theirs.actual_attendance is None


def test_an_attendance_key_replayed_by_someone_else_acts_on_nothing(client, tenant):
    gathering = make_gathering(tenant.process, tenant.coordinator, title="Door test")
    a, b = _registered(gathering, 2)
    client.force_login(tenant.coordinator)
    _sheet(client, gathering, "s-own", [a.pk], [a.pk, b.pk], walk_ins="2")
    other_facilitator = member(tenant.community, Role.COORDINATOR)
    other = Client()
    other.force_login(other_facilitator)
    response = _sheet(other, gathering, "s-own", [b.pk], [a.pk, b.pk], walk_ins="9")
    assert response.status_code == 200  # acknowledged: the device holds nothing to retry
    gathering.refresh_from_db()
    assert gathering.actual_attendance == 3 and gathering.walk_ins == 2
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.attended and not b.attended
    assert AttendanceSave.objects.get().saved_by == tenant.coordinator
    # Signed out, a queued sheet is not taken (the device keeps it for later).
    client.logout()
    assert _sheet(client, gathering, "s-out", [b.pk], [a.pk, b.pk]).status_code == 302
    assert AttendanceSave.objects.count() == 1
