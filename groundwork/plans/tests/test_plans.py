import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import (
    CommunityFactory,
    OrganizationFactory,
    UserFactory,
    member,
)
from groundwork.core.errors import ApplicationError
from groundwork.core.models import AuditEvent
from groundwork.planning import services as planning
from groundwork.planning.models import Contribution, Participant
from groundwork.plans import selectors, services
from groundwork.plans.models import (
    Activity,
    ActivityLink,
    ActivityStatus,
    Endorsement,
    Goal,
    LinkKind,
    Plan,
    PlanVersion,
)
from groundwork.plans.snapshot import diff_snapshots

pytestmark = pytest.mark.django_db


@pytest.fixture
def process(other_tenant):  # type: ignore[no-untyped-def]
    # Beside a look-alike tenant (same process slug, answers and plan title words): a read or
    # a write that loses its process or plan filter shows as doubled counts or foreign rows.
    community = CommunityFactory(slug="alder")
    coordinator = member(community, Role.COORDINATOR)
    process = planning.process_create(
        actor=coordinator, community=community, title="Alder 2027", slug="2027"
    )
    for n in range(12):
        planning.contributions_submit(
            process=process,
            participant=Participant.objects.create(process=process),
            language="es" if n % 3 == 0 else "en",
            channel="online" if n % 2 else "paper",
            idempotency_key=f"k{n}",
            actor=coordinator,
            answers=[
                planning.Answer("problems", "No bus to the clinic"),
                planning.Answer("barriers", "Meetings during work hours", "internal"),
                planning.Answer("strengths", "The library has a meeting room"),
                planning.Answer("allies", "The county health department"),
                planning.Answer("actions", "Ride share to the clinic"),
            ],
        )
    return process


@pytest.fixture
def coordinator(process):  # type: ignore[no-untyped-def]
    return process.community.memberships.get(role=Role.COORDINATOR).user


def first(process, key):  # type: ignore[no-untyped-def]
    return Contribution.objects.filter(process=process, question__key=key).order_by("pk").first()


@pytest.fixture
def plan(process, coordinator):  # type: ignore[no-untyped-def]
    return services.plan_create(actor=coordinator, process=process, title="Alder plan")


@pytest.fixture
def activity(plan, coordinator):  # type: ignore[no-untyped-def]
    goal = services.goal_save(actor=coordinator, plan=plan, title="Get people to care")
    return services.activity_save(
        actor=coordinator, plan=plan, goal=goal, title="Ride share", lead_name="Ana"
    )


def url(name, process, *args):  # type: ignore[no-untyped-def]
    return reverse(f"plans:{name}", args=[process.community.slug, process.slug, *args])


def test_linking_brings_same_words_along_and_refuses_wrong_question(process, coordinator, activity):  # type: ignore[no-untyped-def]
    added = services.activity_link(
        actor=coordinator,
        activity=activity,
        kind=LinkKind.STRENGTH,
        contribution_ids=[first(process, "strengths").pk],
    )
    assert added == 12
    with pytest.raises(ApplicationError):
        services.activity_link(
            actor=coordinator,
            activity=activity,
            kind=LinkKind.STRENGTH,
            contribution_ids=[first(process, "strengths").pk, first(process, "barriers").pk],
        )
    linked = ActivityLink.objects.filter(activity__plan__process=process)
    assert linked.count() == 12  # the bad request linked nothing
    events = AuditEvent.objects.filter(community=process.community, action="plan.activity_linked")
    assert events.count() == 1
    # Linking again adds nothing new.
    assert (
        services.activity_link(
            actor=coordinator,
            activity=activity,
            kind=LinkKind.STRENGTH,
            contribution_ids=[first(process, "strengths").pk],
        )
        == 0
    )


def test_warnings_until_strength_barrier_and_lead(process, coordinator, plan):  # type: ignore[no-untyped-def]
    goal = services.goal_save(actor=coordinator, plan=plan, title="Goal")
    bare = services.activity_save(actor=coordinator, plan=plan, goal=goal, title="Bare")
    [row] = selectors.plan_activities(plan)
    assert len(row.warnings) == 3
    services.activity_link(
        actor=coordinator,
        activity=bare,
        kind=LinkKind.BARRIER,
        contribution_ids=[first(process, "barriers").pk],
    )
    [row] = selectors.plan_activities(plan)
    assert len(row.warnings) == 2
    cov = selectors.coverage(plan, selectors.plan_activities(plan))
    # No themes yet: the answers are grouped by their words, twelve people behind each.
    assert cov["barriers"].unthemed[0].activities == [bare]
    assert cov["barriers"].unthemed[0].topic.people == 12
    assert cov["problems"].unthemed[0].activities == []


def test_members_cannot_edit_and_other_plans_goals_are_refused(process, plan):  # type: ignore[no-untyped-def]
    someone = member(process.community, Role.MEMBER)
    with pytest.raises(ApplicationError):
        services.goal_save(actor=someone, plan=plan, title="x")
    other = CommunityFactory()
    other_process = planning.process_create(
        actor=member(other, Role.COORDINATOR), community=other, title="o", slug="o"
    )
    boss = other.memberships.get().user
    other_plan = services.plan_create(actor=boss, process=other_process)
    other_goal = services.goal_save(actor=boss, plan=other_plan, title="theirs")
    coordinator = process.community.memberships.get(role=Role.COORDINATOR).user
    with pytest.raises(ApplicationError):
        services.activity_save(actor=coordinator, plan=plan, goal=other_goal, title="x")
    assert not Activity.objects.filter(plan__in=[plan, other_plan]).exists()


def test_endorsement_one_per_participant_all_or_nothing(process, coordinator, plan, activity):  # type: ignore[no-untyped-def]
    resident = Participant.objects.create(process=process)
    entry = services.EndorsementEntry(activity.pk, "support", "Yes!")
    with pytest.raises(ApplicationError):  # not open yet
        services.endorsements_submit(plan=plan, participant=resident, entries=[entry])
    services.endorsement_set_open(actor=coordinator, plan=plan, is_open=True)
    services.endorsements_submit(plan=plan, participant=resident, entries=[entry])
    services.endorsements_submit(
        plan=plan,
        participant=resident,
        entries=[services.EndorsementEntry(activity.pk, "concern", "Too far")],
    )
    assert Endorsement.objects.get().value == "concern"
    with pytest.raises(ApplicationError):
        services.endorsements_submit(
            plan=plan,
            participant=Participant.objects.create(process=process),
            entries=[entry, services.EndorsementEntry(999999, "support")],
        )
    assert Endorsement.objects.count() == 1


def test_publish_freezes_numbered_versions_and_diff(process, coordinator, plan, activity):  # type: ignore[no-untyped-def]
    services.activity_link(
        actor=coordinator,
        activity=activity,
        kind=LinkKind.EVIDENCE,
        contribution_ids=[first(process, "problems").pk],
    )
    v1 = services.plan_publish(actor=coordinator, plan=plan, note="First")
    [a] = v1.snapshot["goals"][0]["activities"]
    assert a["quotes"][0]["text"] == "No bus to the clinic"
    services.activity_save(
        actor=coordinator,
        plan=plan,
        goal=activity.goal,
        activity=activity,
        title="Ride share to the clinic",
        lead_name="Ana",
        status=ActivityStatus.PLANNED,
    )
    v2 = services.plan_publish(actor=coordinator, plan=plan)
    assert (v1.number, v2.number) == (1, 2)
    v1.refresh_from_db()
    assert v1.snapshot["goals"][0]["activities"][0]["title"] == "Ride share"
    with pytest.raises(TypeError):
        v1.save()
    with pytest.raises(TypeError):
        PlanVersion.objects.update(note="x")
    diff = diff_snapshots(v1.snapshot, v2.snapshot)
    fields = {f["field"] for f in diff["activities_changed"][0]["fields"]}
    assert fields == {"title", "status"}


def test_progress_rolls_up_and_flags(process, coordinator, plan, activity):  # type: ignore[no-untyped-def]
    goal = activity.goal
    other = services.activity_save(
        actor=coordinator,
        plan=plan,
        goal=goal,
        title="Late",
        ends_on=timezone.localdate() - timedelta(days=1),
        starts_on=timezone.localdate() - timedelta(days=100),
        status=ActivityStatus.UNDER_WAY,
    )
    services.progress_post(
        actor=coordinator,
        activity=activity,
        on_date=timezone.localdate(),
        progress=50,
        status=ActivityStatus.UNDER_WAY,
        note="Ten rides",
    )
    with pytest.raises(ApplicationError):
        services.progress_post(
            actor=coordinator,
            activity=activity,
            on_date=timezone.localdate() + timedelta(days=3),
            progress=60,
            status=ActivityStatus.UNDER_WAY,
            note="future",
        )
    live = selectors.tracking(plan)
    assert live["goals"][goal.pk] == 25 and live["plan"] == 25
    assert [r.id for r in live["overdue"]] == [other.pk]
    assert [r.id for r in live["stalled"]] == [other.pk]


@pytest.mark.parametrize(
    ("role", "builder", "public"),
    [
        (None, 302, 200),
        ("anon_private", 302, 302),
        (Role.VIEWER, 403, 200),
        (Role.MEMBER, 403, 200),
        (Role.PARTNER, 403, 200),
        (Role.FACILITATOR, 200, 200),
        (Role.COORDINATOR, 200, 200),
    ],
)
def test_permissions_role_by_page(client, process, coordinator, activity, role, builder, public):  # type: ignore[no-untyped-def]
    services.plan_publish(actor=coordinator, plan=activity.plan)
    if role == "anon_private":
        process.is_public = False
        process.save()
    elif role:
        client.force_login(member(process.community, role))
    assert client.get(url("builder", process)).status_code == builder
    assert client.get(url("coverage", process)).status_code == builder
    assert client.post(url("publish", process)).status_code in (builder, 302)
    assert client.get(url("plan", process)).status_code == public
    assert client.get(url("endorse", process)).status_code in (
        (builder,) if builder == 200 else (302, 403)
    )
    assert PlanVersion.objects.count() == (2 if builder == 200 else 1)


def test_builder_flow_without_javascript(client, process, coordinator):  # type: ignore[no-untyped-def]
    client.force_login(coordinator)
    assert client.post(url("builder", process), {"title": "Our plan"}).status_code == 302
    plan = Plan.objects.get(process=process)
    client.post(url("goal_add", process), {"title": "Healthy neighbors"})
    goal = Goal.objects.get(plan__process=process)
    response = client.post(
        url("activity_add", process),
        {
            "goal": goal.pk,
            "title": "Ride share",
            "status": "idea",
            "ends_on": "2020-01-01",
            "starts_on": "2021-01-01",
        },
    )
    assert response.status_code == 200 and not Activity.objects.filter(plan=plan).exists()
    client.post(
        url("activity_add", process), {"goal": goal.pk, "title": "Ride share", "status": "idea"}
    )
    act = Activity.objects.get(plan__process=process)
    client.post(
        url("link", process),
        {"kind": "strength", "activity": act.pk, "contributions": [first(process, "strengths").pk]},
    )
    assert act.links.count() == 12
    page = client.get(url("builder", process)).content.decode()
    assert "The library has a meeting room" in page and "It has no lead." in page
    client.post(
        url("unlink", process, act.pk),
        {"kind": "strength", "key": f"c{first(process, 'strengths').pk}"},
    )
    assert act.links.count() == 0
    client.post(url("endorsement", process), {"open": "1"})
    plan.refresh_from_db()
    assert plan.endorsement_open


def test_resident_endorses_anonymously(client, process, coordinator, plan, activity):  # type: ignore[no-untyped-def]
    services.endorsement_set_open(actor=coordinator, plan=plan, is_open=True)
    response = client.post(
        url("endorse", process),
        {f"value_{activity.pk}": "support", f"comment_{activity.pk}": "Good"},
    )
    assert response.status_code == 302
    client.post(url("endorse", process), {f"value_{activity.pk}": "concern"})
    assert Endorsement.objects.get().value == "concern"
    assert Participant.objects.filter(endorsements__isnull=False).count() == 1


def test_public_page_pdf_and_feed(client, process, coordinator, plan, activity):  # type: ignore[no-untyped-def]
    bare = services.activity_save(
        actor=coordinator, plan=plan, goal=activity.goal, title="Nothing behind it yet"
    )
    services.activity_link(
        actor=coordinator,
        activity=activity,
        kind=LinkKind.EVIDENCE,
        contribution_ids=[first(process, "problems").pk],
    )
    services.plan_publish(actor=coordinator, plan=plan)
    services.progress_post(
        actor=coordinator,
        activity=activity,
        on_date=timezone.localdate(),
        progress=40,
        status="under_way",
        note="First rides given",
    )
    page = client.get(url("plan", process)).content.decode()
    assert "No bus to the clinic" in page
    assert "No resident’s words are linked to this activity yet." in page
    assert "Progress: 40%" in page and bare.title in page
    pdf = client.get(url("version_pdf", process, 1))
    assert pdf["Content-Type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Ride share" in text and "Appendix" in text and "No bus to the clinic" in text
    feed = client.get(url("feed", process)).content.decode()
    assert "First rides given" in feed


def test_big_plan_pages_have_bounded_queries(
    client, django_assert_max_num_queries, process, coordinator
):  # type: ignore[no-untyped-def]
    plan = services.plan_create(actor=coordinator, process=process)
    goals = Goal.objects.bulk_create(
        Goal(community=process.community, plan=plan, title=f"Goal {i}", order=i) for i in range(20)
    )
    activities = Activity.objects.bulk_create(
        Activity(community=process.community, plan=plan, goal=goals[i % 20], title=f"Activity {i}")
        for i in range(200)
    )
    question = process.questions.get(key="strengths")
    contributions = Contribution.objects.bulk_create(
        Contribution(
            community=process.community,
            process=process,
            question=question,
            text=f"Strength number {i % 500}",
            language="en",
            channel="online",
            idempotency_key=f"big{i}",
        )
        for i in range(20_000)
    )
    ActivityLink.objects.bulk_create(
        ActivityLink(
            community=process.community,
            activity=activities[i % 200],
            kind=LinkKind.STRENGTH,
            contribution=c,
        )
        for i, c in enumerate(contributions)
    )
    client.force_login(coordinator)
    with django_assert_max_num_queries(20):
        assert client.get(url("builder", process)).status_code == 200
    with django_assert_max_num_queries(20):
        services.plan_publish(actor=coordinator, plan=plan)
    client.logout()
    with django_assert_max_num_queries(8):
        response = client.get(url("plan", process))
    assert response.status_code == 200
    assert response.content.decode().count('class="gw-card') == 200
    with django_assert_max_num_queries(6):
        data = client.get(api_url(process)).json()
    assert sum(len(g["activities"]) for g in data["goals"]) == 200
    with django_assert_max_num_queries(6):
        csv = client.get(api_url(process, "/activities.csv"))
        assert len(b"".join(csv.streaming_content).decode().splitlines()) > 200


def test_anyone_can_read_the_plan_of_a_public_process_but_not_the_draft(client, process, plan):  # type: ignore[no-untyped-def]
    UserFactory()
    assert client.get(url("endorse", process)).status_code == 302  # closed: sign in first
    assert OrganizationFactory(community=process.community).community == process.community


def test_demo_builds_and_publishes_a_plan():  # type: ignore[no-untyped-def]
    from groundwork.core.demo import load_demo
    from groundwork.planning.demo import load_planning_demo

    load_demo()
    load_planning_demo(participants_per_community=60)
    plan = Plan.objects.get(community__slug="alder-county")
    assert plan.goals.count() == 3 and plan.activities.count() == 8
    version = plan.versions.get()
    activities = [a for g in version.snapshot["goals"] for a in g["activities"]]
    assert all(a["quotes"] and a["strengths"] and a["barriers"] for a in activities)
    assert selectors.tracking(plan)["plan"] == 10  # (30 + 50) / 8
    load_planning_demo(participants_per_community=60)  # again: nothing new
    assert Plan.objects.count() == 1 and PlanVersion.objects.count() == 1


def test_a_consensus_statement_becomes_a_goal_before_a_plan_exists(client, process, coordinator):  # type: ignore[no-untyped-def]
    from groundwork.deliberation import services as deliberation

    conversation = deliberation.conversation_create(
        actor=coordinator, process=process, topic="What first?"
    )
    statement = deliberation.statement_seed(
        actor=coordinator, conversation=conversation, text="A van to the clinic", language="en"
    )
    client.force_login(coordinator)
    response = client.get(url("goal_add", process) + f"?statement={statement.pk}")
    assert response.status_code == 302
    assert response["Location"].endswith(f"/plan/build/?statement={statement.pk}")
    created = client.post(response["Location"], {"title": "Our plan"})
    assert created["Location"].endswith(f"/plan/build/goals/new/?statement={statement.pk}")
    form = client.get(created["Location"])
    assert form.context["form"].initial["title"] == "A van to the clinic"


# --- The plan in the API -----------------------------------------------------------------


def api_url(process, suffix=""):  # type: ignore[no-untyped-def]
    return f"/api/communities/{process.community.slug}/processes/{process.slug}/plan{suffix}"


def bearer(user):  # type: ignore[no-untyped-def]
    from groundwork.api import services as api_services

    _token, key = api_services.api_token_create(user=user, name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_api_plan_json_and_csv_with_the_pages_permissions(client, process, coordinator, activity):  # type: ignore[no-untyped-def]
    services.activity_link(
        actor=coordinator,
        activity=activity,
        kind=LinkKind.STRENGTH,
        contribution_ids=[first(process, "strengths").pk],
    )
    activity.title = "=HYPERLINK(1)"
    activity.save()
    assert client.get(api_url(process)).status_code == 404  # nothing published yet
    services.plan_publish(actor=coordinator, plan=activity.plan)
    services.progress_post(
        actor=coordinator,
        activity=activity,
        on_date=timezone.localdate(),
        progress=30,
        status="under_way",
        note="Begun",
    )
    data = client.get(api_url(process)).json()  # anonymous, public process
    assert data["version"] == 1 and data["draft"] is False and data["progress"] == 30
    [act] = data["goals"][0]["activities"]
    assert act["progress"] == 30 and act["status"] == "under_way"
    [strength] = act["links"]["strengths"]
    assert strength["id"] == first(process, "strengths").pk
    assert strength["text"] == "The library has a meeting room" and strength["count"] == 12
    assert act["endorsement"] == {"support": 0, "concern": 0}
    csv = client.get(api_url(process, "/activities.csv"))
    assert csv["Content-Type"].startswith("text/csv")
    body = b"".join(csv.streaming_content).decode()
    assert "'=HYPERLINK(1)" in body and "The library has a meeting room" in body
    # The draft: not for anonymous callers nor partners; yes for facilitators.
    assert client.get(api_url(process), {"draft": "true"}).status_code == 401
    partner = member(process.community, Role.PARTNER)
    assert client.get(api_url(process), **bearer(partner)).status_code == 200
    assert client.get(api_url(process), {"draft": "true"}, **bearer(partner)).status_code == 403
    draft = client.get(api_url(process), {"draft": "true"}, **bearer(coordinator)).json()
    assert draft["draft"] is True and draft["version"] is None
    # A private process: 401 without credentials, 403 for someone from elsewhere.
    process.is_public = False
    process.save()
    outsider = member(CommunityFactory(), Role.COORDINATOR)
    assert client.get(api_url(process)).status_code == 401
    assert client.get(api_url(process), **bearer(outsider)).status_code == 403
    assert client.get(api_url(process, "/activities.csv"), **bearer(outsider)).status_code == 403
    assert client.get(api_url(process, "/activities.csv"), **bearer(partner)).status_code == 200


# --- Following by e-mail -----------------------------------------------------------------


def _post_update(coordinator, activity, note, progress=20):  # type: ignore[no-untyped-def]
    return services.progress_post(
        actor=coordinator,
        activity=activity,
        on_date=timezone.localdate(),
        progress=progress,
        status="under_way",
        note=note,
    )


def _confirm_path(message):  # type: ignore[no-untyped-def]
    link = next(line for line in message.body.splitlines() if "/plans/follow/confirm/" in line)
    return "/" + link.strip().split("/", 3)[3]


def test_follow_digest_and_unsubscribe(  # type: ignore[no-untyped-def]
    client, process, coordinator, plan, activity, django_capture_on_commit_callbacks
):
    from django.core import mail

    from groundwork.plans.models import Follow
    from groundwork.plans.tasks import plan_digest_send

    services.plan_publish(actor=coordinator, plan=plan)
    page = client.get(url("plan", process)).content.decode()
    assert "Follow updates by e-mail" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("follow", process), {"email": "Ana@Example.org"}, follow=True)
    assert "we sent a link to confirm" in response.content.decode()
    assert Follow.objects.count() == 1
    assert client.post(url("follow", process), {"email": "nope"}).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("follow", process), {"email": "luz@example.org"}, HTTP_ACCEPT_LANGUAGE="es")
    luz = Follow.objects.get(email="luz@example.org")
    assert luz.language == "es"
    assert not AuditEvent.objects.filter(target_repr__contains="@").exists()
    # Each address confirms from the link e-mailed to it.
    assert len(mail.outbox) == 2
    for message in list(mail.outbox):
        client.post(_confirm_path(message))
    assert Follow.objects.filter(confirmed_at__isnull=False).count() == 2
    mail.outbox.clear()

    since = (timezone.now() - timedelta(days=7)).isoformat()
    assert (
        plan_digest_send.call(plan_id=plan.pk, since_iso=since, base_url="https://gw.example") == 0
    )
    _post_update(coordinator, activity, "First rides given")
    sent = plan_digest_send.call(plan_id=plan.pk, since_iso=since, base_url="https://gw.example")
    assert sent == 2 and len(mail.outbox) == 2
    by_to = {m.to[0]: m for m in mail.outbox}
    english, spanish = by_to["Ana@example.org"], by_to["luz@example.org"]
    assert "First rides given" in english.body and "Ride share" in english.body
    assert "New progress on Alder plan" in english.subject
    assert "Under way" in english.body and "En marcha" in spanish.body  # the status label
    unsubscribe = english.extra_headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe.startswith("https://gw.example/") and unsubscribe in english.body
    # Running it again sends nothing; a later update goes out once.
    assert plan_digest_send.call(plan_id=plan.pk, since_iso=since, base_url="") == 0
    _post_update(coordinator, activity, "More rides", 40)
    assert plan_digest_send.call(plan_id=plan.pk, since_iso=since, base_url="") == 2
    assert "More rides" in mail.outbox[-1].body and "First rides" not in mail.outbox[-1].body
    # The link stops the e-mails without signing in: opening it asks, posting stops.
    path = unsubscribe.removeprefix("https://gw.example")
    assert "Stop the e-mails" in client.get(path).content.decode()
    assert Follow.objects.count() == 2
    client.post(path)
    assert list(Follow.objects.values_list("email", flat=True)) == ["luz@example.org"]
    stopped = AuditEvent.objects.get(action="plan.unfollowed")
    assert stopped.community_id == plan.community_id and stopped.actor_label == ""
    assert "no longer stops" in client.get(path).content.decode()
    assert client.get(path[:-3] + "xx/").status_code == 200
    assert Follow.objects.count() == 1
    # A process that is no longer public sends nothing to followers without an account.
    _post_update(coordinator, activity, "Even more", 60)
    process.is_public = False
    process.save()
    assert plan_digest_send.call(plan_id=plan.pk, since_iso=since, base_url="") == 0


@pytest.mark.django_db(transaction=True)
def test_send_plan_digests_command_enqueues_plans_with_news(process, coordinator, plan, activity):  # type: ignore[no-untyped-def]
    from django.core import mail
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    services.plan_publish(actor=coordinator, plan=plan)
    follow = services.follow_create(plan=plan, email="ana@example.org", language="en")
    services.follow_confirm(follow=follow)
    mail.outbox.clear()
    # Only the digests count here (publishing also queues the plan's PDFs, for example).
    digests = DBTaskResult.objects.filter(task_path__endswith="plan_digest_send")
    call_command("send_plan_digests", "--base-url", "https://gw.example")
    assert not digests.exists()  # nothing new
    _post_update(coordinator, activity, "First rides given")
    call_command("send_plan_digests", "--base-url", "https://gw.example")
    assert digests.count() == 1
    call_command("db_worker", "--batch", "--no-startup-delay")
    assert len(mail.outbox) == 1 and "First rides given" in mail.outbox[0].body
    call_command("send_plan_digests", "--base-url", "https://gw.example")
    assert digests.count() == 1  # sent already


# --- Photos on progress updates ----------------------------------------------------------


def _image(kind="PNG", size=(40, 30)):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, "green").save(out, format=kind)
    return SimpleUploadedFile(f"p.{kind.lower()}", out.getvalue(), f"image/{kind.lower()}")


def test_progress_photo_is_checked_stored_and_shown_with_the_notes_words(
    client, process, coordinator, plan, activity, settings, tmp_path
):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    from groundwork.plans.models import ProgressUpdate

    settings.MEDIA_ROOT = tmp_path
    services.plan_publish(actor=coordinator, plan=plan)
    client.force_login(coordinator)
    fields = {"on_date": timezone.localdate().isoformat(), "progress": 30, "status": "under_way"}
    bad = SimpleUploadedFile("x.png", b"not an image", "image/png")
    response = client.post(
        url("progress", process, activity.pk), {**fields, "note": "n", "photo": bad}
    )
    assert response.status_code == 200 and not ProgressUpdate.objects.exists()
    with pytest.raises(ApplicationError):
        services.progress_post(
            actor=coordinator,
            activity=activity,
            on_date=timezone.localdate(),
            progress=10,
            status="under_way",
            note="GIF",
            photo=_image("GIF"),
        )
    big = _image()
    big.size = services.MAX_PHOTO_BYTES + 1
    with pytest.raises(ApplicationError, match="5 MB"):
        services.photo_clean(big)
    response = client.post(
        url("progress", process, activity.pk),
        {**fields, "note": "Volunteers at the first ride", "photo": _image("JPEG")},
    )
    assert response.status_code == 302
    update = ProgressUpdate.objects.get()
    assert update.photo.name.startswith("plans/progress/") and update.photo.name.endswith(".jpg")
    assert (tmp_path / update.photo.name).exists()
    client.logout()
    page = client.get(url("timeline", process)).content.decode()
    photo_url = url("update_photo", process, update.pk)
    assert f'src="{photo_url}"' in page and 'alt="Volunteers at the first ride"' in page
    photo = client.get(photo_url)
    assert photo.status_code == 200 and photo["Content-Type"] == "image/jpeg"
    process.is_public = False
    process.save()
    assert client.get(photo_url).status_code == 302  # sign in first, as for the page


def test_published_page_is_rendered_once_until_progress_changes(
    client, process, coordinator, plan, activity
):  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    services.plan_publish(actor=coordinator, plan=plan)
    first_page = client.get(url("plan", process)).content.decode()
    assert "Ride share" in first_page
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url("plan", process)).content.decode()
    main = first_page[first_page.index("<main") :]
    assert (
        again[again.index("<main") :].split("csrfmiddlewaretoken")[0]
        == main.split("csrfmiddlewaretoken")[0]
    )
    # The cached rendering is used: the version's snapshot is not even read.
    assert not any('"snapshot"' in q["sql"] for q in queries.captured_queries)
    # The API's document is kept the same way.
    document = client.get(api_url(process)).json()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(api_url(process)).json() == document
    assert not any('"snapshot"' in q["sql"] for q in queries.captured_queries)
    _post_update(coordinator, activity, "Half the rides are running", progress=50)
    assert client.get(api_url(process)).json()["goals"][0]["activities"][0]["progress"] == 50
    after = client.get(url("plan", process)).content.decode()
    assert "Progress: 50%" in after and after != first_page
    # Spanish readers get their own rendering.
    spanish = client.get(url("plan", process), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Avance: 50%" in spanish


def test_reorder_and_remove_goals_and_activities_without_javascript(
    client, process, coordinator, plan
):  # type: ignore[no-untyped-def]
    first_goal = services.goal_save(actor=coordinator, plan=plan, title="Clinic access")
    second_goal = services.goal_save(actor=coordinator, plan=plan, title="Youth programs")
    a = services.activity_save(actor=coordinator, plan=plan, goal=first_goal, title="Ride share")
    b = services.activity_save(actor=coordinator, plan=plan, goal=first_goal, title="Clinic van")
    client.force_login(coordinator)
    client.post(url("goal_move", process, second_goal.pk), {"direction": "up"})
    assert list(plan.goals.order_by("order").values_list("title", flat=True)) == [
        "Youth programs",
        "Clinic access",
    ]
    client.post(url("activity_move", process, b.pk), {"direction": "up"})
    assert list(
        plan.activities.filter(goal=first_goal).order_by("order").values_list("title", flat=True)
    ) == ["Clinic van", "Ride share"]
    # Moving the first one further up changes nothing.
    assert (
        services.activity_move(
            actor=coordinator, activity=Activity.objects.get(pk=b.pk), direction="up"
        )
        is False
    )
    builder = client.get(url("builder", process)).content.decode()
    assert "Move down" in builder and "Move up" in builder

    # A goal with activities stays, with a clear message.
    confirm = client.get(url("goal_delete", process, first_goal.pk))
    assert "Remove the goal “Clinic access”?" in confirm.content.decode()
    refused = client.post(url("goal_delete", process, first_goal.pk), follow=True)
    assert "still has activities" in refused.content.decode()
    assert Goal.objects.filter(pk=first_goal.pk).exists()

    # An activity with progress updates stays; one without goes, with its links.
    _post_update(coordinator, a, "First rides given")
    refused = client.post(url("activity_delete", process, a.pk), follow=True)
    assert "Change its status to dropped instead." in refused.content.decode()
    assert Activity.objects.filter(pk=a.pk).exists()
    services.activity_link(
        actor=coordinator,
        activity=b,
        kind=LinkKind.STRENGTH,
        contribution_ids=[first(process, "strengths").pk],
    )
    client.post(url("activity_delete", process, b.pk))
    assert not Activity.objects.filter(pk=b.pk).exists()
    assert not ActivityLink.objects.filter(activity_id=b.pk).exists()
    assert AuditEvent.objects.filter(action="plan.activity_deleted").count() == 1

    # Members cannot reorder or remove.
    viewer = member(process.community, Role.MEMBER)
    client.force_login(viewer)
    assert (
        client.post(url("goal_move", process, first_goal.pk), {"direction": "up"}).status_code
        == 403
    )
    assert client.post(url("goal_delete", process, second_goal.pk)).status_code == 403
    assert Goal.objects.filter(pk=second_goal.pk).exists()
