"""The plan selectors read one tenant's plan only: each test runs beside a look-alike tenant
(same slugs, titles and answers) so a lost ``process=`` / ``community=`` / ``plan=`` filter shows
as a doubled count or a foreign row."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from groundwork.analysis.suppression import Reason
from groundwork.communities.tests.factories import OrganizationFactory
from groundwork.core.testing import assert_absent, assert_present, unchanged
from groundwork.deliberation.models import AnalysisRun, StatementModeration
from groundwork.planning import services as planning
from groundwork.planning.models import Question
from groundwork.plans import selectors, services
from groundwork.plans.models import ActivityStatus, Endorsement, LinkKind, PlanVersion
from groundwork.themes.models import Theme

pytestmark = pytest.mark.django_db


def test_plan_for_process_is_the_process_own(tenant, other_tenant):  # type: ignore[no-untyped-def]
    assert selectors.plan_for_process(tenant.process) == tenant.plan
    assert selectors.plan_for_process(other_tenant.process) == other_tenant.plan
    bare = planning.process_create(
        actor=tenant.coordinator, community=tenant.community, title="No plan", slug="bare"
    )
    assert selectors.plan_for_process(bare) is None


def _theme(tenant, key, label, size):  # type: ignore[no-untyped-def]
    question = Question.objects.get(process=tenant.process, key=key)
    return Theme.objects.create(
        process=tenant.process, question=question, key=label, label=label, size=size
    )


def test_evidence_panel_offers_only_this_process_answers_themes_and_organizations(  # type: ignore[no-untyped-def]
    tenant, other_tenant
):
    _theme(tenant, "problems", "Getting to the clinic", 3)
    _theme(other_tenant, "problems", f"Theme {other_tenant.marker}", 3)
    with unchanged(other_tenant):
        panel = selectors.evidence_panel(tenant.plan)
    # Three people gave the same words in each tenant: counted three times here, not six.
    for key in ("strengths", "allies", "actions"):
        assert [row["count"] for row in panel[key]] == [3], key
    assert sorted(row["count"] for row in panel["problems"]) == [1, 3]
    [internal, external] = panel["barrier_groups"]
    assert internal["kind"] == "internal"
    assert [(row["text"], row["count"]) for row in internal["answers"]] == [
        ("Meetings during work hours", 3)
    ]
    assert external["kind"] == "external" and external["answers"] == []
    assert [t.label for t in panel["themes"]["problems"]] == ["Getting to the clinic"]
    assert panel["organizations"] == [tenant.organization]
    assert_present(tenant, panel)
    assert_absent(other_tenant, panel)


def test_barrier_groups_keep_unspecified_only_when_there_are_any(tenant, other_tenant):  # type: ignore[no-untyped-def]
    planning.contributions_submit(
        process=other_tenant.process,
        participant=other_tenant.participants[0],
        answers=[planning.Answer("barriers", "No child care", "")],
        language="en",
        channel="online",
        idempotency_key="unspecified",
    )
    groups = selectors.barrier_groups(tenant.process, [])
    assert [g["kind"] for g in groups] == ["internal", "external"]
    groups = selectors.barrier_groups(other_tenant.process, [], limit=1)
    assert [g["kind"] for g in groups] == ["internal", "external", "unspecified"]
    assert [row["text"] for row in groups[2]["answers"]] == ["No child care"]


def test_activity_rows_count_links_more_and_endorsements(tenant, other_tenant):  # type: ignore[no-untyped-def]
    # Seven different strengths linked: five shown, "2 more".
    texts = [f"Strength number {n}" for n in range(7)]
    added = planning.contributions_submit(
        process=tenant.process,
        participant=tenant.participants[1],
        answers=[planning.Answer("strengths", t) for t in texts],
        language="en",
        channel="online",
        idempotency_key="seven",
    )
    services.activity_link(
        actor=tenant.coordinator,
        activity=tenant.activity,
        kind=LinkKind.STRENGTH,
        contribution_ids=[c.pk for c in added],
    )
    for t, value in ((other_tenant, "concern"), (tenant, "support")):
        Endorsement.objects.create(
            community=t.community, activity=t.activity, participant=t.participants[0], value=value
        )
    services.activity_save(
        actor=tenant.coordinator, plan=tenant.plan, goal=tenant.goal, title="Not endorsed yet"
    )
    row, bare = selectors.plan_activities(tenant.plan)
    assert (bare.support, bare.concern) == (0, 0)
    assert row.counts[LinkKind.STRENGTH] == 3 + 7
    assert len(row.strengths) == selectors.ITEMS_SHOWN
    assert row.more[LinkKind.STRENGTH] == 3
    assert row.more[LinkKind.BARRIER] == 0
    assert (row.support, row.concern) == (1, 0)
    [other_row] = selectors.plan_activities(other_tenant.plan)
    assert (other_row.support, other_row.concern) == (0, 1)
    assert other_row.counts[LinkKind.STRENGTH] == 3


def test_version_numbers_are_the_plan_own_in_order(tenant, other_tenant):  # type: ignore[no-untyped-def]
    services.plan_publish(actor=other_tenant.coordinator, plan=other_tenant.plan)
    for _ in range(2):
        services.plan_publish(actor=tenant.coordinator, plan=tenant.plan)
    assert selectors.version_numbers(tenant.plan) == [1, 2]
    assert selectors.version_numbers(other_tenant.plan) == [1]
    assert selectors.latest_version(tenant.plan).number == 2


def test_timeline_lists_this_plan_updates_only(tenant, other_tenant):  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    for t in (tenant, other_tenant):
        services.progress_post(
            actor=t.coordinator,
            activity=t.activity,
            on_date=today,
            progress=30,
            status=ActivityStatus.UNDER_WAY,
            note=f"First rides {t.marker}",
        )
    updates = list(selectors.timeline(tenant.plan, version=None))
    assert [u.activity for u in updates] == [tenant.activity]
    assert_absent(other_tenant, [u.note for u in updates])
    version = services.plan_publish(actor=tenant.coordinator, plan=tenant.plan)
    assert list(selectors.timeline(tenant.plan, version=version)) == updates


def test_consensus_statements_are_this_process_accepted_ones(tenant, other_tenant):  # type: ignore[no-untyped-def]
    mine = list(tenant.conversation.statements.order_by("pk"))
    theirs = list(other_tenant.conversation.statements.order_by("pk"))
    mine[1].moderation = StatementModeration.REJECTED
    mine[1].save()
    agree = [{"statement": s.pk, "percent": 80 + n} for n, s in enumerate(mine + theirs)]
    AnalysisRun.objects.create(
        conversation=tenant.conversation,
        status=AnalysisRun.Status.DONE,
        finished_at=timezone.now(),
        results={"consensus": {"agree": agree}},
    )
    rows = selectors.consensus_statements(tenant.process)
    # The rejected statement and the other tenant's statements named in the results are left out.
    assert [(row["statement"], row["percent"]) for row in rows] == [(mine[0], 80)]
    assert selectors.consensus_statements(other_tenant.process) == []


def test_a_published_activity_removed_from_the_draft_keeps_its_published_state(  # type: ignore[no-untyped-def]
    tenant, other_tenant
):
    services.activity_save(
        actor=tenant.coordinator,
        plan=tenant.plan,
        goal=tenant.goal,
        activity=tenant.activity,
        title="Ride share",
        lead_name="Ana",
        ends_on=timezone.localdate() - timedelta(days=5),
    )
    version = services.plan_publish(actor=tenant.coordinator, plan=tenant.plan)
    live = selectors.public_tracking(tenant.plan, version)
    [[activity]] = [g["activities"] for g in selectors.public_plan(version, live)["goals"]]
    assert activity["overdue"] is True
    services.activity_delete(actor=tenant.coordinator, activity=tenant.activity)
    live = selectors.public_tracking(tenant.plan, version)
    [[activity]] = [g["activities"] for g in selectors.public_plan(version, live)["goals"]]
    assert (activity["overdue"], activity["stalled"], activity["progress"]) == (False, False, None)
    assert activity["title"] == "Ride share"


def test_gathering_attendance_is_suppressed_on_the_public_plan():  # type: ignore[no-untyped-def]
    version = PlanVersion(
        snapshot={
            "goals": [],
            "how": {
                "gatherings": [
                    {"title": "Small", "date": "2027-03-01", "attendance": 4},
                    {"title": "Large", "date": "2027-03-02", "attendance": 25},
                    {"title": "Unknown", "date": "2027-03-03", "attendance": None},
                ],
                "participants": 7,
                "endorsers": 0,
            },
        }
    )
    live = {"activities": {}, "goals": {}, "plan": None, "today": date(2027, 4, 1)}
    public = selectors.public_plan(version, live)
    small, large, unknown = public["gatherings"]
    assert small["attendance"].hidden and small["attendance"].reason == Reason.PRIMARY
    assert large["attendance"].value == 25
    assert unknown["attendance"] is None
    assert small["date"] == date(2027, 3, 1)
    assert public["participants"].hidden
    assert public["endorsers"].value == 0


def test_organizations_listed_for_the_builder_are_the_community_own(tenant, other_tenant):  # type: ignore[no-untyped-def]
    OrganizationFactory(community=other_tenant.community, name="Aaa first by name")
    assert selectors.evidence_panel(tenant.plan)["organizations"] == [tenant.organization]
