"""Peer help: a coalition asks, a steward triages (audited) and accepts a suggested mentor,
and the coordinators are introduced by e-mail only when both agree."""

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from groundwork.communities.models import CoalitionStrategy, Role, Strategy
from groundwork.communities.tests.factories import CommunityFactory, UserFactory, member
from groundwork.core.models import AuditEvent
from groundwork.core.testing import unchanged

from .. import mentoring
from ..actions import help
from ..models import HelpStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(tenant, monkeypatch):
    monkeypatch.setattr("django.db.transaction.on_commit", lambda f, *a, **k: f())
    steward = UserFactory()
    tenant.network.stewards.add(steward)
    strategy = Strategy.objects.create(network=tenant.network, key="collab", name_en="Collaborate")
    mentor = CommunityFactory(
        name="Cedar County",
        slug="cedar",
        network=tenant.network,
        focus_areas=["youth"],
        meets_regularly=True,
        has_leadership_structure=True,
        has_shared_vision=True,
    )
    CoalitionStrategy.objects.create(community=mentor, strategy=strategy)
    mentor_coordinator = member(mentor, Role.COORDINATOR)
    return steward, strategy, mentor, mentor_coordinator


def test_request_triage_and_introduction(client, tenant, other_tenant, setup):
    steward, strategy, mentor, mentor_coordinator = setup
    with unchanged(other_tenant):
        request = help.request_create(
            actor=tenant.coordinator,
            community=tenant.community,
            kind="mentoring",
            topic="Starting a youth council",
            strategy=strategy,
            focus_area="youth",
            urgency="high",
        )
        assert [m.to for m in mail.outbox] == [[steward.email]]
        # The link in the e-mail is whole: it opens from a mail program.
        assert f"{settings.SITE_URL}{request.get_absolute_url()}" in mail.outbox[0].body
        suggestions = mentoring.suggestions_for(request)
        assert [s.community for s in suggestions] == [mentor]
        assert any("Collaborate" in r for r in suggestions[0].reasons)
        with pytest.raises(PermissionDenied):
            help.request_triage(
                actor=tenant.coordinator, request=request, status="assigned", mentor=mentor
            )
        client.force_login(steward)
        page = client.get(reverse("library:request", args=[request.pk]))
        assert "Cedar County" in page.content.decode()
        client.post(
            reverse("library:request_triage", args=[request.pk]),
            {"accept_mentor": str(mentor.pk)},
        )
    request.refresh_from_db()
    assert request.mentor == mentor and request.status == HelpStatus.ASSIGNED
    event = AuditEvent.objects.get(action="library.request_triaged")
    assert event.details["after"]["mentor"] == mentor.pk
    mail.outbox.clear()
    help.introduction_agree(actor=tenant.coordinator, request=request)
    assert mail.outbox == []  # one side only: nobody is introduced
    with pytest.raises(PermissionDenied):
        help.introduction_agree(actor=other_tenant.coordinator, request=request)
    intro = help.introduction_agree(actor=mentor_coordinator, request=request)
    assert intro.sent_at is not None
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [tenant.coordinator.email, mentor_coordinator.email]
    )
    request.refresh_from_db()
    assert request.status == HelpStatus.IN_PROGRESS


def test_request_pages_are_for_its_people(client, tenant, other_tenant, setup):
    steward, strategy, mentor, mentor_coordinator = setup
    request = help.request_create(
        actor=tenant.coordinator, community=tenant.community, kind="technical", topic="Data"
    )
    url = reverse("library:request", args=[request.pk])
    client.force_login(other_tenant.coordinator)
    assert client.get(url).status_code == 403
    client.force_login(mentor_coordinator)
    assert client.get(url).status_code == 403  # not its mentor (yet)
    client.force_login(steward)
    assert client.get(url).status_code == 200
    assert (
        client.get(reverse("library:network_requests", args=[tenant.network.slug])).status_code
        == 200
    )
    client.force_login(other_tenant.coordinator)
    assert (
        client.get(reverse("library:network_requests", args=[tenant.network.slug])).status_code
        == 403
    )


def test_a_request_too_long_is_refused_with_the_field_and_nothing_saved(tenant, other_tenant):  # type: ignore[no-untyped-def]
    from groundwork.core.errors import ApplicationError
    from groundwork.library.models import HelpRequest

    with pytest.raises(ApplicationError) as refused:
        help.request_create(
            actor=tenant.coordinator,
            community=tenant.community,
            kind="mentoring",
            topic="x" * 201,
        )
    assert refused.value.field == "topic" and "201" in refused.value.message
    assert not HelpRequest.objects.exists()
