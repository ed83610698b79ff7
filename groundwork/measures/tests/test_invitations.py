import csv
import hashlib
import io
import uuid
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import IntegrityError
from django.urls import reverse

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import CommunityFactory, UserFactory, member
from groundwork.core.errors import ApplicationError
from groundwork.core.models import AuditEvent
from groundwork.measures import services
from groundwork.measures.models import Answer, Instrument, InvitationLink, Response
from groundwork.measures.urls_helpers import survey_url

from .factories import InstrumentFactory, ItemFactory, SectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    instrument = InstrumentFactory(one_response_per=Instrument.OnePer.INVITATION)
    section = SectionFactory(instrument=instrument)
    ItemFactory(section=section, kind="likert", required=True, prompt_en="Meetings help.")
    return instrument


@pytest.fixture
def steward(client, survey):
    user = UserFactory()
    survey.network.stewards.add(user)
    client.force_login(user)
    return user


def create_links(client, survey, count=3, label="Board members"):
    response = client.post(survey_url(survey, "links"), {"count": count, "label": label})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body)))


def token_of(url):
    return parse_qs(urlsplit(url).query)["k"][0]


def answer(client, survey, token, key=None):
    item = survey.items.get()
    return client.post(
        reverse("measures:respond", args=[survey.slug]),
        {"idempotency_key": key or uuid.uuid4().hex, "k": token, f"item_{item.pk}": "4"},
    )


def test_creation_gives_distinct_working_urls_and_stores_only_hashes(client, survey, steward):
    rows = create_links(client, survey, count=3)
    assert len(rows) == 3
    urls = [row["Personal link"] for row in rows]
    assert len(set(urls)) == 3
    assert all(row["Label"] == "Board members" for row in rows)
    survey_path = reverse("measures:respond", args=[survey.slug])
    assert all(url.startswith(f"http://testserver{survey_path}?k=") for url in urls)
    tokens = [token_of(url) for url in urls]
    stored = set(InvitationLink.objects.values_list("token_hash", flat=True))
    assert stored == {hashlib.sha256(t.encode()).hexdigest() for t in tokens}
    for token in tokens:
        assert not InvitationLink.objects.filter(token_hash=token).exists()
    event = AuditEvent.objects.get(action="survey.links_created")
    assert event.details == {"count": 3, "label": "Board members"}
    assert not any(token in str(event.details) for token in tokens)
    client.logout()
    page = client.get(urls[0])
    assert page.status_code == 200
    assert f'name="k" value="{tokens[0]}"' in page.content.decode()


def test_formula_labels_are_defused(client, survey, steward):
    rows = create_links(client, survey, count=1, label="=HYPERLINK(1)")
    assert rows[0]["Label"] == "'=HYPERLINK(1)"


def test_count_is_bounded(client, survey, steward):
    page = client.post(survey_url(survey, "links"), {"count": 501})
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    assert not InvitationLink.objects.exists()
    with pytest.raises(ApplicationError):
        services.invitation_links_create(actor=steward, instrument=survey, count=0)


def test_only_invitation_surveys_get_links(client, survey, steward):
    other = InstrumentFactory(network=survey.network, one_response_per="link")
    with pytest.raises(ApplicationError):
        services.invitation_links_create(actor=steward, instrument=other, count=1)
    page = client.post(survey_url(other, "links"), {"count": 2})
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    assert not InvitationLink.objects.exists()


def test_a_link_answers_once(client, survey, steward):
    token = token_of(create_links(client, survey, count=1)[0]["Personal link"])
    client.logout()
    response = answer(client, survey, token)
    assert response.status_code == 302 and response.url.endswith("/thanks/")
    link = InvitationLink.objects.get()
    assert link.used_at is not None and link.response == Response.objects.get()
    assert link.response.respondent is None
    again = client.get(reverse("measures:respond", args=[survey.slug]) + f"?k={token}")
    assert again.status_code == 200
    page = again.content.decode()
    assert "This personal link has already been used. Thank you!" in page
    assert "Send my answers" not in page and 'name="k"' not in page
    second = answer(client, survey, token)
    assert second.status_code == 200
    assert "This personal link has already been used. Thank you!" in second.content.decode()
    assert Response.objects.count() == 1


def test_service_refuses_a_used_link(survey, steward):
    [(link, token)] = services.invitation_links_create(actor=steward, instrument=survey, count=1)
    item = survey.items.get()
    services.response_submit(
        instrument=survey,
        answers={item.pk: "4"},
        language="en",
        idempotency_key="a",
        link_token=token,
    )
    with pytest.raises(ApplicationError, match="already been used"):
        services.response_submit(
            instrument=survey,
            answers={item.pk: "4"},
            language="en",
            idempotency_key="b",
            link_token=token,
        )
    assert Response.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_link_is_locked_and_spent_in_one_transaction(survey, steward, monkeypatch):
    # Outside a test's own transaction, as in a real request: the link's row lock needs the
    # service's transaction (PostgreSQL refuses SELECT ... FOR UPDATE outside one), and a
    # failure after the response is written leaves neither the response nor its answers.
    [(link, token)] = services.invitation_links_create(actor=steward, instrument=survey, count=1)
    item = survey.items.get()

    def fail(*args, **kwargs):
        raise IntegrityError("link spent by another request")

    monkeypatch.setattr(InvitationLink, "save", fail)
    with pytest.raises(ApplicationError, match="already been used"):
        services.response_submit(
            instrument=survey,
            answers={item.pk: "4"},
            language="en",
            idempotency_key="a",
            link_token=token,
        )
    assert not Response.objects.exists() and not Answer.objects.exists()
    monkeypatch.undo()
    response = services.response_submit(
        instrument=survey,
        answers={item.pk: "4"},
        language="en",
        idempotency_key="b",
        link_token=token,
    )
    link.refresh_from_db()
    assert link.response == response and response.answers.count() == 1


def test_another_surveys_link_is_refused(client, survey, steward):
    other = InstrumentFactory(network=survey.network, one_response_per="invitation")
    [(_link, token)] = services.invitation_links_create(actor=steward, instrument=other, count=1)
    client.logout()
    page = client.get(reverse("measures:respond", args=[survey.slug]) + f"?k={token}")
    assert page.status_code == 403
    assert "This survey is by invitation" in page.content.decode()
    assert answer(client, survey, token).status_code == 403
    assert not Response.objects.exists()


def test_no_link_is_refused(client, survey):
    page = client.get(reverse("measures:respond", args=[survey.slug]))
    assert page.status_code == 403
    content = page.content.decode()
    assert "This survey is by invitation" in content and "Send my answers" not in content
    assert answer(client, survey, "").status_code == 403
    assert answer(client, survey, "made-up-token").status_code == 403
    assert not Response.objects.exists()
    item = survey.items.get()
    with pytest.raises(ApplicationError, match="by invitation"):
        services.response_submit(
            instrument=survey, answers={item.pk: "4"}, language="en", idempotency_key="x"
        )


def test_double_submit_gives_one_response(client, survey, steward):
    [(_link, token)] = services.invitation_links_create(actor=steward, instrument=survey, count=1)
    client.logout()
    first = answer(client, survey, token, key="same-key")
    second = answer(client, survey, token, key="same-key")
    assert first.status_code == second.status_code == 302
    assert second.url == first.url and first.url.endswith("/thanks/")
    assert Response.objects.count() == 1


def test_revoke_unused_links_of_a_label(client, survey, steward):
    services.invitation_links_create(actor=steward, instrument=survey, count=2, label="A")
    [(_l, token)] = services.invitation_links_create(
        actor=steward, instrument=survey, count=1, label="B"
    )
    [(_l, used)] = services.invitation_links_create(
        actor=steward, instrument=survey, count=1, label="A"
    )
    assert answer(client, survey, used).status_code == 302
    client.post(survey_url(survey, "links_revoke"), {"label": "A"})
    assert InvitationLink.objects.filter(label="A").count() == 1
    assert InvitationLink.objects.filter(label="B").count() == 1
    assert AuditEvent.objects.filter(action="survey.links_revoked").exists()


@pytest.mark.parametrize("role", ["member", "partner", "viewer"])
def test_only_builders_create_links(client, role):
    community = CommunityFactory()
    survey = InstrumentFactory(network=None, community=community, one_response_per="invitation")
    client.force_login(member(community, getattr(Role, role.upper())))
    assert client.get(survey_url(survey, "links")).status_code == 403
    assert client.post(survey_url(survey, "links"), {"count": 2}).status_code == 403
    assert client.post(survey_url(survey, "links_revoke"), {"label": ""}).status_code == 403
    assert not InvitationLink.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, survey):
    response = client.get(survey_url(survey, "links"))
    assert response.status_code == 302 and "login" in response.url
    assert client.post(survey_url(survey, "links"), {"count": 2}).status_code == 302
    assert not InvitationLink.objects.exists()


def test_facilitators_create_links(client):
    community = CommunityFactory()
    survey = InstrumentFactory(network=None, community=community, one_response_per="invitation")
    client.force_login(member(community, Role.FACILITATOR))
    assert len(create_links(client, survey, count=2, label="")) == 2


def test_links_page_query_count(client, survey, steward, django_assert_max_num_queries):
    for label in ("A", "B", "C"):
        services.invitation_links_create(actor=steward, instrument=survey, count=3, label=label)
    with django_assert_max_num_queries(5):
        page = client.get(survey_url(survey, "links"))
    assert page.status_code == 200
    assert "9 links so far, 0 used." in page.content.decode()


def test_setting_locked_after_publishing(survey, steward):
    with pytest.raises(ApplicationError):
        services.instrument_update(actor=steward, instrument=survey, one_response_per="link")
