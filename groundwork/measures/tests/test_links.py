"""Personal links of a survey, read and written within the survey: each test runs beside a
look-alike tenant with a survey of the same kind and links of the same label."""

from typing import Any

import pytest
from django.utils import timezone

from groundwork.core.testing import unchanged
from groundwork.measures import services
from groundwork.measures.models import Instrument, InvitationLink
from groundwork.measures.tests.factories import InstrumentFactory

pytestmark = pytest.mark.django_db


def _survey(tenant: Any) -> Instrument:
    tenant.network.stewards.add(tenant.coordinator)
    return InstrumentFactory(network=tenant.network, one_response_per=Instrument.OnePer.INVITATION)


def _links(tenant: Any, survey: Instrument, count: int = 2) -> list[str]:
    made = services.invitation_links_create(
        actor=tenant.coordinator, instrument=survey, count=count, label="Board"
    )
    return [token for _link, token in made]


def test_a_token_opens_its_own_survey_link_only(tenant, other_tenant):
    mine = _survey(tenant)
    theirs = _survey(other_tenant)
    [token] = _links(tenant, mine, 1)
    [their_token] = _links(other_tenant, theirs, 1)
    link = services.invitation_find(instrument=mine, token=token)
    assert link is not None and link.instrument == mine
    assert services.invitation_find(instrument=mine, token=their_token) is None
    assert services.invitation_find(instrument=theirs, token=token) is None


def test_an_empty_or_over_long_token_is_refused_without_a_query(
    tenant, other_tenant, django_assert_num_queries
):
    mine = _survey(tenant)
    _links(tenant, mine, 1)
    _links(other_tenant, _survey(other_tenant), 1)
    with django_assert_num_queries(0):
        assert services.invitation_find(instrument=mine, token="") is None
        assert services.invitation_find(instrument=mine, token="k" * 101) is None
    with django_assert_num_queries(1):
        assert services.invitation_find(instrument=mine, token="k" * 100) is None


def test_revoking_a_label_deletes_this_survey_unused_links_only(tenant, other_tenant):
    mine = _survey(tenant)
    theirs = _survey(other_tenant)
    _links(tenant, mine, 3)
    _links(other_tenant, theirs, 3)
    # A link that was used, its response since deleted, stays spent.
    used = InvitationLink.objects.filter(instrument=mine).first()
    InvitationLink.objects.filter(pk=used.pk).update(used_at=timezone.now())
    with unchanged(other_tenant):
        deleted = services.invitation_links_revoke(
            actor=tenant.coordinator, instrument=mine, label=" Board "
        )
    assert deleted == 2
    assert list(InvitationLink.objects.filter(instrument=mine)) == [used]
    assert InvitationLink.objects.filter(instrument=theirs).count() == 3


def test_a_label_over_a_hundred_characters_makes_no_link(tenant, other_tenant):
    from django.core.exceptions import ValidationError

    mine = _survey(tenant)
    _links(other_tenant, _survey(other_tenant), 1)
    with unchanged(tenant, other_tenant), pytest.raises(ValidationError):
        services.invitation_links_create(
            actor=tenant.coordinator, instrument=mine, count=2, label="b" * 101
        )
    made = services.invitation_links_create(
        actor=tenant.coordinator, instrument=mine, count=1, label="b" * 100
    )
    assert [link.label for link, _token in made] == ["b" * 100]


def test_the_link_groups_count_this_survey_links_only(tenant, other_tenant):
    from groundwork.measures import selectors

    mine = _survey(tenant)
    _links(tenant, mine, 3)
    _links(other_tenant, _survey(other_tenant), 2)
    InvitationLink.objects.filter(pk=InvitationLink.objects.filter(instrument=mine)[0].pk).update(
        used_at=timezone.now()
    )
    assert selectors.invitation_link_groups(instrument=mine) == [
        {"label": "Board", "total": 3, "used": 1, "unused": 2}
    ]
