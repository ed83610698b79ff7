"""Statements, votes and moderation stay within their conversation: each test runs beside a
look-alike tenant (groundwork.core.testing) with the same topic, statements and keys."""

import pytest
from django.urls import reverse

from groundwork.core.errors import ApplicationError
from groundwork.core.testing import add_votes, assert_absent, assert_present, unchanged
from groundwork.deliberation import selectors, services
from groundwork.deliberation.models import StatementModeration, Vote

pytestmark = pytest.mark.django_db


def test_statement_lists_are_the_conversation_own(tenant, other_tenant):  # type: ignore[no-untyped-def]
    for moderator in (True, False):
        listed = list(selectors.statement_list(tenant.conversation, moderator=moderator))
        assert {s.conversation_id for s in listed} == {tenant.conversation.pk}
        assert len(listed) == 2
        assert_present(tenant, [s.text for s in listed])
        assert_absent(other_tenant, [s.text for s in listed])
    assert selectors.accepted_statements(tenant.conversation).count() == 2


def test_one_vote_key_in_two_conversations_stores_two_votes(tenant, other_tenant):  # type: ignore[no-untyped-def]
    votes = []
    for t in (tenant, other_tenant):
        statement = t.conversation.statements.order_by("pk").first()
        votes.append(
            services.vote_cast(
                conversation=t.conversation,
                participant=t.participants[0],
                statement=statement,
                value=1,
                idempotency_key="same-key",
            )
        )
    assert votes[0].pk != votes[1].pk
    assert Vote.objects.filter(statement__conversation=other_tenant.conversation).count() == 1
    progress = selectors.voting_progress(tenant.conversation, tenant.participants[0])
    assert (progress["voted"], progress["total"]) == (1, 2)


def test_moderating_a_statement_changes_nothing_of_the_other_tenant(tenant, other_tenant):  # type: ignore[no-untyped-def]
    statement = tenant.conversation.statements.order_by("pk").last()
    with unchanged(other_tenant):
        services.statement_moderate(
            actor=tenant.coordinator,
            statement=statement,
            state=StatementModeration.REJECTED,
            reason="Off topic",
        )
    statement.refresh_from_db()
    assert statement.moderation == StatementModeration.REJECTED
    # The other tenant's coordinator may not moderate it back.
    with unchanged(tenant, other_tenant), pytest.raises(ApplicationError, match="permission"):
        services.statement_moderate(
            actor=other_tenant.coordinator, statement=statement, state=StatementModeration.ACCEPTED
        )


def test_the_statements_page_shows_this_conversation_only(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    client.force_login(tenant.coordinator)
    url = reverse("deliberation:statements", args=[tenant.community.slug, tenant.process.slug])
    page = client.get(url)
    assert page.status_code == 200
    assert_present(tenant, page)
    assert_absent(other_tenant, page)
    client.force_login(other_tenant.coordinator)
    assert client.get(url).status_code == 403


def test_progress_counts_this_conversation_accepted_statements_only(tenant, other_tenant):  # type: ignore[no-untyped-def]
    conversation = tenant.conversation
    # Nobody yet (no participant cookie): nothing voted, everything left.
    assert selectors.voting_progress(conversation, None) == {"voted": 0, "total": 2, "left": 2}
    first, second = conversation.statements.order_by("pk")
    with unchanged(other_tenant):
        services.statement_moderate(
            actor=tenant.coordinator,
            statement=second,
            state=StatementModeration.REJECTED,
            reason="Off topic",
        )
    assert list(selectors.accepted_statements(conversation)) == [first]
    assert selectors.voting_progress(conversation, None) == {"voted": 0, "total": 1, "left": 1}
    # The other tenant's look-alike statements are all still accepted, and its own.
    theirs = selectors.accepted_statements(other_tenant.conversation)
    assert theirs.count() == 2 and {s.conversation_id for s in theirs} == {
        other_tenant.conversation.pk
    }


def test_progress_counts_the_participant_own_votes_only(tenant, other_tenant):  # type: ignore[no-untyped-def]
    add_votes(other_tenant)  # four votes on the look-alike conversation
    ana, ben = tenant.participants[:2]
    statement = tenant.conversation.statements.order_by("pk").first()
    services.vote_cast(
        conversation=tenant.conversation,
        participant=ana,
        statement=statement,
        value=1,
        idempotency_key="k",
    )
    assert selectors.voting_progress(tenant.conversation, ana) == {
        "voted": 1,
        "total": 2,
        "left": 1,
    }
    assert selectors.voting_progress(tenant.conversation, ben) == {
        "voted": 0,
        "total": 2,
        "left": 2,
    }


def test_the_next_statement_is_one_not_voted_on_and_none_when_all_are(tenant, other_tenant):  # type: ignore[no-untyped-def]
    import random

    add_votes(other_tenant)  # the look-alike conversation has votes by its own people
    ana = tenant.participants[0]
    first, second = tenant.conversation.statements.order_by("pk")
    services.vote_cast(
        conversation=tenant.conversation,
        participant=ana,
        statement=first,
        value=1,
        idempotency_key="k",
    )
    for seed in range(8):  # whatever the draw, never the one already voted on
        shown = selectors.next_statement(tenant.conversation, ana, rng=random.Random(seed))
        assert shown == second
    services.vote_cast(
        conversation=tenant.conversation,
        participant=ana,
        statement=second,
        value=-1,
        idempotency_key="k2",
    )
    assert selectors.next_statement(tenant.conversation, ana) is None
    assert selectors.voting_progress(tenant.conversation, ana) == {
        "voted": 2,
        "total": 2,
        "left": 0,
    }


def test_consensus_shares_come_from_the_process_own_latest_finished_run(tenant, other_tenant):  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    from groundwork.deliberation.models import AnalysisRun
    from groundwork.planning import services as planning

    def run(t, agree, *, status=AnalysisRun.Status.DONE, day=1):  # type: ignore[no-untyped-def]
        return AnalysisRun.objects.create(
            conversation=t.conversation,
            status=status,
            results={"consensus": {"agree": agree}},
            finished_at=datetime(2027, 5, day, tzinfo=UTC),
        )

    first, second = tenant.conversation.statements.order_by("pk")
    assert selectors.latest_consensus(tenant.process) == {}  # no finished run yet
    run(tenant, [{"statement": first.pk, "percent": 70}], day=1)
    run(tenant, [{"statement": first.pk, "percent": 85}, {"statement": second.pk}], day=2)
    run(tenant, [{"statement": second.pk, "percent": 99}], status=AnalysisRun.Status.QUEUED)
    # The other tenant's newer run of look-alike statements is not read.
    theirs = other_tenant.conversation.statements.order_by("pk").first()
    run(other_tenant, [{"statement": theirs.pk, "percent": 60}], day=3)
    assert selectors.latest_consensus(tenant.process) == {first.pk: 85, second.pk: 0}
    assert selectors.latest_consensus(other_tenant.process) == {theirs.pk: 60}
    # A process without a conversation has none; a run without the list gives none.
    quiet = planning.process_create(
        actor=tenant.coordinator, community=tenant.community, title="Quiet", slug="quiet"
    )
    assert selectors.latest_consensus(quiet) == {}
    AnalysisRun.objects.create(
        conversation=tenant.conversation,
        status=AnalysisRun.Status.DONE,
        results={"consensus": {}},
        finished_at=datetime(2027, 5, 4, tzinfo=UTC),
    )
    assert selectors.latest_consensus(tenant.process) == {}


def test_the_next_statement_is_drawn_by_priority_and_a_zero_priority_never_comes(tenant):  # type: ignore[no-untyped-def]
    import random

    first, second = tenant.conversation.statements.order_by("pk")
    priorities = {str(first.pk): 1.0, str(second.pk): 0.0}
    drawn = {
        selectors.next_statement(
            tenant.conversation, None, priorities=priorities, rng=random.Random(seed)
        )
        for seed in range(20)
    }
    assert drawn == {first}


def test_statement_counts_and_participation_are_this_conversation_own(tenant, other_tenant):  # type: ignore[no-untyped-def]
    add_votes(other_tenant)  # four votes by three people on the look-alike conversation
    conversation = tenant.conversation
    ana, ben = tenant.participants[:2]
    first, second = conversation.statements.order_by("pk")
    for person, value, key in ((ana, 1, "a1"), (ana, -1, "a2"), (ben, 1, "b1")):
        services.vote_cast(
            conversation=conversation,
            participant=person,
            statement=first,
            value=value,
            idempotency_key=key,
        )
    services.statement_moderate(
        actor=tenant.coordinator, statement=second, state=StatementModeration.REJECTED, reason="x"
    )
    public = list(selectors.statement_list(conversation, moderator=False))
    assert public == [first]
    assert public[0].n_votes == 2 and public[0].last_vote is not None  # Ana changed her mind
    everything = selectors.statement_list(conversation, moderator=True)
    assert {s.pk: s.n_votes for s in everything} == {first.pk: 2, second.pk: 0}
    days = selectors.participation_by_day(conversation)
    assert [(day["votes"], day["voters"]) for day in days] == [(3, 2)]
