import pytest
from django.urls import reverse

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import CommunityFactory, UserFactory, member
from groundwork.core.errors import ApplicationError
from groundwork.core.models import AuditEvent
from groundwork.planning import services
from groundwork.planning.models import Contribution, Moderation, Participant, PhaseKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def process(other_tenant):  # type: ignore[no-untyped-def]
    # Beside a look-alike tenant (same process slug "2027", same answers and idempotency
    # keys): a lost process or community filter shows as a foreign or doubled row.
    community = CommunityFactory(slug="alder")
    coordinator = member(community, Role.COORDINATOR)
    return services.process_create(
        actor=coordinator,
        community=community,
        title="Alder 2027",
        slug="2027",
        areas=["North", "South", "North"],
    )


def answer_url(process):  # type: ignore[no-untyped-def]
    return reverse("planning:answer", args=[process.community.slug, process.slug])


def test_new_process_has_five_bilingual_questions_and_six_phases(process):
    keys = list(process.questions.values_list("key", flat=True))
    assert keys == ["problems", "barriers", "strengths", "actions", "allies"]
    assert all(q.text_en and q.text_es and q.help_en and q.help_es for q in process.questions.all())
    assert [p.kind for p in process.phases.all()] == list(PhaseKind.values)
    assert process.current_phase.kind == PhaseKind.GATHER
    assert list(process.areas.values_list("name", flat=True)) == ["North", "South"]


def test_members_without_facilitation_roles_cannot_start_a_process():
    community = CommunityFactory()
    with pytest.raises(ApplicationError):
        services.process_create(
            actor=member(community, Role.MEMBER), community=community, title="x", slug="x"
        )


def test_submission_is_idempotent_and_all_or_nothing(process):
    answers = [
        services.Answer("problems", "No bus to the clinic"),
        services.Answer("strengths", "Churches"),
    ]
    first = services.contributions_submit(
        process=process,
        participant=None,
        answers=answers,
        language="en",
        channel="online",
        idempotency_key="k1",
    )
    again = services.contributions_submit(
        process=process,
        participant=None,
        answers=answers,
        language="en",
        channel="online",
        idempotency_key="k1",
    )
    assert [c.pk for c in first] == [c.pk for c in again]
    assert Contribution.objects.filter(process=process).count() == 2
    too_long = [services.Answer("problems", "fine"), services.Answer("allies", "x" * 2001)]
    with pytest.raises(ApplicationError, match="too long: 2,001 characters"):
        services.contributions_submit(
            process=process,
            participant=None,
            answers=too_long,
            language="en",
            channel="online",
            idempotency_key="k2",
        )
    assert Contribution.objects.filter(process=process).count() == 2


def test_markup_is_kept_as_written_and_personal_data_is_held(process):
    stored = services.contributions_submit(
        process=process,
        participant=None,
        language="en",
        channel="online",
        idempotency_key="k",
        answers=[
            services.Answer("problems", "<script>alert(1)</script><b>Flooding</b> on   Mill Road"),
            services.Answer("allies", "Call Ms. Diaz at (919) 555-0134"),
        ],
    )
    assert (
        stored[0].text == "<script>alert(1)</script><b>Flooding</b> on   Mill Road"
        and stored[0].moderation == Moderation.VISIBLE
    )
    assert stored[1].moderation == Moderation.HELD


def test_no_answers_when_not_gathering(process):
    coordinator = process.community.memberships.get().user
    services.process_set_phase(
        actor=coordinator, process=process, phase=process.phases.get(kind="decide")
    )
    with pytest.raises(ApplicationError, match="not taking answers"):
        services.contributions_submit(
            process=process,
            participant=None,
            answers=[services.Answer("problems", "x")],
            language="en",
            channel="online",
            idempotency_key="k",
        )


def test_resident_answers_without_an_account_and_a_retry_stores_one_copy(client, process):
    page = client.get(answer_url(process))
    key = page.context["form"].initial["idempotency_key"]
    data = {
        "idempotency_key": key,
        "answer_problems": "Rents are too high",
        "answer_barriers_external": "No landlord registry",
        "answer_strengths": "",
        "answer_actions": "",
        "answer_allies": "",
    }
    first = client.post(answer_url(process), data)
    assert first.status_code == 302
    retry = client.post(answer_url(process), data)
    assert retry.status_code == 302
    assert Contribution.objects.filter(process=process).count() == 2
    assert (
        Contribution.objects.get(process=process, question__key="barriers").barrier_kind
        == "external"
    )
    assert Participant.objects.filter(process=process).count() == 1
    # The cookie brings the same person back for their next answers (new ones: the same
    # words again would be stored once).
    data2 = {**data, "idempotency_key": "another-key", "answer_problems": "No clinic at night"}
    client.post(answer_url(process), data2)
    assert Participant.objects.filter(process=process).count() == 1
    assert (
        AuditEvent.objects.filter(
            community=process.community, action="contributions.submitted"
        ).count()
        == 2
    )


def test_empty_form_gets_a_clear_message_in_spanish(client, process):
    client.cookies["django_language"] = "es"
    response = client.post(answer_url(process), {"idempotency_key": "k"})
    assert response.status_code == 200
    assert b"Responda al menos una pregunta." in response.content
    assert not Contribution.objects.filter(process=process).exists()


def test_about_you_is_optional_and_needs_consent(client, process):
    client.post(answer_url(process), {"idempotency_key": "k", "answer_problems": "Flooding"})
    url = reverse("planning:about_you", args=[process.community.slug, process.slug])
    north = process.areas.get(name="North")
    client.post(
        url, {"area": north.pk, "age_band": "25_44", "language": "es", "lived_experience": "yes"}
    )
    participant = Participant.objects.get(process=process)
    assert participant.area is None and participant.consented_at is None
    client.post(url, {"consent": "on", "area": north.pk, "age_band": "25_44", "language": "es"})
    participant.refresh_from_db()
    assert (
        participant.area == north and participant.age_band == "25_44" and participant.consented_at
    )


def test_hidden_answers_leave_the_public_list_and_the_reason_is_audited(client, process):
    stored = services.contributions_submit(
        process=process,
        participant=None,
        language="en",
        channel="online",
        idempotency_key="k",
        answers=[services.Answer("problems", "Potholes everywhere")],
    )
    list_url = reverse("planning:contributions", args=[process.community.slug, process.slug])
    assert b"Potholes everywhere" in client.get(list_url).content
    coordinator = process.community.memberships.get().user
    client.force_login(coordinator)
    moderate = reverse(
        "planning:moderate", args=[process.community.slug, process.slug, stored[0].pk]
    )
    response = client.post(moderate, {"state": "hidden", "reason": ""})
    stored[0].refresh_from_db()
    assert stored[0].moderation == Moderation.VISIBLE  # a reason is required
    client.post(moderate, {"state": "hidden", "reason": "Off topic"})
    stored[0].refresh_from_db()
    assert stored[0].moderation == Moderation.HIDDEN
    assert b"Potholes everywhere" in client.get(list_url).content  # facilitators still see it
    client.logout()
    assert b"Potholes everywhere" not in client.get(list_url).content
    event = AuditEvent.objects.get(action="contribution.moderated")
    assert event.details["reason"] == "Off topic"
    assert response.status_code == 302


def test_only_facilitators_moderate(client, process):
    stored = services.contributions_submit(
        process=process,
        participant=None,
        language="en",
        channel="online",
        idempotency_key="k",
        answers=[services.Answer("problems", "Potholes")],
    )
    client.force_login(member(process.community, Role.MEMBER))
    moderate = reverse(
        "planning:moderate", args=[process.community.slug, process.slug, stored[0].pk]
    )
    assert client.post(moderate, {"state": "hidden", "reason": "x"}).status_code == 403
    # Refused means unchanged: still visible, no reason, nothing audited.
    stored[0].refresh_from_db()
    assert (stored[0].moderation, stored[0].moderation_reason) == (Moderation.VISIBLE, "")
    assert not AuditEvent.objects.filter(action__startswith="contribution.moderat").exists()


def test_private_community_process_is_closed_to_outsiders(client):
    community = CommunityFactory(is_public=False)
    process = services.process_create(
        actor=member(community, Role.COORDINATOR), community=community, title="T", slug="t"
    )
    client.force_login(UserFactory())
    assert client.get(process.get_absolute_url()).status_code == 403
    assert client.get(answer_url(process)).status_code == 403


def test_answer_list_has_bounded_queries(client, process, django_assert_max_num_queries):
    for i in range(120):
        services.contributions_submit(
            process=process,
            participant=None,
            language="es" if i % 2 else "en",
            channel="online",
            idempotency_key=f"k{i}",
            answers=[services.Answer("problems", f"Answer number {i}")],
        )
    url = reverse("planning:contributions", args=[process.community.slug, process.slug])
    with django_assert_max_num_queries(8):
        response = client.get(url + "?question=problems&language=es&page=2")
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 10


def test_a_refused_submission_leaves_no_participant_behind(client, process, monkeypatch):
    # The form accepts the answer; the service (after the participant was made) refuses it.
    submit = services.contributions_submit
    monkeypatch.setattr(
        services, "contributions_submit", lambda **kwargs: submit(**{**kwargs, "answers": []})
    )
    response = client.post(
        answer_url(process), {"idempotency_key": "k", "answer_problems": "Potholes"}
    )
    assert response.status_code == 200
    assert b"Please answer at least one question." in response.content
    assert not Contribution.objects.filter(process=process).exists()
    assert not Participant.objects.filter(process=process).exists()
