"""Answer submission, the participant cookie and the planning rules, each beside a look-alike
tenant (groundwork.core.testing): the same idempotency keys, slugs and answers in two
processes must never mix."""

import pytest
from django.db import IntegrityError
from django.urls import reverse

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import UserFactory, member
from groundwork.core.errors import AlreadyReceived, ApplicationError
from groundwork.core.models import AuditEvent
from groundwork.core.testing import assert_absent, assert_present, unchanged
from groundwork.planning import participants, services
from groundwork.planning.actions import contributions as submitting
from groundwork.planning.models import Contribution, Participant, PhaseKind, Process

pytestmark = pytest.mark.django_db


def submit(tenant, key, *texts, participant=None, question="problems"):  # type: ignore[no-untyped-def]
    return services.contributions_submit(
        process=tenant.process,
        participant=participant or tenant.participants[0],
        answers=[services.Answer(question, t) for t in texts],
        language="en",
        channel="online",
        idempotency_key=key,
    )


def test_a_key_used_in_two_processes_returns_each_process_own_answers(tenant, other_tenant):  # type: ignore[no-untyped-def]
    # Both tenants' first participants sent their answers with the key "answers-0".
    with unchanged(other_tenant):
        again = submit(tenant, "answers-0", "No bus to the clinic")
    assert again == [c for c in tenant.contributions if c.idempotency_key == "answers-0"]
    assert {c.process_id for c in again} == {tenant.process.pk}
    theirs = submit(other_tenant, "answers-0", "No bus to the clinic")
    assert {c.process_id for c in theirs} == {other_tenant.process.pk}


def test_keys_must_be_given_and_at_most_sixty_characters(tenant, other_tenant):  # type: ignore[no-untyped-def]
    with unchanged(tenant, other_tenant), pytest.raises(ApplicationError, match="out of date"):
        submit(tenant, "", "An answer without a key")
    with unchanged(tenant, other_tenant), pytest.raises(ApplicationError, match="out of date"):
        submit(tenant, "k" * 61, "An answer with a long key")
    [stored] = submit(tenant, "k" * 60, "An answer with the longest key")
    assert stored.idempotency_key == "k" * 60


def test_the_longest_answer_is_stored_and_one_more_character_refused(tenant, other_tenant):  # type: ignore[no-untyped-def]
    longest = "a" * Contribution.MAX_LENGTH
    [stored] = submit(tenant, "longest", longest)
    assert stored.text == longest
    with unchanged(tenant, other_tenant), pytest.raises(ApplicationError) as refused:
        submit(tenant, "too-long", longest + "b", participant=tenant.participants[1])
    assert refused.value.field == "answer_problems"


def test_a_refused_submission_stores_nothing_even_after_the_insert(
    tenant, other_tenant, monkeypatch
):  # type: ignore[no-untyped-def]
    """All or nothing: when the audit record cannot be written, the answers are not kept."""

    def broken(**kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(submitting, "audit_record", broken)
    with unchanged(tenant, other_tenant), pytest.raises(RuntimeError, match="audit log"):
        submit(tenant, "atomic", "Answers kept only with their audit record")


def test_a_concurrent_retry_of_the_same_form_returns_the_first_copy(
    tenant, other_tenant, monkeypatch
):  # type: ignore[no-untyped-def]
    """Two requests with one key at once: the second's look-up found nothing, its insert hits
    the unique key, and it returns what the first stored, to the same participant."""
    first = submit(tenant, "race", "Buses every hour")
    real = submitting._submission
    calls = []

    def missed_once(process, key):  # type: ignore[no-untyped-def]
        calls.append(key)
        return [] if len(calls) == 1 else real(process, key)

    # Both requests looked before either stored anything: no earlier copy, no submission.
    monkeypatch.setattr(submitting, "_submission", missed_once)
    monkeypatch.setattr(submitting, "_earlier_copies", lambda participant, cleaned: {})
    with unchanged(other_tenant):
        again = submit(tenant, "race", "Buses every hour")
    assert again == first
    assert len(calls) == 2
    assert Contribution.objects.filter(process=tenant.process, idempotency_key="race").count() == 1
    calls.clear()
    with pytest.raises(AlreadyReceived):
        submit(tenant, "race", "Buses every hour", participant=tenant.participants[1])


def test_the_same_answer_sent_twice_at_once_is_stored_once(tenant, other_tenant, monkeypatch):  # type: ignore[no-untyped-def]
    real = submitting._earlier_copies
    calls = []

    def missed_once(participant, cleaned):  # type: ignore[no-untyped-def]
        calls.append(1)
        return {} if len(calls) == 1 else real(participant, cleaned)

    monkeypatch.setattr(submitting, "_earlier_copies", missed_once)
    with unchanged(other_tenant):
        # "No bus to the clinic" is already stored for this participant (answers-0).
        again = submit(tenant, "twice", "No bus to the clinic")
    assert [c.idempotency_key for c in again] == ["answers-0"]
    assert not Contribution.objects.filter(idempotency_key="twice").exists()


def test_an_insert_that_fails_for_another_reason_asks_to_send_again(tenant, monkeypatch):  # type: ignore[no-untyped-def]
    def conflict(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise IntegrityError("conflict")

    monkeypatch.setattr(Contribution.objects, "bulk_create", conflict)
    with pytest.raises(ApplicationError, match="send them again"):
        submit(tenant, "lost", "Something new")
    assert not AuditEvent.objects.filter(
        action="contributions.submitted", details__count=1, community=tenant.community
    ).exists()


# --- The answer form's participant cookie ------------------------------------------------


def answer_url(tenant):  # type: ignore[no-untyped-def]
    return reverse("planning:answer", args=[tenant.community.slug, tenant.process.slug])


def test_the_participant_cookie_is_http_only_for_a_year_and_the_language_is_kept(  # type: ignore[no-untyped-def]
    client, tenant, other_tenant
):
    page = client.get(answer_url(tenant), HTTP_ACCEPT_LANGUAGE="es")
    data = {
        "idempotency_key": page.context["form"].initial["idempotency_key"],
        "answer_problems": "Faltan autobuses",
    }
    with unchanged(other_tenant):
        response = client.post(answer_url(tenant), data, HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 302
    name = participants.PARTICIPANT_COOKIE.format(tenant.process.pk)
    cookie = response.cookies[name]
    assert cookie["httponly"] is True
    assert cookie["max-age"] == 365 * 24 * 3600
    assert cookie["samesite"] == "Lax"
    newest = Participant.objects.filter(process=tenant.process).latest("pk")
    assert newest.language == "es"
    assert Contribution.objects.get(participant=newest).language == "es"
    assert participants.PARTICIPANT_COOKIE.format(other_tenant.process.pk) not in response.cookies


# --- Rules: who may answer, and who sees private processes -------------------------------


def test_contribute_needs_a_visible_process_that_is_gathering(tenant, other_tenant):  # type: ignore[no-untyped-def]
    someone = UserFactory()
    birch_member = member(other_tenant.community, Role.MEMBER)
    assert someone.has_perm("planning.contribute", tenant.process)
    assert birch_member.has_perm("planning.contribute", tenant.process)
    tenant.process.is_public = False
    tenant.process.save()
    assert not someone.has_perm("planning.contribute", tenant.process)
    assert not birch_member.has_perm("planning.contribute", tenant.process)
    assert tenant.coordinator.has_perm("planning.contribute", tenant.process)
    later = tenant.process.phases.exclude(kind=PhaseKind.GATHER).first()
    services.process_set_phase(actor=tenant.coordinator, process=tenant.process, phase=later)
    tenant.process.refresh_from_db()
    assert not tenant.process.is_gathering
    assert not tenant.coordinator.has_perm("planning.contribute", tenant.process)
    assert someone.has_perm("planning.contribute", other_tenant.process)


def test_process_page_offers_the_answer_form_only_while_gathering(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    url = reverse("planning:process", args=[tenant.community.slug, tenant.process.slug])
    assert client.get(url).context["can_contribute"] is True
    later = tenant.process.phases.exclude(kind=PhaseKind.GATHER).first()
    services.process_set_phase(actor=tenant.coordinator, process=tenant.process, phase=later)
    assert client.get(url).context["can_contribute"] is False


def _private_process(tenant):  # type: ignore[no-untyped-def]
    process = services.process_create(
        actor=tenant.coordinator,
        community=tenant.community,
        title=f"Private {tenant.marker}",
        slug="private",
    )
    Process.objects.filter(pk=process.pk).update(is_public=False)
    return process


def test_private_processes_are_listed_to_members_only(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    private = _private_process(tenant)
    _private_process(other_tenant)
    url = reverse("planning:process_list", args=[tenant.community.slug])
    birch_coordinator = other_tenant.coordinator
    client.force_login(birch_coordinator)
    page = client.get(url)
    assert list(page.context["processes"]) == [tenant.process]
    assert private.title not in page.content.decode()
    assert_absent(other_tenant, page)
    client.force_login(tenant.coordinator)
    page = client.get(url)
    assert sorted(p.slug for p in page.context["processes"]) == ["2027", "private"]
    assert_present(tenant, page)
    assert_absent(other_tenant, page)


def test_the_api_lists_private_processes_to_members_only(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    from groundwork.api import services as api_services

    _private_process(tenant)
    url = f"/api/communities/{tenant.community.slug}/processes"
    for user, expected in (
        (other_tenant.coordinator, ["2027"]),
        (tenant.coordinator, ["2027", "private"]),
    ):
        _token, key = api_services.api_token_create(user=user, name="t")
        response = client.get(url, HTTP_AUTHORIZATION=f"Bearer {key}")
        assert response.status_code == 200
        assert sorted(p["slug"] for p in response.json()) == expected
    assert sorted(p["slug"] for p in client.get(url).json()) == ["2027"]


def test_a_non_member_cannot_remove_a_member(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    someone = member(tenant.community, Role.MEMBER)
    membership = tenant.community.memberships.get(user=someone)
    url = reverse("communities:member_remove", args=[tenant.community.slug, membership.pk])
    client.force_login(other_tenant.coordinator)
    with unchanged(tenant, other_tenant):
        response = client.post(url)
    assert response.status_code in (403, 404)


def test_each_process_of_a_community_has_its_own_page(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    services.process_create(
        actor=tenant.coordinator, community=tenant.community, title="Parks 2028", slug="parks"
    )
    for slug, title in (("2027", "Resilience 2027"), ("parks", "Parks 2028")):
        page = client.get(reverse("planning:process", args=[tenant.community.slug, slug]))
        assert page.status_code == 200
        assert page.context["process"].title == title
        assert page.context["process"].community == tenant.community
        assert_absent(other_tenant, page)


def test_a_signed_in_resident_answers_as_themselves_over_https(  # type: ignore[no-untyped-def]
    client, settings, tenant, other_tenant
):
    settings.SESSION_COOKIE_SECURE = True
    resident = UserFactory()
    client.force_login(resident)
    page = client.get(answer_url(tenant))
    data = {
        "idempotency_key": page.context["form"].initial["idempotency_key"],
        "answer_problems": "The pharmacy closes early",
    }
    with unchanged(other_tenant):
        response = client.post(answer_url(tenant), data)
    assert response.status_code == 302
    assert response.cookies[participants.PARTICIPANT_COOKIE.format(tenant.process.pk)]["secure"]
    answer = Contribution.objects.get(process=tenant.process, text="The pharmacy closes early")
    assert answer.participant.user == resident


def test_the_cookie_brings_back_this_resident_not_another_of_the_process(  # type: ignore[no-untyped-def]
    client, tenant, other_tenant
):
    # The process has three residents already; a fourth answers twice from one browser.
    for n, text in enumerate(("The pharmacy closes early", "More evening buses")):
        page = client.get(answer_url(tenant))
        data = {
            "idempotency_key": page.context["form"].initial["idempotency_key"],
            "answer_problems": text,
        }
        with unchanged(other_tenant):
            assert client.post(answer_url(tenant), data).status_code == 302, n
    first, second = (
        Contribution.objects.get(process=tenant.process, text=t).participant
        for t in ("The pharmacy closes early", "More evening buses")
    )
    assert first == second
    assert first not in tenant.participants


def test_open_processes_say_how_each_is_open_from_its_own_conversation_and_plan(
    tenant, other_tenant
):  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import AnonymousUser

    from groundwork.deliberation.models import Conversation
    from groundwork.planning import selectors
    from groundwork.plans.models import Plan

    # Only this tenant votes and endorses; the other one only gathers answers.
    Conversation.objects.filter(pk=other_tenant.conversation.pk).update(is_open=False)
    Plan.objects.filter(pk=tenant.plan.pk).update(endorsement_open=True)
    rows = {
        row.process.community_id: row for row in selectors.process_list_open(user=AnonymousUser())
    }
    mine, theirs = rows[tenant.community.pk], rows[other_tenant.community.pk]
    assert (mine.gathering, mine.voting, mine.endorsing) == (True, True, True)
    assert (theirs.gathering, theirs.voting, theirs.endorsing) == (True, False, False)
    only_theirs = selectors.process_list_open(
        user=AnonymousUser(), community=other_tenant.community
    )
    assert [row.process for row in only_theirs] == [other_tenant.process]


def test_the_answers_page_lists_this_process_answers_only(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    url = reverse("planning:contributions", args=[tenant.community.slug, tenant.process.slug])
    for viewer in (None, tenant.coordinator):  # the public, and a moderator who sees all
        if viewer is not None:
            client.force_login(viewer)
        page = client.get(url, {"question": "problems"})
        assert page.status_code == 200
        assert_present(tenant, page)
        assert_absent(other_tenant, page)
        # Every question at once, through the API: still this process's answers only.
        api = client.get(
            f"/api/communities/{tenant.community.slug}/processes/{tenant.process.slug}/contributions"
        )
        assert api.status_code == 200
        assert_present(tenant, api)
        assert_absent(other_tenant, api)


def test_open_processes_of_private_communities_or_processes_are_for_members_only(
    tenant, other_tenant
):  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import AnonymousUser

    from groundwork.communities.models import Community
    from groundwork.planning import selectors

    # A private process of a public community, and a public process of a private one.
    Process.objects.filter(pk=tenant.process.pk).update(is_public=False)
    Community.objects.filter(pk=other_tenant.community.pk).update(is_public=False)
    for user in (AnonymousUser(), UserFactory()):
        assert selectors.process_list_open(user=user) == []
    for t in (tenant, other_tenant):
        listed = selectors.process_list_open(user=t.coordinator)
        assert [row.process for row in listed] == [t.process]
