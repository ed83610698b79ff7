"""The referral loop through the API: the same rules as the pages, reads recorded."""

import datetime as dt

from django.utils import timezone

from groundwork.api.services import api_token_create
from groundwork.referrals.models import AccessRecord, Referral, Status

from .conftest import refer


def _auth(user):  # type: ignore[no-untyped-def]
    _token, key = api_token_create(user=user, name="partner system")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def _payload(w, **overrides):  # type: ignore[no-untyped-def]
    body = {
        "services": [str(w.food.hsds_id), str(w.housing.hsds_id)],
        "person": {"name": "Ana Ruiz", "phone": "919-555-0199", "language": "es"},
        "needs": ["food"],
        "urgency": "urgent",
        "note": "Needs help this week",
        "consent": {
            "method": "verbal",
            "attested": True,
            "fields": ["contact"],
            "until": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
        },
        "idempotency_key": "system-42",
    }
    body.update(overrides)
    return body


def test_create_list_read_change_status_and_message(world, client):
    w, other = world
    sender = _auth(w.people.counselor)
    url = f"/api/communities/{w.community.slug}/referrals"
    response = client.post(url, _payload(w), content_type="application/json", **sender)
    assert response.status_code == 201, response.content
    created = response.json()
    assert [r["service_name"] for r in created] == ["Food boxes", "Housing help"]
    assert created[0]["status"] == "sent"
    # A retry with the same key creates nothing new.
    again = client.post(url, _payload(w), content_type="application/json", **sender)
    assert [r["id"] for r in again.json()] == [r["id"] for r in created]
    # The same person again, without the retry key: a duplicate, 409.
    duplicate = client.post(
        url, _payload(w, idempotency_key=""), content_type="application/json", **sender
    )
    assert duplicate.status_code == 409
    assert sorted(duplicate.json()["duplicates"]) == sorted(r["id"] for r in created)
    # A service of the other community cannot be named.
    foreign = _payload(w, services=[str(other.food.hsds_id)], idempotency_key="x")
    assert client.post(url, foreign, content_type="application/json", **sender).status_code == 422

    receiver = _auth(w.people.pantry_staff)
    inbox = client.get(url, **receiver).json()
    assert [r["id"] for r in inbox] == [created[0]["id"]]
    assert "Ana" not in str(inbox)
    food_id = created[0]["id"]
    detail = client.get(f"{url}/{food_id}", **receiver).json()
    assert detail["person"]["name"] == "Ana Ruiz" and detail["person"]["note"] is None
    record = AccessRecord.objects.get()
    assert record.reason == "api" and record.viewer == w.people.pantry_staff

    status_url = f"{url}/{food_id}/status"
    refused = client.post(
        status_url, {"to_status": "closed"}, content_type="application/json", **receiver
    )
    assert refused.status_code == 422
    accepted = client.post(
        status_url, {"to_status": "accepted"}, content_type="application/json", **receiver
    )
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    message = client.post(
        f"{url}/{food_id}/messages",
        {"body": "Seen today"},
        content_type="application/json",
        **receiver,
    )
    assert message.status_code == 201
    assert Referral.objects.get(pk=food_id).status == Status.ACCEPTED


def test_the_api_keeps_the_pages_rules(world, client):
    w, other = world
    food, _ = refer(w)
    url = f"/api/communities/{w.community.slug}/referrals"
    assert client.get(url).status_code == 401
    for outsider in (w.people.coordinator, w.people.pantry_plain, other.people.pantry_staff):
        headers = _auth(outsider)
        assert client.get(url, **headers).status_code == 403
        assert client.get(f"{url}/{food.pk}", **headers).status_code == 403
    bystander = _auth(w.people.bystander)
    assert client.get(f"{url}/{food.pk}", **bystander).status_code == 403
    assert (
        client.post(
            f"{url}/{food.pk}/status",
            {"to_status": "accepted"},
            content_type="application/json",
            **_auth(w.people.counselor),
        ).status_code
        == 403
    )
    assert not AccessRecord.objects.exists()


def test_the_referral_routes_are_documented():
    from groundwork.api.api import api

    paths = api.get_openapi_schema()["paths"]
    assert "/api/communities/{slug}/referrals" in paths
    assert "/api/communities/{slug}/referrals/{referral_id}/status" in paths


def test_a_negative_offset_lists_from_the_start(world, client):
    w = world[0]
    food, _ = refer(w)
    url = f"/api/communities/{w.community.slug}/referrals?offset=-5"
    response = client.get(url, **_auth(w.people.pantry_staff))
    assert response.status_code == 200
    assert [r["id"] for r in response.json()] == [food.pk]


def test_the_idempotency_key_header_makes_every_referral_write_retry_safe(world, client):
    from groundwork.referrals.models import Message

    w, other = world
    sender = _auth(w.people.counselor)
    url = f"/api/communities/{w.community.slug}/referrals"

    def post(path, body, auth, key):  # type: ignore[no-untyped-def]
        return client.post(
            path, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY=key, **auth
        )

    # A new referral with the key in the header only: the retry gets the first answer.
    body = _payload(w, idempotency_key="")
    first = post(url, body, sender, "referral-1")
    again = post(url, body, sender, "referral-1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert Referral.objects.filter(community=w.community).count() == 2
    food_id = first.json()[0]["id"]
    receiver = _auth(w.people.pantry_staff)
    # A status change sent twice: the second is the first's answer, not a refused change.
    status_url = f"{url}/{food_id}/status"
    accepted = post(status_url, {"to_status": "accepted"}, receiver, "accept-1")
    retried = post(status_url, {"to_status": "accepted"}, receiver, "accept-1")
    assert accepted.status_code == retried.status_code == 200
    assert retried.json() == accepted.json() and retried["Idempotent-Replayed"] == "true"
    # A message sent twice with one key is stored once; the same key for another message is
    # refused; without a key the route answers as it always did.
    messages_url = f"{url}/{food_id}/messages"
    assert post(messages_url, {"body": "Seen today"}, receiver, "m-1").status_code == 201
    assert post(messages_url, {"body": "Seen today"}, receiver, "m-1").status_code == 201
    assert post(messages_url, {"body": "Other"}, receiver, "m-1").status_code == 422
    assert Message.objects.filter(referral_id=food_id).count() == 1
    plain = client.post(
        messages_url, {"body": "Called"}, content_type="application/json", **receiver
    )
    assert plain.status_code == 201
    # The same key from another account is that account's own write, and nothing of the
    # other community changed.
    assert post(messages_url, {"body": "Seen today"}, sender, "m-1").status_code == 201
    assert Message.objects.filter(referral_id=food_id).count() == 3
    assert not Referral.objects.filter(community=other.community).exists()
