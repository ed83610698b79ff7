"""Words kept as written, and barriers asked as two boxes (internal, then external).

Every test has two communities with a process each, so a missing process filter shows."""

import csv
import io
import json
import re

import pytest
from django.urls import reverse
from django.utils import translation

from groundwork.api import services as api_services
from groundwork.communities.models import Role
from groundwork.communities.tests.factories import CommunityFactory, member
from groundwork.core.errors import ApplicationError
from groundwork.planning import services
from groundwork.planning.forms import AnswerForm, CaptureForm
from groundwork.planning.models import Contribution, Participant

pytestmark = pytest.mark.django_db

MILL_HILL = "I <3 our library & 5 < 10 … <Mill Hill>"


def _process(slug: str):  # type: ignore[no-untyped-def]
    community = CommunityFactory(slug=slug, is_public=True)
    coordinator = member(community, Role.COORDINATOR)
    process = services.process_create(
        actor=coordinator, community=community, title=f"{slug} 2027", slug="plan"
    )
    return process, coordinator


@pytest.fixture
def two():  # type: ignore[no-untyped-def]
    """(process, coordinator) in Alder, and another community's process beside it."""
    alder = _process("alder")
    birch, _birch_coordinator = _process("birch")
    services.contributions_submit(
        process=birch,
        participant=None,
        answers=[services.Answer("barriers", "Birch's own barrier", "internal")],
        language="en",
        channel="online",
        idempotency_key="birch-1",
    )
    return alder


def answer_url(process):  # type: ignore[no-untyped-def]
    return reverse("planning:answer", args=[process.community.slug, process.slug])


def _post(client, process, **answers):  # type: ignore[no-untyped-def]
    key = client.get(answer_url(process)).context["form"].initial["idempotency_key"]
    return client.post(answer_url(process), {"idempotency_key": key, **answers})


# --- The barriers question: two boxes in the natural order -------------------------------


def test_the_answer_form_asks_internal_then_external_barriers_in_order(client, two):
    process, _coordinator = two
    form = AnswerForm(process=process)
    assert [name for name in form.fields if name.startswith("answer_")] == [
        "answer_problems",
        "answer_barriers_internal",
        "answer_barriers_external",
        "answer_strengths",
        "answer_actions",
        "answer_allies",
    ]
    assert "barrier_kind" not in form.fields  # no radio choice after the allies question
    for language, internal, external in [
        ("en", "Internal barriers: within our community", "External barriers"),
        ("es", "Barreras internas: dentro de nuestra comunidad", "Barreras externas"),
    ]:
        with translation.override(language):
            html = client.get(answer_url(process), headers={"accept-language": language})
        body = html.content.decode()
        order = [
            body.index('id="id_answer_problems"'),
            body.index(internal),
            body.index('id="id_answer_barriers_internal"'),
            body.index(external),
            body.index('id="id_answer_barriers_external"'),
            body.index('id="id_answer_strengths"'),
            body.index('id="id_answer_allies"'),
        ]
        assert order == sorted(order), language
        # The two barrier boxes sit in one group whose legend is the question.
        assert re.search(r"<fieldset[^>]*>\s*<legend[^>]*>[^<]*(barriers|barreras)", body, re.I)


def test_each_barrier_box_stores_its_kind(client, two):
    process, _coordinator = two
    response = _post(
        client,
        process,
        answer_barriers_internal="Nobody leads the tenants' group",
        answer_barriers_external="The county has no budget",
    )
    assert response.status_code == 302
    stored = dict(Contribution.objects.filter(process=process).values_list("text", "barrier_kind"))
    assert stored == {
        "Nobody leads the tenants' group": "internal",
        "The county has no budget": "external",
    }


def test_the_service_marks_barriers_without_a_kind_unspecified_and_others_blank(two):
    process, _coordinator = two
    stored = services.contributions_submit(
        process=process,
        participant=None,
        answers=[
            services.Answer("barriers", "Old paper form barrier"),
            services.Answer("problems", "Flooding", "external"),  # a kind on a problem: ignored
            services.Answer("barriers", "Outside", "external"),
        ],
        language="en",
        channel="online",
        idempotency_key="k",
    )
    assert [c.barrier_kind for c in stored] == ["unspecified", "", "external"]
    with pytest.raises(ApplicationError, match="internal or external"):
        services.contributions_submit(
            process=process,
            participant=None,
            answers=[services.Answer("barriers", "x", "sideways")],
            language="en",
            channel="online",
            idempotency_key="k2",
        )


def test_capture_mode_records_an_external_barrier(client, two):
    process, coordinator = two
    form = CaptureForm(process=process)
    assert [value for value, _label in form.fields["question"].choices] == [
        "problems",
        "barriers_internal",
        "barriers_external",
        "barriers_unspecified",
        "strengths",
        "actions",
        "allies",
    ]
    client.force_login(coordinator)
    url = reverse("planning:capture", args=[process.community.slug, process.slug])
    response = client.post(
        url,
        {
            "idempotency_key": "batch",
            "question": "barriers_external",
            "channel": "paper",
            "language": "es",
            "lines": "La fábrica cerró\nEl estado recortó fondos",
        },
    )
    assert response.status_code == 302 and "question=barriers_external" in response["Location"]
    assert set(
        Contribution.objects.filter(process=process).values_list("question__key", "barrier_kind")
    ) == {("barriers", "external")}


def test_exports_and_the_api_carry_the_kind(client, two):
    process, coordinator = two
    services.contributions_submit(
        process=process,
        participant=None,
        answers=[
            services.Answer("barriers", "Inside", "internal"),
            services.Answer("barriers", "Outside", "external"),
            services.Answer("barriers", "Unsaid"),
            services.Answer("problems", MILL_HILL),
        ],
        language="en",
        channel="online",
        idempotency_key="k",
    )
    base = reverse("planning:contributions", args=[process.community.slug, process.slug])
    client.force_login(coordinator)
    csv_body = b"".join(client.get(base + "export.csv").streaming_content).decode("utf-8-sig")
    rows = {row["answer"]: row for row in csv.DictReader(io.StringIO(csv_body))}
    assert {t: rows[t]["kind of barrier"] for t in ("Inside", "Outside", "Unsaid")} == {
        "Inside": "internal",
        "Outside": "external",
        "Unsaid": "unspecified",
    }
    assert rows[MILL_HILL]["kind of barrier"] == ""
    json_body = b"".join(client.get(base + "export.json").streaming_content)
    data = json.loads(json_body)
    assert {d["text"]: d["barrier_kind"] for d in data}["Outside"] == "external"
    assert MILL_HILL in {d["text"] for d in data}
    assert "Birch's own barrier" not in csv_body
    token = api_services.api_token_create(user=coordinator, name="t")[1]
    api = f"/api/communities/{process.community.slug}/processes/{process.slug}/contributions"
    got = client.get(
        api, {"barrier_kind": "external"}, headers={"authorization": f"Bearer {token}"}
    ).json()
    assert [c["text"] for c in got["items"]] == ["Outside"]


# --- Words kept as written ---------------------------------------------------------------


def test_markup_like_text_is_stored_as_written_and_shown_escaped(client, two):
    process, _coordinator = two
    response = _post(client, process, answer_problems=MILL_HILL)
    assert response.status_code == 302
    assert Contribution.objects.get(process=process).text == MILL_HILL
    page = client.get(reverse("planning:contributions", args=[process.community.slug, "plan"]))
    body = page.content.decode()
    assert "I &lt;3 our library &amp; 5 &lt; 10 … &lt;Mill Hill&gt;" in body
    assert "<Mill Hill>" not in body


def test_a_2001_character_answer_is_refused_by_name_with_the_text_kept(client, two):
    process, _coordinator = two
    long = "a" * 1990 + " <b>&</b>"  # 2,001 characters once trimmed
    assert len(long) == 1999
    long = long + "!!"
    response = _post(client, process, answer_problems="Potholes", answer_allies=long)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Please answer at least one question." not in body
    question = process.questions.get(key="allies").text
    assert "is too long: 2,001 characters, and the limit is 2,000" in body
    assert question in body.split("is too long")[0][-300:]
    # Both answers are shown again as typed (escaped), nothing was stored.
    assert ("a" * 1990 + " &lt;b&gt;&amp;&lt;/b&gt;!!") in body
    assert ">\nPotholes</textarea>" in body
    assert not Contribution.objects.filter(process=process).exists()
    assert not Participant.objects.filter(process=process).exists()
    # No maxlength that would cut pasted text: a limit the counter reads instead.
    assert not re.search(r"\smaxlength=", body)
    assert 'data-maxlength="2000"' in body
    assert 'id="id_answer_allies_count"' in body and 'aria-live="polite"' in body


def test_the_too_long_message_is_in_spanish_too(client, two):
    process, _coordinator = two
    client.cookies["django_language"] = "es"
    response = _post(client, process, answer_barriers_external="x" * 2001)
    body = response.content.decode().replace("\xa0", " ")
    assert (
        "Lo que escribió en «Barreras externas: las que vienen de fuera de nuestra comunidad» "
        "es demasiado largo: 2 001 caracteres, y el límite es 2 000." in body
    )
    assert "¿Qué barreras, internas y externas, impiden resolverlos?" in body
    assert ">\n" + "x" * 2001 + "</textarea>" in body
    assert "Responda al menos una pregunta." not in body


def test_statements_comments_and_survey_answers_use_the_same_rule():
    from groundwork.deliberation.forms import StatementForm
    from groundwork.deliberation.models import Statement

    form = StatementForm(data={"idempotency_key": "k", "text": "x" * (Statement.MAX_LENGTH + 1)})
    assert not form.is_valid() and "is too long" in form.errors["text"][0]
    ok = StatementForm(data={"idempotency_key": "k", "text": "  <Mill Hill> & co \r\n"})
    assert ok.is_valid() and ok.cleaned_data["text"] == "<Mill Hill> & co"
    assert 'data-maxlength="400"' in str(ok["text"])
    assert not re.search(r"\smaxlength=", str(ok["text"]))
