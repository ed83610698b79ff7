"""Moderating and translating statements beside a look-alike tenant: which field an error
names, what is audited against what, when the groups are recomputed, and which columns a
translation writes."""

import pytest

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import MembershipFactory
from groundwork.core.errors import ApplicationError
from groundwork.core.models import AuditEvent
from groundwork.core.testing import unchanged
from groundwork.deliberation import services as deliberation
from groundwork.deliberation.models import AnalysisRun, Statement, StatementModeration

pytestmark = pytest.mark.django_db


def _first(tenant):  # type: ignore[no-untyped-def]
    return tenant.conversation.statements.order_by("pk").first()


def test_a_rejection_without_a_reason_names_the_reason_field(tenant, other_tenant):  # type: ignore[no-untyped-def]
    statement = _first(tenant)
    with unchanged(tenant, other_tenant), pytest.raises(ApplicationError) as refused:
        deliberation.statement_moderate(
            actor=tenant.coordinator, statement=statement, state="rejected", reason="  "
        )
    assert refused.value.field == "reason"
    # Several at once: the same error, on the same field, and nothing of either changes.
    MembershipFactory(
        community=other_tenant.community, role=Role.COORDINATOR, user=tenant.coordinator
    )
    with unchanged(tenant, other_tenant), pytest.raises(ApplicationError) as refused:
        deliberation.statements_moderate_bulk(
            actor=tenant.coordinator,
            conversation=tenant.conversation,
            statement_ids=[statement.pk],
            state="rejected",
        )
    assert refused.value.field == "reason"


def test_a_decision_is_audited_against_its_statement_and_community(tenant, other_tenant):  # type: ignore[no-untyped-def]
    statement = _first(tenant)
    theirs = _first(other_tenant)
    with unchanged(other_tenant):
        deliberation.statement_moderate(
            actor=tenant.coordinator, statement=statement, state="rejected", reason="Off topic"
        )
    [event] = AuditEvent.objects.filter(action="statement.moderated")
    assert (event.target_type, event.target_id) == ("deliberation.statement", str(statement.pk))
    assert event.target_id != str(theirs.pk)
    assert (event.community, event.actor) == (tenant.community, tenant.coordinator)
    assert event.details == {"from": "accepted", "to": "rejected", "reason": "Off topic"}


def test_the_same_decision_again_is_neither_stored_nor_recomputed(tenant, other_tenant):  # type: ignore[no-untyped-def]
    statement = _first(tenant)
    runs = AnalysisRun.objects.filter(conversation=tenant.conversation)
    with unchanged(other_tenant):
        deliberation.statement_moderate(
            actor=tenant.coordinator, statement=statement, state="rejected", reason="Off topic"
        )
    assert runs.count() == 1
    assert AuditEvent.objects.filter(action="statement.moderated").count() == 1
    # The retried POST, from a copy of the statement as it was before the first one.
    stale = Statement.objects.get(pk=statement.pk)
    stale.moderation, stale.moderation_reason = StatementModeration.ACCEPTED, ""
    with unchanged(tenant, other_tenant):
        returned = deliberation.statement_moderate(
            actor=tenant.coordinator, statement=stale, state="rejected", reason="Off topic"
        )
    assert (returned.moderation, returned.moderation_reason) == ("rejected", "Off topic")
    assert runs.count() == 1
    # The same for several at once: nothing changed, so the groups are not recomputed.
    with unchanged(tenant, other_tenant):
        deliberation.statements_moderate_bulk(
            actor=tenant.coordinator,
            conversation=tenant.conversation,
            statement_ids=[statement.pk],
            state="rejected",
            reason="Off topic",
        )
    assert runs.count() == 1
    # A new reason is stored and audited, but the groups stay as they are (still rejected).
    with unchanged(other_tenant):
        deliberation.statement_moderate(
            actor=tenant.coordinator, statement=stale, state="rejected", reason="Repeated"
        )
    assert Statement.objects.get(pk=statement.pk).moderation_reason == "Repeated"
    assert AuditEvent.objects.filter(action="statement.moderated").count() == 2
    assert runs.count() == 1
    assert not AnalysisRun.objects.filter(conversation=other_tenant.conversation).exists()


def test_a_translation_too_long_names_the_translation_field(tenant, other_tenant):  # type: ignore[no-untyped-def]
    statement = _first(tenant)
    longest = "a" * Statement.MAX_LENGTH
    with unchanged(tenant, other_tenant), pytest.raises(ApplicationError) as refused:
        deliberation.statement_translate(
            actor=tenant.coordinator, statement=statement, language="es", text=longest + "a"
        )
    assert refused.value.field == "translation"
    deliberation.statement_translate(
        actor=tenant.coordinator, statement=statement, language="es", text=longest
    )
    assert Statement.objects.get(pk=statement.pk).translation == longest


def test_a_translation_is_audited_against_the_statement_community(tenant, other_tenant):  # type: ignore[no-untyped-def]
    statement = _first(tenant)
    with unchanged(other_tenant):
        deliberation.statement_translate(
            actor=tenant.coordinator, statement=statement, language="es", text="Necesitamos un bus"
        )
    [event] = AuditEvent.objects.filter(action="statement.translated")
    assert (event.community, event.actor) == (tenant.community, tenant.coordinator)
    assert (event.target_type, event.target_id) == ("deliberation.statement", str(statement.pk))
    assert event.details == {"language": "es", "original_language": "en"}


def test_a_translation_writes_only_its_own_columns(tenant, other_tenant, monkeypatch):  # type: ignore[no-untyped-def]
    # A moderation decision stored between the translation's read of the row and its write
    # (a database that takes no row lock) is kept: the translation does not write back the
    # moderation it read.
    statement = _first(tenant)
    full_clean = Statement.full_clean

    def decided_meanwhile(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        Statement.objects.filter(pk=self.pk).update(
            moderation=StatementModeration.REJECTED, moderation_reason="Off topic"
        )
        return full_clean(self, *args, **kwargs)

    monkeypatch.setattr(Statement, "full_clean", decided_meanwhile)
    with unchanged(other_tenant):
        deliberation.statement_translate(
            actor=tenant.coordinator, statement=statement, language="es", text="Necesitamos un bus"
        )
    stored = Statement.objects.get(pk=statement.pk)
    assert (stored.translation, stored.translation_language) == ("Necesitamos un bus", "es")
    assert (stored.moderation, stored.moderation_reason) == ("rejected", "Off topic")
