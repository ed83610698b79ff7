"""An endorsement form's idempotency key recognises a retry by the participant who sent it,
and hands nothing to anyone else: no views stored, no participant cookie."""

import pytest
from django.test import Client
from django.urls import reverse

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import CommunityFactory, member
from groundwork.core.errors import AlreadyReceived
from groundwork.planning import services as planning
from groundwork.planning.models import Participant
from groundwork.plans import services
from groundwork.plans.models import Endorsement

pytestmark = pytest.mark.django_db


def _open_plan(slug: str):  # type: ignore[no-untyped-def]
    community = CommunityFactory(slug=slug)
    coordinator = member(community, Role.COORDINATOR)
    process = planning.process_create(
        actor=coordinator, community=community, title=f"{slug} 2027", slug="2027"
    )
    plan = services.plan_create(actor=coordinator, process=process, title=f"{slug} plan")
    goal = services.goal_save(actor=coordinator, plan=plan, title="Get around")
    for title in ("Ride share", "Night buses"):
        services.activity_save(actor=coordinator, plan=plan, goal=goal, title=title)
    services.endorsement_set_open(actor=coordinator, plan=plan, is_open=True)
    return plan


@pytest.fixture
def plan():  # type: ignore[no-untyped-def]
    return _open_plan("alder")


@pytest.fixture
def other_plan():  # type: ignore[no-untyped-def]
    return _open_plan("birch")


def _entries(plan, value="support"):  # type: ignore[no-untyped-def]
    return [services.EndorsementEntry(a.pk, value) for a in plan.activities.order_by("pk")]


def _endorse(plan, participant, key, value="support"):  # type: ignore[no-untyped-def]
    return services.endorsements_submit(
        plan=plan, participant=participant, entries=_entries(plan, value), idempotency_key=key
    )


def test_an_endorsement_key_replayed_by_another_participant_stores_nothing(plan, other_plan):
    ana = Participant.objects.create(process=plan.process)
    ben = Participant.objects.create(process=plan.process)
    assert _endorse(plan, ana, "e1") == 2
    with pytest.raises(AlreadyReceived):
        _endorse(plan, ben, "e1", value="concern")
    assert not Endorsement.objects.filter(participant=ben).exists()
    # The owner's retry returns the first result and changes nothing.
    assert _endorse(plan, ana, "e1", value="concern") == 2
    assert set(Endorsement.objects.values_list("value", flat=True)) == {"support"}
    # Keys belong to their plan.
    dana = Participant.objects.create(process=other_plan.process)
    assert _endorse(other_plan, dana, "e1", value="concern") == 2
    assert Endorsement.objects.filter(participant=dana, value="concern").count() == 2
    # A new form from the owner replaces their views, as before.
    assert _endorse(plan, ana, "e2", value="concern") == 2
    assert set(ana.endorsements.values_list("value", flat=True)) == {"concern"}


def _url(plan):  # type: ignore[no-untyped-def]
    return reverse("plans:endorse", args=[plan.community.slug, plan.process.slug])


def test_a_new_visitor_replaying_an_endorsement_gets_a_message_and_no_cookie(
    client, plan, other_plan
):
    page = client.get(_url(plan))
    data = {"idempotency_key": page.context["form"].initial["idempotency_key"]}
    data.update({f"value_{a.pk}": "support" for a in plan.activities.all()})
    assert client.post(_url(plan), data).status_code == 302
    ana = Participant.objects.get()
    stranger = Client()
    stranger.cookies["django_language"] = "es"
    concern = {k: ("concern" if k.startswith("value_") else v) for k, v in data.items()}
    response = stranger.post(_url(plan), concern)
    assert response.status_code == 302
    assert not any(name.startswith("gw_participant_") for name in response.cookies)
    assert "Este formulario ya se recibió" in stranger.get(response["Location"]).content.decode()
    assert list(Participant.objects.all()) == [ana]
    assert set(Endorsement.objects.values_list("value", flat=True)) == {"support"}
    # The owner's retry is told it went through.
    assert client.post(_url(plan), data).status_code == 302
    assert Endorsement.objects.count() == 2
