"""Writes through the API: answers, statements, votes and progress updates on behalf of the
people a client refers to; every write retry-safe with an Idempotency-Key scoped to its
sender; refusals are 409/422 with the field and a translated message, and write nothing; the
other tenant (same slugs) never changes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from groundwork.api import services as api_services
from groundwork.api.models import ClientParticipant, TokenAccess
from groundwork.communities.models import Role
from groundwork.communities.tests.factories import member
from groundwork.core.models import AuditEvent
from groundwork.core.testing import unchanged
from groundwork.deliberation.models import Statement, Vote
from groundwork.planning.models import Contribution, Participant
from groundwork.plans.models import ProgressUpdate

pytestmark = pytest.mark.django_db


def _headers(user, key: str, name: str = "kiosk", access=TokenAccess.WRITE) -> dict[str, str]:  # type: ignore[no-untyped-def]
    _token, secret = api_services.api_token_create(user=user, name=name, access=access)
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}", "HTTP_IDEMPOTENCY_KEY": key}


def _post(client, url: str, body, headers):  # type: ignore[no-untyped-def]
    return client.post(url, body, content_type="application/json", **headers)


def _answers_url(tenant) -> str:  # type: ignore[no-untyped-def]
    return f"/api/communities/{tenant.label}/processes/2027/contributions"


ANSWERS = {
    "participant": "kiosk-7",
    "language": "es",
    "answers": [
        {"question": "problems", "text": "No hay autobús a la clínica"},
        {
            "question": "barriers",
            "text": "Reuniones en horario de trabajo",
            "barrier_kind": "internal",
        },
    ],
    "about": {"consent": True, "age_band": "25_44"},
}


def test_a_kiosk_pushes_answers_and_a_retry_stores_nothing_more(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    kiosk = member(tenant.community, Role.MEMBER)
    headers = _headers(kiosk, "batch-1")
    before = Contribution.objects.filter(process=tenant.process).count()
    with unchanged(other_tenant):
        first = _post(client, _answers_url(tenant), ANSWERS, headers)
        again = _post(client, _answers_url(tenant), ANSWERS, headers)
    assert first.status_code == 201, first.content
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    body = first.json()
    assert body["participant"] == "kiosk-7"
    assert [c["question"] for c in body["contributions"]] == ["problems", "barriers"]
    assert body["contributions"][1]["barrier_kind"] == "internal"
    assert Contribution.objects.filter(process=tenant.process).count() == before + 2
    participant = ClientParticipant.objects.get(user=kiosk, reference="kiosk-7").participant
    assert participant.process == tenant.process
    assert participant.consented_at is not None and participant.age_band == "25_44"
    # The same reference later is the same person: a repeat of an answer is not stored again.
    more = _post(
        client,
        _answers_url(tenant),
        {
            "participant": "kiosk-7",
            "answers": [{"question": "problems", "text": "No hay autobús a la clínica"}],
        },
        {**headers, "HTTP_IDEMPOTENCY_KEY": "batch-2"},
    )
    assert more.status_code == 201
    assert Contribution.objects.filter(participant=participant).count() == 2
    event = AuditEvent.objects.filter(
        action="contributions.submitted", community=tenant.community
    ).latest("id")
    assert event.details["api_token"] == "kiosk"


def test_a_key_is_its_senders_own(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    alice = member(tenant.community, Role.MEMBER)
    bob = member(tenant.community, Role.MEMBER)
    first = _post(client, _answers_url(tenant), ANSWERS, _headers(alice, "same-key"))
    # Bob sends the same key and the same reference: his own write, his own participant, and
    # nothing of Alice's answer comes back to him.
    theirs = _post(client, _answers_url(tenant), ANSWERS, _headers(bob, "same-key"))
    assert first.status_code == theirs.status_code == 201
    assert theirs.get("Idempotent-Replayed") is None
    assert {c["id"] for c in theirs.json()["contributions"]}.isdisjoint(
        {c["id"] for c in first.json()["contributions"]}
    )
    assert ClientParticipant.objects.filter(reference="kiosk-7").count() == 2
    # One key for another write is refused, and writes nothing.
    count = Contribution.objects.count()
    other = {**ANSWERS, "answers": [{"question": "strengths", "text": "La biblioteca"}]}
    refused = _post(client, _answers_url(tenant), other, _headers(alice, "same-key"))
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "Idempotency-Key"
    assert Contribution.objects.count() == count


def test_refusals_are_422_or_409_translated_and_write_nothing(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    kiosk = member(tenant.community, Role.MEMBER)
    participants = Participant.objects.count()
    count = Contribution.objects.count()
    too_long = {**ANSWERS, "answers": [{"question": "problems", "text": "x" * 5000}]}
    response = _post(
        client,
        _answers_url(tenant),
        too_long,
        {**_headers(kiosk, "long"), "HTTP_ACCEPT_LANGUAGE": "es"},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"].startswith("answer_")
    assert "caracteres" in response.json()["detail"]
    # A member may not record a gathering's answers: facilitators only.
    paper = {**ANSWERS, "participant": "", "channel": "paper"}
    assert _post(client, _answers_url(tenant), paper, _headers(kiosk, "paper")).status_code == 422
    # No key: refused before anything happens; and a missing key is documented as required.
    headers = _headers(kiosk, "x")
    del headers["HTTP_IDEMPOTENCY_KEY"]
    assert _post(client, _answers_url(tenant), ANSWERS, headers).status_code == 422
    # Another tenant's gathering is not this process's.
    from groundwork.planning.models import Gathering

    theirs = Gathering.objects.create(
        community=other_tenant.community,
        process=other_tenant.process,
        title="Their meeting",
        starts_at=timezone.now(),
    )
    facilitator = member(tenant.community, Role.FACILITATOR)
    wrong = {**ANSWERS, "participant": "", "channel": "large_group", "gathering": theirs.pk}
    response = _post(client, _answers_url(tenant), wrong, _headers(facilitator, "g"))
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "gathering"
    assert Contribution.objects.count() == count
    assert Participant.objects.count() == participants
    # Anonymous and read-only callers write nothing.
    assert (
        client.post(
            _answers_url(tenant), ANSWERS, content_type="application/json", HTTP_IDEMPOTENCY_KEY="a"
        ).status_code
        == 401
    )
    read_only = _headers(kiosk, "r", name="reader", access=TokenAccess.READ)
    assert _post(client, _answers_url(tenant), ANSWERS, read_only).status_code == 403
    assert Contribution.objects.count() == count


def test_statements_and_votes_for_the_people_a_client_refers_to(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    kiosk = member(tenant.community, Role.MEMBER)
    base = f"/api/communities/{tenant.label}/processes/2027/conversation"
    statement = tenant.conversation.statements.order_by("id").first()
    theirs = other_tenant.conversation.statements.order_by("id").first()
    with unchanged(other_tenant):
        written = _post(
            client,
            f"{base}/statements",
            {"participant": "p-1", "text": "Más rutas de autobús los domingos", "language": "es"},
            _headers(kiosk, "s-1"),
        )
        votes = [
            _post(
                client,
                f"{base}/votes",
                {"participant": f"p-{n}", "statement": statement.pk, "value": 1},
                _headers(kiosk, f"v-{n}"),
            )
            for n in range(3)
        ]
        replay = _post(
            client,
            f"{base}/votes",
            {"participant": "p-0", "statement": statement.pk, "value": 1},
            _headers(kiosk, "v-0"),
        )
        # The other tenant's statement is not in this conversation.
        foreign = _post(
            client,
            f"{base}/votes",
            {"participant": "p-1", "statement": theirs.pk, "value": -1},
            _headers(kiosk, "v-x"),
        )
    assert written.status_code == 201, written.content
    assert written.json()["moderation"] == "accepted"
    assert (
        Statement.objects.get(pk=written.json()["id"]).author
        == ClientParticipant.objects.get(reference="p-1").participant
    )
    assert [v.status_code for v in votes] == [201, 201, 201]
    assert replay.status_code == 201 and replay["Idempotent-Replayed"] == "true"
    assert Vote.objects.filter(statement=statement).count() == 3
    assert foreign.status_code == 422 and foreign.json()["errors"][0]["field"] == "statement"
    assert not Vote.objects.filter(statement=theirs).exists()
    bad = _post(
        client,
        f"{base}/votes",
        {"participant": "p-1", "statement": statement.pk, "value": 7},
        _headers(kiosk, "v-7"),
    )
    assert bad.status_code == 422


def test_progress_updates_from_the_leads_system(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    plan = f"/api/communities/{tenant.label}/processes/2027/plan"
    url = f"{plan}/activities/{tenant.activity.pk}/updates"
    body = {
        "on_date": timezone.localdate().isoformat(),
        "progress": 30,
        "status": "under_way",
        "note": "Ten rides",
    }
    with unchanged(other_tenant):
        response = _post(client, url, body, _headers(tenant.coordinator, "u-1"))
    assert response.status_code == 201, response.content
    assert response.json()["progress"] == 30 and response.json()["activity"] == tenant.activity.pk
    tenant.activity.refresh_from_db()
    assert tenant.activity.progress == 30
    # Someone else's activity through this plan's address: not found; a member: refused.
    foreign = url.replace(str(tenant.activity.pk), str(other_tenant.activity.pk))
    assert _post(client, foreign, body, _headers(tenant.coordinator, "u-2")).status_code == 404
    assert (
        _post(client, url, body, _headers(member(tenant.community, Role.MEMBER), "u-3")).status_code
        == 403
    )
    future = {**body, "on_date": (timezone.localdate() + timedelta(days=2)).isoformat()}
    refused = _post(client, url, future, _headers(tenant.coordinator, "u-4"))
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "on_date"
    bad = _post(
        client, url, {**body, "status": "finished-ish"}, _headers(tenant.coordinator, "u-5")
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "status"
    assert ProgressUpdate.objects.filter(activity=tenant.activity).count() == 1


def test_endorsements_for_the_people_a_client_refers_to(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    from groundwork.plans import services as plans
    from groundwork.plans.models import Endorsement

    url = f"/api/communities/{tenant.label}/processes/2027/plan/endorsements"
    kiosk = member(tenant.community, Role.MEMBER)
    body = {
        "participant": "p-1",
        "endorsements": [{"activity": tenant.activity.pk, "value": "support", "comment": "Sí"}],
    }
    closed = _post(client, url, body, _headers(kiosk, "e-0"))
    assert closed.status_code in (403, 404, 422)
    plans.endorsement_set_open(actor=tenant.coordinator, plan=tenant.plan, is_open=True)
    plans.endorsement_set_open(actor=other_tenant.coordinator, plan=other_tenant.plan, is_open=True)
    with unchanged(other_tenant):
        first = _post(client, url, body, _headers(kiosk, "e-1"))
        replay = _post(client, url, body, _headers(kiosk, "e-1"))
        foreign = _post(
            client,
            url,
            {
                "participant": "p-2",
                "endorsements": [{"activity": other_tenant.activity.pk, "value": "concern"}],
            },
            _headers(kiosk, "e-2"),
        )
    assert first.status_code == 201, first.content
    assert first.json() == {"participant": "p-1", "stored": 1}
    assert replay["Idempotent-Replayed"] == "true"
    assert foreign.status_code == 422
    assert Endorsement.objects.filter(activity=tenant.activity).count() == 1
    assert not Endorsement.objects.filter(activity=other_tenant.activity).exists()


def test_answers_sent_without_a_language_take_the_requests_as_the_form_does(  # type: ignore[no-untyped-def]
    client, tenant, other_tenant
):
    kiosk = member(tenant.community, Role.MEMBER)
    body = {"participant": "kiosk-9", "answers": [{"question": "problems", "text": "Sin autobús"}]}
    with unchanged(other_tenant):
        spanish = _post(
            client,
            _answers_url(tenant),
            body,
            {**_headers(kiosk, "k-es"), "HTTP_ACCEPT_LANGUAGE": "es"},
        )
        plain = _post(
            client,
            _answers_url(tenant),
            {
                **body,
                "participant": "kiosk-10",
                "answers": [{"question": "problems", "text": "No bus"}],
            },
            _headers(kiosk, "k-en", name="kiosk 2"),
        )
    assert spanish.status_code == 201, spanish.content
    assert plain.status_code == 201, plain.content
    stored = Contribution.objects.filter(process=tenant.process, text__in=["Sin autobús", "No bus"])
    assert dict(stored.values_list("text", "language")) == {"Sin autobús": "es", "No bus": "en"}
    assert ClientParticipant.objects.get(reference="kiosk-9").participant.language == "es"
