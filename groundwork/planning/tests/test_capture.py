from datetime import UTC, datetime

import pytest
from django.urls import reverse

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import CommunityFactory, member
from groundwork.core.errors import ApplicationError
from groundwork.planning import services
from groundwork.planning.models import Contribution, Moderation

# Every test runs beside a look-alike tenant: no response shows it, nothing of it changes.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("beside_other_tenant")]


@pytest.fixture
def setup():  # type: ignore[no-untyped-def]
    community = CommunityFactory(slug="alder")
    coordinator = member(community, Role.COORDINATOR)
    # The same process slug as the other tenant's (conftest's ``other_tenant``).
    process = services.process_create(
        actor=coordinator, community=community, title="T", slug="2027"
    )
    gathering = services.gathering_save(
        actor=coordinator,
        process=process,
        title="Town hall",
        kind="large",
        starts_at=datetime(2027, 3, 3, 18, tzinfo=UTC),
        language="es",
        interpretation="English",
        facilitator=coordinator,
    )
    return process, coordinator, gathering


def capture_url(process):  # type: ignore[no-untyped-def]
    return reverse("planning:capture", args=[process.community.slug, process.slug])


def test_capture_one_answer_per_line_with_gathering_filled_in(client, setup):
    process, coordinator, gathering = setup
    client.force_login(coordinator)
    lines = "\n".join(f"Idea número {i}" for i in range(30)) + "\n\n   \nLlamar al 919-555-0134"
    data = {
        "idempotency_key": "batch-1",
        "question": "actions",
        "gathering": gathering.pk,
        "channel": "large_group",
        "language": "es",
        "lines": lines,
    }
    response = client.post(capture_url(process), data)
    assert response.status_code == 302
    assert "gathering=" in response["Location"] and "question=actions" in response["Location"]
    captured = Contribution.objects.filter(process=process)
    assert captured.count() == 31
    assert set(captured.values_list("gathering", "channel", "language", "question__key")) == {
        (gathering.pk, "large_group", "es", "actions")
    }
    assert captured.filter(moderation=Moderation.HELD).count() == 1
    client.post(capture_url(process), data)  # a retry of the same batch
    assert captured.count() == 31
    follow = client.get(response["Location"])
    assert follow.context["form"].initial["gathering"] == str(gathering.pk)


def test_capture_is_for_facilitators_only(client, setup):
    process, _coordinator, _gathering = setup
    client.force_login(member(process.community, Role.MEMBER))
    assert client.get(capture_url(process)).status_code == 403
    with pytest.raises(ApplicationError, match="Only facilitators"):
        services.contributions_submit(
            process=process,
            participant=None,
            answers=[services.Answer("problems", "x")],
            language="en",
            channel="paper",
            idempotency_key="k",
            actor=None,
        )


def test_capture_rejects_overlong_lines_and_saves_nothing(client, setup):
    process, coordinator, _gathering = setup
    client.force_login(coordinator)
    response = client.post(
        capture_url(process),
        {
            "idempotency_key": "b",
            "question": "problems",
            "channel": "paper",
            "language": "en",
            "lines": "fine\n" + "x" * 2001,
        },
    )
    assert response.status_code == 200
    assert b"Lines 2 are longer than 2000 characters." in response.content
    assert not Contribution.objects.filter(process=process).exists()


def test_gathering_from_another_process_is_refused(setup, other_tenant):
    process, coordinator, _gathering = setup
    other = services.process_create(
        actor=coordinator, community=process.community, title="O", slug="o"
    )
    # The other tenant's process has the same slug and a gathering of the same title.
    elsewhere = services.gathering_save(
        actor=other_tenant.coordinator,
        process=other_tenant.process,
        title="Town hall",
        kind="large",
        starts_at=datetime(2027, 3, 3, 18, tzinfo=UTC),
        language="es",
    )
    other_tenant.baseline()  # from here on nothing of it may change
    foreign = services.gathering_save(
        actor=coordinator,
        process=other,
        title="Elsewhere",
        kind="small",
        starts_at=datetime(2027, 1, 1, tzinfo=UTC),
        language="en",
    )
    for gathering in (foreign, elsewhere):
        with pytest.raises(ApplicationError, match="gathering of this process"):
            services.contributions_submit(
                process=process,
                participant=None,
                answers=[services.Answer("problems", "x")],
                language="en",
                channel="small_group",
                idempotency_key="k",
                actor=coordinator,
                gathering=gathering,
            )
    assert not Contribution.objects.filter(process=process).exists()
    assert not Contribution.objects.filter(gathering=elsewhere).exists()


def test_gatherings_page_lists_and_adds(client, setup):
    process, coordinator, _gathering = setup
    client.force_login(coordinator)
    url = reverse("planning:gatherings", args=[process.community.slug, process.slug])
    response = client.post(
        url,
        {
            "title": "Youth circle",
            "kind": "small",
            "starts_at": "2027-04-01T17:30",
            "language": "en",
            "expected_attendance": "12",
        },
    )
    assert response.status_code == 302
    page = client.get(url)
    assert b"Youth circle" in page.content and b"Town hall" in page.content


def test_facilitator_records_attendance_after_the_gathering(client):
    from groundwork.planning.models import Gathering

    community = CommunityFactory()
    coordinator = member(community, Role.COORDINATOR)
    process = services.process_create(actor=coordinator, community=community, title="T", slug="t")
    gathering = services.gathering_save(
        actor=coordinator,
        process=process,
        title="Church hall",
        kind="large",
        starts_at="2026-05-02T18:00:00Z",
        language="en",
        expected_attendance=40,
    )
    url = reverse("planning:gathering_edit", args=[community.slug, "t", gathering.pk])
    client.force_login(member(community, Role.MEMBER))
    assert client.get(url).status_code == 403
    client.force_login(coordinator)
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(actual_attendance=37, facilitator="", guide="")
    response = client.post(url, data)
    assert response.status_code == 302, response.content
    gathering = Gathering.objects.get(process=process)
    assert gathering.actual_attendance == 37
    assert gathering.expected_attendance == 40
    assert gathering.title == "Church hall"
