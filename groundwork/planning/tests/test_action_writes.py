"""What the planning write actions store, read back: a gathering's end time and mode, the
"about you" step, a copied guide's Spanish text, population figures at their edges, and what
one answer costs. Each test runs beside a look-alike tenant (groundwork.core.testing)."""

from dataclasses import FrozenInstanceError
from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError

from groundwork.core.errors import ApplicationError
from groundwork.core.models import AuditEvent
from groundwork.core.testing import unchanged
from groundwork.gatherings.models import Mode
from groundwork.planning import services
from groundwork.planning.actions import processes as process_actions
from groundwork.planning.models import (
    Area,
    Contribution,
    Gathering,
    GuideSection,
    PhaseKind,
    Process,
)
from groundwork.planning.services import Answer, PopulationEntry

pytestmark = pytest.mark.django_db

START = datetime(2027, 3, 3, 18, tzinfo=UTC)


def _gathering(tenant, **fields):  # type: ignore[no-untyped-def]
    values = {"title": "Town hall", "kind": "large", "starts_at": START, "language": "es"}
    return services.gathering_save(
        actor=tenant.coordinator, process=tenant.process, **{**values, **fields}
    )


# Gatherings ----------------------------------------------------------------------------------


def test_a_gathering_without_an_end_lasts_two_hours_and_moves_with_its_start(  # type: ignore[no-untyped-def]
    tenant, other_tenant
):
    with unchanged(other_tenant):
        gathering = _gathering(tenant)
        assert gathering.ends_at == START + timedelta(hours=2)
        # Made longer (as the gatherings app does), then moved: the length goes with it.
        Gathering.objects.filter(pk=gathering.pk).update(ends_at=START + timedelta(minutes=150))
        gathering.refresh_from_db()
        later = START + timedelta(days=1)
        services.gathering_save(
            actor=tenant.coordinator,
            process=tenant.process,
            gathering=gathering,
            starts_at=later,
        )
    gathering.refresh_from_db()
    assert (gathering.starts_at, gathering.ends_at) == (later, later + timedelta(minutes=150))
    # Saved again at the same start: the end stays where it is.
    services.gathering_save(
        actor=tenant.coordinator, process=tenant.process, gathering=gathering, notes="Bring maps"
    )
    gathering.refresh_from_db()
    assert gathering.ends_at == later + timedelta(minutes=150)


@pytest.mark.parametrize(
    ("place", "online_url", "mode"),
    [
        ("Library", "", Mode.IN_PERSON),
        ("", "https://meet.example.org/alder", Mode.ONLINE),
        ("Library", "https://meet.example.org/alder", Mode.HYBRID),
    ],
)
def test_a_gathering_is_in_person_online_or_both_by_what_it_names(  # type: ignore[no-untyped-def]
    tenant, other_tenant, place, online_url, mode
):
    with unchanged(other_tenant):
        gathering = _gathering(tenant, place=place, online_url=online_url)
    gathering.refresh_from_db()
    assert gathering.mode == mode


def test_a_facilitator_from_another_community_is_refused_on_the_field(  # type: ignore[no-untyped-def]
    tenant, other_tenant
):
    with unchanged(other_tenant), unchanged(tenant), pytest.raises(ApplicationError) as error:
        _gathering(tenant, facilitator=other_tenant.coordinator)
    assert error.value.field == "facilitator"


def test_a_gathering_is_validated_before_it_is_stored(tenant, other_tenant):  # type: ignore[no-untyped-def]
    with unchanged(other_tenant), unchanged(tenant), pytest.raises(ValidationError) as error:
        _gathering(tenant, kind="picnic")
    assert "kind" in error.value.message_dict


def test_creating_and_changing_a_gathering_is_in_its_community_audit_log(  # type: ignore[no-untyped-def]
    tenant, other_tenant
):
    with unchanged(other_tenant):
        gathering = _gathering(tenant)
        services.gathering_save(
            actor=tenant.coordinator, process=tenant.process, gathering=gathering, title="Again"
        )
    events = AuditEvent.objects.filter(community=tenant.community, action__startswith="gathering.")
    assert [(e.action, e.actor, e.target_id) for e in events.order_by("pk")] == [
        ("gathering.created", tenant.coordinator, str(gathering.pk)),
        ("gathering.updated", tenant.coordinator, str(gathering.pk)),
    ]


# The "about you" step ------------------------------------------------------------------------


def test_about_you_keeps_the_language_chosen_or_the_one_already_known(tenant, other_tenant):  # type: ignore[no-untyped-def]
    participant = services.participant_create(process=tenant.process, language="en")
    with unchanged(other_tenant):
        services.participant_describe(participant=participant, consent=True, language="es")
    participant.refresh_from_db()
    assert participant.language == "es"
    services.participant_describe(participant=participant, consent=True, age_band="")
    participant.refresh_from_db()
    assert participant.language == "es"


def test_about_you_refuses_an_area_of_another_process_on_its_field(tenant, other_tenant):  # type: ignore[no-untyped-def]
    participant = services.participant_create(process=tenant.process)
    elsewhere = Area.objects.create(process=other_tenant.process, name="Riverside")
    with unchanged(other_tenant), pytest.raises(ApplicationError) as error:
        services.participant_describe(participant=participant, consent=True, area=elsewhere)
    assert error.value.field == "area"
    participant.refresh_from_db()
    assert participant.area_id is None and participant.consented_at is None


def test_about_you_refuses_an_age_band_not_on_the_list(tenant, other_tenant):  # type: ignore[no-untyped-def]
    participant = services.participant_create(process=tenant.process)
    with unchanged(other_tenant), pytest.raises(ValidationError):
        services.participant_describe(participant=participant, consent=True, age_band="ancient")
    participant.refresh_from_db()
    assert participant.age_band == "" and participant.consented_at is None


# Guides --------------------------------------------------------------------------------------


def test_a_copied_guide_keeps_every_section_in_both_languages(tenant, other_tenant):  # type: ignore[no-untyped-def]
    from groundwork.planning.guides import SHIPPED_GUIDES

    slug = "building-community-resilience"
    with unchanged(other_tenant):
        guide = services.guide_copy(
            actor=tenant.coordinator, community=tenant.community, source_slug=slug
        )
    shipped = SHIPPED_GUIDES[slug].sections
    stored = list(guide.sections.order_by("order"))
    assert [(s.heading_en, s.heading_es, s.body_en, s.body_es) for s in stored] == [
        (s.heading_en, s.heading_es, s.body_en, s.body_es) for s in shipped
    ]
    assert all(s.body_es for s in stored)


def test_a_guide_section_of_one_minute_is_allowed(tenant, other_tenant):  # type: ignore[no-untyped-def]
    from groundwork.planning.models import Guide

    guide = Guide.objects.create(
        community=tenant.community, slug="ours", title_en="Ours", title_es="Nuestra"
    )
    with unchanged(other_tenant):
        section = services.guide_section_save(
            actor=tenant.coordinator,
            guide=guide,
            heading_en="Breathe",
            heading_es="Respirar",
            minutes=1,
        )
    assert GuideSection.objects.get(pk=section.pk).minutes == 1
    with pytest.raises(ApplicationError) as error:
        services.guide_section_save(
            actor=tenant.coordinator, guide=guide, heading_en="No", heading_es="No", minutes=0
        )
    assert error.value.field == "minutes"


# Population figures --------------------------------------------------------------------------


def test_a_population_entry_cannot_be_changed_once_made():  # type: ignore[no-untyped-def]
    entry = PopulationEntry("language", "es", 40)
    with pytest.raises(FrozenInstanceError):
        entry.population = 41  # type: ignore[misc]
    assert len({entry, PopulationEntry("language", "es", 40)}) == 1


def test_an_unknown_area_is_named_in_the_problem_up_to_120_characters(tenant, other_tenant):  # type: ignore[no-untyped-def]
    name = "A" * 120 + "Z" * 80
    problems, _cleaned = services.population_figures_check(
        process=tenant.process, entries=[PopulationEntry("area", name, 10)]
    )
    [(_line, text)] = problems
    assert "A" * 120 in text and "Z" not in text


@pytest.mark.parametrize("population", [True, "12", 12.5, None])
def test_a_population_that_is_not_a_whole_number_is_a_problem(tenant, other_tenant, population):  # type: ignore[no-untyped-def]
    problems, cleaned = services.population_figures_check(
        process=tenant.process, entries=[PopulationEntry("language", "es", population)]
    )
    assert [text for _line, text in problems] == [
        "the number of people must be a whole number from 0 to 100,000,000."
    ]
    assert cleaned == []


# Answers -------------------------------------------------------------------------------------


def test_an_answer_costs_one_insert_not_existence_and_uniqueness_checks(  # type: ignore[no-untyped-def]
    tenant, other_tenant, django_assert_num_queries
):
    participant = services.participant_create(process=tenant.process)
    services.contributions_submit(
        process=tenant.process,
        participant=participant,
        answers=[Answer("strengths", "A warm-up answer")],
        language="en",
        channel="online",
        idempotency_key="warm-up",
    )
    # The retry look-up, the questions, the participant's earlier answers, one INSERT for
    # every answer and the audit record, with the savepoint of the one transaction that writes
    # them: no look-up of the community, process, question or participant again, no
    # uniqueness query.
    with unchanged(other_tenant), django_assert_num_queries(7):
        stored = services.contributions_submit(
            process=tenant.process,
            participant=participant,
            answers=[Answer("strengths", "The library"), Answer("barriers", "No bus", "external")],
            language="en",
            channel="online",
            idempotency_key="two-answers",
        )
    assert Contribution.objects.filter(pk__in=[c.pk for c in stored]).count() == 2


def test_saving_population_figures_records_what_was_added_changed_and_removed(  # type: ignore[no-untyped-def]
    tenant, other_tenant
):
    def save(entries, **kwargs):  # type: ignore[no-untyped-def]
        services.population_figures_save(
            actor=tenant.coordinator, process=tenant.process, entries=entries, **kwargs
        )
        event = AuditEvent.objects.filter(
            community=tenant.community, action="population.saved"
        ).latest("pk")
        return {k: event.details[k] for k in ("origin", "added", "changed", "removed")}

    with unchanged(other_tenant):
        first = save(
            [PopulationEntry("language", "en", 100), PopulationEntry("language", "es", 40)],
            origin="import",
        )
        assert first == {"origin": "import", "added": 2, "changed": 0, "removed": 0}
        # An import keeps the figures it does not name; the form replaces them all.
        assert save([PopulationEntry("language", "es", 41)], origin="import") == {
            "origin": "import",
            "added": 0,
            "changed": 1,
            "removed": 0,
        }
        assert save([PopulationEntry("language", "es", 41)], replace=True) == {
            "origin": "form",
            "added": 0,
            "changed": 0,
            "removed": 1,
        }


# Processes -----------------------------------------------------------------------------------


def _boom(**_kwargs):  # type: ignore[no-untyped-def]
    raise RuntimeError("the audit log is unavailable")


def test_a_process_that_fails_part_way_is_not_created(tenant, other_tenant, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(process_actions, "audit_record", _boom)
    with unchanged(other_tenant), pytest.raises(RuntimeError):
        services.process_create(
            actor=tenant.coordinator, community=tenant.community, title="Next", slug="2028"
        )
    assert not Process.objects.filter(community=tenant.community, slug="2028").exists()


def test_leaving_the_gather_phase_notes_when_answers_stopped_and_coming_back_clears_it(  # type: ignore[no-untyped-def]
    tenant, other_tenant
):
    process = tenant.process
    phases = {phase.kind: phase for phase in process.phases.all()}
    with unchanged(other_tenant):
        services.process_set_phase(
            actor=tenant.coordinator, process=process, phase=phases[PhaseKind.GATHER]
        )
        services.process_set_phase(
            actor=tenant.coordinator, process=process, phase=phases[PhaseKind.MAKE_SENSE]
        )
        process.refresh_from_db()
        closed = process.gathering_closed_at
        assert closed is not None
        # Captured offline before it closed: still counts; after: no longer.
        assert services.late_capture_allowed(process, closed - timedelta(minutes=5))
        assert not services.late_capture_allowed(process, closed + timedelta(minutes=5))
        assert not services.late_capture_allowed(process, None)
        services.process_set_phase(
            actor=tenant.coordinator, process=process, phase=phases[PhaseKind.GATHER]
        )
    process.refresh_from_db()
    assert process.gathering_closed_at is None
    assert not services.late_capture_allowed(process, closed)  # taking answers: not late


def test_a_process_closed_without_a_noted_time_takes_no_late_answers(tenant, other_tenant):  # type: ignore[no-untyped-def]
    process = tenant.process
    review = process.phases.get(kind=PhaseKind.REVIEW)
    # Moved on before closing times were kept: no time to compare a capture with.
    Process.objects.filter(pk=process.pk).update(current_phase=review, gathering_closed_at=None)
    process.refresh_from_db()
    assert not process.is_gathering
    assert not services.late_capture_allowed(process, START)
