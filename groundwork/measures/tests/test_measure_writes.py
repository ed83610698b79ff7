"""What the scorecard's writes and a survey's copies store and read back: the audit of results,
indicators and performance measures in their community's log with what changed; which field a
refusal names; the edges of what is accepted (a note of exactly 500 characters, the SVI years,
a file of exactly the most lines); a value removed through its own activity only; a survey
copied from a shipped instrument or run again as a wave, section by section; a domain's mean
written as an indicator value. Each test runs beside a look-alike tenant."""

import dataclasses

import pytest
from django.core.exceptions import ValidationError

from groundwork.core.errors import ApplicationError
from groundwork.core.models import AuditEvent
from groundwork.core.testing import unchanged
from groundwork.measures import instruments, wave_results
from groundwork.measures.actions import indicators as indicator_actions
from groundwork.measures.actions import performance, svi, value_import, waves
from groundwork.measures.actions.instruments import instrument_create_from_shipped
from groundwork.measures.models import (
    Indicator,
    IndicatorValue,
    Instrument,
    PerformanceValue,
)
from groundwork.measures.services import instrument_publish
from groundwork.measures.wave_data import fill_wave

from .factories import SYNTHETIC_SVI, counties_served, result_with_series

pytestmark = pytest.mark.django_db
SHIPPED = "community-resilience"


def logged(tenant, action):  # type: ignore[no-untyped-def]
    return list(AuditEvent.objects.filter(community=tenant.community, action=action))


# Results and indicators ---------------------------------------------------------------------


def test_a_result_and_its_indicators_are_audited_in_their_community_with_what_changed(  # type: ignore[no-untyped-def]
    tenant, other_tenant
):
    result_with_series(other_tenant)
    with unchanged(other_tenant):
        result, indicator = result_with_series(tenant)
        [created] = logged(tenant, "indicator.create")
        assert created.target_id == str(indicator.pk)
        row = indicator_actions.value_save(
            actor=tenant.coordinator, indicator=indicator, period="2030", value=6.5
        )
        [added] = logged(tenant, "indicator.value_add")
        assert added.details == {"period": "2030", "value": 6.5}
        indicator_actions.value_delete(
            actor=tenant.coordinator, indicator=indicator, value_id=row.pk
        )
        [removed] = logged(tenant, "indicator.value_delete")
        assert removed.details == {"period": "2030", "value": 6.5}
        title = result.title_en
        indicator_actions.result_delete(actor=tenant.coordinator, result=result)
        [deleted] = logged(tenant, "result.delete")
        assert deleted.details == {"title": title}


def test_a_refused_result_or_indicator_names_its_field(tenant, other_tenant):  # type: ignore[no-untyped-def]
    result, indicator = result_with_series(tenant)
    with unchanged(tenant, other_tenant):
        with pytest.raises(ApplicationError) as refused:
            indicator_actions.result_create(
                actor=tenant.coordinator,
                owner=tenant.plan,
                community=tenant.community,
                title_en="  ",
            )
        assert refused.value.field == "title_en"
        with pytest.raises(ApplicationError) as refused:
            indicator_actions.indicator_create(actor=tenant.coordinator, result=result, name_en="")
        assert refused.value.field == "name_en"


# Performance measures -----------------------------------------------------------------------


def measure(tenant, **fields):  # type: ignore[no-untyped-def]
    values = {
        "quadrant": "how_much",
        "name_en": f"People served {tenant.marker}",
        "name_es": "Personas atendidas",
        "unit": "people",
        "direction": "up",
        "target_value": None,
        **fields,
    }
    return performance.measure_create(actor=tenant.coordinator, activity=tenant.activity, **values)


def save(tenant, *entries, period="2026-Q1"):  # type: ignore[no-untyped-def]
    return performance.values_save(
        actor=tenant.coordinator, activity=tenant.activity, period=period, entries=list(entries)
    )


def test_a_measure_is_audited_with_its_name_and_a_refusal_names_its_field(tenant, other_tenant):  # type: ignore[no-untyped-def]
    measure(other_tenant)
    with unchanged(other_tenant):
        made = measure(tenant)
        [event] = logged(tenant, "performance.measure_add")
        assert event.details == {"name": made.name_en}
        for fields, field in (
            ({"name_en": ""}, "name_en"),
            ({"target_value": -1.0}, "target_value"),
            ({"target_value": float("inf")}, "target_value"),
        ):
            with pytest.raises(ApplicationError) as refused:
                measure(tenant, **fields)
            assert refused.value.field == field
    assert tenant.activity.performance_measures.count() == 1


def test_a_note_of_exactly_500_characters_is_kept_and_one_more_is_refused(tenant, other_tenant):  # type: ignore[no-untyped-def]
    made = measure(tenant)
    with unchanged(other_tenant):
        assert save(tenant, performance.Entry(made, 10, note="n" * 500)) == 1
        with pytest.raises(ApplicationError) as refused:
            save(tenant, performance.Entry(made, 11, note="n" * 501))
    assert refused.value.field == f"m{made.pk}-note"
    assert PerformanceValue.objects.get(measure=made).note == "n" * 500


def test_an_out_of_of_zero_is_refused_on_its_own_field(tenant, other_tenant):  # type: ignore[no-untyped-def]
    made = measure(tenant, quadrant="better_off", unit="%")
    with unchanged(tenant, other_tenant), pytest.raises(ApplicationError) as refused:
        save(tenant, performance.Entry(made, 0, 0))
    assert refused.value.field == f"m{made.pk}-out_of"


def test_a_value_is_removed_through_its_own_activity_only(tenant, other_tenant):  # type: ignore[no-untyped-def]
    mine = measure(tenant)
    save(tenant, performance.Entry(mine, 10), period="2026-Q1")
    save(tenant, performance.Entry(mine, 12), period="2026-Q2")
    theirs = measure(other_tenant)
    save(other_tenant, performance.Entry(theirs, 99))
    their_value = PerformanceValue.objects.get(measure=theirs)
    with unchanged(other_tenant), pytest.raises(ApplicationError):
        performance.value_delete(
            actor=tenant.coordinator, activity=tenant.activity, value_id=their_value.pk
        )
    second = PerformanceValue.objects.get(measure=mine, value=12)
    performance.value_delete(actor=tenant.coordinator, activity=tenant.activity, value_id=second.pk)
    assert list(PerformanceValue.objects.filter(measure=mine).values_list("value", flat=True)) == [
        10
    ]
    [event] = logged(tenant, "performance.value_delete")
    assert event.details == {"period": second.period_label, "value": 12}


# Surveys copied from a shipped instrument, and run again -------------------------------------


def test_a_survey_copied_from_a_shipped_instrument_has_every_section_and_question(  # type: ignore[no-untyped-def]
    tenant, other_tenant
):
    spec = instruments.get(SHIPPED)
    with unchanged(other_tenant):
        survey = instrument_create_from_shipped(
            actor=tenant.coordinator, key=SHIPPED, community=tenant.community
        )
    assert (survey.title_en, survey.title_es) == (spec.title_en, spec.title_es)
    sections = list(survey.sections.order_by("position"))
    assert [(s.position, s.title_en, s.title_es, s.intro_en, s.intro_es) for s in sections] == [
        (n, p.title_en, p.title_es, p.intro_en, p.intro_es) for n, p in enumerate(spec.sections)
    ]
    for section, part in zip(sections, spec.sections, strict=True):
        items = list(section.items.order_by("position"))
        assert [(i.position, i.key, i.prompt_en, i.prompt_es, i.domain_es) for i in items] == [
            (n, s.key, s.en, s.es, s.domain.es) for n, s in enumerate(part.statements)
        ]
    [event] = logged(tenant, "survey.instrument_copied")
    assert event.details == {"shipped": SHIPPED}


def test_a_shipped_instrument_with_a_question_too_long_is_refused_whole(  # type: ignore[no-untyped-def]
    tenant, other_tenant, monkeypatch
):
    spec = instruments.get(SHIPPED)
    first = spec.sections[0]
    broken = dataclasses.replace(
        first,
        statements=(dataclasses.replace(first.statements[0], en="x" * 5000),),
    )
    monkeypatch.setattr(
        instruments, "get", lambda key: dataclasses.replace(spec, sections=(broken,))
    )
    with unchanged(tenant, other_tenant), pytest.raises(ValidationError):
        instrument_create_from_shipped(
            actor=tenant.coordinator, key=SHIPPED, community=tenant.community
        )


def published(tenant):  # type: ignore[no-untyped-def]
    survey = instrument_create_from_shipped(
        actor=tenant.coordinator, key=SHIPPED, community=tenant.community
    )
    return instrument_publish(actor=tenant.coordinator, instrument=survey)


def test_a_wave_keeps_each_section_in_its_place(tenant, other_tenant):  # type: ignore[no-untyped-def]
    first = published(tenant)
    published(other_tenant)
    with unchanged(other_tenant):
        second = waves.wave_create(actor=tenant.coordinator, instrument=first)

    def layout(survey):  # type: ignore[no-untyped-def]
        return [
            (s.position, s.title_en, [i.key for i in s.items.order_by("position")])
            for s in survey.sections.order_by("position", "pk")
        ]

    assert len(layout(first)) > 1 and layout(second) == layout(first)


def test_the_waves_of_a_survey_stop_at_a_survey_of_another_owner(tenant, other_tenant):  # type: ignore[no-untyped-def]
    theirs = published(other_tenant)
    mine = published(tenant)
    # A pointer to another community's survey (a row edited by hand, say) is not followed.
    Instrument.objects.filter(pk=mine.pk).update(previous_wave=theirs)
    mine.refresh_from_db()
    assert waves.wave_chain(mine) == [mine]
    assert waves.wave_chain(theirs) == [theirs]


def test_a_domain_mean_is_written_rounded_with_its_source(tenant, other_tenant):  # type: ignore[no-untyped-def]
    _result, indicator = result_with_series(tenant)
    result_with_series(other_tenant)
    survey = published(tenant)
    fill_wave(survey, count=40, centre=3.3, seed=11)
    n, mean = wave_results.domain_mean(survey, "Resources")
    with unchanged(other_tenant):
        row = waves.domain_score_to_indicator(
            actor=tenant.coordinator,
            instrument=survey,
            domain="Resources",
            indicator=indicator,
            period="2026",
        )
    assert row.value == round(mean, 2) and row.source == survey.title
    with pytest.raises(ApplicationError) as refused:
        waves.domain_score_to_indicator(
            actor=tenant.coordinator,
            instrument=survey,
            domain="No such domain",
            indicator=indicator,
            period="2027",
        )
    assert refused.value.field == "domain"


def test_a_statewide_survey_feeds_its_own_network_goals_only(tenant, other_tenant):  # type: ignore[no-untyped-def]
    _mine, statewide = result_with_series(tenant, owner="network_goal")
    _theirs, elsewhere = result_with_series(other_tenant, owner="network_goal")
    result_with_series(tenant)  # a county indicator: not a statewide survey's
    tenant.network.stewards.add(tenant.coordinator)
    survey = instrument_create_from_shipped(
        actor=tenant.coordinator, key=SHIPPED, network=tenant.network
    )
    assert list(waves.indicators_for(survey)) == [statewide]
    assert elsewhere not in waves.indicators_for(survey)


# Values from files --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "taken"), [(1999, False), (2000, True), (2100, True), (2101, False)]
)
def test_the_svi_years_taken(tenant, other_tenant, year, taken):  # type: ignore[no-untyped-def]
    result, _ = result_with_series(tenant, owner="county_goal")
    counties_served(tenant, "37009")
    with unchanged(other_tenant):
        if taken:
            assert (
                svi.svi_import(
                    actor=tenant.coordinator, result=result, data=SYNTHETIC_SVI, year=year
                ).counties
                == 1
            )
        else:
            with pytest.raises(value_import.ImportRefused):
                svi.svi_import(
                    actor=tenant.coordinator, result=result, data=SYNTHETIC_SVI, year=year
                )


def test_the_svi_population_value_names_its_release(tenant, other_tenant):  # type: ignore[no-untyped-def]
    result, _ = result_with_series(tenant, owner="county_goal")
    counties_served(tenant, "37009")
    svi.svi_import(actor=tenant.coordinator, result=result, data=SYNTHETIC_SVI, year=2018)
    population = Indicator.objects.get(result=result, source_key="svi:E_TOTPOP:37009")
    value = population.values.get()
    assert (value.source, value.entered_by) == (
        "CDC/ATSDR Social Vulnerability Index 2018",
        tenant.coordinator,
    )


def test_a_file_of_exactly_the_most_lines_is_taken_and_one_more_is_refused(  # type: ignore[no-untyped-def]
    tenant, other_tenant, monkeypatch
):
    monkeypatch.setattr(value_import, "MAX_ROWS", 3)
    _result, indicator = result_with_series(tenant)
    lines = [f"{2030 + n},{n}.5" for n in range(4)]
    with unchanged(other_tenant):
        taken = value_import.values_import_csv(
            actor=tenant.coordinator,
            indicator=indicator,
            data=("period,value\n" + "\n".join(lines[:3]) + "\n").encode(),
        )
        with pytest.raises(value_import.ImportRefused):
            value_import.values_import_csv(
                actor=tenant.coordinator,
                indicator=indicator,
                data=("period,value\n" + "\n".join(lines) + "\n").encode(),
            )
    assert taken == 3
    imported = IndicatorValue.objects.filter(indicator=indicator, period_start__year__gte=2030)
    assert {v.entered_by for v in imported} == {tenant.coordinator}


def test_a_file_with_many_problems_lists_the_first_ones_and_says_it_stopped(tenant, other_tenant):  # type: ignore[no-untyped-def]
    _result, indicator = result_with_series(tenant)
    bad = "".join(f"{2030 + n},many\n" for n in range(value_import.MAX_ERRORS + 5))
    with unchanged(tenant, other_tenant), pytest.raises(value_import.ImportRefused) as refused:
        value_import.values_import_csv(
            actor=tenant.coordinator, indicator=indicator, data=f"period,value\n{bad}".encode()
        )
    errors = refused.value.errors
    assert len(errors) == value_import.MAX_ERRORS + 1
    assert errors[-1] == f"Stopped after {value_import.MAX_ERRORS} problems."
    assert errors[0].startswith("Line 2:")
