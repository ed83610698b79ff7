"""Survey responses captured while a survey was open and sent after it closed, held for its
owners: when one is taken (captured at the very opening, a survey closed without a closing
date), what an accepted one keeps (its language, every answer's value), who may decide, and a
personal link used since. Each test runs beside a look-alike tenant."""

from datetime import timedelta

import pytest
from django.utils import timezone

from groundwork.core.errors import ApplicationError
from groundwork.core.testing import unchanged
from groundwork.measures import services
from groundwork.measures.actions import invitations, invitees
from groundwork.measures.actions.late import late_allowed, late_decide
from groundwork.measures.models import Instrument, InvitationLink, LateResponse

from .factories import community_survey

pytestmark = pytest.mark.django_db


def closed_survey(tenant, **fields):  # type: ignore[no-untyped-def]
    now = timezone.now()
    return community_survey(
        tenant, opens_at=now - timedelta(days=7), closes_at=now - timedelta(hours=1), **fields
    )


def hold(survey, key, *, language="en", browser="browser-1", value="4"):  # type: ignore[no-untyped-def]
    return services.response_submit(
        instrument=survey,
        answers={survey.items.get().pk: value},
        language=language,
        idempotency_key=key,
        link_token=browser,
        captured_at=survey.closes_at - timedelta(hours=2),
        captured_device="phone-1",
    )


def test_a_response_captured_at_the_very_opening_is_taken_late(tenant):  # type: ignore[no-untyped-def]
    survey = closed_survey(tenant)
    assert late_allowed(survey, survey.opens_at)
    assert not late_allowed(survey, survey.opens_at - timedelta(seconds=1))
    assert not late_allowed(survey, survey.closes_at)


def test_a_survey_closed_without_a_closing_date_takes_nothing_late(tenant):  # type: ignore[no-untyped-def]
    survey = community_survey(tenant, status=Instrument.Status.CLOSED, closes_at=None)
    assert not late_allowed(survey, timezone.now() - timedelta(hours=1))


def test_an_accepted_response_keeps_its_language_and_every_answer(tenant, other_tenant):  # type: ignore[no-untyped-def]
    survey = closed_survey(tenant)
    hold(closed_survey(other_tenant), "theirs", language="en", value="2")
    late = hold(survey, "mine", language="es", value="5")
    assert isinstance(late, LateResponse)
    with unchanged(other_tenant):
        response = late_decide(actor=tenant.coordinator, late=late, accept=True)
    assert response.language == "es" and response.captured_device == "phone-1"
    assert [a.value for a in response.answers.all()] == ["5"]


def test_only_the_survey_owners_decide_on_a_held_response(tenant, other_tenant):  # type: ignore[no-untyped-def]
    late = hold(closed_survey(tenant), "mine")
    with unchanged(tenant, other_tenant), pytest.raises(ApplicationError):
        late_decide(actor=other_tenant.coordinator, late=late, accept=True)
    assert LateResponse.objects.get(pk=late.pk).status == LateResponse.Status.HELD


def test_a_held_response_of_a_personal_link_used_since_is_refused(tenant, other_tenant):  # type: ignore[no-untyped-def]
    survey = community_survey(tenant, one_response_per=Instrument.OnePer.INVITATION)
    invitations.recipients_add(
        actor=tenant.coordinator, instrument=survey, recipients=[("ana@example.org", "en")]
    )
    now = timezone.now()  # invited while open; the survey has closed since
    Instrument.objects.filter(pk=survey.pk).update(
        opens_at=now - timedelta(days=7), closes_at=now - timedelta(hours=1)
    )
    survey.refresh_from_db()
    ana = survey.invitees.get()
    late = hold(survey, "ana-late", browser=invitees.link_token(ana))
    # The link was used since by a response an operator then removed: it keeps when it was.
    InvitationLink.objects.filter(pk=ana.link_id).update(used_at=timezone.now())
    with unchanged(tenant, other_tenant), pytest.raises(ApplicationError, match="already"):
        late_decide(actor=tenant.coordinator, late=late, accept=True)
