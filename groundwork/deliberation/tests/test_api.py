"""Deliberation through the API: the same rules and the same suppression as the pages, and
nothing of another tenant's conversation (both tenants use the same process slug)."""

import pytest
from django.utils import timezone

from groundwork.api import services as api_services
from groundwork.communities.models import Role
from groundwork.communities.tests.factories import member
from groundwork.core.testing import unchanged
from groundwork.planning import services as planning

from .. import analysis, services
from ..models import AnalysisRun, StatementModeration, Vote
from ..selectors import with_vote_counts

pytestmark = pytest.mark.django_db


def _url(tenant, part: str = "") -> str:  # type: ignore[no-untyped-def]
    return f"/api/communities/{tenant.label}/processes/2027/conversation{part}"


def _bearer(user) -> dict[str, str]:  # type: ignore[no-untyped-def]
    _token, key = api_services.api_token_create(user=user, name="dashboard")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def _people(tenant, n: int) -> list:  # type: ignore[no-untyped-def]
    return [planning.participant_create(process=tenant.process, language="en") for _ in range(n)]


def _vote(tenant, statement, people, value: int, tag: str = "") -> None:  # type: ignore[no-untyped-def]
    for i, person in enumerate(people):
        services.vote_cast(
            conversation=tenant.conversation,
            participant=person,
            statement=statement,
            value=value,
            idempotency_key=f"{tag}{statement.pk}-{person.pk}-{i}",
        )


def test_the_conversation_and_its_statements_with_counts(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    first, second = tenant.conversation.statements.order_by("id")
    crowd = _people(tenant, 14)
    _vote(tenant, first, crowd[:12], 1)
    _vote(tenant, first, crowd[12:], -1)
    # A change of mind: the latest vote counts, the first one does not.
    _vote(tenant, first, crowd[12:13], 1, tag="again-")
    _vote(tenant, second, crowd[:3], 0)
    # The other tenant's votes on its own look-alike statements count nowhere here.
    others = other_tenant.conversation.statements.order_by("id")
    _vote(other_tenant, others[0], _people(other_tenant, 20), -1)

    with unchanged(other_tenant):
        conversation = client.get(_url(tenant)).json()
        listed = client.get(_url(tenant, "/statements")).json()
    assert conversation["topic"] == "Getting around"
    assert conversation["statements"] == 2
    assert conversation["voters"] == 14
    # The latest vote counts: 15 votes cast on the first statement, 13 agree and 1 disagrees.
    assert Vote.objects.filter(statement=first).count() == 15
    counted = with_vote_counts(tenant.conversation.statements.filter(pk=first.pk)).get()
    assert (counted.n_agree, counted.n_disagree, counted.n_pass) == (13, 1, 0)
    assert listed["count"] == 2
    by_text = {row["text"]: row for row in listed["items"]}
    assert set(by_text) == {"We need a bus", "The aldermarker ferry should run"}
    assert by_text["We need a bus"]["votes"] == {
        # 1 disagrees (hidden), so 13 agreeing is hidden too: else 14 − 13 − 0 gives it away.
        "agree": None,
        "disagree": None,
        "passed": 0,
        "total": 14,
    }
    # Three people passed: the count, and the total that would give it away, are hidden.
    assert by_text["The aldermarker ferry should run"]["votes"] == {
        "agree": 0,
        "disagree": 0,
        "passed": None,
        "total": None,
    }
    assert "birchmarker" not in str(listed)
    assert client.get(_url(other_tenant)).json()["voters"] == 20


def test_statements_waiting_for_a_decision_are_for_facilitators(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    services.conversation_update(
        actor=tenant.coordinator,
        conversation=tenant.conversation,
        topic="Getting around",
        description="",
        strict_moderation=True,
        participants_write=True,
        is_open=True,
    )
    author = tenant.participants[0]
    services.statement_submit(
        conversation=tenant.conversation,
        participant=author,
        text="Fix the potholes on Route 9",
        language="en",
        idempotency_key="s-1",
    )
    assert tenant.conversation.statements.filter(moderation=StatementModeration.PENDING).exists()
    public = client.get(_url(tenant, "/statements")).json()
    assert public["count"] == 2
    facilitator = client.get(_url(tenant, "/statements"), **_bearer(tenant.coordinator)).json()
    assert facilitator["count"] == 3
    assert {row["moderation"] for row in facilitator["items"]} == {"accepted", "pending"}
    # The other tenant's coordinator is not a facilitator here.
    outsider = client.get(_url(tenant, "/statements"), **_bearer(other_tenant.coordinator)).json()
    assert outsider["count"] == 2
    assert all("author" not in row for row in facilitator["items"])


def test_a_private_community_conversation_is_refused_to_others(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    tenant.community.is_public = False
    tenant.community.save()
    for part in ("", "/statements", "/results"):
        assert client.get(_url(tenant, part)).status_code == 401
        assert client.get(_url(tenant, part), **_bearer(other_tenant.coordinator)).status_code == (
            403
        )
        reader = member(tenant.community, Role.MEMBER)
        assert client.get(_url(tenant, part), **_bearer(reader)).status_code == 200
    assert client.get("/api/communities/alder/processes/nope/conversation").status_code == 404


def _two_camps(tenant, people: int) -> list:  # type: ignore[no-untyped-def]
    for i in range(5):
        services.statement_seed(
            actor=tenant.coordinator,
            conversation=tenant.conversation,
            text=f"Idea {i}",
            language="en",
        )
    statements = list(tenant.conversation.statements.order_by("id"))
    for p, person in enumerate(_people(tenant, people)):
        camp = 1 if p % 2 else -1
        for s, statement in enumerate(statements):
            value = 1 if s == 0 else (camp if s % 2 else -camp)
            Vote.objects.create(
                conversation=tenant.conversation,
                statement=statement,
                participant=person,
                value=value,
                idempotency_key=f"{p}-{s}",
            )
    return statements


def _finished_run(tenant) -> AnalysisRun:  # type: ignore[no-untyped-def]
    run = AnalysisRun.objects.create(conversation=tenant.conversation)
    analysis.run_compute(run)
    run.status = AnalysisRun.Status.DONE
    run.finished_at = timezone.now()
    run.save()
    return run


def test_results_show_groups_and_consensus_as_the_page_does(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    before = client.get(_url(tenant, "/results")).json()
    assert before["computed"] is False and before["groups"] == []
    statements = _two_camps(tenant, people=40)
    _two_camps(other_tenant, people=16)
    _finished_run(tenant)
    with unchanged(other_tenant):
        body = client.get(_url(tenant, "/results")).json()
    assert body["computed"] is True
    assert body["vote_count"] == 40 * 7
    assert sorted(group["size"] for group in body["groups"]) == [20, 20]
    assert all(group["representative"] for group in body["groups"])
    agreed = [row["statement"] for row in body["consensus_agree"]]
    assert statements[0].pk in agreed
    assert {row["text"] for row in body["consensus_agree"]} <= {s.text for s in statements}
    assert sum(day["votes"] for day in body["participation"]) == 40 * 7
    assert body["participation"][0]["voters"] == 40
    # The other tenant has no finished run: its results are its own (none yet).
    assert client.get(_url(other_tenant, "/results")).json()["computed"] is False


def test_small_groups_and_their_statements_are_hidden(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    _two_camps(tenant, people=16)
    _finished_run(tenant)
    body = client.get(_url(tenant, "/results")).json()
    assert [group["size"] for group in body["groups"]] == [None, None]
    assert all(group["representative"] == [] for group in body["groups"])
    assert body["clustered"] == 16
    assert body["participation"][0]["voters"] == 16


def test_a_handful_of_voters_is_not_counted_in_public(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    first = tenant.conversation.statements.order_by("id")[0]
    _vote(tenant, first, _people(tenant, 4), 1)
    assert client.get(_url(tenant)).json()["voters"] is None
    day = client.get(_url(tenant, "/results")).json()["participation"][0]
    assert day == {"day": day["day"], "votes": 4, "voters": None}
