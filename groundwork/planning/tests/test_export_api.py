"""Answers leave Groundwork as CSV, JSON and through the API: only what the caller may see."""

import csv
import io
import json

import pytest
from django.urls import reverse

from groundwork.api import services as api_services
from groundwork.communities.models import Role
from groundwork.communities.tests.factories import CommunityFactory, UserFactory, member
from groundwork.planning import services
from groundwork.planning.models import Channel, Moderation

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():  # type: ignore[no-untyped-def]
    community = CommunityFactory(is_public=True)
    coordinator = member(community, Role.COORDINATOR)
    process = services.process_create(
        actor=coordinator,
        community=community,
        title="Listening",
        slug="listening",
        areas=["Riverside", "Mill Hill"],
    )
    gathering = services.gathering_save(
        actor=coordinator,
        process=process,
        title="Church hall",
        kind="large",
        starts_at="2026-05-02T10:00:00Z",
        language="en",
    )
    services.contributions_submit(
        process=process,
        participant=None,
        actor=coordinator,
        channel=Channel.LARGE_GROUP,
        gathering=gathering,
        language="en",
        idempotency_key="g1",
        answers=[
            services.Answer("problems", "No bus to the clinic"),
            services.Answer("problems", '=HYPERLINK("http://evil")'),
            services.Answer("strengths", "Los vecinos se ayudan"),
        ],
    )
    hidden = services.contributions_submit(
        process=process,
        participant=None,
        actor=coordinator,
        channel=Channel.PAPER,
        language="en",
        idempotency_key="p1",
        answers=[services.Answer("problems", "Something rude")],
    )[0]
    services.contribution_moderate(
        actor=coordinator, contribution=hidden, state=Moderation.HIDDEN, reason="Insult"
    )
    return community, coordinator, process, gathering


def _csv(response):  # type: ignore[no-untyped-def]
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def test_csv_export_has_what_the_public_may_see_and_defuses_formulas(client, setup):
    community, _coordinator, process, _gathering = setup
    response = client.get(
        reverse("planning:contributions_csv", args=[community.slug, process.slug])
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = _csv(response)
    texts = [row[3] for row in rows[1:]]
    assert sorted(texts) == sorted(
        ["No bus to the clinic", '\'=HYPERLINK("http://evil")', "Los vecinos se ayudan"]
    )
    assert "moderation" not in rows[0]  # no moderation details for the public
    assert "Something rude" not in texts


def test_json_export_follows_the_filters_and_shows_moderators_everything(client, setup):
    community, coordinator, process, gathering = setup
    url = reverse("planning:contributions_json", args=[community.slug, process.slug])
    client.force_login(coordinator)
    everything = json.loads(b"".join(client.get(url).streaming_content))
    assert len(everything) == 4
    assert {row["moderation"] for row in everything} == {"visible", "hidden"}
    narrowed = json.loads(
        b"".join(client.get(url, {"gathering": gathering.pk, "q": "clinic"}).streaming_content)
    )
    assert [row["text"] for row in narrowed] == ["No bus to the clinic"]
    assert narrowed[0]["gathering"] == "Church hall"


def test_export_of_a_private_process_is_closed_to_outsiders(client, setup):
    community, _coordinator, process, _gathering = setup
    community.is_public = False
    community.save()
    url = reverse("planning:contributions_csv", args=[community.slug, process.slug])
    assert client.get(url).status_code == 302  # sign in first
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403


def test_list_filters_by_gathering_and_only_facilitators_filter_by_area(client, setup):
    community, coordinator, process, gathering = setup
    url = reverse("planning:contributions", args=[community.slug, process.slug])
    response = client.get(url, {"question": "problems", "gathering": gathering.pk})
    assert b"No bus to the clinic" in response.content
    assert b'name="area"' not in response.content
    client.force_login(coordinator)
    assert b'name="area"' in client.get(url).content


def test_api_lists_answers_with_a_partners_token_on_a_private_process(client, setup):
    community, _coordinator, process, _gathering = setup
    community.is_public = False
    community.save()
    partner = member(community, Role.PARTNER)
    _token, key = api_services.api_token_create(user=partner, name="dashboard")
    url = f"/api/communities/{community.slug}/processes/{process.slug}/contributions"
    assert client.get(url).status_code == 401
    response = client.get(url, {"question": "problems"}, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2  # the hidden answer is not for partners
    assert {item["question"] for item in body["items"]} == {"problems"}
    outsider = UserFactory()
    _token, other_key = api_services.api_token_create(user=outsider, name="x")
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {other_key}").status_code == 403
    process_url = f"/api/communities/{community.slug}/processes"
    listed = client.get(process_url, HTTP_AUTHORIZATION=f"Bearer {key}").json()
    assert [p["slug"] for p in listed] == ["listening"]


def test_paper_form_is_a_bilingual_pdf_with_a_page_per_box(client, setup):
    from pypdf import PdfReader

    community, _coordinator, process, _gathering = setup
    response = client.get(reverse("planning:paper_form", args=[community.slug, process.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    # One page per box of the answer form: the barriers question has two, internal first.
    assert len(reader.pages) == 6
    questions = list(process.questions.all())
    questions.insert(1, questions[1])
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    assert "Internal barriers: within our community" in pages[1]
    assert "Barreras internas: dentro de nuestra comunidad" in pages[1]
    assert "External barriers: from outside our community" in pages[2]
    assert "Barreras externas" in pages[2]
    assert "2 / 6" in pages[1] and "3 / 6" in pages[2]
    for page, question in zip(reader.pages, questions, strict=True):
        text = " ".join(page.extract_text().split())
        # The fields in the order of the capture screen, in both languages.
        for label in ("Question", "Pregunta", "Gathering", "Reunión", "Language of the answers"):
            assert label in text
        assert " ".join(question.text_en.split()[:4]) in text
        assert " ".join(question.text_es.split()[:4]) in text
