"""Background work runs through the database backend: enqueued on commit, run by the worker."""

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from groundwork.communities import services
from groundwork.communities.models import Role
from groundwork.communities.tests.factories import CommunityFactory, member


@pytest.mark.django_db(transaction=True)
def test_invitation_email_is_enqueued_on_commit_and_sent_by_the_worker():
    community = CommunityFactory(name="Alder County")
    coordinator = member(community, Role.COORDINATOR)
    invitation = services.invitation_create(
        actor=coordinator,
        community=community,
        role=Role.MEMBER,
        email="new@example.org",
        base_url="https://groundwork.example.org/",
    )
    task = DBTaskResult.objects.get()
    assert task.status == "READY"
    assert not mail.outbox

    call_command("worker", "--batch", "--no-startup-delay")

    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new@example.org"]
    assert "Alder County" in message.subject
    assert "https://groundwork.example.org" + invitation.get_accept_url() in message.body


@pytest.mark.django_db(transaction=True)
def test_nothing_is_enqueued_when_the_transaction_rolls_back():
    from django.db import transaction

    community = CommunityFactory()
    coordinator = member(community, Role.COORDINATOR)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.invitation_create(
            actor=coordinator, community=community, role=Role.MEMBER, email="x@example.org"
        )
        raise RuntimeError
    assert not DBTaskResult.objects.exists()
