"""A vote's or statement's idempotency key recognises a retry by the participant who sent it,
and hands nothing to anyone else: no vote, no statement, no participant cookie."""

import pytest
from django.test import Client
from django.urls import reverse

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import CommunityFactory, member
from groundwork.core.errors import AlreadyReceived
from groundwork.core.testing import add_votes
from groundwork.deliberation import services
from groundwork.deliberation.models import Statement, Vote
from groundwork.planning import services as planning
from groundwork.planning.models import Participant
from groundwork.planning.participants import PARTICIPANT_COOKIE

# Every test runs beside a look-alike tenant: no response shows it, nothing of it changes.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("beside_other_tenant")]


def _conversation(slug: str):  # type: ignore[no-untyped-def]
    community = CommunityFactory(slug=slug)
    coordinator = member(community, Role.COORDINATOR)
    process = planning.process_create(
        actor=coordinator, community=community, title=f"{slug} together", slug="together"
    )
    conversation = services.conversation_create(
        actor=coordinator, process=process, topic="What should we do first?"
    )
    for text in ("More buses to the clinic", "A youth center downtown"):
        services.statement_seed(
            actor=coordinator, conversation=conversation, text=text, language="en"
        )
    return conversation


@pytest.fixture
def conversation(other_tenant):  # type: ignore[no-untyped-def]
    # The other tenant's conversation (same process slug) has votes under the same keys.
    add_votes(other_tenant, keys=("k", "k1", "k2", "same-key"))
    other_tenant.baseline()
    return _conversation("alder")


@pytest.fixture
def other_conversation():  # type: ignore[no-untyped-def]
    return _conversation("cedar")  # besides the look-alike ``other_tenant`` (birch)


def _person(conversation):  # type: ignore[no-untyped-def]
    return Participant.objects.create(process=conversation.process)


def _vote(conversation, participant, key, value=1):  # type: ignore[no-untyped-def]
    return services.vote_cast(
        conversation=conversation,
        participant=participant,
        statement=conversation.statements.first(),
        value=value,
        idempotency_key=key,
    )


def _statement(conversation, participant, key, text="Longer library hours"):  # type: ignore[no-untyped-def]
    return services.statement_submit(
        conversation=conversation,
        participant=participant,
        text=text,
        language="en",
        idempotency_key=key,
    )


def test_a_vote_key_replayed_by_another_participant_stores_nothing(
    conversation, other_conversation
):
    ana, ben = _person(conversation), _person(conversation)
    first = _vote(conversation, ana, "v1")
    with pytest.raises(AlreadyReceived):
        _vote(conversation, ben, "v1", value=-1)
    assert list(Vote.objects.filter(conversation=conversation)) == [first]
    # The owner's retry gets the first vote back; the other conversation has its own keys.
    assert _vote(conversation, ana, "v1", value=-1).pk == first.pk
    dana = _person(other_conversation)
    assert _vote(other_conversation, dana, "v1").participant == dana
    assert conversation.votes.count() == 1 and other_conversation.votes.count() == 1


def test_a_statement_key_replayed_by_another_participant_stores_nothing(
    conversation, other_conversation
):
    ana, ben = _person(conversation), _person(conversation)
    first = _statement(conversation, ana, "s1")
    with pytest.raises(AlreadyReceived):
        _statement(conversation, ben, "s1", text="Something else")
    assert _statement(conversation, ana, "s1", text="Changed").pk == first.pk
    assert not Statement.objects.filter(author=ben).exists()
    assert Statement.objects.filter(conversation=conversation, author__isnull=False).count() == 1
    dana = _person(other_conversation)
    assert _statement(other_conversation, dana, "s1").author == dana


def _url(name, conversation):  # type: ignore[no-untyped-def]
    return reverse(
        f"deliberation:{name}", args=[conversation.community.slug, conversation.process.slug]
    )


def _form(client, conversation, form_name):  # type: ignore[no-untyped-def]
    page = client.get(_url("vote", conversation))
    return page.context[form_name].initial["idempotency_key"], page.context["statement"].pk


def _no_participant_cookie(response) -> bool:  # type: ignore[no-untyped-def]
    return not any(name.startswith("gw_participant_") for name in response.cookies)


def test_a_new_visitor_replaying_a_vote_gets_a_message_and_no_cookie(client, conversation):
    key, statement = _form(client, conversation, "vote_form")
    data = {"statement": statement, "idempotency_key": key, "value": "1"}
    assert client.post(_url("vote", conversation), data).status_code == 302
    ana = conversation.process.participants.get()
    stranger = Client()
    stranger.cookies["django_language"] = "es"
    response = stranger.post(_url("vote", conversation), {**data, "value": "-1"})
    assert _no_participant_cookie(response)
    assert "Este formulario ya se recibió" in stranger.get(response["Location"]).content.decode()
    htmx = stranger.post(_url("vote", conversation), data, HTTP_HX_REQUEST="true")
    assert _no_participant_cookie(htmx) and "Este formulario ya se recibió" in htmx.content.decode()
    assert list(conversation.process.participants.all()) == [ana]
    assert conversation.votes.get().value == 1


def test_a_new_visitor_replaying_a_statement_gets_a_message_and_no_cookie(client, conversation):
    key, _statement_id = _form(client, conversation, "statement_form")
    data = {"idempotency_key": key, "text": "Longer library hours"}
    first = client.post(_url("statement_new", conversation), data)
    assert first.status_code == 302
    assert PARTICIPANT_COOKIE.format(conversation.process.pk) in first.cookies
    stranger = Client()
    response = stranger.post(_url("statement_new", conversation), {**data, "text": "Mine"})
    assert _no_participant_cookie(response)
    assert "This form was already received" in response.content.decode()
    assert conversation.process.participants.count() == 1
    assert conversation.statements.filter(author__isnull=False).count() == 1
    # The author retrying is told it went through, with their own cookie.
    again = client.post(_url("statement_new", conversation), data)
    assert again.status_code == 302
    assert again.cookies[PARTICIPANT_COOKIE.format(conversation.process.pk)].value.startswith(
        str(conversation.process.participants.get().public_id)
    )
