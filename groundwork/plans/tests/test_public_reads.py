"""What the published plan shows of an activity and of the plan: the statements most people
agreed on apart from the residents' words and the themes, the consensus statements by share of
agreement, zero counts for a version published before they were recorded, and when an activity
counts as stalled. Each test runs beside a look-alike tenant."""

from datetime import UTC, date, datetime, timedelta

import pytest

from groundwork.deliberation.models import AnalysisRun
from groundwork.plans import selectors, services
from groundwork.plans.models import ActivityStatus, LinkKind, PlanVersion
from groundwork.plans.selectors.progress import STALLED_AFTER_DAYS, Tracking
from groundwork.themes.models import Theme

pytestmark = pytest.mark.django_db


def test_an_activity_shows_its_statements_apart_from_residents_words_and_themes(  # type: ignore[no-untyped-def]
    tenant, other_tenant
):
    statement = tenant.conversation.statements.order_by("pk").first()
    question = tenant.process.questions.get(key="strengths")
    theme = Theme.objects.create(
        process=tenant.process, question=question, key="clinic", label="The clinic", size=3
    )
    words = next(c for c in tenant.contributions if c.question.key == "strengths")
    link = services.activity_link
    me, activity = tenant.coordinator, tenant.activity
    link(actor=me, activity=activity, kind=LinkKind.EVIDENCE, statement_ids=[statement.pk])
    link(actor=me, activity=activity, kind=LinkKind.STRENGTH, theme_ids=[theme.pk])
    link(actor=me, activity=activity, kind=LinkKind.STRENGTH, contribution_ids=[words.pk])
    services.plan_publish(actor=other_tenant.coordinator, plan=other_tenant.plan, note="v1")
    version = services.plan_publish(actor=me, plan=tenant.plan, note="v1")
    shown = selectors.public_plan(version, selectors.public_tracking(tenant.plan, version))
    [row] = [a for g in shown["goals"] for a in g["activities"] if a["id"] == activity.pk]
    assert [i["text"] for i in row["statements"]] == [statement.text]
    assert [i["text"] for i in row["themes"]] == ["The clinic"]
    assert [i["text"] for i in row["strengths"]] == [words.text]


def test_consensus_statements_come_by_share_of_agreement(tenant, other_tenant):  # type: ignore[no-untyped-def]
    first, second = tenant.conversation.statements.order_by("pk")[:2]
    for t, agree in (
        (tenant, [{"statement": first.pk, "percent": 71}, {"statement": second.pk, "percent": 93}]),
        (other_tenant, [{"statement": other_tenant.conversation.statements.first().pk}]),
    ):
        AnalysisRun.objects.create(
            conversation=t.conversation,
            status=AnalysisRun.Status.DONE,
            results={"consensus": {"agree": agree}},
            finished_at=datetime(2027, 5, 1, tzinfo=UTC),
        )
    found = selectors.consensus_statements(tenant.process)
    assert [(row["statement"], row["percent"]) for row in found] == [(second, 93), (first, 71)]


def test_a_version_published_before_its_counts_were_kept_shows_zero(tenant, other_tenant):  # type: ignore[no-untyped-def]
    services.plan_publish(actor=other_tenant.coordinator, plan=other_tenant.plan, note="v1")
    version = services.plan_publish(actor=tenant.coordinator, plan=tenant.plan, note="v1")
    # Versions are immutable: the older shape is read from a copy, as it would be stored.
    older = PlanVersion(snapshot={**version.snapshot, "how": {}})
    shown = selectors.public_plan(older, selectors.public_tracking(tenant.plan, version))
    assert shown["participants"].value == 0 and shown["endorsers"].value == 0
    assert shown["channels"] == [] and shown["contributions"].value == 0


def test_an_activity_is_stalled_after_two_months_without_news() -> None:
    today = date(2026, 6, 30)

    def row(days_since: int) -> Tracking:
        return Tracking(
            id=1,
            goal_id=1,
            title="Rides",
            status=ActivityStatus.UNDER_WAY,
            progress=20,
            ends_on=None,
            last_update=today - timedelta(days=days_since),
            starts_on=None,
        )

    assert not row(10).stalled(today)
    assert not row(STALLED_AFTER_DAYS).stalled(today)
    assert row(STALLED_AFTER_DAYS + 1).stalled(today)
