"""A survey response captured offline while the survey was open and sent after it closed: held
for the survey's owners (with when and on which device it was captured), who accept or reject
it; never counted before; its key acts only for the browser that sent it."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from groundwork.core.models import AuditEvent
from groundwork.measures import services
from groundwork.measures.models import LateResponse, Response
from groundwork.measures.tests.factories import InstrumentFactory, ItemFactory, SectionFactory
from groundwork.measures.urls_helpers import survey_url

pytestmark = pytest.mark.django_db

QUEUE = {"HTTP_X_GROUNDWORK_QUEUE": "1"}


def _survey(tenant):  # type: ignore[no-untyped-def]
    instrument = InstrumentFactory(
        network=None, community=tenant.community, slug=f"pulse-{tenant.marker.lower()}"
    )
    section = SectionFactory(instrument=instrument)
    ItemFactory(section=section, kind="likert", required=True)
    ItemFactory(section=section, kind="text", required=False, prompt_en="Anything else?")
    return instrument


def _post(client, instrument, key, when, device="dev1", value="4", **extra):  # type: ignore[no-untyped-def]
    likert, text = instrument.items.order_by("pk")
    data = {
        "idempotency_key": key,
        f"item_{likert.pk}": value,
        f"item_{text.pk}": "The bus stop",
        "field_captured_at": when.isoformat(),
        "field_device": device,
    }
    return client.post(instrument.get_absolute_url(), data, **{**QUEUE, **extra})


@pytest.fixture
def surveys(tenant, other_tenant):  # type: ignore[no-untyped-def]
    return _survey(tenant), _survey(other_tenant)


def _close(tenant, instrument):  # type: ignore[no-untyped-def]
    services.instrument_close(actor=tenant.coordinator, instrument=instrument)
    instrument.refresh_from_db()


def test_captured_before_closing_is_held_then_accepted(client, tenant, other_tenant, surveys):
    survey, other = surveys
    client.get(survey.get_absolute_url())  # the browser's link cookie, as when it was online
    captured = timezone.now() - timedelta(hours=1)
    _close(tenant, survey)
    for _attempt in range(2):  # the second is a retry after a lost acknowledgement
        response = _post(client, survey, "late-1", captured)
        assert response.status_code == 200, response.content.decode()
        assert response.json()["status"] == "stored"
    late = LateResponse.objects.get(instrument=survey)
    assert late.status == "held" and late.captured_device == "dev1"
    assert abs(late.captured_at - captured) < timedelta(seconds=1)
    assert not Response.objects.filter(instrument=survey).exists()  # counts nowhere yet
    assert not LateResponse.objects.filter(instrument=other).exists()

    # The owners see it (audited), and the other tenant's owners do not.
    owner = Client()
    owner.force_login(tenant.coordinator)
    page = owner.get(survey_url(survey, "late"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "dev1" in text and "The bus stop" in text
    assert AuditEvent.objects.filter(action="survey.late_responses_viewed").count() == 1
    builder = owner.get(survey_url(survey, "builder")).content.decode()
    assert "1 response sent after closing waits for a decision" in builder
    stranger = Client()
    stranger.force_login(other_tenant.coordinator)
    assert stranger.get(survey_url(survey, "late")).status_code == 403
    decide = survey_url(survey, "late_decide", late_id=late.pk)
    assert stranger.post(decide, {"decision": "accept"}).status_code == 403
    foreign = survey_url(other, "late_decide", late_id=late.pk)  # through its own survey
    assert stranger.post(foreign, {"decision": "accept"}).status_code == 404
    assert LateResponse.objects.get(pk=late.pk).status == "held"

    owner.post(decide, {"decision": "accept"})
    stored = Response.objects.get(instrument=survey)
    assert stored.idempotency_key == "late-1" and stored.captured_device == "dev1"
    assert stored.captured_at is not None and stored.answers.count() == 2
    assert not LateResponse.objects.filter(instrument=survey).exists()
    # The device's retry after the decision stores nothing more.
    assert _post(client, survey, "late-1", captured).json()["status"] == "stored"
    assert Response.objects.filter(instrument=survey).count() == 1
    assert not Response.objects.filter(instrument=other).exists()


def test_rejected_keeps_no_answers_and_is_not_taken_again(client, tenant, surveys):
    survey, _other = surveys
    client.get(survey.get_absolute_url())
    captured = timezone.now() - timedelta(minutes=30)
    _close(tenant, survey)
    assert _post(client, survey, "late-2", captured).json()["status"] == "stored"
    late = LateResponse.objects.get(instrument=survey)
    owner = Client()
    owner.force_login(tenant.coordinator)
    owner.post(survey_url(survey, "late_decide", late_id=late.pk), {"decision": "reject"})
    late.refresh_from_db()
    assert late.status == "rejected" and late.answers == {}
    assert _post(client, survey, "late-2", captured).json()["status"] == "stored"
    assert LateResponse.objects.filter(instrument=survey).count() == 1
    assert not Response.objects.filter(instrument=survey).exists()
    assert "No response is waiting" in owner.get(survey_url(survey, "late")).content.decode()


def test_captured_after_closing_or_sent_live_is_refused(client, tenant, surveys):
    survey, _other = surveys
    _close(tenant, survey)
    later = timezone.now() + timedelta(minutes=1)  # a clock ahead counts as now: after closing
    response = _post(client, survey, "late-3", later)
    assert response.status_code == 422
    assert "no longer takes responses" in response.json()["message"]
    # A live post (no queue header) is refused as before, whatever it claims.
    live = client.post(
        survey.get_absolute_url(),
        {"idempotency_key": "late-4", "field_captured_at": timezone.now().isoformat()},
    )
    assert live.status_code == 409
    assert not LateResponse.objects.exists() and not Response.objects.exists()


def test_a_late_key_replayed_by_another_browser_acts_on_nothing(client, tenant, surveys):
    survey, other = surveys
    client.get(survey.get_absolute_url())
    captured = timezone.now() - timedelta(hours=1)
    _close(tenant, survey)
    assert _post(client, survey, "late-5", captured).json()["status"] == "stored"
    intruder = Client()
    intruder.get(other.get_absolute_url())
    response = _post(intruder, survey, "late-5", captured, device="evil", value="1")
    assert response.status_code == 422  # told it was received already, nothing handed over
    late = LateResponse.objects.get(instrument=survey)
    assert late.captured_device == "dev1" and late.answers[str(survey.items.first().pk)][0] == "4"
    assert LateResponse.objects.count() == 1
    # The same key in the other tenant's survey is a key of its own.
    other_captured = timezone.now() - timedelta(minutes=5)
    assert _post(intruder, other, "late-5", other_captured).json()["status"] == "stored"
    assert Response.objects.get(instrument=other).captured_device == "dev1"


def test_an_invalid_late_response_comes_back_with_the_message(client, tenant, surveys):
    survey, _other = surveys
    captured = timezone.now() - timedelta(hours=1)
    _close(tenant, survey)
    response = _post(client, survey, "late-6", captured, value="")
    assert response.status_code == 422
    assert "Please answer this question." in response.json()["message"]
    assert not LateResponse.objects.exists()


def test_a_second_late_response_from_the_same_browser_is_refused(client, tenant, surveys):
    survey, _other = surveys
    client.get(survey.get_absolute_url())
    captured = timezone.now() - timedelta(hours=1)
    _close(tenant, survey)
    assert _post(client, survey, "late-7", captured).json()["status"] == "stored"
    response = _post(client, survey, "late-8", captured)
    assert response.status_code == 422
    assert LateResponse.objects.count() == 1
