"""Both languages in one conversation, and the moderation queue of strict moderation:
translations written and corrected by facilitators, what each voter sees, accept / reject
with a reason (one by one and several at once), audit records, permissions and tenancy
(two communities, each with its conversation), and exports that keep both texts."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import CommunityFactory, UserFactory, member
from groundwork.core.errors import ApplicationError
from groundwork.core.models import AuditEvent
from groundwork.deliberation import interchange, selectors, services
from groundwork.deliberation.models import (
    AnalysisRun,
    Conversation,
    Statement,
    StatementModeration,
)
from groundwork.planning import services as planning
from groundwork.planning.models import Participant

pytestmark = pytest.mark.django_db


def _conversation(name: str, slug: str):  # type: ignore[no-untyped-def]
    community = CommunityFactory(name=name, slug=slug)
    coordinator = member(community, Role.COORDINATOR)
    process = planning.process_create(
        actor=coordinator, community=community, title=f"{name} together", slug="together"
    )
    conversation = services.conversation_create(
        actor=coordinator, process=process, topic="What first?", strict_moderation=True
    )
    return conversation, coordinator


def _submit(conversation, text, language, key):  # type: ignore[no-untyped-def]
    return services.statement_submit(
        conversation=conversation,
        participant=Participant.objects.create(process=conversation.process),
        text=text,
        language=language,
        idempotency_key=key,
    )


@pytest.fixture
def tenants():  # type: ignore[no-untyped-def]
    """Two communities, each with a strictly moderated conversation and pending statements."""
    alder, alder_lead = _conversation("Alder County", "alder")
    birch, birch_lead = _conversation("Birch Town", "birch")
    for conversation in (alder, birch):
        _submit(conversation, "More buses to the clinic", "en", "k1")
        _submit(conversation, "Call me at 555-123-4567 about the park", "en", "k2")
        _submit(conversation, "Un centro juvenil en el centro", "es", "k3")
    return {"alder": alder, "alder_lead": alder_lead, "birch": birch, "birch_lead": birch_lead}


def _statement(conversation, text):  # type: ignore[no-untyped-def]
    return conversation.statements.get(text=text)


# ------------------------------------------------------------------ translation (services)


def test_a_facilitator_translates_and_corrects_keeping_the_original(tenants):
    alder, lead = tenants["alder"], tenants["alder_lead"]
    statement = _statement(alder, "More buses to the clinic")
    services.statement_translate(
        actor=lead, statement=statement, language="es", text="Más autobuses a la clinica"
    )
    services.statement_translate(
        actor=lead, statement=statement, language="es", text="Más autobuses a la clínica"
    )
    statement.refresh_from_db()
    assert statement.text == "More buses to the clinic"  # the original, untouched
    assert statement.language == "en"
    assert statement.translation == "Más autobuses a la clínica"
    assert statement.translation_language == "es"
    assert statement.translated_by == lead
    assert statement.translated_at is not None
    actions = list(
        AuditEvent.objects.filter(target_id=str(statement.pk), action__startswith="statement.t")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["statement.translated", "statement.translation_corrected"]
    # The same translation sent again stores nothing and writes no audit record.
    services.statement_translate(
        actor=lead, statement=statement, language="es", text="Más autobuses a la clínica"
    )
    assert AuditEvent.objects.filter(action__startswith="statement.transl").count() == 2
    # The other community's statement of the same words is not touched.
    assert _statement(tenants["birch"], "More buses to the clinic").translation == ""


def test_a_translation_must_be_into_the_other_language_and_not_empty(tenants):
    alder, lead = tenants["alder"], tenants["alder_lead"]
    statement = _statement(alder, "More buses to the clinic")
    with pytest.raises(ApplicationError):
        services.statement_translate(actor=lead, statement=statement, language="en", text="X")
    with pytest.raises(ApplicationError):
        services.statement_translate(actor=lead, statement=statement, language="fr", text="X")
    with pytest.raises(ApplicationError):
        services.statement_translate(actor=lead, statement=statement, language="es", text="  ")
    with pytest.raises(ApplicationError):
        services.statement_translate(actor=lead, statement=statement, language="es", text="x" * 401)
    statement.refresh_from_db()
    assert statement.translation == ""


def test_an_import_without_a_language_takes_the_other_one_when_translated(tenants):
    alder, lead = tenants["alder"], tenants["alder_lead"]
    statement = _statement(alder, "More buses to the clinic")
    Statement.objects.filter(pk=statement.pk).update(language="")
    statement.refresh_from_db()
    assert statement.translation_target == ""
    services.statement_translate(actor=lead, statement=statement, language="es", text="Más")
    statement.refresh_from_db()
    assert (statement.language, statement.translation_language) == ("en", "es")


@pytest.mark.parametrize("role", [Role.MEMBER, Role.PARTNER, Role.VIEWER])
def test_only_facilitators_translate_and_decide(tenants, role):
    alder = tenants["alder"]
    statement = _statement(alder, "More buses to the clinic")
    person = member(alder.community, role)
    with pytest.raises(ApplicationError):
        services.statement_translate(actor=person, statement=statement, language="es", text="X")
    with pytest.raises(ApplicationError):
        services.statement_moderate(actor=person, statement=statement, state="accepted")
    with pytest.raises(ApplicationError):
        services.statements_moderate_bulk(
            actor=person, conversation=alder, statement_ids=[statement.pk], state="accepted"
        )


def test_a_facilitator_of_another_community_is_refused(tenants):
    alder, birch_lead = tenants["alder"], tenants["birch_lead"]
    statement = _statement(alder, "More buses to the clinic")
    with pytest.raises(ApplicationError):
        services.statement_translate(
            actor=birch_lead, statement=statement, language="es", text="Más"
        )
    with pytest.raises(ApplicationError):
        services.statement_moderate(actor=birch_lead, statement=statement, state="accepted")
    with pytest.raises(ApplicationError):
        services.statements_moderate_bulk(
            actor=birch_lead, conversation=alder, statement_ids=[statement.pk], state="accepted"
        )
    statement.refresh_from_db()
    assert (statement.moderation, statement.translation) == (StatementModeration.PENDING, "")
    assert not AuditEvent.objects.filter(action="statement.moderated").exists()


# ------------------------------------------------------------------ decisions (services)


def test_reject_needs_a_reason_and_each_decision_is_audited(tenants):
    alder, lead = tenants["alder"], tenants["alder_lead"]
    statement = _statement(alder, "More buses to the clinic")
    with pytest.raises(ApplicationError):
        services.statement_moderate(actor=lead, statement=statement, state="rejected")
    services.statement_moderate(
        actor=lead, statement=statement, state="rejected", reason="Already said"
    )
    statement.refresh_from_db()
    assert (statement.moderation, statement.moderation_reason) == ("rejected", "Already said")
    event = AuditEvent.objects.get(action="statement.moderated")
    assert event.details == {"from": "pending", "to": "rejected", "reason": "Already said"}
    assert event.community == alder.community


def test_bulk_accept_decides_each_audits_each_and_recomputes_once(tenants):
    alder, lead = tenants["alder"], tenants["alder_lead"]
    ids = list(alder.statements.values_list("pk", flat=True))
    before = AnalysisRun.objects.count()
    services.statements_moderate_bulk(
        actor=lead, conversation=alder, statement_ids=ids, state="accepted"
    )
    assert set(alder.statements.values_list("moderation", flat=True)) == {"accepted"}
    assert AuditEvent.objects.filter(action="statement.moderated").count() == 3
    assert AnalysisRun.objects.count() == before + 1
    # The other community's queue is untouched.
    assert set(tenants["birch"].statements.values_list("moderation", flat=True)) == {"pending"}


def test_bulk_reject_needs_a_reason_and_refuses_another_conversations_statements(tenants):
    alder, lead, birch = tenants["alder"], tenants["alder_lead"], tenants["birch"]
    ids = list(alder.statements.values_list("pk", flat=True))
    with pytest.raises(ApplicationError):
        services.statements_moderate_bulk(
            actor=lead, conversation=alder, statement_ids=ids, state="rejected"
        )
    stranger = birch.statements.first()
    with pytest.raises(ApplicationError):
        services.statements_moderate_bulk(
            actor=lead,
            conversation=alder,
            statement_ids=[ids[0], stranger.pk],
            state="rejected",
            reason="Off topic",
        )
    with pytest.raises(ApplicationError):
        services.statements_moderate_bulk(
            actor=lead, conversation=alder, statement_ids=[], state="accepted"
        )
    assert set(Statement.objects.values_list("moderation", flat=True)) == {"pending"}
    assert not AuditEvent.objects.filter(action="statement.moderated").exists()


def test_the_queue_lists_pending_oldest_first_with_the_personal_data_check(tenants):
    alder = tenants["alder"]
    services.statement_moderate(
        actor=tenants["alder_lead"],
        statement=_statement(alder, "Un centro juvenil en el centro"),
        state="accepted",
    )
    queue = selectors.moderation_queue(alder)
    assert [item["statement"].text for item in queue] == [
        "More buses to the clinic",
        "Call me at 555-123-4567 about the park",
    ]
    assert queue[0]["personal"] == []
    assert queue[1]["personal"] == ["phone"]
    assert [p for p in queue[1]["pieces"] if p["kind"]] == [
        {"text": "555-123-4567", "kind": "phone"}
    ]
    assert "".join(p["text"] for p in queue[1]["pieces"]) == queue[1]["statement"].text


def test_the_queue_marks_personal_data_at_the_start_and_after_an_overlap(tenants):
    """A number that opens the statement is marked with no empty piece before it; of two
    findings that overlap the first marks the span, and a later one is still marked."""
    alder = tenants["alder"]
    texts = [
        "555-123-4567 call me",
        "mail ana5551234567@example.org or 919-555-0123 soon",
    ]
    for text in texts:
        Statement.objects.create(
            community=alder.community,
            conversation=alder,
            text=text,
            language="en",
            moderation=StatementModeration.PENDING,
        )
    queue = {item["statement"].text: item["pieces"] for item in selectors.moderation_queue(alder)}
    theirs = {item["statement"].text for item in selectors.moderation_queue(tenants["birch"])}
    assert not theirs & set(texts)
    assert queue[texts[0]] == [
        {"text": "555-123-4567", "kind": "phone"},
        {"text": " call me", "kind": ""},
    ]
    assert queue[texts[1]] == [
        {"text": "mail ", "kind": ""},
        {"text": "ana5551234567@example.org", "kind": "email"},
        {"text": " or ", "kind": ""},
        {"text": "919-555-0123", "kind": "phone"},
        {"text": " soon", "kind": ""},
    ]


# ------------------------------------------------------------------ what a voter sees


def test_a_voter_sees_their_language_the_original_or_not_yet_translated(tenants):
    alder, lead = tenants["alder"], tenants["alder_lead"]
    english = _statement(alder, "More buses to the clinic")
    spanish = _statement(alder, "Un centro juvenil en el centro")
    services.statement_translate(
        actor=lead, statement=english, language="es", text="Más autobuses a la clínica"
    )
    shown = english.in_language("es")
    assert (shown.text, shown.language, shown.is_translation) == (
        "Más autobuses a la clínica",
        "es",
        True,
    )
    assert (shown.original, shown.original_language) == ("More buses to the clinic", "en")
    assert not shown.untranslated
    # The English reader sees the original, plainly.
    shown = english.in_language("en-us")
    assert (shown.text, shown.is_translation, shown.untranslated) == (
        "More buses to the clinic",
        False,
        False,
    )
    # Not translated into English yet: shown all the same, marked.
    shown = spanish.in_language("en")
    assert (shown.text, shown.language, shown.untranslated) == (
        "Un centro juvenil en el centro",
        "es",
        True,
    )
    # An original of unknown language is shown as it is.
    Statement.objects.filter(pk=spanish.pk).update(language="")
    spanish.refresh_from_db()
    assert not spanish.in_language("en").untranslated


def _accept_all(conversation, lead):  # type: ignore[no-untyped-def]
    services.statements_moderate_bulk(
        actor=lead,
        conversation=conversation,
        statement_ids=list(conversation.statements.values_list("pk", flat=True)),
        state="accepted",
    )


def test_the_voting_card_shows_the_translation_with_the_original_behind_a_disclosure(
    client, tenants
):
    alder, lead = tenants["alder"], tenants["alder_lead"]
    Statement.objects.filter(conversation=alder).exclude(text__startswith="More").delete()
    _accept_all(alder, lead)
    english = _statement(alder, "More buses to the clinic")
    services.statement_translate(
        actor=lead, statement=english, language="es", text="Más autobuses a la clínica"
    )
    url = reverse("deliberation:vote", args=["alder", "together"])
    client.cookies["django_language"] = "es"
    page = client.get(url).content.decode()
    assert 'lang="es">Más autobuses a la clínica</blockquote>' in page
    assert "<details" in page and "Mostrar el original" in page
    assert '<span lang="en">More buses to the clinic</span>' in page
    assert "Original, escrito en inglés" in page
    client.cookies["django_language"] = "en"
    page = client.get(url).content.decode()
    assert 'lang="en">More buses to the clinic</blockquote>' in page
    assert "Show the original" not in page


def test_a_statement_not_yet_translated_is_shown_and_marked(client, tenants):
    alder, lead = tenants["alder"], tenants["alder_lead"]
    Statement.objects.filter(conversation=alder).exclude(text__startswith="Un centro").delete()
    _accept_all(alder, lead)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("deliberation:vote", args=["alder", "together"])).content.decode()
    assert 'lang="es">Un centro juvenil en el centro</blockquote>' in page
    assert "not yet translated" in page


def test_the_results_page_shows_the_voters_language(client, tenants):
    alder, lead = tenants["alder"], tenants["alder_lead"]
    _accept_all(alder, lead)
    english = _statement(alder, "More buses to the clinic")
    services.statement_translate(
        actor=lead, statement=english, language="es", text="Más autobuses a la clínica"
    )
    AnalysisRun.objects.create(
        conversation=alder,
        status=AnalysisRun.Status.DONE,
        displayed_k=1,
        results={
            "groups": [{"size": 20, "representative": []}],
            "consensus": {"agree": [{"statement": english.pk, "percent": 90}], "disagree": []},
        },
    )
    client.cookies["django_language"] = "es"
    page = client.get(reverse("deliberation:results", args=["alder", "together"])).content
    assert "Más autobuses a la clínica".encode() in page
    assert b"Mostrar el original" in page


# ------------------------------------------------------------------ pages, without JavaScript


def _queue_url(slug="alder"):  # type: ignore[no-untyped-def]
    return reverse("deliberation:queue", args=[slug, "together"])


def test_the_queue_page_lists_pending_statements_and_the_check(client, tenants):
    client.force_login(tenants["alder_lead"])
    client.cookies["django_language"] = "es"
    page = client.get(_queue_url()).content.decode()
    assert page.index("More buses to the clinic") < page.index("Un centro juvenil")
    assert '<mark class="gw-personal">555-123-4567</mark>' in page
    assert "un número de teléfono" in page
    assert "Escrita en inglés" in page
    # Each action is an ordinary form.
    assert page.count('name="state" value="accepted"') == 3
    assert page.count('form="bulk"') == 3
    # Only this community's statements.
    assert tenants["birch"].statements.count() == 3
    assert page.count("data-queue-item") == 3


def test_queue_forms_post_accept_reject_and_translate_without_javascript(client, tenants):
    alder = tenants["alder"]
    client.force_login(tenants["alder_lead"])
    buses = _statement(alder, "More buses to the clinic")
    phone = _statement(alder, "Call me at 555-123-4567 about the park")
    decide = reverse("deliberation:queue_decide", args=["alder", "together", buses.pk])
    response = client.post(decide, {"state": "accepted", "reason": ""})
    assert response.status_code == 302 and response["Location"] == _queue_url()
    decide = reverse("deliberation:queue_decide", args=["alder", "together", phone.pk])
    client.post(decide, {"state": "rejected", "reason": ""})
    phone.refresh_from_db()
    assert phone.moderation == "pending"  # no reason: refused, and the page says why
    assert "Say why the statement is rejected." in client.get(_queue_url()).content.decode()
    client.post(decide, {"state": "rejected", "reason": "Personal data"})
    phone.refresh_from_db()
    assert (phone.moderation, phone.moderation_reason) == ("rejected", "Personal data")
    translate = reverse("deliberation:statement_translate", args=["alder", "together", buses.pk])
    response = client.post(
        translate, {"language": "es", "translation": "Más autobuses", "next": "queue"}
    )
    assert response["Location"] == _queue_url() + f"#statement-{buses.pk}"
    buses.refresh_from_db()
    assert buses.translation == "Más autobuses"
    page = client.get(_queue_url()).content.decode()
    assert "More buses" not in page  # accepted: out of the queue


def test_bulk_form_posts_without_javascript(client, tenants):
    alder = tenants["alder"]
    client.force_login(tenants["alder_lead"])
    ids = list(alder.statements.values_list("pk", flat=True))
    bulk = reverse("deliberation:queue_bulk", args=["alder", "together"])
    client.post(bulk, {"statement": ids[:2], "state": "rejected", "reason": ""})
    assert set(alder.statements.values_list("moderation", flat=True)) == {"pending"}
    response = client.post(bulk, {"statement": ids[:2], "state": "rejected", "reason": "Dup"})
    assert response.status_code == 302
    assert list(alder.statements.order_by("id").values_list("moderation", flat=True)) == [
        "rejected",
        "rejected",
        "pending",
    ]
    # A statement of the other community sent with this community's URL: nothing happens.
    stranger = tenants["birch"].statements.first()
    client.post(bulk, {"statement": [ids[2], stranger.pk], "state": "accepted"})
    stranger.refresh_from_db()
    assert stranger.moderation == "pending"
    assert alder.statements.get(pk=ids[2]).moderation == "pending"


def test_queue_pages_refuse_members_and_other_communities(client, tenants):
    alder, birch = tenants["alder"], tenants["birch"]
    statement = alder.statements.first()
    decide = reverse("deliberation:queue_decide", args=["alder", "together", statement.pk])
    translate = reverse(
        "deliberation:statement_translate", args=["alder", "together", statement.pk]
    )
    bulk = reverse("deliberation:queue_bulk", args=["alder", "together"])
    for person in (member(alder.community, Role.MEMBER), tenants["birch_lead"], UserFactory()):
        client.force_login(person)
        assert client.get(_queue_url()).status_code == 403
        assert client.post(decide, {"state": "accepted"}).status_code == 403
        assert client.post(translate, {"language": "es", "translation": "X"}).status_code == 403
        assert (
            client.post(bulk, {"statement": [statement.pk], "state": "accepted"}).status_code == 403
        )
    # Birch's facilitator, through Birch's URL, cannot reach Alder's statement.
    client.force_login(tenants["birch_lead"])
    wrong = reverse("deliberation:queue_decide", args=["birch", "together", statement.pk])
    assert client.post(wrong, {"state": "accepted"}).status_code == 404
    statement.refresh_from_db()
    assert statement.moderation == "pending"
    assert birch.statements.filter(moderation="pending").count() == 3


def test_the_statements_page_translates_too(client, tenants):
    alder = tenants["alder"]
    client.force_login(tenants["alder_lead"])
    statement = _statement(alder, "Un centro juvenil en el centro")
    url = reverse("deliberation:statements", args=["alder", "together"])
    page = client.get(url).content.decode()
    assert "not yet translated" in page
    assert "Moderation queue: 3 statements waiting" in page
    translate = reverse(
        "deliberation:statement_translate", args=["alder", "together", statement.pk]
    )
    response = client.post(translate, {"language": "en", "translation": "A youth center"})
    assert response["Location"] == url + f"#statement-{statement.pk}"
    assert "A youth center" in client.get(url).content.decode()


# ------------------------------------------------------------------ exports


def test_export_keeps_both_texts_and_reimports(tmp_path, tenants):
    alder, lead = tenants["alder"], tenants["alder_lead"]
    _accept_all(alder, lead)
    english = _statement(alder, "More buses to the clinic")
    spanish = _statement(alder, "Un centro juvenil en el centro")
    services.statement_translate(
        actor=lead, statement=english, language="es", text="Más autobuses, a la clínica"
    )
    services.vote_cast(
        conversation=alder,
        participant=Participant.objects.create(process=alder.process),
        statement=english,
        value=1,
        idempotency_key="v1",
    )
    archive = zipfile.ZipFile(io.BytesIO(interchange.export_zip(alder)))
    archive.extractall(tmp_path)
    # The Pol.is files are as Pol.is writes them: the original in comment-body.
    from groundwork.analysis import polis_io

    export = polis_io.read_export(tmp_path)
    assert {c.body for c in export.comments} >= {english.text, spanish.text}
    assert export.comment_columns == polis_io.COMMENT_COLUMNS
    rows = (tmp_path / interchange.TRANSLATIONS_FILE).read_text().splitlines()
    assert rows[0] == "comment-id,original-language,translation-language,translation"
    assert f'{english.pk},en,es,"Más autobuses, a la clínica"' in rows
    assert f"{spanish.pk},es,," in rows
    # Re-imported (command and upload) into a new process: both texts come back.
    call_command("import_polis", str(tmp_path), community="alder", slug="again")
    again = Conversation.objects.get(process__slug="again")
    copy = again.statements.get(text=english.text)
    assert (copy.language, copy.translation_language, copy.translation) == (
        "en",
        "es",
        "Más autobuses, a la clínica",
    )
    assert again.statements.get(text=spanish.text).language == "es"


def test_upload_reads_the_translations_file_and_refuses_a_broken_one(client, tmp_path, tenants):
    alder, lead = tenants["alder"], tenants["alder_lead"]
    _accept_all(alder, lead)
    english = _statement(alder, "More buses to the clinic")
    services.statement_translate(actor=lead, statement=english, language="es", text="Más")
    services.vote_cast(
        conversation=alder,
        participant=Participant.objects.create(process=alder.process),
        statement=english,
        value=1,
        idempotency_key="v1",
    )
    zipfile.ZipFile(io.BytesIO(interchange.export_zip(alder))).extractall(tmp_path)
    client.force_login(lead)
    url = reverse("deliberation:import", args=["alder"])

    def upload(slug, translations):  # type: ignore[no-untyped-def]
        return client.post(
            url,
            {
                "title": "Again",
                "slug": slug,
                "comments": SimpleUploadedFile(
                    "comments.csv", (tmp_path / "comments.csv").read_bytes()
                ),
                "votes": SimpleUploadedFile("votes.csv", (tmp_path / "votes.csv").read_bytes()),
                "translations": SimpleUploadedFile("comment-translations.csv", translations),
            },
        )

    broken = upload(
        "broken", b"comment-id,original-language,translation-language,translation\n1,fr,es,x\n"
    )
    assert broken.status_code == 200
    assert "comment-translations.csv" in broken.content.decode()
    assert not Conversation.objects.filter(process__slug="broken").exists()
    good = upload("again", (tmp_path / interchange.TRANSLATIONS_FILE).read_bytes())
    assert good.status_code == 302
    copy = Conversation.objects.get(process__slug="again").statements.get(text=english.text)
    assert (copy.translation, copy.translation_language) == ("Más", "es")


def test_the_queue_and_statements_pages_read_a_bounded_number_of_rows(
    client, tenants, django_assert_max_num_queries
):
    alder, lead = tenants["alder"], tenants["alder_lead"]
    client.force_login(lead)
    statements_url = reverse("deliberation:statements", args=["alder", "together"])
    for n in range(20):
        statement = _submit(alder, f"Idea number {n}", "en", f"more-{n}")
        services.statement_translate(
            actor=lead, statement=statement, language="es", text=f"Idea número {n}"
        )
    with django_assert_max_num_queries(12):
        assert client.get(_queue_url()).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(statements_url).status_code == 200
