"""Surveys are listed and changed within their network or community: each test runs beside a
look-alike tenant (groundwork.core.testing) with a survey of the same title."""

import pytest

from groundwork.core.errors import ApplicationError
from groundwork.core.testing import unchanged
from groundwork.measures import selectors, services
from groundwork.measures.models import Instrument
from groundwork.measures.tests.factories import InstrumentFactory
from groundwork.measures.urls_helpers import survey_url

pytestmark = pytest.mark.django_db


def test_survey_lists_are_the_network_or_community_own(tenant, other_tenant):  # type: ignore[no-untyped-def]
    mine = InstrumentFactory(network=tenant.network, title_en="Coalition survey")
    theirs = InstrumentFactory(network=other_tenant.network, title_en="Coalition survey")
    draft = InstrumentFactory(
        network=tenant.network, title_en="Draft", status=Instrument.Status.DRAFT
    )
    local = InstrumentFactory(network=None, community=tenant.community, title_en="Coalition survey")
    InstrumentFactory(network=None, community=other_tenant.community, title_en="Coalition survey")
    assert set(selectors.instrument_list(network=tenant.network, manager=True)) == {mine, draft}
    assert list(selectors.instrument_list(network=tenant.network, manager=False)) == [mine]
    assert list(selectors.instrument_list(community=tenant.community, manager=True)) == [local]
    assert theirs not in selectors.instrument_list(network=tenant.network, manager=True)


def test_closing_a_survey_changes_nothing_of_the_other_tenant(tenant, other_tenant, client):  # type: ignore[no-untyped-def]
    steward = tenant.coordinator
    tenant.network.stewards.add(steward)
    mine = InstrumentFactory(network=tenant.network)
    InstrumentFactory(network=other_tenant.network, slug=f"{mine.slug}-other")
    # The other network's steward may not close it.
    other_tenant.network.stewards.add(other_tenant.coordinator)
    client.force_login(other_tenant.coordinator)
    with unchanged(tenant, other_tenant):
        assert client.post(survey_url(mine, "close")).status_code == 403
    with unchanged(other_tenant):
        services.instrument_close(actor=steward, instrument=mine)
    mine.refresh_from_db()
    assert mine.status == Instrument.Status.CLOSED
    with unchanged(tenant, other_tenant), pytest.raises(ApplicationError):
        services.instrument_close(actor=other_tenant.coordinator, instrument=mine)
