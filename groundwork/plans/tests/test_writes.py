"""What the plan's writes store and record, beside a look-alike tenant: each write keeps to
its own plan, records who did what to which object, and a write that fails part-way stores
nothing of it."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import member
from groundwork.core.errors import ApplicationError
from groundwork.core.models import AuditEvent
from groundwork.core.testing import unchanged
from groundwork.directory.tests.factories import ServiceFactory
from groundwork.planning.models import Contribution, Moderation
from groundwork.plans import services
from groundwork.plans.actions import endorsements as endorsement_actions
from groundwork.plans.actions import progress as progress_actions
from groundwork.plans.actions import publishing as publishing_actions
from groundwork.plans.models import (
    Activity,
    ActivityStatus,
    Endorsement,
    Follow,
    LinkKind,
    PlanVersion,
    ProgressUpdate,
)
from groundwork.themes.models import Theme

pytestmark = pytest.mark.django_db


def _event(action, tenant):  # type: ignore[no-untyped-def]
    return AuditEvent.objects.filter(action=action, community=tenant.community).latest("pk")


def _boom(*args, **kwargs):  # type: ignore[no-untyped-def]
    raise RuntimeError("the write fails after storing")


# Drafting -------------------------------------------------------------------------------------


def test_a_new_goal_and_a_removed_goal_are_recorded_against_their_plan(tenant, other_tenant):  # type: ignore[no-untyped-def]
    with unchanged(other_tenant):
        goal = services.goal_save(actor=tenant.coordinator, plan=tenant.plan, title="Housing")
        created = _event("plan.goal_created", tenant)
        assert (created.actor, created.target_id) == (tenant.coordinator, str(goal.pk))
        goal_id = goal.pk
        services.goal_delete(actor=tenant.coordinator, goal=goal)
    deleted = _event("plan.goal_deleted", tenant)
    assert deleted.target_type == "plans.plan" and deleted.target_id == str(tenant.plan.pk)
    assert deleted.details == {"goal": goal_id, "title": "Housing"}


def test_only_coordinators_change_the_plan_title(tenant, other_tenant):  # type: ignore[no-untyped-def]
    viewer = member(tenant.community, Role.MEMBER)
    title = tenant.plan.title
    with unchanged(other_tenant), pytest.raises(ApplicationError):
        services.plan_update(actor=viewer, plan=tenant.plan, title="Taken over")
    tenant.plan.refresh_from_db()
    assert tenant.plan.title == title
    assert not AuditEvent.objects.filter(action="plan.updated").exists()


def test_activities_move_within_their_goal_by_their_order(tenant, other_tenant):  # type: ignore[no-untyped-def]
    second = services.activity_save(
        actor=tenant.coordinator, plan=tenant.plan, goal=tenant.goal, title="Bus pass"
    )
    with unchanged(other_tenant):
        assert services.activity_move(actor=tenant.coordinator, activity=second, direction="up")
    titles = list(
        Activity.objects.filter(plan=tenant.plan).order_by("order").values_list("title", flat=True)
    )
    assert titles == ["Bus pass", "Ride share"]


def test_an_activity_is_changed_in_its_own_plan_only(tenant, other_tenant):  # type: ignore[no-untyped-def]
    with unchanged(other_tenant):
        changed = services.activity_save(
            actor=tenant.coordinator,
            plan=tenant.plan,
            goal=tenant.goal,
            title="Ride share on Sundays",
            activity=tenant.activity,
        )
        with pytest.raises(ApplicationError, match="another plan"):
            services.activity_save(
                actor=tenant.coordinator,
                plan=tenant.plan,
                goal=tenant.goal,
                title="Taken over",
                activity=other_tenant.activity,
            )
    assert changed.pk == tenant.activity.pk
    assert Activity.objects.get(pk=tenant.activity.pk).title == "Ride share on Sundays"
    assert _event("plan.activity_changed", tenant).target_id == str(tenant.activity.pk)


# Endorsement ----------------------------------------------------------------------------------


def test_opening_and_closing_endorsement_is_recorded_and_closing_needs_no_activity(  # type: ignore[no-untyped-def]
    tenant, other_tenant
):
    with unchanged(other_tenant):
        services.endorsement_set_open(actor=tenant.coordinator, plan=tenant.plan, is_open=True)
        opened = _event("plan.endorsement_opened", tenant)
        assert opened.actor == tenant.coordinator
        assert (opened.target_type, opened.target_id) == ("plans.plan", str(tenant.plan.pk))
        # The activities went after it opened: closing is still allowed.
        services.activity_delete(actor=tenant.coordinator, activity=tenant.activity)
        plan = services.endorsement_set_open(
            actor=tenant.coordinator, plan=tenant.plan, is_open=False
        )
    assert plan.endorsement_open is False
    assert _event("plan.endorsement_closed", tenant).actor == tenant.coordinator


def test_opening_endorsement_that_fails_part_way_leaves_the_plan_closed(  # type: ignore[no-untyped-def]
    tenant, other_tenant, monkeypatch
):
    monkeypatch.setattr(endorsement_actions, "audit_record", _boom)
    with unchanged(other_tenant), pytest.raises(RuntimeError):
        services.endorsement_set_open(actor=tenant.coordinator, plan=tenant.plan, is_open=True)
    tenant.plan.refresh_from_db()
    assert tenant.plan.endorsement_open is False


def test_each_participant_endorses_for_themselves_and_a_new_form_is_stored(tenant, other_tenant):  # type: ignore[no-untyped-def]
    services.endorsement_set_open(actor=tenant.coordinator, plan=tenant.plan, is_open=True)
    first, second = tenant.participants[:2]
    entry = services.EndorsementEntry(tenant.activity.pk, "support", "Yes")
    with unchanged(other_tenant):
        for participant, key in ((first, "form-1"), (second, "form-2")):
            assert (
                services.endorsements_submit(
                    plan=tenant.plan, participant=participant, entries=[entry], idempotency_key=key
                )
                == 1
            )
        # The first participant changes their mind in a new form: stored, not a replay.
        services.endorsements_submit(
            plan=tenant.plan,
            participant=first,
            entries=[services.EndorsementEntry(tenant.activity.pk, "concern", "Too far")],
            idempotency_key="form-3",
        )
    rows = dict(
        Endorsement.objects.filter(activity__plan=tenant.plan).values_list(
            "participant_id", "value"
        )
    )
    assert rows == {first.pk: "concern", second.pk: "support"}
    events = AuditEvent.objects.filter(action="plan.endorsed", community=tenant.community)
    assert [e.details for e in events.order_by("pk")][0] == {
        "participant": str(first.public_id)[:8],
        "activities": 1,
    }


def test_an_endorsement_entry_cannot_be_changed_once_made():  # type: ignore[no-untyped-def]
    from dataclasses import FrozenInstanceError

    entry = services.EndorsementEntry(1, "support")
    with pytest.raises(FrozenInstanceError):
        entry.value = "concern"  # type: ignore[misc]
    assert len({entry, services.EndorsementEntry(1, "support")}) == 1


# Following ------------------------------------------------------------------------------------


def test_one_address_follows_two_plans_each_on_its_own_list(  # type: ignore[no-untyped-def]
    tenant, other_tenant, django_capture_on_commit_callbacks, settings
):
    settings.LANGUAGE_CODE = "en-us"
    with django_capture_on_commit_callbacks(execute=True):
        theirs = services.follow_create(plan=other_tenant.plan, email="luz@example.org")
    with unchanged(other_tenant), django_capture_on_commit_callbacks(execute=True):
        ours = services.follow_create(
            plan=tenant.plan, email="Luz@Example.org", language="xx", site_root="https://x.org/"
        )
    assert ours.pk != theirs.pk
    assert ours.plan == tenant.plan and theirs.plan == other_tenant.plan
    assert ours.mailing_list.community_id == tenant.community.pk
    assert ours.language == "en"  # the site's language without its region
    event = _event("plan.follow_requested", tenant)
    assert (event.target_type, event.target_id) == ("plans.follow", str(ours.pk))
    assert [m.to for m in mail.outbox] == [["luz@example.org"], ["Luz@example.org"]]
    assert "https://x.org/plans/follow/confirm/" in mail.outbox[1].body


def test_confirming_and_leaving_find_the_follow_of_the_link(tenant, other_tenant):  # type: ignore[no-untyped-def]
    theirs = services.follow_create(plan=other_tenant.plan, email="luz@example.org")
    ours = services.follow_create(plan=tenant.plan, email="luz@example.org")
    found = services.follow_from_confirm_token(ours.confirm_token)
    assert found == ours
    with unchanged(other_tenant):
        confirmed = services.follow_confirm(follow=found)
    assert confirmed.pk == ours.pk and confirmed.confirmed_at is not None
    theirs.refresh_from_db()
    assert theirs.confirmed_at is None
    assert services.follow_from_token(ours.unsubscribe_token) == ours


def test_a_confirmation_link_works_for_days(tenant, monkeypatch):  # type: ignore[no-untyped-def]
    import time

    follow = services.follow_create(plan=tenant.plan, email="luz@example.org")
    token = follow.confirm_token
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 6 * 24 * 3600)
    assert services.follow_from_confirm_token(token) == follow
    monkeypatch.setattr(time, "time", lambda: now + 8 * 24 * 3600)
    assert services.follow_from_confirm_token(token) is None


def test_unconfirmed_follows_are_pruned_as_of_the_time_given(tenant, other_tenant):  # type: ignore[no-untyped-def]
    services.follow_create(plan=tenant.plan, email="luz@example.org")
    assert services.follow_prune_unconfirmed() == 0
    with unchanged(other_tenant):
        assert services.follow_prune_unconfirmed(now=timezone.now() + timedelta(days=8)) == 1
    assert not Follow.objects.filter(mailing_list__plan=tenant.plan).exists()


# Links ----------------------------------------------------------------------------------------


def _theme(tenant):  # type: ignore[no-untyped-def]
    question = tenant.process.questions.get(key="problems")
    return Theme.objects.create(
        process=tenant.process, question=question, key="clinic", label="Clinic", size=3
    )


def test_a_theme_alone_or_an_asset_alone_can_be_linked(tenant, other_tenant):  # type: ignore[no-untyped-def]
    from groundwork.directory.models import Asset

    theme = _theme(tenant)
    asset = Asset.objects.create(community=tenant.community, kind="place", name="Library")
    statement = tenant.conversation.statements.order_by("pk").first()
    with unchanged(other_tenant):
        services.activity_link(
            actor=tenant.coordinator,
            activity=tenant.activity,
            kind=LinkKind.EVIDENCE,
            statement_ids=[statement.pk],
        )
        assert (
            services.activity_link(
                actor=tenant.coordinator,
                activity=tenant.activity,
                kind=LinkKind.EVIDENCE,
                theme_ids=[theme.pk],
            )
            == 1
        )
        assert (
            services.activity_link(
                actor=tenant.coordinator,
                activity=tenant.activity,
                kind=LinkKind.STRENGTH,
                asset_ids=[asset.pk],
            )
            == 1
        )
    linked = tenant.activity.links.get(statement=statement)
    assert linked.community == tenant.community and linked.kind == LinkKind.EVIDENCE
    event = AuditEvent.objects.filter(
        action="plan.activity_linked", community=tenant.community
    ).latest("pk")
    assert event.details == {
        "kind": "strength",
        "added": 1,
        "statements": [],
        "organizations": [],
        "themes": [],
        "assets": [asset.pk],
        "services": [],
    }


def test_a_hidden_answer_cannot_be_linked(tenant, other_tenant):  # type: ignore[no-untyped-def]
    hidden = next(c for c in tenant.contributions if c.question.key == "allies")
    Contribution.objects.filter(pk=hidden.pk).update(moderation=Moderation.HIDDEN)
    before = tenant.activity.links.count()
    with unchanged(other_tenant), pytest.raises(ApplicationError, match="not part of this process"):
        services.activity_link(
            actor=tenant.coordinator,
            activity=tenant.activity,
            kind=LinkKind.ALLY,
            contribution_ids=[hidden.pk],
        )
    assert tenant.activity.links.count() == before


def test_unlinking_a_service_takes_that_service_only(tenant, other_tenant):  # type: ignore[no-untyped-def]
    pantry = ServiceFactory(community=tenant.community, name="Food pantry")
    clinic = ServiceFactory(community=tenant.community, name="Clinic")
    services.activity_link(
        actor=tenant.coordinator,
        activity=tenant.activity,
        kind=LinkKind.ALLY,
        service_ids=[pantry.pk, clinic.pk],
    )
    assert set(tenant.activity.links.values_list("service_id", flat=True)) >= {
        pantry.pk,
        clinic.pk,
    }
    with unchanged(other_tenant):
        removed = services.activity_unlink(
            actor=tenant.coordinator,
            activity=tenant.activity,
            kind=LinkKind.ALLY,
            key=f"v{pantry.pk}",
        )
    assert removed == 1
    assert list(
        tenant.activity.links.filter(kind=LinkKind.ALLY).values_list("service_id", flat=True)
    ) == [clinic.pk]
    event = _event("plan.activity_unlinked", tenant)
    assert event.details == {"kind": "ally", "key": f"v{pantry.pk}", "removed": 1}


# Progress -------------------------------------------------------------------------------------


def _post(tenant, actor=None, **kwargs):  # type: ignore[no-untyped-def]
    values = {
        "on_date": timezone.localdate(),
        "progress": 40,
        "status": ActivityStatus.UNDER_WAY,
        "note": "Rides given",
    }
    values.update(kwargs)
    return services.progress_post(
        actor=actor or tenant.coordinator, activity=tenant.activity, **values
    )


def test_only_the_plan_team_posts_progress(tenant, other_tenant):  # type: ignore[no-untyped-def]
    with unchanged(other_tenant), pytest.raises(ApplicationError):
        _post(tenant, actor=other_tenant.coordinator)
    assert not ProgressUpdate.objects.filter(activity=tenant.activity).exists()


def test_progress_of_zero_is_a_start_and_an_older_update_keeps_the_latest(  # type: ignore[no-untyped-def]
    tenant, other_tenant
):
    today = timezone.localdate()
    with unchanged(other_tenant):
        _post(tenant, progress=0, status=ActivityStatus.PLANNED, on_date=today)
        _post(tenant, progress=60, on_date=today - timedelta(days=10))
    tenant.activity.refresh_from_db()
    assert (tenant.activity.progress, tenant.activity.status) == (0, ActivityStatus.PLANNED)
    event = AuditEvent.objects.filter(
        action="plan.progress_posted", community=tenant.community
    ).latest("pk")
    assert event.details == {
        "progress": 60,
        "status": "under_way",
        "on_date": (today - timedelta(days=10)).isoformat(),
    }
    assert (event.target_type, event.target_id) == ("plans.activity", str(tenant.activity.pk))


def test_an_older_update_with_an_unknown_status_is_refused(tenant, other_tenant):  # type: ignore[no-untyped-def]
    from django.core.exceptions import ValidationError

    _post(tenant)
    with unchanged(other_tenant), pytest.raises(ValidationError):
        _post(tenant, status="finished-ish", on_date=date(2020, 1, 1))
    assert ProgressUpdate.objects.filter(activity=tenant.activity).count() == 1


@pytest.mark.parametrize("progress", [-1, 101])
def test_progress_outside_0_to_100_is_refused_on_its_field(tenant, other_tenant, progress):  # type: ignore[no-untyped-def]
    with unchanged(tenant, other_tenant), pytest.raises(ApplicationError) as refused:
        _post(tenant, progress=progress)
    assert refused.value.field == "progress"


def test_progress_is_recorded_on_an_activity_whose_other_fields_no_longer_validate(  # type: ignore[no-untyped-def]
    tenant, other_tenant
):
    # A description made longer than the form allows elsewhere (an import, the admin) is not
    # what the person posting progress is asked about: the progress is still recorded.
    too_long = "x" * (Activity._meta.get_field("description").max_length + 5)
    Activity.objects.filter(pk=tenant.activity.pk).update(description=too_long)
    with unchanged(other_tenant):
        update = _post(tenant, progress=40)
    tenant.activity.refresh_from_db()
    assert (tenant.activity.progress, tenant.activity.status, tenant.activity.description) == (
        40,
        update.status,
        too_long,
    )


def test_progress_that_fails_part_way_stores_nothing(tenant, other_tenant, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(progress_actions, "queue_plan_pdfs", _boom)
    with unchanged(other_tenant), pytest.raises(RuntimeError):
        _post(tenant, progress=70)
    assert not ProgressUpdate.objects.filter(activity=tenant.activity).exists()
    tenant.activity.refresh_from_db()
    assert tenant.activity.progress == 0


# Publishing -----------------------------------------------------------------------------------


def test_publishing_stores_the_note_the_publisher_and_closes_endorsement(tenant, other_tenant):  # type: ignore[no-untyped-def]
    services.endorsement_set_open(actor=tenant.coordinator, plan=tenant.plan, is_open=True)
    with unchanged(other_tenant):
        first = services.plan_publish(actor=tenant.coordinator, plan=tenant.plan, note=" First ")
        second = services.plan_publish(actor=tenant.coordinator, plan=tenant.plan)
    stored = PlanVersion.objects.get(pk=first.pk)
    assert (stored.number, stored.note, stored.published_by) == (1, "First", tenant.coordinator)
    assert second.number == 2
    tenant.plan.refresh_from_db()
    assert tenant.plan.endorsement_open is False
    events = AuditEvent.objects.filter(action="plan.published", community=tenant.community)
    event = events.order_by("pk").first()
    assert (event.target_type, event.target_id) == ("plans.planversion", str(first.pk))
    assert event.details == {"number": 1}


def test_publishing_that_fails_part_way_stores_no_version(tenant, other_tenant, monkeypatch):  # type: ignore[no-untyped-def]
    services.endorsement_set_open(actor=tenant.coordinator, plan=tenant.plan, is_open=True)
    monkeypatch.setattr(publishing_actions, "queue_plan_pdfs", _boom)
    with unchanged(other_tenant), pytest.raises(RuntimeError):
        services.plan_publish(actor=tenant.coordinator, plan=tenant.plan)
    assert not PlanVersion.objects.filter(plan=tenant.plan).exists()
    tenant.plan.refresh_from_db()
    assert tenant.plan.endorsement_open is True
