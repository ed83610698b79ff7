"""Limits on anonymous and personal writes: past a limit a request gets 429 with a translated
message and nothing is stored; the limit is per person first (another person on the same
connection goes on until the generous per-address limit); facilitators' capture is not limited.
Every test starts with an empty cache (the root conftest clears it)."""

import uuid

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from groundwork.communities.models import Community, Role
from groundwork.communities.tests.factories import CommunityFactory, UserFactory, member
from groundwork.deliberation import services as deliberation
from groundwork.deliberation.models import Statement, Vote
from groundwork.planning import services as planning
from groundwork.planning.models import Contribution, Participant
from groundwork.plans import services as plans
from groundwork.plans.models import Endorsement, Follow

pytestmark = pytest.mark.django_db

MESSAGE = "We received a lot from you in a short time"


def limits(settings, kind, person="1000/h", client="1000/h"):  # type: ignore[no-untyped-def]
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, kind: {"person": person, "client": client}}


@pytest.fixture
def processes():  # type: ignore[no-untyped-def]
    """Two communities, a process each: limits in one never leak into the other's counts."""
    made = []
    for slug in ("alder", "birch"):
        community = CommunityFactory(slug=slug)
        coordinator = member(community, Role.COORDINATOR)
        process = planning.process_create(
            actor=coordinator, community=community, title=f"{slug} 2027", slug="2027"
        )
        made.append((process, coordinator))
    return made


def answer(client, process, text):  # type: ignore[no-untyped-def]
    url = reverse("planning:answer", args=[process.community.slug, process.slug])
    return client.post(url, {"idempotency_key": uuid.uuid4().hex, "answer_problems": text})


def test_answers_are_limited_per_participant_then_per_address(settings, processes):
    (alder, _), (birch, _) = processes
    limits(settings, "answer", person="3/h", client="5/h")
    resident = Client()
    for n in range(3):
        assert answer(resident, alder, f"Problem number {n}").status_code == 302
    refused = answer(resident, alder, "One too many")
    assert refused.status_code == 429
    assert MESSAGE in refused.content.decode()
    assert not Contribution.objects.filter(text="One too many").exists()
    assert Contribution.objects.filter(process=alder).count() == 3
    # Another resident on the same connection is not blocked by the first one's limit...
    neighbour = Client()
    assert answer(neighbour, alder, "The neighbour's problem").status_code == 302
    # ...until the address's own (more generous) limit: 5 answers counted, plus the refused one.
    late = Client()
    assert answer(late, alder, "Late problem").status_code == 429
    assert Participant.objects.filter(process=alder).count() == 2
    assert not Contribution.objects.filter(process=birch).exists()


def test_the_limit_message_is_translated(settings, processes):
    (alder, _), _ = processes
    limits(settings, "answer", person="1/h")
    resident = Client()
    answer(resident, alder, "First")
    resident.cookies["django_language"] = "es"
    refused = answer(resident, alder, "Segunda")
    assert refused.status_code == 429
    assert "Recibimos mucho de usted en poco tiempo" in refused.content.decode()


def test_capture_mode_is_not_limited(settings, client, processes):
    (alder, coordinator), _ = processes
    limits(settings, "answer", person="1/h", client="1/h")
    client.force_login(coordinator)
    url = reverse("planning:capture", args=[alder.community.slug, alder.slug])
    for n in range(4):
        response = client.post(
            url,
            {
                "idempotency_key": f"batch-{n}",
                "question": "problems",
                "channel": "paper",
                "language": "en",
                "lines": f"Captured idea {n}",
            },
        )
        assert response.status_code == 302
    assert Contribution.objects.filter(process=alder).count() == 4


@pytest.fixture
def conversation(processes):  # type: ignore[no-untyped-def]
    (alder, coordinator), (birch, other) = processes
    deliberation.conversation_create(actor=other, process=birch, topic="Elsewhere")
    conversation = deliberation.conversation_create(
        actor=coordinator, process=alder, topic="What first?"
    )
    conversation.participants_write = True
    conversation.save()
    for text in ("More buses", "A youth center", "Fix the levee"):
        deliberation.statement_seed(
            actor=coordinator, conversation=conversation, text=text, language="en"
        )
    return conversation


def test_votes_are_limited_and_htmx_gets_a_fragment(settings, conversation):
    limits(settings, "vote", person="2/h")
    url = reverse("deliberation:vote", args=[conversation.community.slug, "2027"])
    resident = Client()
    statements = list(conversation.statements.order_by("pk"))
    for statement in statements[:2]:
        response = resident.post(
            url,
            {"statement": statement.pk, "idempotency_key": uuid.uuid4().hex, "value": "1"},
            HTTP_HX_REQUEST="true",
            HTTP_HX_TARGET="vote-card",
        )
        assert response.status_code == 200
    refused = resident.post(
        url,
        {"statement": statements[2].pk, "idempotency_key": uuid.uuid4().hex, "value": "1"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="vote-card",
    )
    assert refused.status_code == 429
    body = refused.content.decode()
    assert body.lstrip().startswith('<div id="vote-card"') and MESSAGE in body
    assert "<html" not in body
    assert Vote.objects.count() == 2
    # Without htmx: the page with the message.
    plain = resident.post(
        url, {"statement": statements[2].pk, "idempotency_key": "k", "value": "1"}
    )
    assert plain.status_code == 429 and "<html" in plain.content.decode()
    assert Vote.objects.count() == 2


def test_statements_are_limited(settings, conversation):
    limits(settings, "statement", person="1/h")
    url = reverse("deliberation:statement_new", args=[conversation.community.slug, "2027"])
    resident = Client()
    data = {"text": "Open the library on Sundays", "idempotency_key": uuid.uuid4().hex}
    assert resident.post(url, data).status_code == 302
    refused = resident.post(url, {"text": "Plant trees", "idempotency_key": uuid.uuid4().hex})
    assert refused.status_code == 429 and MESSAGE in refused.content.decode()
    assert not Statement.objects.filter(text="Plant trees").exists()


def test_endorsements_and_follows_are_limited(settings, processes):
    (alder, coordinator), _ = processes
    plan = plans.plan_create(actor=coordinator, process=alder, title="Alder plan")
    goal = plans.goal_save(actor=coordinator, plan=plan, title="Care")
    activity = plans.activity_save(actor=coordinator, plan=plan, goal=goal, title="Rides")
    plans.endorsement_set_open(actor=coordinator, plan=plan, is_open=True)
    limits(settings, "endorsement", person="1/h")
    url = reverse("plans:endorse", args=[alder.community.slug, alder.slug])
    resident = Client()
    assert resident.post(url, {f"value_{activity.pk}": "support"}).status_code == 302
    refused = resident.post(url, {f"value_{activity.pk}": "concern"})
    assert refused.status_code == 429 and MESSAGE in refused.content.decode()
    assert Endorsement.objects.get().value == "support"

    plans.plan_publish(actor=coordinator, plan=plan)
    limits(settings, "follow", person="2/h", client="3/h")
    follow_url = reverse("plans:follow", args=[alder.community.slug, alder.slug])
    # Per address: the same address from two browsers counts once per request.
    assert Client().post(follow_url, {"email": "ana@example.org"}).status_code == 302
    assert Client().post(follow_url, {"email": "ANA@example.org"}).status_code == 302
    refused = Client().post(follow_url, {"email": "Ana@example.org"})
    assert refused.status_code == 429 and MESSAGE in refused.content.decode()
    # Per client address: a fourth request from the connection, for any address.
    assert Client().post(follow_url, {"email": "luz@example.org"}).status_code == 429
    assert list(Follow.objects.values_list("email", flat=True)) == ["ana@example.org"]


def test_survey_responses_are_limited_per_address(settings):
    from groundwork.measures.models import Response
    from groundwork.measures.tests.factories import InstrumentFactory, ItemFactory, SectionFactory

    survey = InstrumentFactory()
    InstrumentFactory()  # a second network's survey
    item = ItemFactory(section=SectionFactory(instrument=survey), kind="text")
    limits(settings, "survey_response", client="2/h")
    url = reverse("measures:respond", args=[survey.slug])
    for n in range(2):
        data = {"idempotency_key": uuid.uuid4().hex, f"item_{item.pk}": f"Answer {n}"}
        assert Client().post(url, data).status_code == 302
    data = {"idempotency_key": uuid.uuid4().hex, f"item_{item.pk}": "Answer 3"}
    refused = Client().post(url, data)
    assert refused.status_code == 429 and MESSAGE in refused.content.decode()
    assert Response.objects.filter(instrument=survey).count() == 2


def test_signups_are_limited(settings):
    limits(settings, "signup", client="2/h")
    url = reverse("accounts:signup")
    data = {"name": "Lena", "password": "river-bend-orchard-77", "preferred_language": "en"}
    for n in range(2):
        assert Client().post(url, {**data, "email": f"p{n}@example.org"}).status_code == 302
    refused = Client().post(url, {**data, "email": "p3@example.org"})
    assert refused.status_code == 429 and MESSAGE in refused.content.decode()
    assert not mail.outbox or all(m.to != ["p3@example.org"] for m in mail.outbox)
    from groundwork.accounts.models import User

    assert not User.objects.filter(email="p3@example.org").exists()


def test_api_writes_are_limited(settings, client):
    from groundwork.api import services as api

    limits(settings, "api_write", person="1/h")
    person = UserFactory()
    _token, key = api.api_token_create(user=person, name="script")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}

    def create(slug):  # type: ignore[no-untyped-def]
        return client.post(
            "/api/communities",
            {"name": slug, "slug": slug, "kind": "neighborhood", "sectors": []},
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY=slug,
            **auth,
        )

    assert create("mill-hill").status_code == 201
    refused = create("oak-hill")
    assert refused.status_code == 429
    assert MESSAGE in refused.json()["detail"]
    assert not Community.objects.filter(slug="oak-hill").exists()
    # Reads are not limited.
    assert client.get("/api/communities", **auth).status_code == 200


def test_registrations_for_gatherings_are_limited_per_address(settings, tenant, other_tenant):  # type: ignore[no-untyped-def]
    from groundwork.gatherings.models import Registration
    from groundwork.gatherings.tests.helpers import make_gathering

    limits(settings, "registration", person="2/h")
    ours = make_gathering(tenant.community, tenant.coordinator, capacity=50)
    theirs = make_gathering(other_tenant.community, other_tenant.coordinator, capacity=50)

    def register(gathering, email, phone=""):  # type: ignore[no-untyped-def]
        return Client().post(
            gathering.get_absolute_url(),
            {"name": "Ana", "email": email, "phone": phone, "language": "en"},
        )

    for n in range(2):
        assert register(ours if n == 0 else theirs, "ana@example.org").status_code == 302
    refused = register(ours, "ANA@example.org")
    assert refused.status_code == 429 and MESSAGE in refused.content.decode()
    assert Registration.objects.filter(email__iexact="ana@example.org").count() == 2
    # Someone else on the same connection goes on; a phone number counts as its person.
    assert register(ours, "rosa@example.org").status_code == 302
    for gathering in (ours, theirs):
        assert register(gathering, "", phone="+1 919 555 0100").status_code == 302
    assert register(ours, "", phone="+1 (919) 555-0100").status_code == 429


def test_the_participant_key_needs_no_query_before_the_first_answer(processes):
    """A first answer has no participant cookie: keyed by address alone, with no query; a
    participant's cookie of this process (not of another one) keys them."""
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    from groundwork.core.ratelimits import process_participant

    (alder, _), (birch, _) = processes
    kwargs = {"slug": alder.community.slug, "process_slug": alder.slug}
    resident = Client()
    assert answer(resident, alder, "The footbridge washed out").status_code == 302
    participant = Participant.objects.get(process=alder)
    request = RequestFactory().post("/")
    with CaptureQueriesContext(connection) as queries:
        assert process_participant(request, kwargs) is None
    assert len(queries) == 0
    request.COOKIES = {k: v.value for k, v in resident.cookies.items()}
    assert process_participant(request, kwargs) == f"participant:{participant.public_id}"
    other = {"slug": birch.community.slug, "process_slug": birch.slug}
    assert process_participant(request, other) is None
