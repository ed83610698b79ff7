"""A survey form's idempotency key recognises a retry by the one who sent it (the same browser
link, person or personal invitation), and hands nothing to anyone else."""

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from groundwork.communities.tests.factories import UserFactory
from groundwork.core.errors import AlreadyReceived
from groundwork.measures import services
from groundwork.measures.models import Instrument, Response
from groundwork.measures.views import LINK_COOKIE

from .factories import InstrumentFactory, ItemFactory, SectionFactory

pytestmark = pytest.mark.django_db


def _survey(**fields):  # type: ignore[no-untyped-def]
    instrument = InstrumentFactory(**fields)
    ItemFactory(section=SectionFactory(instrument=instrument), kind="likert", required=True)
    return instrument


@pytest.fixture
def survey():  # type: ignore[no-untyped-def]
    return _survey()


@pytest.fixture
def other_survey():  # type: ignore[no-untyped-def]
    return _survey()


def _submit(instrument, key, value="4", **kwargs):  # type: ignore[no-untyped-def]
    return services.response_submit(
        instrument=instrument,
        answers={instrument.items.get().pk: value},
        language="en",
        idempotency_key=key,
        **kwargs,
    )


def test_a_response_key_replayed_from_another_browser_stores_nothing(survey, other_survey):
    first = _submit(survey, "r1", link_token="browser-a")
    with pytest.raises(AlreadyReceived):
        _submit(survey, "r1", value="1", link_token="browser-b")
    with pytest.raises(AlreadyReceived):  # nor to a browser with no link at all
        _submit(survey, "r1", value="1")
    assert _submit(survey, "r1", value="1", link_token="browser-a").pk == first.pk
    assert list(Response.objects.filter(instrument=survey)) == [first]
    # Keys belong to their survey.
    assert _submit(other_survey, "r1", link_token="browser-b").instrument == other_survey


def test_a_signed_response_key_replayed_by_another_person_stores_nothing(survey):
    survey.respondents = Instrument.Respondents.SIGNED
    survey.one_response_per = Instrument.OnePer.PERSON
    survey.save()
    ana, ben = UserFactory(), UserFactory()
    first = _submit(survey, "r1", user=ana)
    with pytest.raises(AlreadyReceived):
        _submit(survey, "r1", user=ben)
    assert _submit(survey, "r1", user=ana).pk == first.pk
    assert Response.objects.get().respondent == ana


def test_a_personal_link_response_is_returned_to_that_link_only(survey):
    survey.one_response_per = Instrument.OnePer.INVITATION
    survey.save()
    steward = UserFactory()
    survey.network.stewards.add(steward)
    (_a, token_a), (_b, token_b) = services.invitation_links_create(
        actor=steward, instrument=survey, count=2
    )
    first = _submit(survey, "r1", link_token=token_a)
    with pytest.raises(AlreadyReceived):
        _submit(survey, "r1", link_token=token_b)
    assert _submit(survey, "r1", link_token=token_a).pk == first.pk
    assert Response.objects.count() == 1


def test_a_new_visitor_replaying_a_survey_form_gets_a_message_and_no_cookie(
    client, survey, other_survey
):
    url = reverse("measures:respond", args=[survey.slug])
    client.get(url)  # the browser's link cookie
    data = {"idempotency_key": uuid.uuid4().hex, f"item_{survey.items.get().pk}": "4"}
    assert client.post(url, data).status_code == 302
    stranger = Client()
    stranger.cookies["django_language"] = "es"
    response = stranger.post(url, {**data, f"item_{survey.items.get().pk}": "1"})
    assert response.status_code == 200
    assert "Este formulario ya se recibió" in response.content.decode()
    # No link cookie: nothing ties this browser to the response.
    assert LINK_COOKIE.format(survey.pk) not in response.cookies
    assert Response.objects.get().answers.get().value == "4"
    # The same key on another survey is a new form.
    other = reverse("measures:respond", args=[other_survey.slug])
    stranger.get(other)
    item = other_survey.items.get()
    assert stranger.post(other, {**data, f"item_{item.pk}": "2"}).status_code == 302
