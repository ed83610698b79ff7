"""Writing statements and casting votes beside a look-alike tenant: what is stored and audited,
which keys are accepted, what a retry or a concurrent copy gets back, and when a vote queues
an analysis of its own conversation."""

import pytest
from django.core.exceptions import ValidationError
from django_tasks_db.models import DBTaskResult

from groundwork.core.errors import AlreadyReceived, ApplicationError
from groundwork.core.models import AuditEvent
from groundwork.core.testing import add_votes, unchanged
from groundwork.deliberation import services as deliberation
from groundwork.deliberation.models import (
    AnalysisRun,
    Conversation,
    Statement,
    StatementModeration,
    StatementSource,
    Vote,
)

pytestmark = pytest.mark.django_db


def _submit(tenant, text="Buses on Sundays", key="k1", participant=0, language="en"):  # type: ignore[no-untyped-def]
    return deliberation.statement_submit(
        conversation=tenant.conversation,
        participant=tenant.participants[participant],
        text=text,
        language=language,
        idempotency_key=key,
    )


def _set(tenant, **fields):  # type: ignore[no-untyped-def]
    Conversation.objects.filter(pk=tenant.conversation.pk).update(**fields)
    tenant.conversation.refresh_from_db()


# ------------------------------------------------------------------ statements


def test_a_statement_is_stored_once_for_its_author_and_audited(tenant, other_tenant):  # type: ignore[no-untyped-def]
    # The other tenant's participant sent the same key in their conversation first.
    theirs = _submit(other_tenant)
    with unchanged(other_tenant):
        statement = _submit(tenant)
    stored = Statement.objects.get(pk=statement.pk)
    assert stored.pk != theirs.pk
    assert (stored.conversation, stored.community) == (tenant.conversation, tenant.community)
    assert (stored.author, stored.idempotency_key) == (tenant.participants[0], "k1")
    assert (stored.source, stored.moderation) == (StatementSource.PARTICIPANT, "accepted")
    [event] = AuditEvent.objects.filter(action="statement.submitted", community=tenant.community)
    assert (event.target_type, event.target_id) == ("deliberation.statement", str(statement.pk))
    assert event.actor_label == str(tenant.participants[0]) != ""
    assert event.details == {"moderation": "accepted"}
    # The retry returns the first statement to its author; anyone else is refused.
    with unchanged(tenant, other_tenant):
        assert _submit(tenant).pk == statement.pk
        with pytest.raises(AlreadyReceived):
            _submit(tenant, participant=1)
    assert tenant.conversation.statements.filter(idempotency_key="k1").count() == 1


def test_statement_keys_must_be_given_and_at_most_sixty_characters(tenant, other_tenant):  # type: ignore[no-untyped-def]
    with unchanged(tenant, other_tenant):
        for key in ("", "k" * 61):
            with pytest.raises(ApplicationError, match="out of date"):
                _submit(tenant, key=key)
    with unchanged(other_tenant):
        assert _submit(tenant, key="k" * 60).idempotency_key == "k" * 60


def test_an_empty_statement_names_the_text_field(tenant, other_tenant):  # type: ignore[no-untyped-def]
    with unchanged(tenant, other_tenant), pytest.raises(ApplicationError) as refused:
        _submit(tenant, text=" \n ")
    assert refused.value.field == "text"


def test_a_statement_is_held_under_strict_moderation_or_when_it_looks_personal(
    tenant, other_tenant
):
    with unchanged(other_tenant):
        assert _submit(tenant, key="plain").moderation == StatementModeration.ACCEPTED
        personal = _submit(tenant, text="Call me at 555-123-4567", key="personal")
        assert personal.moderation == StatementModeration.PENDING
        _set(tenant, strict_moderation=True)
        assert _submit(tenant, key="strict").moderation == StatementModeration.PENDING


def test_a_closed_conversation_or_one_without_writing_takes_no_statement(tenant, other_tenant):  # type: ignore[no-untyped-def]
    for fields in ({"is_open": False}, {"participants_write": False}):
        _set(tenant, is_open=True, participants_write=True)
        _set(tenant, **fields)
        with unchanged(tenant, other_tenant), pytest.raises(ApplicationError, match="not taking"):
            _submit(tenant)


def test_a_statement_that_breaks_a_column_is_refused_whole(tenant, other_tenant):  # type: ignore[no-untyped-def]
    # A language code longer than its column is refused on every database, not stored.
    with unchanged(tenant, other_tenant), pytest.raises(ValidationError):
        _submit(tenant, language="en-" + "x" * 8)


def test_a_concurrent_copy_of_the_same_statement_is_returned_to_its_author(
    tenant, other_tenant, monkeypatch
):
    # The same form sent twice at once: the other request stores its copy between this one's
    # checks and its insert. The author gets that copy back; nothing is stored twice.
    full_clean = Statement.full_clean
    won: list[Statement] = []

    def the_other_request_first(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        full_clean(self, *args, **kwargs)
        if not won:
            won.append(
                Statement.objects.create(
                    community=self.community,
                    conversation=self.conversation,
                    text=self.text,
                    language=self.language,
                    source=self.source,
                    author=self.author,
                    moderation=self.moderation,
                    idempotency_key=self.idempotency_key,
                )
            )

    monkeypatch.setattr(Statement, "full_clean", the_other_request_first)
    with unchanged(other_tenant):
        statement = _submit(tenant, key="twice")
    assert statement.pk == won[0].pk
    assert tenant.conversation.statements.filter(idempotency_key="twice").count() == 1


def test_a_seeded_statement_keeps_its_answer_and_is_audited(tenant, other_tenant):  # type: ignore[no-untyped-def]
    answer = tenant.contributions[0]
    with unchanged(other_tenant):
        statement = deliberation.statement_seed(
            actor=tenant.coordinator,
            conversation=tenant.conversation,
            text=answer.text,
            language="en",
            contribution=answer,
        )
    stored = Statement.objects.get(pk=statement.pk)
    assert (stored.contribution, stored.source) == (answer, StatementSource.CONTRIBUTION)
    assert stored.moderation == StatementModeration.ACCEPTED
    [event] = AuditEvent.objects.filter(action="statement.seeded", target_id=str(statement.pk))
    assert (event.actor, event.community) == (tenant.coordinator, tenant.community)
    # An answer of the look-alike process is refused.
    with unchanged(tenant, other_tenant), pytest.raises(ApplicationError, match="not part"):
        deliberation.statement_seed(
            actor=tenant.coordinator,
            conversation=tenant.conversation,
            text="Borrowed",
            language="en",
            contribution=other_tenant.contributions[0],
        )


# ------------------------------------------------------------------ votes


def _statement(tenant):  # type: ignore[no-untyped-def]
    return tenant.conversation.statements.order_by("pk").first()


def _vote(tenant, key, participant=0, statement=None, value=1):  # type: ignore[no-untyped-def]
    return deliberation.vote_cast(
        conversation=tenant.conversation,
        participant=tenant.participants[participant],
        statement=statement or _statement(tenant),
        value=value,
        idempotency_key=key,
    )


def test_a_vote_is_refused_on_a_pending_statement_or_another_conversations(tenant, other_tenant):  # type: ignore[no-untyped-def]
    pending = _statement(tenant)
    Statement.objects.filter(pk=pending.pk).update(moderation=StatementModeration.PENDING)
    pending.refresh_from_db()
    for statement in (pending, _statement(other_tenant)):
        with unchanged(tenant, other_tenant), pytest.raises(ApplicationError, match="not open"):
            _vote(tenant, "v1", statement=statement)


def test_vote_keys_are_at_most_sixty_characters_and_each_voter_keeps_their_own(
    tenant, other_tenant
):
    add_votes(other_tenant, keys=("v1", "v2"))
    with unchanged(other_tenant):
        with pytest.raises(ApplicationError, match="out of date"):
            _vote(tenant, "k" * 61)
        first = _vote(tenant, "k" * 60)
        # Another voter of this conversation, with a key of their own.
        second = _vote(tenant, "v2", participant=1)
        assert _vote(tenant, "k" * 60).pk == first.pk
        with pytest.raises(AlreadyReceived):
            _vote(tenant, "v2", participant=2)
    assert second.pk != first.pk
    assert sorted(tenant.conversation.votes.values_list("participant_id", flat=True)) == sorted(
        p.pk for p in tenant.participants[:2]
    )


def _runs(tenant):  # type: ignore[no-untyped-def]
    return AnalysisRun.objects.filter(conversation=tenant.conversation)


def test_the_first_vote_queues_an_analysis_even_while_another_conversation_waits(
    tenant, other_tenant, django_capture_on_commit_callbacks
):
    AnalysisRun.objects.create(conversation=other_tenant.conversation)  # queued
    with unchanged(other_tenant), django_capture_on_commit_callbacks(execute=True):
        _vote(tenant, "v1")
    [run] = _runs(tenant)
    assert run.status == AnalysisRun.Status.QUEUED
    [task] = DBTaskResult.objects.all()
    assert task.task_path.endswith("conversation_analyze")
    assert task.args_kwargs["kwargs"] == {"run_id": run.pk}
    # While it waits, more votes queue nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        _vote(tenant, "v2", participant=1)
    assert _runs(tenant).count() == 1


def test_a_new_analysis_waits_for_enough_votes_of_this_conversation(
    tenant, other_tenant, django_capture_on_commit_callbacks
):
    _set(tenant, votes_per_run=2)
    AnalysisRun.objects.create(
        conversation=tenant.conversation,
        status=AnalysisRun.Status.DONE,
        parameters={"last_vote_id": 0},
    )
    # Votes of the look-alike conversation since then do not count here.
    add_votes(other_tenant)
    with unchanged(other_tenant), django_capture_on_commit_callbacks(execute=True):
        _vote(tenant, "v1")
    assert _runs(tenant).count() == 1
    with unchanged(other_tenant), django_capture_on_commit_callbacks(execute=True):
        _vote(tenant, "v2", participant=1)
    assert _runs(tenant).count() == 2
    assert _runs(tenant).order_by("-id").first().status == AnalysisRun.Status.QUEUED


def test_after_a_run_that_recorded_no_last_vote_every_vote_counts(
    tenant, other_tenant, django_capture_on_commit_callbacks
):
    # A run that failed before it read the votes records no last vote: the count of new votes
    # starts again from the first vote there is (here the database's first vote).
    _set(tenant, votes_per_run=2)
    AnalysisRun.objects.create(
        conversation=tenant.conversation, status=AnalysisRun.Status.FAILED, parameters={}
    )
    assert not Vote.objects.exists()
    with unchanged(other_tenant), django_capture_on_commit_callbacks(execute=True):
        _vote(tenant, "v1")
        assert _runs(tenant).count() == 1
        _vote(tenant, "v2", participant=1)
    assert _runs(tenant).count() == 2


def test_asking_for_an_analysis_is_audited_and_only_facilitators_may(
    tenant, other_tenant, django_capture_on_commit_callbacks
):
    with unchanged(tenant, other_tenant), pytest.raises(ApplicationError, match="permission"):
        deliberation.analysis_request(
            actor=other_tenant.coordinator, conversation=tenant.conversation
        )
    with unchanged(other_tenant), django_capture_on_commit_callbacks(execute=True):
        run = deliberation.analysis_request(
            actor=tenant.coordinator, conversation=tenant.conversation
        )
    assert (run.conversation, run.status) == (tenant.conversation, AnalysisRun.Status.QUEUED)
    [event] = AuditEvent.objects.filter(
        target_id=str(run.pk), target_type="deliberation.analysisrun"
    )
    assert (event.action, event.actor) == ("analysis.requested", tenant.coordinator)
    assert event.community == tenant.community
    [task] = DBTaskResult.objects.all()
    assert task.args_kwargs["kwargs"] == {"run_id": run.pk}
