"""What a survey's writes and counts look up is that survey's own: a respondent who answered a
look-alike survey, a key sent to both, a question's role, a section moved, the owners' counts.
Each test runs beside a look-alike tenant (groundwork.core.testing) with the same survey."""

from datetime import UTC, datetime, timedelta

import pytest

from groundwork.communities.tests.factories import UserFactory
from groundwork.core.errors import ApplicationError
from groundwork.core.testing import unchanged
from groundwork.measures import services
from groundwork.measures.actions import invitations
from groundwork.measures.models import Instrument, LateResponse, Response, Section

from .factories import InstrumentFactory, ItemFactory, SectionFactory
from .factories import community_survey as survey_of

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)


def submit(instrument, key, **kwargs):  # type: ignore[no-untyped-def]
    return services.response_submit(
        instrument=instrument,
        answers={instrument.items.get().pk: "4"},
        language="en",
        idempotency_key=key,
        **kwargs,
    )


def test_one_person_answers_each_look_alike_survey_once(tenant, other_tenant):  # type: ignore[no-untyped-def]
    person = UserFactory()
    per_person = {
        "one_response_per": Instrument.OnePer.PERSON,
        "respondents": Instrument.Respondents.SIGNED,
    }
    theirs, mine = survey_of(other_tenant, **per_person), survey_of(tenant, **per_person)
    submit(theirs, "theirs-1", user=person)
    with unchanged(other_tenant):
        stored = submit(mine, "mine-1", user=person)
        assert stored.instrument == mine
        with pytest.raises(ApplicationError):  # but once only here too
            submit(mine, "mine-2", user=person)
    assert Response.objects.filter(instrument=mine).count() == 1


def test_a_response_held_after_closing_elsewhere_does_not_count_here(tenant, other_tenant):  # type: ignore[no-untyped-def]
    person = UserFactory()
    signed = {
        "one_response_per": Instrument.OnePer.PERSON,
        "respondents": Instrument.Respondents.SIGNED,
    }
    closed = {
        **signed,
        "opens_at": NOW - timedelta(days=10),
        "closes_at": NOW - timedelta(days=1),
    }
    theirs = survey_of(other_tenant, **closed)
    mine = survey_of(tenant, **signed)
    # Captured on a phone while their survey was open, sent after it closed: held.
    held = submit(theirs, "same-key", user=person, now=NOW, captured_at=NOW - timedelta(days=2))
    assert isinstance(held, LateResponse) and held.status == LateResponse.Status.HELD
    with unchanged(other_tenant):
        # The same person, and the same key from the same device, on this survey: stored here.
        stored = submit(mine, "same-key", user=person)
    assert isinstance(stored, Response) and stored.instrument == mine


def test_a_question_role_is_one_per_survey_not_one_per_site(tenant, other_tenant):  # type: ignore[no-untyped-def]
    theirs, mine = survey_of(other_tenant), survey_of(tenant)
    ItemFactory(section=theirs.sections.get(), kind="single", role="county")
    section = mine.sections.get()
    with unchanged(other_tenant):
        item = services.item_create(
            actor=tenant.coordinator,
            section=section,
            kind="single",
            prompt_en="Which county do you work in?",
            prompt_es="¿En qué condado trabaja?",
            role="county",
        )
        assert item.role == "county"
        with pytest.raises(ApplicationError) as error:
            services.item_create(
                actor=tenant.coordinator,
                section=section,
                kind="single",
                prompt_en="Again",
                prompt_es="Otra vez",
                role="county",
            )
    assert error.value.field == "role"


def test_moving_a_section_renumbers_this_survey_only(tenant, other_tenant):  # type: ignore[no-untyped-def]
    theirs, mine = survey_of(other_tenant), survey_of(tenant)
    for instrument in (theirs, mine):
        for title in ("Second", "Third"):
            SectionFactory(
                instrument=instrument, title_en=title, position=instrument.sections.count()
            )

    def orders(instrument):  # type: ignore[no-untyped-def]
        return list(instrument.sections.order_by("position").values_list("title_en", "position"))

    before = orders(theirs)
    with unchanged(other_tenant):
        services.section_move(
            actor=tenant.coordinator, section=mine.sections.get(title_en="Third"), direction="up"
        )
    assert [title for title, _order in orders(mine)] == ["About the coalition", "Third", "Second"]
    assert orders(theirs) == before
    assert Section.objects.filter(instrument=theirs).count() == 3


def test_the_owners_counts_are_this_survey_own(tenant, other_tenant):  # type: ignore[no-untyped-def]
    by_invitation = {"one_response_per": Instrument.OnePer.INVITATION}
    theirs, mine = survey_of(other_tenant, **by_invitation), survey_of(tenant, **by_invitation)
    invitations.recipients_add(
        actor=other_tenant.coordinator,
        instrument=theirs,
        recipients=[("cy@example.org", "en"), ("di@example.org", "es"), ("ed@example.org", "en")],
    )
    invitations.recipients_add(
        actor=tenant.coordinator, instrument=mine, recipients=[("ana@example.org", "es")]
    )
    counts = invitations.recipient_counts(mine)
    assert (counts["recipients"], counts["waiting"]) == (1, 1)
    assert invitations.recipient_counts(theirs)["recipients"] == 3


def test_an_address_opted_out_of_one_network_can_be_invited_by_another(tenant, other_tenant):  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from groundwork.measures.models import Invitee

    by_invitation = {"one_response_per": Instrument.OnePer.INVITATION}
    for owner in (tenant, other_tenant):
        owner.network.stewards.add(owner.coordinator)
    mine = InstrumentFactory(network=tenant.network, **by_invitation)
    theirs = InstrumentFactory(network=other_tenant.network, **by_invitation)
    invitations.recipients_add(
        actor=tenant.coordinator, instrument=mine, recipients=[("ana@example.org", "en")]
    )
    Invitee.objects.filter(instrument=mine).update(
        opted_out_at=timezone.now(), opt_out_reason=Invitee.OptOut.ASKED
    )
    # She asked this network not to invite her again: its next survey leaves her out ...
    again = InstrumentFactory(network=tenant.network, **by_invitation)
    left_out = invitations.recipients_add(
        actor=tenant.coordinator, instrument=again, recipients=[("ana@example.org", "en")]
    )
    assert (left_out.added, left_out.not_written) == (0, 1)
    # ... and another network, which she never told, may still invite her.
    with unchanged(tenant):
        added = invitations.recipients_add(
            actor=other_tenant.coordinator,
            instrument=theirs,
            recipients=[("ana@example.org", "en")],
        )
    assert (added.added, added.not_written) == (1, 0)
