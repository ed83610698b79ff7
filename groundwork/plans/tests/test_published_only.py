"""Draft stays draft: what the public sees of a plan (its page and PDF, the progress page, the
Atom feed, the e-mail digests, the API) is what the published version contains. An activity
added to the draft after publishing, and its progress updates, appear nowhere public and change
no published progress."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import CommunityFactory, member
from groundwork.planning import services as planning
from groundwork.plans import selectors, services
from groundwork.plans.models import ActivityStatus, ProgressUpdate
from groundwork.plans.tasks import plan_digest_send

pytestmark = pytest.mark.django_db

PUBLISHED_NOTE = "Twenty rides given this month"
DRAFT_TITLE = "Secret van pilot"
DRAFT_NOTE = "Van pilot finished early"


def _update(actor, activity, note, progress, status=ActivityStatus.UNDER_WAY):  # type: ignore[no-untyped-def]
    return services.progress_post(
        actor=actor,
        activity=activity,
        on_date=timezone.localdate(),
        progress=progress,
        status=status,
        note=note,
    )


def _community_with_plan(slug, prefix):  # type: ignore[no-untyped-def]
    """A community with a public process and a plan of two goals; version 1 holds one activity
    of each goal and progress is posted on them."""
    community = CommunityFactory(slug=slug)
    coordinator = member(community, Role.COORDINATOR)
    process = planning.process_create(
        actor=coordinator, community=community, title=f"{prefix} 2027", slug="2027"
    )
    plan = services.plan_create(actor=coordinator, process=process, title=f"{prefix} plan")
    clinic = services.goal_save(actor=coordinator, plan=plan, title=f"{prefix} clinic access")
    youth = services.goal_save(actor=coordinator, plan=plan, title=f"{prefix} youth")
    rides = services.activity_save(
        actor=coordinator, plan=plan, goal=clinic, title=f"{prefix} ride share", lead_name="Ana"
    )
    club = services.activity_save(
        actor=coordinator, plan=plan, goal=youth, title=f"{prefix} homework club"
    )
    version = services.plan_publish(actor=coordinator, plan=plan)
    services.follow_confirm(
        follow=services.follow_create(
            plan=plan, email=f"{prefix.lower()}@example.org", language="en"
        )
    )
    return {
        "community": community,
        "coordinator": coordinator,
        "process": process,
        "plan": plan,
        "goals": (clinic, youth),
        "rides": rides,
        "club": club,
        "version": version,
    }


@pytest.fixture
def alder():  # type: ignore[no-untyped-def]
    """Alder's published plan, then a draft activity (overdue, with an update at 100%) added
    to the clinic goal, and the homework club moved to the clinic goal in the draft."""
    data = _community_with_plan("alder", "Alder")
    coordinator = data["coordinator"]
    _update(coordinator, data["rides"], PUBLISHED_NOTE, 20)
    draft = services.activity_save(
        actor=coordinator,
        plan=data["plan"],
        goal=data["goals"][0],
        title=DRAFT_TITLE,
        starts_on=timezone.localdate() - timedelta(days=120),
        ends_on=timezone.localdate() - timedelta(days=90),
        status=ActivityStatus.UNDER_WAY,
    )
    _update(coordinator, draft, DRAFT_NOTE, 100)  # still under way: overdue
    club = data["club"]
    services.activity_save(
        actor=coordinator, plan=data["plan"], goal=data["goals"][0], activity=club, title=club.title
    )
    data["draft"] = draft
    return data


@pytest.fixture
def birch():  # type: ignore[no-untyped-def]
    """Another community's published plan with its own progress."""
    data = _community_with_plan("birch", "Birch")
    _update(data["coordinator"], data["rides"], "Birch rides are running", 80)
    return data


def url(name, data, *args):  # type: ignore[no-untyped-def]
    process = data["process"]
    return reverse(f"plans:{name}", args=[process.community.slug, process.slug, *args])


def api_url(data, suffix=""):  # type: ignore[no-untyped-def]
    process = data["process"]
    return f"/api/communities/{process.community.slug}/processes/{process.slug}/plan{suffix}"


def test_overall_and_goal_progress_count_only_the_published_activities(alder, birch):  # type: ignore[no-untyped-def]
    plan, version = alder["plan"], alder["version"]
    clinic, youth = alder["goals"]
    draft = selectors.tracking(plan)
    assert draft["plan"] == 40  # (20 + 0 + 100) / 3: the builder sees the draft
    live = selectors.public_tracking(plan, version)
    assert live["plan"] == 10  # (20 + 0) / 2
    assert set(live["activities"]) == {alder["rides"].pk, alder["club"].pk}
    # Goals as published: the club is still under "youth" in version 1.
    assert live["goals"] == {clinic.pk: 20, youth.pk: 0}
    assert live["overdue"] == [] and live["stalled"] == []
    assert [r.id for r in draft["overdue"]] == [alder["draft"].pk]
    other = selectors.public_tracking(birch["plan"], birch["version"])
    assert other["plan"] == 40 and set(other["activities"]) == {
        birch["rides"].pk,
        birch["club"].pk,
    }


def test_public_progress_page_shows_only_published_activities(client, alder, birch):  # type: ignore[no-untyped-def]
    page = client.get(url("timeline", alder)).content.decode()
    assert PUBLISHED_NOTE in page and "Overall progress: 10%" in page
    assert DRAFT_NOTE not in page and DRAFT_TITLE not in page
    assert "Needs attention" not in page  # the overdue activity is the draft's
    assert "Birch rides are running" not in page
    # Facilitators see the same published progress there.
    client.force_login(alder["coordinator"])
    assert DRAFT_NOTE not in client.get(url("timeline", alder)).content.decode()


def test_published_plan_page_and_pdf_show_published_progress(client, alder, birch):  # type: ignore[no-untyped-def]
    page = client.get(url("plan", alder)).content.decode()
    assert "Overall progress: 10%" in page and "Progress of this goal: 20%" in page
    assert DRAFT_TITLE not in page
    pdf = client.get(url("version_pdf", alder, 1))
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Alder ride share" in text and "Overall progress: 10%" in text
    assert "Progress of this goal: 20%" in text
    assert DRAFT_TITLE not in text and "40%" not in text and "Birch" not in text


def test_atom_feed_has_only_published_activities_updates(client, alder, birch):  # type: ignore[no-untyped-def]
    feed = client.get(url("feed", alder)).content.decode()
    assert PUBLISHED_NOTE in feed
    assert DRAFT_NOTE not in feed and DRAFT_TITLE not in feed
    assert "Birch rides are running" not in feed


def test_digest_sends_only_published_activities_updates(alder, birch):  # type: ignore[no-untyped-def]
    since = (timezone.now() - timedelta(days=7)).isoformat()
    assert plan_digest_send.call(plan_id=alder["plan"].pk, since_iso=since, base_url="") == 1
    [message] = mail.outbox
    assert message.to == ["alder@example.org"]
    assert PUBLISHED_NOTE in message.body
    assert DRAFT_NOTE not in message.body and DRAFT_TITLE not in message.body
    assert "Birch" not in message.body
    # News only on the draft activity: no e-mail at all.
    _update(alder["coordinator"], alder["draft"], "Van pilot report written", 100)
    assert plan_digest_send.call(plan_id=alder["plan"].pk, since_iso=since, base_url="") == 0
    assert len(mail.outbox) == 1


def test_api_json_and_csv_have_only_the_published_version(client, alder, birch):  # type: ignore[no-untyped-def]
    data = client.get(api_url(alder)).json()
    assert data["progress"] == 10
    assert [g["progress"] for g in data["goals"]] == [20, 0]
    titles = [a["title"] for g in data["goals"] for a in g["activities"]]
    assert titles == ["Alder ride share", "Alder homework club"]
    csv = b"".join(client.get(api_url(alder, "/activities.csv")).streaming_content).decode()
    assert "Alder ride share" in csv and DRAFT_TITLE not in csv
    # The draft, for facilitators, has the draft activity and the draft's progress.
    client.force_login(alder["coordinator"])
    draft = client.get(api_url(alder), {"draft": "true"}).json()
    assert draft["progress"] == 40
    assert DRAFT_TITLE in [a["title"] for g in draft["goals"] for a in g["activities"]]
    assert client.get(api_url(birch)).json()["progress"] == 40


def test_draft_activity_photo_is_not_public(client, alder, birch, settings, tmp_path):  # type: ignore[no-untyped-def]
    from groundwork.plans.tests.test_plans import _image

    settings.MEDIA_ROOT = tmp_path
    published = services.progress_post(
        actor=alder["coordinator"],
        activity=alder["rides"],
        on_date=timezone.localdate(),
        progress=25,
        status=ActivityStatus.UNDER_WAY,
        note="Volunteers",
        photo=_image(),
    )
    hidden = services.progress_post(
        actor=alder["coordinator"],
        activity=alder["draft"],
        on_date=timezone.localdate(),
        progress=100,
        status=ActivityStatus.DONE,
        note="Van",
        photo=_image(),
    )
    assert client.get(url("update_photo", alder, published.pk)).status_code == 200
    assert client.get(url("update_photo", alder, hidden.pk)).status_code == 404
    client.force_login(alder["coordinator"])
    assert client.get(url("update_photo", alder, hidden.pk)).status_code == 200


def test_posting_progress_on_a_draft_activity_says_it_is_not_public_yet(client, alder, birch):  # type: ignore[no-untyped-def]
    client.force_login(alder["coordinator"])
    fields = {"on_date": timezone.localdate().isoformat(), "progress": 50, "status": "under_way"}
    response = client.post(
        url("progress", alder, alder["draft"].pk), {**fields, "note": "Halfway"}, follow=True
    )
    assert "It will be public once a version" in response.content.decode()
    assert response.redirect_chain[-1][0].endswith(f"/plan/build/#activity-{alder['draft'].pk}")
    response = client.post(url("progress", alder, alder["rides"].pk), {**fields, "note": "Rides"})
    assert response["Location"] == url("timeline", alder)
    assert ProgressUpdate.objects.filter(activity__plan=alder["plan"]).count() == 4


def test_publishing_the_draft_makes_its_activity_public(client, alder, birch):  # type: ignore[no-untyped-def]
    services.plan_publish(actor=alder["coordinator"], plan=alder["plan"])
    page = client.get(url("timeline", alder)).content.decode()
    assert DRAFT_NOTE in page and "Overall progress: 40%" in page
    assert client.get(api_url(alder)).json()["progress"] == 40
