"""Shipped instruments copied into a survey, waves of a survey and their comparison: each test
runs beside a look-alike tenant with surveys of the same title."""

import pytest
from django.urls import reverse

from groundwork.core.errors import ApplicationError
from groundwork.core.testing import unchanged
from groundwork.measures import instruments, wave_results
from groundwork.measures.actions.instruments import instrument_create_from_shipped
from groundwork.measures.actions.waves import wave_chain, wave_create
from groundwork.measures.models import Instrument, Item
from groundwork.measures.services import instrument_publish
from groundwork.measures.tests.factories import ItemFactory, SectionFactory
from groundwork.measures.urls_helpers import survey_url
from groundwork.measures.wave_data import fill_wave

pytestmark = pytest.mark.django_db


def test_shipped_instruments_are_complete_and_bilingual():
    found = instruments.shipped()
    assert set(found) == {"community-resilience", "trauma-informed-organization"}
    resilience = found["community-resilience"]
    assert [d.key for d in resilience.domains] == [
        "connection",
        "resources",
        "transformative",
        "disaster",
    ]
    assert 20 <= len(resilience.statements) <= 25
    trauma = found["trauma-informed-organization"]
    assert len(trauma.domains) == 6  # the six principles
    assert len(trauma.sections) == 10  # the ten implementation domains
    # Every principle appears in most implementation domains, and in at least four.
    for domain in trauma.domains:
        assert sum(any(s.domain == domain for s in p.statements) for p in trauma.sections) >= 4
    for spec in found.values():
        for statement in spec.statements:
            assert statement.en and statement.es and statement.en != statement.es


def test_a_broken_instrument_file_is_refused():
    with pytest.raises(instruments.InstrumentFileError, match="no known domain"):
        instruments.parse(
            {
                "key": "x",
                "title_en": "X",
                "title_es": "X",
                "intro_en": "X",
                "intro_es": "X",
                "domains": [{"key": "a", "en": "A", "es": "A"}],
                "sections": [
                    {
                        "title_en": "S",
                        "title_es": "S",
                        "items": [{"key": "k", "en": "E", "es": "S"}],
                    }
                ],
            }
        )


def test_copying_an_instrument_makes_a_draft_of_the_tenant_only(tenant, other_tenant, client):  # type: ignore[no-untyped-def]
    client.force_login(tenant.coordinator)
    with unchanged(other_tenant):
        response = client.post(
            reverse("measures:community_list", kwargs={"slug": tenant.community.slug}),
            {"start": "instrument:community-resilience"},
        )
    assert response.status_code == 302
    survey = Instrument.objects.get(community=tenant.community)
    assert survey.is_draft and survey.title_en == "Community resilience assessment"
    assert not Instrument.objects.filter(community=other_tenant.community).exists()
    items = list(survey.items.order_by("section__position", "position"))
    assert len(items) == 23
    assert items[0].key == "cr-connection-1"
    assert items[0].domain_es == "Conexión y cuidado"
    assert survey.sections.count() == 4
    # The other community's coordinator cannot copy one into this community.
    client.force_login(other_tenant.coordinator)
    with unchanged(tenant, other_tenant):
        refused = client.post(
            reverse("measures:community_list", kwargs={"slug": tenant.community.slug}),
            {"start": "instrument:trauma-informed-organization"},
        )
    assert refused.status_code == 403


def _published(tenant):  # type: ignore[no-untyped-def]
    survey = instrument_create_from_shipped(
        actor=tenant.coordinator, key="community-resilience", community=tenant.community
    )
    return instrument_publish(actor=tenant.coordinator, instrument=survey)


def test_a_wave_repeats_the_questions_with_new_dates_and_a_link(tenant, other_tenant):  # type: ignore[no-untyped-def]
    first = _published(tenant)
    theirs = _published(other_tenant)
    with unchanged(other_tenant):
        second = wave_create(actor=tenant.coordinator, instrument=first)
    assert second.previous_wave == first and second.wave_number == 2
    assert second.community == tenant.community and second.slug != first.slug
    assert second.status == Instrument.Status.OPEN
    assert list(second.items.values_list("key", flat=True)) == list(
        first.items.values_list("key", flat=True)
    )
    assert wave_chain(first) == [first, second] == wave_chain(second)
    assert wave_chain(theirs) == [theirs]
    with pytest.raises(ApplicationError, match="already been run again"):
        wave_create(actor=tenant.coordinator, instrument=first)


def test_a_hand_built_survey_gets_keys_when_repeated(tenant):  # type: ignore[no-untyped-def]
    section = SectionFactory(instrument__network=None, instrument__community=tenant.community)
    item = ItemFactory(section=section)
    second = wave_create(actor=tenant.coordinator, instrument=section.instrument)
    assert Item.objects.get(pk=item.pk).key == f"q{item.pk}"
    assert second.items.get().key == f"q{item.pk}"


def test_a_draft_cannot_be_repeated(tenant):  # type: ignore[no-untyped-def]
    survey = instrument_create_from_shipped(
        actor=tenant.coordinator, key="community-resilience", community=tenant.community
    )
    with pytest.raises(ApplicationError):
        wave_create(actor=tenant.coordinator, instrument=survey)


def test_comparison_finds_the_shift_and_hides_small_counts(tenant, other_tenant):  # type: ignore[no-untyped-def]
    first = _published(tenant)
    second = wave_create(actor=tenant.coordinator, instrument=first)
    fill_wave(first, count=60, centre=2.5, seed=1)
    fill_wave(second, count=60, centre=3.8, seed=2)
    theirs = _published(other_tenant)
    theirs_next = wave_create(actor=other_tenant.coordinator, instrument=theirs)
    fill_wave(theirs, count=200, centre=5, seed=3)
    fill_wave(theirs_next, count=4, centre=1, seed=4)
    found = wave_results.compare(first, second)
    assert found.total_a.value == 60 and found.total_b.value == 60
    assert [d.label for d in found.domains] == [
        "Connection and caring",
        "Resources",
        "Transformative potential",
        "Disaster management",
    ]
    for domain in found.domains:
        assert domain.row.n_a.value == 60
        assert domain.row.comparison.beyond_noise
        assert domain.row.comparison.direction == "up"
        assert len(domain.items) in (5, 6)
    # The other tenant's second wave has 4 responses: every count hidden, nothing compared.
    small = wave_results.compare(theirs, theirs_next)
    assert small.total_b.value is None
    assert all(d.row.comparison is None and d.row.n_b.value is None for d in small.domains)
    assert all(r.comparison is None for d in small.domains for r in d.items)
    assert wave_results.as_json(small)["responses_b"] is None


def test_comparison_page_in_spanish_for_those_who_may_see_results(tenant, other_tenant, client):  # type: ignore[no-untyped-def]
    first = _published(tenant)
    second = wave_create(actor=tenant.coordinator, instrument=first)
    fill_wave(first, count=30, centre=3, seed=1)
    fill_wave(second, count=7, centre=3, seed=2)
    _published(other_tenant)
    url = survey_url(second, "wave_compare")
    client.force_login(other_tenant.coordinator)
    assert client.get(url).status_code == 403
    client.force_login(tenant.coordinator)
    client.cookies["django_language"] = "es"
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Conexión y cuidado" in text and "oculto" in text
    # The first wave has nothing earlier to compare with.
    assert client.get(survey_url(first, "wave_compare")).status_code == 404
    # Asking for a survey outside the chain falls back to the previous wave.
    other = Instrument.objects.get(community=other_tenant.community)
    page = client.get(url + f"?with={other.slug}")
    assert page.context["a"] == first


def test_waves_page_runs_the_survey_again(tenant, other_tenant, client):  # type: ignore[no-untyped-def]
    first = _published(tenant)
    theirs = _published(other_tenant)
    client.force_login(other_tenant.coordinator)
    with unchanged(tenant, other_tenant):
        assert client.post(survey_url(first, "waves"), {}).status_code == 403
    client.force_login(tenant.coordinator)
    with unchanged(other_tenant):
        response = client.post(
            survey_url(first, "waves"),
            {"opens_at": "2099-01-01T09:00", "closes_at": "2099-02-01T09:00"},
        )
    assert response.status_code == 302
    second = first.next_waves.get()
    assert second.opens_at.year == 2099 and second.accepting_state() == "not_yet"
    assert not theirs.next_waves.exists()
    assert client.get(survey_url(second, "waves")).status_code == 200


def test_a_domain_score_feeds_the_tenant_own_indicator(tenant, other_tenant, client):  # type: ignore[no-untyped-def]
    from groundwork.measures.models import IndicatorValue
    from groundwork.measures.tests.factories import result_with_series

    _result, indicator = result_with_series(tenant)
    _theirs, their_indicator = result_with_series(other_tenant)
    first = _published(tenant)
    second = wave_create(actor=tenant.coordinator, instrument=first)
    fill_wave(second, count=30, centre=4, seed=5)
    url = survey_url(second, "wave_to_indicator")
    data = {"domain": "Resources", "indicator": indicator.pk, "period": "2026"}
    client.force_login(other_tenant.coordinator)
    with unchanged(tenant, other_tenant):
        assert client.post(url, data).status_code == 403
    client.force_login(tenant.coordinator)
    # The other tenant's indicator is not among the choices.
    with unchanged(tenant, other_tenant):
        page = client.post(url, {**data, "indicator": their_indicator.pk})
    assert page.status_code == 200 and page.context["form"].errors
    with unchanged(other_tenant):
        assert client.post(url, data).status_code == 302
    value = IndicatorValue.objects.get(indicator=indicator, period_start__year=2026)
    assert 3 <= value.value <= 5 and "Resources" in value.note
    # Too few people with a score: refused.
    small = wave_create(actor=tenant.coordinator, instrument=second)
    fill_wave(small, count=6, centre=4, seed=6)
    with pytest.raises(ApplicationError, match="Too few"):
        from groundwork.measures.actions.waves import domain_score_to_indicator

        domain_score_to_indicator(
            actor=tenant.coordinator,
            instrument=small,
            domain="Resources",
            indicator=indicator,
            period="2027",
        )
    assert client.get(survey_url(second, "wave_compare")).context["feed_form"] is not None
