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


def test_each_question_offers_its_own_most_shared_answers_first(tenant, other_tenant):  # type: ignore[no-untyped-def]
    # Four more people (in each tenant) give the same problem: the most shared, though it
    # sorts last by its words and was given after "No bus to the clinic".
    for t in (tenant, other_tenant):
        for n in range(4):
            planning.contributions_submit(
                process=t.process,
                participant=planning.participant_create(process=t.process, language="en"),
                answers=[planning.Answer("problems", "Zoning blocks new housing")],
                language="en",
                channel="online",
                idempotency_key=f"zoning-{n}",
            )
    keys = ("strengths", "allies", "problems", "actions")
    top = selectors.grouped_answers(tenant.process, keys, limit=1)
    assert {key: [(r["text"], r["count"]) for r in rows] for key, rows in top.items()} == {
        "strengths": [("The library has a meeting room", 3)],
        "allies": [("The county health department", 3)],
        "problems": [("Zoning blocks new housing", 4)],
        "actions": [("Ride share to the clinic", 3)],
    }
    problems = selectors.grouped_answers(tenant.process, ("problems",))["problems"]
    assert [r["count"] for r in problems] == [4, 3, 1]
    assert_present(tenant, problems)
    assert_absent(other_tenant, problems)


def test_the_builder_offers_themes_not_their_subthemes(tenant, other_tenant):  # type: ignore[no-untyped-def]
    theme = _theme(tenant, "problems", "Getting to the clinic", 3)
    question = Question.objects.get(process=tenant.process, key="problems")
    Theme.objects.create(
        process=tenant.process,
        question=question,
        parent=theme,
        key="bus",
        label="No bus",
        size=2,
    )
    _theme(other_tenant, "problems", f"Theme {other_tenant.marker}", 3)
    panel = selectors.evidence_panel(tenant.plan)
    assert [t.label for t in panel["themes"]["problems"]] == ["Getting to the clinic"]


def test_coverage_weighs_this_process_themes_only(tenant, other_tenant):  # type: ignore[no-untyped-def]
    from groundwork.themes.models import ThemeMembership

    for t, label in (
        (tenant, "Getting to the clinic"),
        (other_tenant, f"Ferry {other_tenant.marker}"),
    ):
        theme = _theme(t, "problems", label, 3)
        ThemeMembership.objects.bulk_create(
            ThemeMembership(theme=theme, contribution=c)
            for c in t.contributions
            if c.question.key == "problems" and c.text == "No bus to the clinic"
        )
    rows = selectors.plan_activities(tenant.plan)
    problems = selectors.coverage(tenant.plan, rows)["problems"]
    assert [row.topic.label for row in problems.themes] == ["Getting to the clinic"]
    assert_absent(other_tenant, [row.topic.label for row in problems.themes + problems.unthemed])


def test_the_latest_version_comes_with_its_snapshot_unless_asked_not_to(  # type: ignore[no-untyped-def]
    tenant, other_tenant, django_assert_num_queries
):
    services.plan_publish(actor=tenant.coordinator, plan=tenant.plan)
    services.plan_publish(actor=other_tenant.coordinator, plan=other_tenant.plan)
    version = selectors.latest_version(tenant.plan)
    with django_assert_num_queries(0):
        titles = [a["title"] for g in version.snapshot["goals"] for a in g["activities"]]
    assert titles == ["Ride share"]
    assert version.plan_id == tenant.plan.pk
    light = selectors.latest_version(tenant.plan, with_snapshot=False)
    assert light.pk == version.pk and "snapshot" in light.get_deferred_fields()


def test_hidden_answers_are_not_offered_to_the_builder(tenant, other_tenant):  # type: ignore[no-untyped-def]
    marked = next(c for c in tenant.contributions if tenant.marker in c.text)
    planning.contribution_moderate(
        actor=tenant.coordinator, contribution=marked, state="hidden", reason="Names a person"
    )
    panel = selectors.evidence_panel(tenant.plan)
    assert [(r["text"], r["count"]) for r in panel["problems"]] == [("No bus to the clinic", 3)]
    assert_absent(tenant, panel["problems"])
    assert_present(other_tenant, selectors.evidence_panel(other_tenant.plan)["problems"])


def test_a_published_version_activities_are_read_once_then_kept(  # type: ignore[no-untyped-def]
    tenant, other_tenant, django_assert_max_num_queries, django_assert_num_queries
):
    for t in (tenant, other_tenant):
        services.plan_publish(actor=t.coordinator, plan=t.plan)
    version = selectors.latest_version(tenant.plan, with_snapshot=False)
    with django_assert_max_num_queries(1):
        assert selectors.version_activities(version) == {tenant.activity.pk: tenant.goal.pk}
    # Every later reader (another request: a fresh version row without its snapshot) is
    # answered from the cache, without reading the snapshot again.
    again = selectors.latest_version(tenant.plan, with_snapshot=False)
    with django_assert_num_queries(0):
        assert selectors.version_activities(again) == {tenant.activity.pk: tenant.goal.pk}
    theirs = selectors.latest_version(other_tenant.plan, with_snapshot=False)
    assert selectors.version_activities(theirs) == {other_tenant.activity.pk: other_tenant.goal.pk}


def test_the_builder_names_themes_in_the_reader_language(tenant, other_tenant):  # type: ignore[no-untyped-def]
    from django.utils import translation

    from groundwork.themes.models import ThemeRun

    for t in (tenant, other_tenant):
        question = Question.objects.get(process=t.process, key="problems")
        run = ThemeRun.objects.create(
            process=t.process,
            question=question,
            status=ThemeRun.Status.DONE,
            parameters={
                "labels": {"clinic": {"en": "Getting to the clinic", "es": "Ir a la clínica"}}
            },
        )
        Theme.objects.create(
            process=t.process,
            question=question,
            run=run,
            key="clinic",
            label="Getting to the clinic",
            size=3,
        )
    with translation.override("es"):
        panel = selectors.evidence_panel(tenant.plan)
    assert [t.label for t in panel["themes"]["problems"]] == ["Ir a la clínica"]
    with translation.override("en"):
        panel = selectors.evidence_panel(tenant.plan)
    assert [t.label for t in panel["themes"]["problems"]] == ["Getting to the clinic"]


def test_an_activity_links_nothing_of_the_other_tenant(tenant, other_tenant):  # type: ignore[no-untyped-def]
    from groundwork.core.errors import ApplicationError
    from groundwork.plans.models import LinkKind
    from groundwork.themes.models import Theme

    question = other_tenant.process.questions.get(key="problems")
    their_theme = Theme.objects.create(
        process=other_tenant.process, question=question, key="t1", label="Buses", size=3
    )
    theirs = {
        LinkKind.STRENGTH: {"contribution_ids": [other_tenant.contributions[2].pk]},
        LinkKind.EVIDENCE: {"statement_ids": [other_tenant.conversation.statements.first().pk]},
        LinkKind.ALLY: {"organization_ids": [other_tenant.organization.pk]},
        LinkKind.BARRIER: {"theme_ids": [their_theme.pk]},
    }
    before = tenant.activity.links.count()
    with unchanged(other_tenant):
        for kind, ids in theirs.items():
            with pytest.raises(ApplicationError, match="not part of this process|not in this"):
                services.activity_link(
                    actor=tenant.coordinator, activity=tenant.activity, kind=kind, **ids
                )
    assert tenant.activity.links.count() == before


def test_an_activity_links_neither_assets_nor_services_of_the_other_tenant(  # type: ignore[no-untyped-def]
    tenant, other_tenant
):
    from groundwork.core.errors import ApplicationError
    from groundwork.directory.models import Asset
    from groundwork.directory.tests.factories import ServiceFactory

    ours = Asset.objects.create(community=tenant.community, kind="place", name="Library")
    theirs = Asset.objects.create(community=other_tenant.community, kind="place", name="Library")
    our_service = ServiceFactory(community=tenant.community, name="Food pantry")
    their_service = ServiceFactory(community=other_tenant.community, name="Food pantry")
    before = tenant.activity.links.count()
    with unchanged(other_tenant):
        with pytest.raises(ApplicationError, match="not in this community's map"):
            services.activity_link(
                actor=tenant.coordinator,
                activity=tenant.activity,
                kind=LinkKind.STRENGTH,
                asset_ids=[ours.pk, theirs.pk],
            )
        with pytest.raises(ApplicationError, match="not in this community"):
            services.activity_link(
                actor=tenant.coordinator,
                activity=tenant.activity,
                kind=LinkKind.ALLY,
                service_ids=[their_service.pk],
            )
    assert tenant.activity.links.count() == before
    added = services.activity_link(
        actor=tenant.coordinator,
        activity=tenant.activity,
        kind=LinkKind.ALLY,
        asset_ids=[ours.pk],
        service_ids=[our_service.pk],
    )
    assert added == 2


def test_unlinking_takes_only_the_named_link_of_this_process(tenant, other_tenant):  # type: ignore[no-untyped-def]
    from groundwork.core.errors import ApplicationError

    question = tenant.process.questions.get(key="problems")
    themes = [
        Theme.objects.create(
            process=tenant.process, question=question, key=f"t{n}", label=f"Theme {n}", size=3
        )
        for n in range(2)
    ]
    services.activity_link(
        actor=tenant.coordinator,
        activity=tenant.activity,
        kind=LinkKind.EVIDENCE,
        theme_ids=[t.pk for t in themes],
    )
    strength_links = tenant.activity.links.filter(kind=LinkKind.STRENGTH).count()
    # The other tenant's answer with the very same words is not a link of this activity.
    their_strength = next(c for c in other_tenant.contributions if c.question.key == "strengths")
    with unchanged(other_tenant), pytest.raises(ApplicationError, match="does not exist"):
        services.activity_unlink(
            actor=tenant.coordinator,
            activity=tenant.activity,
            kind=LinkKind.STRENGTH,
            key=f"c{their_strength.pk}",
        )
    assert tenant.activity.links.filter(kind=LinkKind.STRENGTH).count() == strength_links
    removed = services.activity_unlink(
        actor=tenant.coordinator,
        activity=tenant.activity,
        kind=LinkKind.EVIDENCE,
        key=f"t{themes[0].pk}",
    )
    assert removed == 1
    assert list(
        tenant.activity.links.filter(kind=LinkKind.EVIDENCE).values_list("theme_id", flat=True)
    ) == [themes[1].pk]


def test_one_idempotency_key_in_two_plans_is_two_forms(tenant, other_tenant):  # type: ignore[no-untyped-def]
    for t in (tenant, other_tenant):
        services.endorsement_set_open(actor=t.coordinator, plan=t.plan, is_open=True)
    stored = [
        services.endorsements_submit(
            plan=t.plan,
            participant=t.participants[0],
            entries=[services.EndorsementEntry(t.activity.pk, "support", "")],
            idempotency_key="same-form-key",
        )
        for t in (tenant, other_tenant)
    ]
    assert stored == [1, 1]
    for t in (tenant, other_tenant):
        assert Endorsement.objects.filter(activity__plan=t.plan).count() == 1
