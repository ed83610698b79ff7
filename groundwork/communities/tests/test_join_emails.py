"""E-mails about requests to join a network, sent by the task worker once the request is
saved: the network's stewards hear of a new request, the coalition's coordinators of the
answer, each in their own language; nobody of another network hears anything."""

import pytest
from django.core import mail

from groundwork.communities import joining
from groundwork.communities.models import Role
from groundwork.communities.tasks import join_request_notify

from .factories import CommunityFactory, NetworkFactory, UserFactory, member

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("beside_other_tenant")]


@pytest.fixture(autouse=True)
def immediate_tasks(settings):  # type: ignore[no-untyped-def]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.SITE_URL = "https://groundwork.example.org"


@pytest.fixture
def scene():  # type: ignore[no-untyped-def]
    network = NetworkFactory(slug="piedmont", name="Piedmont Network")
    other = NetworkFactory(slug="coastal", name="Coastal Network")
    ana = UserFactory(email="ana@example.org", preferred_language="es")
    bo = UserFactory(email="bo@example.org", preferred_language="en")
    network.stewards.add(ana, bo)
    other.stewards.add(UserFactory(email="outsider@example.org"))
    community = CommunityFactory(name="Fox Run", slug="fox-run", network=None)
    coordinator = member(community, Role.COORDINATOR)
    coordinator.preferred_language = "es"
    coordinator.save()
    member(community, Role.MEMBER)  # members who do not coordinate are not written to
    return network, community, coordinator, ana, bo


def test_stewards_hear_of_a_request_in_their_language(  # type: ignore[no-untyped-def]
    scene, django_capture_on_commit_callbacks
):
    network, community, coordinator, _ana, _bo = scene
    with django_capture_on_commit_callbacks(execute=True):
        joining.join_request_create(
            actor=coordinator, community=community, network=network, message="Hola"
        )
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"ana@example.org", "bo@example.org"}
    assert by_address["ana@example.org"].subject == "Fox Run pide unirse a Piedmont Network"
    assert by_address["bo@example.org"].subject == "Fox Run asks to join Piedmont Network"
    assert "https://groundwork.example.org/networks/piedmont/join-requests/" in (
        by_address["bo@example.org"].body
    )
    assert "Hola" in by_address["bo@example.org"].body


def test_coordinators_hear_of_the_answer(  # type: ignore[no-untyped-def]
    scene, django_capture_on_commit_callbacks
):
    network, community, coordinator, ana, _bo = scene
    request = joining.join_request_create(actor=coordinator, community=community, network=network)
    with django_capture_on_commit_callbacks(execute=True):
        joining.join_request_decide(
            actor=ana, request=request, accept=False, reason="Solo condados del Piedmont."
        )
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
    message = mail.outbox[0]
    assert message.subject == "Piedmont Network rechazó su solicitud para unirse"
    assert "Solo condados del Piedmont." in message.body
    mail.outbox.clear()
    again = joining.join_request_create(actor=coordinator, community=community, network=network)
    with django_capture_on_commit_callbacks(execute=True):
        joining.join_request_decide(actor=ana, request=again, accept=True)
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
    assert mail.outbox[0].subject == "Fox Run se unió a Piedmont Network"


def test_a_request_withdrawn_before_the_worker_runs_tells_nobody(scene):  # type: ignore[no-untyped-def]
    network, community, coordinator, _ana, _bo = scene
    request = joining.join_request_create(actor=coordinator, community=community, network=network)
    joining.join_request_withdraw(actor=coordinator, request=request)
    assert join_request_notify.call(request_id=request.pk, event="created") == 0
    assert join_request_notify.call(request_id=request.pk, event="decided") == 0
    assert mail.outbox == []
