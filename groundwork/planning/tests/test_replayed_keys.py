"""A form's idempotency key recognises a retry of that form by the one who sent it, and hands
nothing to anyone else; the same answer sent twice by one participant is stored once."""

import importlib

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import CommunityFactory, member
from groundwork.core.errors import AlreadyReceived
from groundwork.core.fingerprint import normalized_text, text_fingerprint
from groundwork.core.models import AuditEvent
from groundwork.planning import services
from groundwork.planning.models import Contribution, Participant
from groundwork.planning.participants import PARTICIPANT_COOKIE

pytestmark = pytest.mark.django_db


def _process(slug: str):  # type: ignore[no-untyped-def]
    community = CommunityFactory(slug=slug)
    return services.process_create(
        actor=member(community, Role.COORDINATOR),
        community=community,
        title=f"{slug} 2027",
        slug="2027",
        areas=["North", "South"],
    )


@pytest.fixture
def process():  # type: ignore[no-untyped-def]
    return _process("alder")


@pytest.fixture
def other_process():  # type: ignore[no-untyped-def]
    return _process("birch")


def _submit(process, participant, key, *answers, **kwargs):  # type: ignore[no-untyped-def]
    return services.contributions_submit(
        process=process,
        participant=participant,
        answers=[services.Answer(q, t) for q, t in answers],
        language="en",
        channel=kwargs.pop("channel", "online"),
        idempotency_key=key,
        **kwargs,
    )


def _url(name, process):  # type: ignore[no-untyped-def]
    return reverse(f"planning:{name}", args=[process.community.slug, process.slug])


def _cookie(process) -> str:  # type: ignore[no-untyped-def]
    return PARTICIPANT_COOKIE.format(process.pk)


# The service --------------------------------------------------------------------------------


def test_a_key_replayed_by_another_participant_hands_nothing_over_and_stores_nothing(
    process, other_process
):
    ana = Participant.objects.create(process=process)
    ben = Participant.objects.create(process=process)
    first = _submit(process, ana, "k-ana", ("problems", "The bridge floods"))
    with pytest.raises(AlreadyReceived):
        _submit(process, ben, "k-ana", ("problems", "Rents are too high"))
    with pytest.raises(AlreadyReceived):  # nor to a caller with no participant at all
        _submit(process, None, "k-ana", ("problems", "x"))
    assert list(Contribution.objects.filter(process=process)) == first
    assert not ben.contributions.exists()
    # Keys belong to their process: the same key in another process is a new submission.
    dana = Participant.objects.create(process=other_process)
    stored = _submit(other_process, dana, "k-ana", ("problems", "The bridge floods"))
    assert [c.participant for c in stored] == [dana]


def test_the_owner_retrying_gets_the_first_result(process, other_process):
    ana = Participant.objects.create(process=process)
    _submit(
        other_process, Participant.objects.create(process=other_process), "k1", ("problems", "z")
    )
    first = _submit(process, ana, "k1", ("problems", "The bridge floods"), ("allies", "Library"))
    again = _submit(process, ana, "k1", ("problems", "Something else entirely"))
    assert [c.pk for c in again] == [c.pk for c in first]
    assert Contribution.objects.filter(process=process).count() == 2
    assert AuditEvent.objects.filter(action="contributions.submitted").count() == 2  # 1 + other


def test_a_captured_submission_is_returned_to_captures_only(process):
    coordinator = process.community.memberships.get().user
    lines = [("problems", "Flooding"), ("problems", "Flooding")]
    first = _submit(process, None, "paper-1", *lines, channel="paper", actor=coordinator)
    again = _submit(process, None, "paper-1", *lines, channel="paper", actor=coordinator)
    assert [c.pk for c in again] == [c.pk for c in first]
    with pytest.raises(AlreadyReceived):  # a resident sending a capture's key gets nothing
        _submit(process, Participant.objects.create(process=process), "paper-1", lines[0])
    assert Contribution.objects.count() == 2


# The answer form ---------------------------------------------------------------------------


def _answer(client, process, **answers):  # type: ignore[no-untyped-def]
    page = client.get(_url("answer", process))
    data = {"idempotency_key": page.context["form"].initial["idempotency_key"]}
    data.update({f"answer_{k}": v for k, v in answers.items()})
    response = client.post(_url("answer", process), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return data


def test_a_new_visitor_replaying_someone_elses_form_gets_a_message_and_no_identity(
    client, process, other_process
):
    ana = client
    data = _answer(ana, process, problems="The bridge floods")
    ana_participant = Participant.objects.get(process=process)
    ana.post(
        _url("about_you", process),
        {"consent": "on", "area": process.areas.get(name="North").pk, "lived_experience": "yes"},
    )
    # Someone who never took part posts the same form (key included), in Spanish.
    stranger = Client()
    stranger.cookies["django_language"] = "es"
    response = stranger.post(_url("answer", process), {**data, "answer_problems": "Mine"})
    assert response.status_code == 302 and response["Location"] == process.get_absolute_url()
    assert not any(name.startswith("gw_participant_") for name in response.cookies)
    assert "Este formulario ya se recibió" in stranger.get(response["Location"]).content.decode()
    assert Participant.objects.filter(process=process).count() == 1
    assert Contribution.objects.filter(process=process).count() == 1
    # Without the cookie, "about you" shows nothing of Ana's and changes nothing.
    about = stranger.get(_url("about_you", process))
    assert about.status_code == 302 and about["Location"] == _url("answer", process)
    stranger.post(_url("about_you", process), {"consent": "on", "lived_experience": "no"})
    ana_participant.refresh_from_db()
    assert ana_participant.lived_experience == "yes" and ana_participant.area.name == "North"
    # The other process takes the same key as a new form.
    assert stranger.post(_url("answer", other_process), data).status_code == 302


def test_a_resident_replaying_another_residents_form_keeps_their_own_identity(client, process):
    data = _answer(client, process, problems="The bridge floods")
    ana = Participant.objects.get()
    ben_client = Client()
    _answer(ben_client, process, problems="No buses at night")
    ben = Participant.objects.exclude(pk=ana.pk).get()
    response = ben_client.post(_url("answer", process), {**data, "answer_problems": "Again"})
    assert response.status_code == 302
    assert _cookie(process) not in response.cookies  # Ben's own cookie is left as it was
    ben_client.post(_url("about_you", process), {"consent": "on", "lived_experience": "no"})
    ana.refresh_from_db()
    ben.refresh_from_db()
    assert ana.lived_experience == "" and ben.lived_experience == "no"
    assert Contribution.objects.filter(participant=ben).count() == 1


def test_the_owner_retrying_the_form_lands_on_thanks_with_their_own_cookie(client, process):
    data = _answer(client, process, problems="The bridge floods")
    retry = client.post(_url("answer", process), data)
    assert retry["Location"] == _url("thanks", process)
    ana = Participant.objects.get()
    assert retry.cookies[_cookie(process)].value.startswith(str(ana.public_id))
    assert Contribution.objects.count() == 1


# The same answer twice ----------------------------------------------------------------------


def test_normalized_text_ignores_case_spacing_and_unicode_form():
    assert normalized_text("  Rents\tare TOO\n\nhigh ") == "rents are too high"
    assert normalized_text("Cafe\u0301 STRASSE") == normalized_text("Café straße")
    assert text_fingerprint("Ríos  crecen") == text_fingerprint("RI\u0301OS crecen")
    assert text_fingerprint("Rents are high") != text_fingerprint("Rents are higher")


def test_the_same_answer_again_from_one_participant_is_stored_once(process, other_process):
    ana = Participant.objects.create(process=process)
    first = _submit(process, ana, "k1", ("problems", "Rents are too high"))
    again = _submit(
        process,
        ana,
        "k2",
        ("problems", "  rents ARE too\nhigh "),
        ("strengths", "Rents are too high"),  # the same words to another question: kept
    )
    assert again[0].pk == first[0].pk
    assert [c.question.key for c in ana.contributions.order_by("id")] == ["problems", "strengths"]
    only_repeats = _submit(process, ana, "k3", ("problems", "RENTS are too high"))
    assert [c.pk for c in only_repeats] == [first[0].pk]
    assert ana.contributions.count() == 2
    # Another person may say the same thing, here and in another process.
    _submit(
        process,
        Participant.objects.create(process=process),
        "k4",
        ("problems", "Rents are too high"),
    )
    _submit(
        other_process,
        Participant.objects.create(process=other_process),
        "k1",
        ("problems", "Rents are too high"),
    )
    # Ana's two (to two questions), the other resident's, and the other process's.
    assert Contribution.objects.filter(text__iexact="rents are too high").count() == 4
    assert AuditEvent.objects.filter(action="contributions.submitted").count() == 4


def test_one_answer_twice_in_one_submission_is_stored_once(process):
    ana = Participant.objects.create(process=process)
    stored = _submit(process, ana, "k1", ("allies", "The library"), ("allies", "the  LIBRARY"))
    assert len(stored) == 1 and ana.contributions.count() == 1


def test_identical_answers_from_different_paper_forms_are_all_kept(process):
    coordinator = process.community.memberships.get().user
    lines = [("problems", "No bus to the clinic")] * 3
    stored = _submit(process, None, "paper-1", *lines, channel="paper", actor=coordinator)
    more = _submit(process, None, "paper-2", *lines[:2], channel="paper", actor=coordinator)
    assert len(stored) == 3 and len(more) == 2
    assert Contribution.objects.filter(process=process).count() == 5
    assert not Contribution.objects.exclude(text_fingerprint=None).exists()


def test_back_and_send_again_without_javascript_stores_one_copy(client, process):
    _answer(client, process, problems="The bridge floods", allies="The library")
    # Back: the page is shown again with a new key, and the same words are sent again.
    again = _answer(client, process, problems="the bridge  floods", allies="The Library")
    assert again["idempotency_key"]
    assert Contribution.objects.filter(process=process).count() == 2
    assert Participant.objects.count() == 1


def test_the_database_refuses_a_second_copy_even_in_a_race(process):
    ana = Participant.objects.create(process=process)
    (first,) = _submit(process, ana, "k1", ("problems", "Rents are too high"))
    assert first.text_fingerprint == text_fingerprint("rents are too high")
    with pytest.raises(IntegrityError), transaction.atomic():
        Contribution.objects.create(
            community=process.community,
            process=process,
            question=first.question,
            participant=ana,
            text="RENTS are too high",
            language="en",
            channel="online",
            idempotency_key="k-race",
            text_fingerprint=text_fingerprint("RENTS are too high"),
        )
    # Answers stored before the rule (no fingerprint) may repeat; they are kept as they were.
    for key in ("old-1", "old-2"):
        Contribution.objects.create(
            community=process.community,
            process=process,
            question=first.question,
            participant=ana,
            text="Old answer",
            language="en",
            channel="online",
            idempotency_key=key,
        )
    assert ana.contributions.count() == 3
    # And a new copy of an old answer is still recognised as a repeat.
    assert _submit(process, ana, "k2", ("problems", "old answer"))[0].idempotency_key == "old-1"


def test_the_migration_fingerprints_first_copies_and_keeps_repeats(process, other_process):
    migration = importlib.import_module(
        "groundwork.planning.migrations.0005_contribution_text_fingerprint"
    )
    ana = Participant.objects.create(process=process)
    dana = Participant.objects.create(process=other_process)
    questions = {p.pk: p.questions.get(key="problems") for p in (process, other_process)}
    rows = []
    for n, (who, text) in enumerate(
        [
            (ana, "Flooding"),
            (ana, "FLOODING "),
            (ana, "Rents"),
            (dana, "Flooding"),
            (None, "Flooding"),
        ]
    ):
        proc = who.process if who else process
        rows.append(
            Contribution.objects.create(
                community=proc.community,
                process=proc,
                question=questions[proc.pk],
                participant=who,
                text=text,
                language="en",
                channel="online" if who else "paper",
                idempotency_key=f"old-{n}",
            )
        )
    from django.apps import apps

    migration.fingerprint_first_copies(apps, None)
    for row in rows:
        row.refresh_from_db()
    assert rows[0].text_fingerprint == text_fingerprint("flooding")
    assert rows[1].text_fingerprint is None  # the repeat is kept, outside the constraint
    assert rows[2].text_fingerprint == text_fingerprint("rents")
    assert rows[3].text_fingerprint == text_fingerprint("flooding")  # another person
    assert rows[4].text_fingerprint is None  # captured without a participant
    assert Contribution.objects.count() == 5
