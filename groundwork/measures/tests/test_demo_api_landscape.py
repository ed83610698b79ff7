import uuid

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string

from groundwork.communities.tests.factories import UserFactory
from groundwork.measures import services
from groundwork.measures.demo import DEMO_SLUG, load_survey_demo
from groundwork.measures.landscape import survey_summaries
from groundwork.measures.models import Instrument, Response

from .factories import InstrumentFactory, ItemFactory, SectionFactory

pytestmark = pytest.mark.django_db


def test_demo_loads_twice_with_300_responses():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert load_survey_demo() == 300
    instrument = Instrument.objects.get(slug=DEMO_SLUG)
    assert instrument.status == "open" and instrument.network.slug == "resilient-together"
    assert Response.objects.filter(instrument=instrument).count() == 300
    spanish = Response.objects.filter(instrument=instrument, language="es").count()
    assert 30 < spanish < 100
    summaries = survey_summaries(network=instrument.network)
    assert summaries[0].responses.value == 300 and summaries[0].themes
    html = render_to_string("measures/includes/landscape_surveys.html", {"surveys": summaries})
    assert "Coalition stakeholder survey" in html and "<caption" in html


@pytest.fixture
def survey():
    instrument = InstrumentFactory(title_en="Pulse", title_es="Pulso")
    section = SectionFactory(instrument=instrument)
    item = ItemFactory(section=section, kind="likert", prompt_es="Afirmación en español")
    for value, n in (("1", 3), ("4", 30), ("5", 20)):
        for _ in range(n):
            services.response_submit(
                instrument=instrument,
                answers={item.pk: value},
                language="en",
                idempotency_key=uuid.uuid4().hex,
            )
    return instrument


def test_api_definition_in_spanish(client, survey):
    body = client.get(f"/api/surveys/{survey.slug}", HTTP_ACCEPT_LANGUAGE="es").json()
    assert body["title"] == "Pulso"
    assert body["sections"][0]["items"][0]["prompt"] == "Afirmación en español"
    assert len(body["sections"][0]["items"][0]["choices"]) == 5


def test_api_results_need_permission_and_are_suppressed(client, survey):
    assert client.get(f"/api/surveys/{survey.slug}/results").status_code == 401
    client.force_login(UserFactory())
    assert client.get(f"/api/surveys/{survey.slug}/results").status_code == 403
    steward = UserFactory()
    survey.network.stewards.add(steward)
    client.force_login(steward)
    body = client.get(f"/api/surveys/{survey.slug}/results").json()
    counts = {c["value"]: c["count"] for c in body["items"][0]["counts"]}
    assert (
        counts["1"] is None
        and counts["5"] is None
        and counts["4"] == 30
        and body["responses"] == 53
    )


def test_api_hides_drafts(client):
    draft = InstrumentFactory(status="draft")
    assert client.get(f"/api/surveys/{draft.slug}").status_code == 404


def test_landscape_leaves_out_drafts_and_hides_small_counts(survey):
    InstrumentFactory(network=survey.network, status="draft")
    small = InstrumentFactory(network=survey.network)
    item = ItemFactory(section__instrument=small)
    services.response_submit(
        instrument=small, answers={item.pk: "3"}, language="en", idempotency_key="z"
    )
    summaries = survey_summaries(network=survey.network)
    assert len(summaries) == 2
    assert {s.responses.value for s in summaries} == {None, 53}
