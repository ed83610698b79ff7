"""Seeding a conversation from themes: candidates are sentences of the theme's answers,
accepted one by one (edited or not), each statement linked to the answers it came from."""

import pytest
from django.urls import reverse

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import CommunityFactory, member
from groundwork.core.errors import ApplicationError
from groundwork.core.models import AuditEvent
from groundwork.deliberation import seeding, selectors, services
from groundwork.deliberation.models import Statement, StatementSeed
from groundwork.planning import services as planning
from groundwork.planning.models import Moderation, Participant
from groundwork.themes.models import Theme, ThemeMembership

# Every test runs beside a look-alike tenant: no response shows it, nothing of it changes.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("beside_other_tenant")]

ANSWERS = [
    "The bus to the clinic comes only twice a day. We need more buses on the east side.",
    "We need more buses on the east side! Shelters at the stops too.",
    "Why is there no bus on Sunday? Late night buses would help shift workers.",
    "Call me at (919) 555-0134 about the bus. Bus stops have no shelter from the rain.",
    "Ok.",
]


def _setup(name: str, slug: str, texts: list[str]):  # type: ignore[no-untyped-def]
    community = CommunityFactory(name=name, slug=slug)
    coordinator = member(community, Role.COORDINATOR)
    process = planning.process_create(
        actor=coordinator, community=community, title="Together", slug="together"
    )
    conversation = services.conversation_create(
        actor=coordinator, process=process, topic="What should we do first?"
    )
    question = process.questions.get(key="problems")
    theme = Theme.objects.create(
        process=process, question=question, key="t1", label="Buses", size=len(texts)
    )
    answers = []
    for i, text in enumerate(texts):
        answer = planning.contributions_submit(
            process=process,
            participant=None,
            answers=[planning.Answer(question="problems", text=text)],
            language="en",
            channel="online",
            idempotency_key=f"{slug}-{i}",
        )[0]
        # A facilitator released the ones held for a phone number: the sentence with it must
        # still not be drafted.
        answer.moderation = Moderation.VISIBLE
        answer.save()
        ThemeMembership.objects.create(theme=theme, contribution=answer, strength=1.0 - i / 10)
        answers.append(answer)
    return conversation, theme, answers, coordinator


@pytest.fixture
def alder():  # type: ignore[no-untyped-def]
    return _setup("Alder County", "alder", ANSWERS)


@pytest.fixture
def birch():  # type: ignore[no-untyped-def]
    return _setup("Cedar County", "cedar", ["Cedar needs a new library in the town center."])


def _url(conversation, name="deliberation:seed_themes", *args):  # type: ignore[no-untyped-def]
    return reverse(name, args=[conversation.community.slug, conversation.process.slug, *args])


def test_candidates_are_sentences_of_the_themes_answers_only(alder, birch):
    conversation, theme, answers, coordinator = alder
    candidates = seeding.seed_candidates(conversation=conversation, theme=theme, viewer=coordinator)
    texts = [c.text for c in candidates]
    # Said in two answers: first, naming both. No question, no phone number, nothing short,
    # nothing from the other community's theme.
    assert texts[0] == "We need more buses on the east side."
    assert [a.pk for a in candidates[0].answers] == [answers[0].pk, answers[1].pk]
    assert "Why is there no bus on Sunday?" not in texts
    assert not any("555" in t for t in texts)
    assert "Bus stops have no shelter from the rain." in texts
    assert "Ok." not in texts
    assert not any("library" in t for t in texts)
    assert all(any(t in a.text for a in answers) for t in texts)


def test_held_answers_are_not_drafted_from(alder):
    conversation, theme, answers, coordinator = alder
    answers[3].moderation = Moderation.HELD
    answers[3].save()
    texts = [
        c.text
        for c in seeding.seed_candidates(conversation=conversation, theme=theme, viewer=coordinator)
    ]
    assert "Bus stops have no shelter from the rain." not in texts


def test_a_facilitator_accepts_a_candidate_as_drafted_and_one_edited(client, alder, birch):
    conversation, theme, answers, coordinator = alder
    client.force_login(coordinator)
    url = _url(conversation, "deliberation:seed_theme", theme.pk)
    page = client.get(url)
    assert page.status_code == 200
    rows = page.context["rows"]
    first = rows[0]["candidate"].text
    response = client.post(
        url, {"candidate": "0", "c0-original": first, "c0-text": first}
    )  # a plain form post, as with JavaScript off
    assert response.status_code == 302
    statement = conversation.statements.get(text=first)
    assert statement.source == "contribution"
    assert statement.contribution == answers[0]
    origin = StatementSeed.objects.get(statement=statement)
    assert origin.original == first and origin.theme == theme
    assert set(origin.contributions.all()) == {answers[0], answers[1]}
    # The accepted sentence is no longer proposed; the next one is edited before accepting.
    rows = client.get(url).context["rows"]
    assert first not in [r["candidate"].text for r in rows]
    original = "Bus stops have no shelter from the rain."
    index = next(r["index"] for r in rows if r["candidate"].text == original)
    client.post(
        url,
        {
            "candidate": str(index),
            f"c{index}-original": original,
            f"c{index}-text": "Every bus stop needs a shelter from the rain.",
        },
    )
    edited = conversation.statements.get(text="Every bus stop needs a shelter from the rain.")
    assert edited.source == "seed"
    assert edited.seed.original == original
    assert list(edited.seed.contributions.all()) == [answers[3]]
    assert AuditEvent.objects.filter(
        action="statement.seeded_from_theme", details__edited=True
    ).exists()
    # Voters see both statements.
    accepted = set(selectors.accepted_statements(conversation).values_list("text", flat=True))
    assert {first, edited.text} <= accepted


def test_a_retried_accept_stores_one_statement(alder):
    conversation, theme, _answers, coordinator = alder
    text = "We need more buses on the east side."
    one = seeding.statement_seed_from_theme(
        actor=coordinator, conversation=conversation, theme=theme, original=text, text=text
    )
    two = seeding.statement_seed_from_theme(
        actor=coordinator, conversation=conversation, theme=theme, original=text, text=text
    )
    assert one.pk == two.pk
    assert Statement.objects.filter(conversation=conversation).count() == 1


def test_a_participant_cannot_claim_a_seeds_key_in_advance(alder):
    conversation, theme, _answers, coordinator = alder
    text = "We need more buses on the east side."
    voter = Participant.objects.create(process=conversation.process)
    with pytest.raises(ApplicationError):
        services.statement_submit(
            conversation=conversation,
            participant=voter,
            text="Something else entirely, said first.",
            language="en",
            idempotency_key=seeding._key(text),
        )
    seeded = seeding.statement_seed_from_theme(
        actor=coordinator, conversation=conversation, theme=theme, original=text, text=text
    )
    assert seeded.text == text and seeded.author is None


def test_only_the_servers_sentences_and_clean_edits_are_accepted(client, alder):
    conversation, theme, _answers, coordinator = alder
    client.force_login(coordinator)
    url = _url(conversation, "deliberation:seed_theme", theme.pk)
    invented = "Everyone wants a monorail downtown."
    response = client.post(url, {"candidate": "0", "c0-original": invented, "c0-text": invented})
    assert response.status_code == 400
    assert "no longer among the theme" in response.content.decode()
    text = "We need more buses on the east side."
    response = client.post(
        url, {"candidate": "0", "c0-original": text, "c0-text": "Write to ana@example.com"}
    )
    assert response.status_code == 400
    assert not conversation.statements.exists()
    with pytest.raises(ApplicationError):
        services.statement_seed(
            actor=member(conversation.community, Role.MEMBER),
            conversation=conversation,
            text="x",
            language="en",
        )


@pytest.mark.parametrize("role", [Role.MEMBER, Role.PARTNER, Role.VIEWER])
def test_only_facilitators_seed(client, alder, role):
    conversation, theme, _answers, _coordinator = alder
    person = member(conversation.community, role)
    client.force_login(person)
    assert client.get(_url(conversation)).status_code == 403
    assert client.get(_url(conversation, "deliberation:seed_theme", theme.pk)).status_code == 403
    text = "We need more buses on the east side."
    with pytest.raises(ApplicationError):
        seeding.statement_seed_from_theme(
            actor=person, conversation=conversation, theme=theme, original=text, text=text
        )


def test_a_theme_of_another_process_is_not_found(client, alder, birch):
    conversation, theme, _answers, coordinator = alder
    other_conversation, other_theme, _a, _c = birch
    client.force_login(coordinator)
    assert (
        client.get(_url(conversation, "deliberation:seed_theme", other_theme.pk)).status_code == 404
    )
    text = "Cedar needs a new library in the town center."
    response = client.post(
        _url(conversation, "deliberation:seed_theme", other_theme.pk),
        {"candidate": "0", "c0-original": text, "c0-text": text},
    )
    assert response.status_code == 404
    # Another process of the same community: still not found.
    second = planning.process_create(
        actor=coordinator, community=conversation.community, title="Second", slug="second"
    )
    second_theme = Theme.objects.create(
        process=second, question=second.questions.get(key="problems"), key="x", label="X", size=1
    )
    assert (
        client.get(_url(conversation, "deliberation:seed_theme", second_theme.pk)).status_code
        == 404
    )
    with pytest.raises(ApplicationError):
        seeding.statement_seed_from_theme(
            actor=coordinator,
            conversation=conversation,
            theme=other_theme,
            original=text,
            text=text,
        )
    assert not conversation.statements.exists()
    assert not other_conversation.statements.exists()


def test_the_theme_list_shows_this_process_themes(
    client, alder, birch, django_assert_max_num_queries
):
    conversation, theme, _answers, coordinator = alder
    client.force_login(coordinator)
    with django_assert_max_num_queries(12):
        page = client.get(_url(conversation))
    content = page.content.decode()
    assert page.status_code == 200
    assert _url(conversation, "deliberation:seed_theme", theme.pk) in content
    assert str(birch[1].pk) not in [str(t.pk) for q in page.context["questions"] for t in q.themes]
    with django_assert_max_num_queries(14):
        assert (
            client.get(_url(conversation, "deliberation:seed_theme", theme.pk)).status_code == 200
        )
