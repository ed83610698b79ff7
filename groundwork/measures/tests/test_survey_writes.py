"""What building a survey and answering it store, read back: positions from zero, the audit
log of every change, a response held after closing counting as the person's one response, and a
double click whose second request lost the race getting the first response back.
Each test runs beside a look-alike tenant (groundwork.core.testing)."""

from datetime import UTC, datetime, timedelta

import pytest

from groundwork.communities.tests.factories import UserFactory
from groundwork.core.errors import ApplicationError
from groundwork.core.models import AuditEvent
from groundwork.core.testing import unchanged
from groundwork.measures import services
from groundwork.measures.actions import responses
from groundwork.measures.models import Instrument, LateResponse

from .factories import InstrumentFactory, ItemFactory, SectionFactory, community_survey

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)


def draft_of(tenant, sections=("First", "Second", "Third")):  # type: ignore[no-untyped-def]
    instrument = InstrumentFactory(
        network=None,
        community=tenant.community,
        status=Instrument.Status.DRAFT,
        title_en=f"Survey {tenant.marker}",
    )
    for position, title in enumerate(sections):
        section = SectionFactory(instrument=instrument, title_en=title, position=position)
        for number in range(3):
            ItemFactory(section=section, prompt_en=f"{title} {number}", position=number)
    return instrument


def events(tenant, action):  # type: ignore[no-untyped-def]
    return list(AuditEvent.objects.filter(community=tenant.community, action=action).order_by("pk"))


def test_a_survey_from_the_template_numbers_its_sections_from_zero(tenant, other_tenant):  # type: ignore[no-untyped-def]
    tenant.network.stewards.add(tenant.coordinator)
    with unchanged(other_tenant):
        instrument = services.instrument_create_from_template(
            actor=tenant.coordinator, network=tenant.network
        )
    positions = list(instrument.sections.order_by("position").values_list("position", flat=True))
    assert len(positions) > 1 and positions == list(range(len(positions)))
    for section in instrument.sections.all():
        items = list(section.items.order_by("position").values_list("position", flat=True))
        assert items == list(range(len(items)))


def test_every_change_to_a_survey_is_in_its_community_audit_log(tenant, other_tenant):  # type: ignore[no-untyped-def]
    instrument = draft_of(tenant)
    draft_of(other_tenant)
    me = tenant.coordinator
    second = instrument.sections.get(title_en="Second")
    with unchanged(other_tenant):
        services.instrument_update(actor=me, instrument=instrument, title_en="Renamed")
        services.section_move(actor=me, section=second, direction="up")
        services.item_delete(actor=me, item=second.items.get(prompt_en="Second 1"))
        services.section_delete(actor=me, section=instrument.sections.get(title_en="Third"))
    [updated] = events(tenant, "survey.updated")
    assert (updated.actor, updated.target_id) == (me, str(instrument.pk))
    [moved] = events(tenant, "survey.section_moved")
    assert (moved.actor, moved.target_id, moved.details) == (
        me,
        str(second.pk),
        {"direction": "up"},
    )
    [deleted_item] = events(tenant, "survey.question_deleted")
    assert deleted_item.actor == me
    [deleted_section] = events(tenant, "survey.section_deleted")
    assert deleted_section.actor == me
    assert not AuditEvent.objects.filter(
        community=other_tenant.community, action__startswith="survey."
    ).exists()


def test_deleting_or_moving_a_question_keeps_positions_from_zero(tenant, other_tenant):  # type: ignore[no-untyped-def]
    instrument = draft_of(tenant, sections=("Only",))
    section = instrument.sections.get()

    def prompts():  # type: ignore[no-untyped-def]
        return list(section.items.order_by("position").values_list("prompt_en", "position"))

    with unchanged(other_tenant):
        services.item_delete(actor=tenant.coordinator, item=section.items.get(prompt_en="Only 0"))
        assert prompts() == [("Only 1", 0), ("Only 2", 1)]
        services.item_move(
            actor=tenant.coordinator, item=section.items.get(prompt_en="Only 2"), direction="up"
        )
    assert prompts() == [("Only 2", 0), ("Only 1", 1)]
    [moved] = events(tenant, "survey.question_moved")
    assert moved.details == {"direction": "up"}


def test_a_response_held_after_closing_is_the_person_one_response(tenant, other_tenant):  # type: ignore[no-untyped-def]
    person = UserFactory()
    survey = InstrumentFactory(
        network=None,
        community=tenant.community,
        one_response_per=Instrument.OnePer.PERSON,
        respondents=Instrument.Respondents.SIGNED,
        opens_at=NOW - timedelta(days=10),
        closes_at=NOW - timedelta(days=1),
    )
    item = ItemFactory(section=SectionFactory(instrument=survey), kind="likert", required=True)

    def send(key):  # type: ignore[no-untyped-def]
        return services.response_submit(
            instrument=survey,
            answers={item.pk: "4"},
            language="en",
            idempotency_key=key,
            user=person,
            now=NOW,
            captured_at=NOW - timedelta(days=2),
        )

    with unchanged(other_tenant):
        assert isinstance(send("phone-1"), LateResponse)
        # The same person's second form, captured on another phone: refused, not held too.
        with pytest.raises(ApplicationError):
            send("phone-2")
    assert LateResponse.objects.filter(instrument=survey).count() == 1


def test_a_text_answer_too_long_is_refused_on_its_question(tenant, other_tenant):  # type: ignore[no-untyped-def]
    survey = InstrumentFactory(network=None, community=tenant.community)
    item = ItemFactory(section=SectionFactory(instrument=survey), kind="text")
    with unchanged(other_tenant), pytest.raises(ApplicationError) as error:
        services.response_submit(
            instrument=survey,
            answers={item.pk: "x" * 20_000},
            language="en",
            idempotency_key="long",
        )
    assert error.value.field == f"item_{item.pk}"


def test_a_response_is_stored_without_a_uniqueness_query_first(  # type: ignore[no-untyped-def]
    tenant, other_tenant, django_assert_num_queries
):
    survey = InstrumentFactory(network=None, community=tenant.community)
    item = ItemFactory(section=SectionFactory(instrument=survey), kind="likert", required=True)

    def send(key):  # type: ignore[no-untyped-def]
        return services.response_submit(
            instrument=survey, answers={item.pk: "4"}, language="en", idempotency_key=key
        )

    send("warm-up")
    # The retry look-ups (a response, a held one), the items (read again to store), the
    # survey's existence, the response, its answers, the instrument for the generation bump
    # and the audit record, with their savepoints: the unique keys are the database's to
    # enforce, not a query's each.
    with unchanged(other_tenant), django_assert_num_queries(13):
        send("second")


def test_a_double_click_that_lost_the_race_gets_the_first_response_back(  # type: ignore[no-untyped-def]
    tenant, other_tenant, monkeypatch
):
    per_person = {
        "one_response_per": Instrument.OnePer.PERSON,
        "respondents": Instrument.Respondents.SIGNED,
    }
    mine = community_survey(tenant, **per_person)
    community_survey(other_tenant, **per_person)
    person = UserFactory()
    item = mine.items.get()

    def submit():  # type: ignore[no-untyped-def]
        return services.response_submit(
            instrument=mine,
            answers={item.pk: "4"},
            language="en",
            idempotency_key="double-click",
            user=person,
        )

    real = responses.answer_clean
    first = []

    def other_request_wins(*args, **kwargs):  # type: ignore[no-untyped-def]
        # The first click's request is stored between the second one's checks and its save.
        if not first:
            first.append(None)
            first[0] = submit()
        return real(*args, **kwargs)

    monkeypatch.setattr(responses, "answer_clean", other_request_wins)
    with unchanged(other_tenant):
        second = submit()
    assert second == first[0]
    assert mine.responses.get().respondent == person
