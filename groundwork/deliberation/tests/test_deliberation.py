"""Statements and votes: anonymous voting, one stored vote per submission, the latest vote
counts, moderation, and opinion groups computed in the background."""

import random

import pytest
from django.core.management import call_command
from django.urls import reverse

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import CommunityFactory, UserFactory, member
from groundwork.core.errors import ApplicationError
from groundwork.core.models import AuditEvent
from groundwork.core.testing import add_votes
from groundwork.deliberation import analysis, selectors, services
from groundwork.deliberation.models import AnalysisRun, Statement, StatementModeration, Vote
from groundwork.planning import services as planning
from groundwork.planning.models import Participant

# Every test runs beside a look-alike tenant: no response shows it, nothing of it changes.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("beside_other_tenant")]


@pytest.fixture
def conversation(other_tenant):  # type: ignore[no-untyped-def]
    # The other tenant's conversation has votes under the keys these tests use.
    add_votes(other_tenant)
    other_tenant.baseline()
    community = CommunityFactory(name="Alder County")
    coordinator = member(community, Role.COORDINATOR)
    process = planning.process_create(
        actor=coordinator, community=community, title="Alder Together", slug="together"
    )
    conversation = services.conversation_create(
        actor=coordinator, process=process, topic="What should we do first?"
    )
    for text in ("More buses to the clinic", "A youth center downtown", "Fix the river levee"):
        services.statement_seed(
            actor=coordinator, conversation=conversation, text=text, language="en"
        )
    return conversation


def _participant(conversation):  # type: ignore[no-untyped-def]
    return Participant.objects.create(process=conversation.process)


def _vote_url(conversation):  # type: ignore[no-untyped-def]
    return reverse(
        "deliberation:vote", args=[conversation.community.slug, conversation.process.slug]
    )


def test_a_retried_vote_is_stored_once_and_the_latest_vote_counts(conversation):
    person = _participant(conversation)
    statement = conversation.statements.first()
    first = services.vote_cast(
        conversation=conversation,
        participant=person,
        statement=statement,
        value=1,
        idempotency_key="k1",
    )
    again = services.vote_cast(
        conversation=conversation,
        participant=person,
        statement=statement,
        value=1,
        idempotency_key="k1",
    )
    assert first.pk == again.pk
    services.vote_cast(
        conversation=conversation,
        participant=person,
        statement=statement,
        value=-1,
        idempotency_key="k2",
    )
    assert conversation.votes.count() == 2
    run = AnalysisRun.objects.create(conversation=conversation)
    analysis.run_compute(run)
    assert run.vote_count == 2
    # The matrix holds one vote for the pair: the latest, a disagree.
    assert selectors.voting_progress(conversation, person) == {"voted": 1, "total": 3, "left": 2}


def test_votes_on_rejected_or_other_conversations_statements_are_refused(conversation):
    person = _participant(conversation)
    coordinator = conversation.community.memberships.get().user
    statement = conversation.statements.first()
    services.statement_moderate(
        actor=coordinator,
        statement=statement,
        state=StatementModeration.REJECTED,
        reason="Off topic",
    )
    with pytest.raises(ApplicationError):
        services.vote_cast(
            conversation=conversation,
            participant=person,
            statement=statement,
            value=1,
            idempotency_key="k",
        )
    with pytest.raises(ApplicationError):
        services.vote_cast(
            conversation=conversation,
            participant=person,
            statement=conversation.statements.last(),
            value=5,
            idempotency_key="k",
        )
    assert not conversation.votes.exists()


def test_strict_moderation_holds_participants_statements_and_personal_data_is_held(conversation):
    person = _participant(conversation)
    open_one = services.statement_submit(
        conversation=conversation,
        participant=person,
        text="<b>More</b> benches",
        language="en",
        idempotency_key="s1",
    )
    assert open_one.text == "<b>More</b> benches"  # kept as written; pages escape it
    assert open_one.moderation == StatementModeration.ACCEPTED
    personal = services.statement_submit(
        conversation=conversation,
        participant=person,
        text="Call me at 919-555-0142",
        language="en",
        idempotency_key="s2",
    )
    assert personal.moderation == StatementModeration.PENDING
    conversation.strict_moderation = True
    conversation.save()
    strict = services.statement_submit(
        conversation=conversation,
        participant=person,
        text="Longer library hours",
        language="en",
        idempotency_key="s3",
    )
    assert strict.moderation == StatementModeration.PENDING
    retried = services.statement_submit(
        conversation=conversation,
        participant=person,
        text="Longer library hours",
        language="en",
        idempotency_key="s3",
    )
    assert retried.pk == strict.pk
    assert Statement.objects.filter(text="Longer library hours").count() == 1


def test_an_answer_promoted_to_a_statement_keeps_its_link(conversation):
    coordinator = conversation.community.memberships.get().user
    answer = planning.contributions_submit(
        process=conversation.process,
        participant=None,
        answers=[planning.Answer("actions", "Start a ride-share for clinic visits")],
        language="en",
        channel="online",
        idempotency_key="a1",
    )[0]
    statement = services.statement_seed(
        actor=coordinator,
        conversation=conversation,
        text=answer.text,
        language="en",
        contribution=answer,
    )
    assert statement.contribution == answer
    assert statement.source == "contribution"
    assert AuditEvent.objects.filter(
        action="statement.seeded", details={"contribution": answer.pk}
    ).exists()


@pytest.mark.parametrize("role", [Role.MEMBER, Role.PARTNER, Role.VIEWER])
def test_only_facilitators_seed_and_moderate(conversation, role):
    person = member(conversation.community, role)
    with pytest.raises(ApplicationError):
        services.statement_seed(actor=person, conversation=conversation, text="X", language="en")
    with pytest.raises(ApplicationError):
        services.statement_moderate(
            actor=person, statement=conversation.statements.first(), state="rejected", reason="x"
        )


def test_resident_votes_without_javascript_and_a_double_submit_counts_once(client, conversation):
    url = _vote_url(conversation)
    page = client.get(url)
    assert page.status_code == 200
    statement_id = page.context["statement"].pk
    key = page.context["vote_form"].initial["idempotency_key"]
    data = {"statement": statement_id, "idempotency_key": key, "value": "1"}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert conversation.votes.count() == 1
    assert conversation.process.participants.count() == 1
    following = client.get(url)
    assert following.context["statement"].pk != statement_id
    assert following.context["progress"]["voted"] == 1


def test_voting_with_htmx_swaps_only_the_card(client, conversation):
    url = _vote_url(conversation)
    page = client.get(url)
    data = {
        "statement": page.context["statement"].pk,
        "idempotency_key": page.context["vote_form"].initial["idempotency_key"],
        "value": "0",
    }
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="vote-card"')
    assert "You have voted on 1 of 3 statements." in body
    assert conversation.votes.get().value == 0


def test_private_conversation_is_closed_to_outsiders(client, conversation):
    conversation.community.is_public = False
    conversation.community.save()
    url = _vote_url(conversation)
    assert client.get(url).status_code == 302
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    results = reverse("deliberation:results", args=[conversation.community.slug, "together"])
    assert client.get(results).status_code == 403


def _vote_in_two_camps(conversation, people=40):  # type: ignore[no-untyped-def]
    coordinator = conversation.community.memberships.get().user
    for i in range(7):
        services.statement_seed(
            actor=coordinator, conversation=conversation, text=f"Statement {i}", language="en"
        )
    statements = list(conversation.statements.all())
    rng = random.Random(4)
    for p in range(people):
        person = _participant(conversation)
        camp = 1 if p % 2 else -1
        for s, statement in enumerate(statements):
            value = camp if s % 2 else -camp
            if s == 0:
                value = 1  # everyone agrees on the first statement
            elif rng.random() < 0.1:
                value = 0
            Vote.objects.create(
                conversation=conversation,
                statement=statement,
                participant=person,
                value=value,
                idempotency_key=f"{p}-{s}",
            )
    return statements


@pytest.mark.django_db(transaction=True)
def test_groups_are_computed_in_the_background_and_shown_on_the_results_page(
    client, conversation, other_tenant
):
    statements = _vote_in_two_camps(conversation)
    coordinator = conversation.community.memberships.get().user
    results_url = reverse("deliberation:results", args=[conversation.community.slug, "together"])
    assert b"There are no results yet" in client.get(results_url).content
    services.analysis_request(actor=coordinator, conversation=conversation)
    assert b"A newer analysis is being computed" in client.get(results_url).content
    call_command("db_worker", "--batch", "--no-startup-delay")
    run = conversation.runs.get()
    assert run.status == AnalysisRun.Status.DONE, run.error
    # The worker also ran the other tenant's queued analysis, from its own four votes only.
    theirs = other_tenant.conversation.runs.get()
    assert theirs.status == AnalysisRun.Status.DONE and theirs.vote_count == 4
    assert run.vote_count == conversation.votes.count()
    other_tenant.baseline()
    assert run.displayed_k == 2
    assert sorted(g["size"] for g in run.results["groups"]) == [20, 20]
    agree_ids = [c["statement"] for c in run.results["consensus"]["agree"]]
    assert statements[0].pk in agree_ids
    page = client.get(results_url)
    content = page.content.decode()
    assert "Group A" in content and "Group B" in content
    assert "Statement 0" in content  # in the consensus list
    assert "<svg" in content and "<table" in content
    assert run.results["state"]["k_smoother"]["displayed_k"] == 2


def test_small_groups_are_suppressed_on_the_results_page(client, conversation):
    _vote_in_two_camps(conversation, people=16)
    run = AnalysisRun.objects.create(conversation=conversation)
    analysis.run_compute(run)
    run.status = AnalysisRun.Status.DONE
    run.save()
    content = client.get(
        reverse("deliberation:results", args=[conversation.community.slug, "together"])
    ).content.decode()
    assert "fewer than 11" in content
    assert "too small to describe" in content


def test_a_warm_started_run_keeps_the_groups(conversation):
    _vote_in_two_camps(conversation)
    first = AnalysisRun.objects.create(conversation=conversation)
    analysis.run_compute(first)
    first.status = AnalysisRun.Status.DONE
    first.save()
    second = AnalysisRun.objects.create(conversation=conversation)
    analysis.run_compute(second)
    assert second.results["state"]["k_smoother"]["streak"] == 2
    assert [g["size"] for g in second.results["groups"]] == [
        g["size"] for g in first.results["groups"]
    ]


def test_the_next_statement_follows_the_latest_runs_priorities(conversation):
    _vote_in_two_camps(conversation)
    run = AnalysisRun.objects.create(conversation=conversation)
    analysis.run_compute(run)
    run.status = AnalysisRun.Status.DONE
    run.save()
    priorities = selectors.latest_priorities(conversation)
    assert priorities and all(isinstance(v, float) for v in priorities.values())
    newcomer = _participant(conversation)
    assert selectors.next_statement(conversation, newcomer) is not None


def test_a_statement_no_run_has_weighed_yet_weighs_what_polis_gives_no_votes(conversation):
    """A statement added after the latest run has no priority from it: it is drawn with the
    priority Pol.is's metric gives a statement nobody voted on (the analysis's own
    comment_priority), not a figure of its own."""
    from groundwork.analysis.opinion import comment_priority

    no_votes = float(comment_priority([0], [0], [0], [0])[0])
    assert selectors.NEW_STATEMENT_PRIORITY == no_votes == 5.0625
    drawn: list[list[float]] = []

    class Draw:
        def choices(self, ids, weights, k):  # type: ignore[no-untyped-def]
            drawn.append(list(weights))
            return ids[:k]

    statement = selectors.next_statement(conversation, None, priorities={}, rng=Draw())
    assert statement is not None
    assert drawn and set(drawn[0]) == {no_votes}


def test_progress_counts_the_participants_own_votes(conversation):
    coordinator = conversation.community.memberships.get().user
    for i in range(3):
        services.statement_seed(
            actor=coordinator, conversation=conversation, text=f"Idea {i}", language="en"
        )
    first, second, third = conversation.statements.order_by("id")[:3]
    me, neighbour = _participant(conversation), _participant(conversation)
    for person, statements in ((me, [first]), (neighbour, [first, second, third])):
        for statement in statements:
            services.vote_cast(
                conversation=conversation,
                participant=person,
                statement=statement,
                value=1,
                idempotency_key=f"{person.pk}-{statement.pk}",
            )
    progress = selectors.voting_progress(conversation, me)
    assert progress["voted"] == 1
    assert progress["total"] == selectors.accepted_statements(conversation).count() >= 3
    # A statement taken out of the conversation after a vote no longer counts as voted on.
    services.statement_moderate(
        actor=coordinator, statement=first, state=StatementModeration.REJECTED, reason="Off topic"
    )
    assert selectors.voting_progress(conversation, me)["voted"] == 0
    assert selectors.voting_progress(conversation, neighbour)["voted"] == 2


def test_a_statement_read_without_its_counts_has_no_votes(conversation):
    """A statement just created (its API answer, say) is not annotated with_vote_counts: it
    publishes the counts of a statement nobody voted on, not made-up ones."""
    statement = conversation.statements.first()
    counted = selectors.with_vote_counts(conversation.statements.filter(pk=statement.pk)).get()
    plain = Statement.objects.get(pk=statement.pk)
    assert selectors.public_vote_counts(plain) == selectors.public_vote_counts(counted)
    assert counted.n_agree == counted.n_disagree == counted.n_pass == 0


def test_a_refused_htmx_vote_returns_a_card_that_says_why(client, conversation):
    url = _vote_url(conversation)
    response = client.post(
        url, {"statement": 999999, "idempotency_key": "k", "value": "1"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="vote-card"')
    assert "That statement is not open for votes." in body
    assert not conversation.votes.exists()
    assert not conversation.process.participants.exists()
