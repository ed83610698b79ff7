"""Setting up a process, moderating, gatherings, guides and population figures, each beside a
look-alike tenant (groundwork.core.testing): what one community's coordinators do shows in
their own audit log and changes nothing of the other community, and the limits people meet
hold exactly at their edges."""

import pytest
from django.core.exceptions import ValidationError

from groundwork.core.errors import ApplicationError
from groundwork.core.models import AuditEvent
from groundwork.core.testing import unchanged
from groundwork.planning import services
from groundwork.planning.models import Contribution, Moderation, PopulationFigure
from groundwork.planning.services import PopulationEntry, PopulationFiguresInvalid

pytestmark = pytest.mark.django_db


def audit(tenant, action):  # type: ignore[no-untyped-def]
    """The community's audit log entries for ``action``, as its coordinators read them."""
    return list(AuditEvent.objects.filter(community=tenant.community, action=action))


def test_a_short_name_is_taken_within_its_community_only(tenant, other_tenant):  # type: ignore[no-untyped-def]
    # Both communities have a process "2027": each name is free once per community.
    with unchanged(other_tenant), pytest.raises(ApplicationError) as error:
        services.process_create(
            actor=tenant.coordinator, community=tenant.community, title="Again", slug="2027"
        )
    assert error.value.field == "slug"
    assert tenant.community.processes.count() == 1
    with unchanged(other_tenant):
        process = services.process_create(
            actor=tenant.coordinator, community=tenant.community, title="Next", slug="2028"
        )
    [created] = [e for e in audit(tenant, "process.created") if e.target_id == str(process.pk)]
    assert created.actor == tenant.coordinator


def test_a_phase_change_is_in_the_community_audit_log(tenant, other_tenant):  # type: ignore[no-untyped-def]
    phase = tenant.process.phases.get(kind="make_sense")
    with unchanged(other_tenant):
        services.process_set_phase(actor=tenant.coordinator, process=tenant.process, phase=phase)
    [event] = audit(tenant, "process.phase_changed")
    assert (event.actor, event.details) == (tenant.coordinator, {"phase": "make_sense"})
    assert audit(other_tenant, "process.phase_changed") == []


def test_a_hidden_answer_keeps_a_reason_of_at_most_300_characters(tenant, other_tenant):  # type: ignore[no-untyped-def]
    answer = tenant.contributions[0]
    reason = "Names a neighbour. " * 30  # 570 characters
    with unchanged(other_tenant):
        services.contribution_moderate(
            actor=tenant.coordinator, contribution=answer, state="hidden", reason=reason
        )
    answer = Contribution.objects.get(pk=answer.pk)
    assert answer.moderation == Moderation.HIDDEN
    assert answer.moderation_reason == reason.strip()[:300]
    [event] = audit(tenant, "contribution.moderated")
    assert event.details == {"from": "visible", "to": "hidden", "reason": reason.strip()[:300]}


def test_a_refused_moderation_leaves_the_answer_as_it_was(tenant, other_tenant):  # type: ignore[no-untyped-def]
    answer = tenant.contributions[0]
    with unchanged(tenant, other_tenant):
        with pytest.raises(ApplicationError):
            services.contribution_moderate(
                actor=other_tenant.coordinator, contribution=answer, state="hidden", reason="x"
            )
        with pytest.raises(ApplicationError) as error:
            services.contribution_moderate(
                actor=tenant.coordinator, contribution=answer, state="hidden", reason="  "
            )
    assert error.value.field == "reason"


def test_settings_keep_both_wordings_phase_notes_and_areas_in_order(tenant, other_tenant):  # type: ignore[no-untyped-def]
    process = tenant.process
    question = process.questions.get(key="problems")
    phase = process.phases.get(kind="gather")
    with unchanged(other_tenant):
        services.process_update(
            actor=tenant.coordinator,
            process=process,
            title="Resilience 2027",
            current_phase=process.current_phase,
            new_areas=["North", "South"],
        )
        services.process_update(
            actor=tenant.coordinator,
            process=process,
            title="Resilience 2027",
            current_phase=process.current_phase,
            new_areas=["East", "North"],
            phases=[(phase, {"description": "Listening sessions in every area"})],
            questions=[(question, {"text_en": "What is hard?", "text_es": "¿Qué es difícil?"})],
        )
    assert list(process.areas.order_by("order").values_list("name", flat=True)) == [
        "North",
        "South",
        "East",
    ]
    phase.refresh_from_db()
    question.refresh_from_db()
    assert phase.description == "Listening sessions in every area"
    assert (question.text_en, question.text_es) == ("What is hard?", "¿Qué es difícil?")
    for wording in ({"text_en": "What is hard?"}, {"text_es": "¿Qué es difícil?"}):
        with unchanged(tenant, other_tenant), pytest.raises(ApplicationError):
            services.process_update(
                actor=tenant.coordinator,
                process=process,
                title="Resilience 2027",
                current_phase=process.current_phase,
                questions=[(question, wording)],
            )


def test_a_guide_copy_is_in_its_community_audit_log(tenant, other_tenant):  # type: ignore[no-untyped-def]
    from groundwork.planning.guides import SHIPPED_GUIDES

    source = next(iter(SHIPPED_GUIDES.values()))
    with unchanged(other_tenant):
        guide = services.guide_copy(
            actor=tenant.coordinator, community=tenant.community, source_slug=source.slug
        )
    [event] = audit(tenant, "guide.copied")
    assert event.target_id == str(guide.pk)
    assert event.details == {"source": source.slug, "sections": len(source.sections)}


def test_new_guide_sections_go_last_with_room_between_and_keep_their_text(tenant, other_tenant):  # type: ignore[no-untyped-def]
    from groundwork.planning.models import Guide

    guide = Guide.objects.create(
        community=tenant.community, slug="ours", title_en="Ours", title_es="Nuestra"
    )
    with unchanged(other_tenant):
        first = services.guide_section_save(
            actor=tenant.coordinator,
            guide=guide,
            heading_en="Welcome",
            heading_es="Bienvenida",
            body_en="Say hello.",
        )
        second = services.guide_section_save(
            actor=tenant.coordinator,
            guide=guide,
            heading_en="Listen",
            heading_es="Escuchar",
            minutes=720,
        )
    assert (first.order, second.order) == (10, 20)
    first.refresh_from_db()
    assert (first.heading_en, first.body_en) == ("Welcome", "Say hello.")
    with pytest.raises(ApplicationError) as error:
        services.guide_section_save(
            actor=tenant.coordinator,
            guide=guide,
            heading_en="Long",
            heading_es="Larga",
            minutes=721,
        )
    assert error.value.field == "minutes"
    assert guide.sections.count() == 2


def test_population_figures_from_zero_to_the_maximum_and_an_import_keeps_the_rest(  # type: ignore[no-untyped-def]
    tenant, other_tenant
):
    services.population_figures_save(
        actor=other_tenant.coordinator,
        process=other_tenant.process,
        entries=[PopulationEntry("language", "es", 40)],
    )
    with unchanged(other_tenant):
        saved = services.population_figures_save(
            actor=tenant.coordinator,
            process=tenant.process,
            entries=[
                PopulationEntry("language", "en", 0),
                PopulationEntry("language", "es", services.MAX_POPULATION),
            ],
        )
        assert saved == 2
        # An import (no ``replace``) adds to or updates the figures and keeps the others.
        services.population_figures_save(
            actor=tenant.coordinator,
            process=tenant.process,
            entries=[PopulationEntry("language", "es", 12)],
        )
        with pytest.raises(PopulationFiguresInvalid) as error:
            services.population_figures_save(
                actor=tenant.coordinator,
                process=tenant.process,
                entries=[PopulationEntry("language", "en", services.MAX_POPULATION + 1)],
            )
    assert error.value.message == (
        "the number of people must be a whole number from 0 to 100,000,000."
    )
    figures = PopulationFigure.objects.filter(process=tenant.process).order_by("value")
    assert list(figures.values_list("value", "population")) == [("en", 0), ("es", 12)]


def test_a_new_process_lists_its_phases_in_their_order_on_every_database(tenant, other_tenant):  # type: ignore[no-untyped-def]
    # The phases are ordered by their position alone: positions must differ, or a database
    # other than SQLite may list them in any order.
    with unchanged(other_tenant):
        process = services.process_create(
            actor=tenant.coordinator, community=tenant.community, title="Next", slug="2028"
        )
    phases = list(process.phases.order_by("order", "-id"))
    assert [p.kind for p in phases] == ["gather", "make_sense", "decide", "plan", "act", "review"]
    assert process.current_phase == phases[0]


def test_a_question_wording_longer_than_its_box_is_refused(tenant, other_tenant):  # type: ignore[no-untyped-def]
    # The settings form refuses it first; called directly, the service saves nothing either.
    question = tenant.process.questions.get(key="problems")
    with unchanged(tenant, other_tenant), pytest.raises(ValidationError):
        services.process_update(
            actor=tenant.coordinator,
            process=tenant.process,
            title="Resilience 2027",
            current_phase=tenant.process.current_phase,
            questions=[(question, {"text_en": "Why? " * 70, "text_es": "¿Por qué?"})],
        )
