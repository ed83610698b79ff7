"""Freshness: the signed "confirm these details" link opens its own organization only, the
reminder e-mails are sent once a period, and confirming marks every service verified."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import (
    CommunityFactory,
    MembershipFactory,
    OrganizationFactory,
)
from groundwork.core.models import AuditEvent
from groundwork.directory.actions import freshness
from groundwork.directory.models import Service, VerificationReminder

pytestmark = pytest.mark.django_db


@pytest.fixture
def orgs():  # type: ignore[no-untyped-def]
    one, two = CommunityFactory(slug="alder"), CommunityFactory(slug="birch")
    found = {
        "a": OrganizationFactory(community=one, name="Clinic A", email="a@example.org"),
        "b": OrganizationFactory(community=one, name="Pantry B", email="b@example.org"),
        "c": OrganizationFactory(community=two, name="Clinic A", email="a@example.org"),
    }
    for key, org in found.items():
        Service.objects.create(
            community=org.community, organization_id=org.hsds_id, name=f"Service {key}"
        )
    return found


def _url(org, token):  # type: ignore[no-untyped-def]
    return reverse("directory_edit:confirm", args=[org.community.slug, org.hsds_id, token])


def test_the_link_confirms_its_own_organization(client, orgs):  # type: ignore[no-untyped-def]
    a = orgs["a"]
    url = _url(a, freshness.confirm_token(a))
    page = client.get(url)
    assert page.status_code == 200 and "Service a" in page.content.decode()
    assert client.post(url).status_code == 302
    a.refresh_from_db()
    assert a.last_verified == timezone.localdate()
    assert Service.objects.get(name="Service a").last_verified == timezone.localdate()
    assert Service.objects.get(name="Service b").last_verified is None
    event = AuditEvent.objects.get(action="directory.organization_confirmed")
    assert event.actor_label == "a@example.org" and event.community == a.community


def test_the_link_replayed_for_another_organization_fails(client, orgs):  # type: ignore[no-untyped-def]
    a, b, c = orgs["a"], orgs["b"], orgs["c"]
    token = freshness.confirm_token(a)
    # Another organization of the same community, and the same-named organization (same
    # e-mail address) of another community.
    for other in (b, c):
        url = _url(other, token)
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
        other.refresh_from_db()
        assert other.last_verified is None
    # The right organization under the wrong community's address.
    wrong = reverse("directory_edit:confirm", args=["birch", a.hsds_id, token])
    assert client.post(wrong).status_code == 404
    assert not Service.objects.exclude(last_verified=None).exists()


def test_the_link_is_bound_to_the_address_and_expires(client, orgs, settings):  # type: ignore[no-untyped-def]
    a = orgs["a"]
    token = freshness.confirm_token(a)
    a.email = "someone-else@example.org"
    a.save()
    assert client.get(_url(a, token)).status_code == 404
    fresh = freshness.confirm_token(a)
    assert client.get(_url(a, fresh)).status_code == 200
    assert client.get(_url(a, fresh[:-2] + "xx")).status_code == 404
    settings.DIRECTORY_CONFIRM_LINK_DAYS = 0
    import time

    time.sleep(1.1)
    assert client.get(_url(a, fresh)).status_code == 404


def test_reminders_are_sent_once_a_period(orgs, settings):  # type: ignore[no-untyped-def]
    settings.DIRECTORY_REMINDER_MONTHS = 6
    now = timezone.now()
    OrganizationFactory(community=orgs["a"].community, name="No services", email="x@example.org")
    OrganizationFactory(community=orgs["a"].community, name="No e-mail")
    assert freshness.reminders_send_due(base_url="https://gw.example", now=now) == 3
    assert sorted(m.to[0] for m in mail.outbox) == [
        "a@example.org",
        "a@example.org",
        "b@example.org",
    ]
    message = next(m for m in mail.outbox if "Pantry B" in m.subject)
    link = _url(orgs["b"], "x").removesuffix("x/")
    assert "https://gw.example" + link in message.body
    assert "Service b" in message.body and "Service a" not in message.body
    assert "¿" in message.subject or "siguen" in message.body  # English and Spanish
    # Run again (or at the same time): nothing more.
    assert freshness.reminders_send_due(base_url="https://gw.example", now=now) == 0
    later = now + timedelta(days=40)
    assert freshness.reminders_send_due(base_url="https://gw.example", now=later) == 0
    assert len(mail.outbox) == 3
    assert AuditEvent.objects.filter(action="directory.reminder_sent").count() == 3
    # A period later, the organizations that did not confirm are asked again.
    much_later = now + timedelta(days=200)
    freshness.organization_confirm(
        actor=None,
        organization=orgs["a"],
        actor_label="test",
        on=(much_later - timedelta(days=10)).date(),
    )
    with_confirmation = freshness.reminders_due(now=much_later)
    assert set(with_confirmation) == {orgs["b"], orgs["c"]}
    assert freshness.reminders_send_due(base_url="https://gw.example", now=much_later) == 2
    assert VerificationReminder.objects.filter(organization=orgs["b"]).count() == 2


def test_a_failed_send_records_nothing(orgs, monkeypatch):  # type: ignore[no-untyped-def]
    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError("mail server down")

    monkeypatch.setattr(freshness, "send_mail", broken)
    with pytest.raises(OSError):
        freshness.reminder_send(organization_id=orgs["a"].pk, base_url="https://gw.example")
    assert not VerificationReminder.objects.exists()
    assert not AuditEvent.objects.filter(action="directory.reminder_sent").exists()


def test_the_command_enqueues_and_the_task_sends(orgs, settings):  # type: ignore[no-untyped-def]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    call_command("send_directory_reminders", "--base-url", "https://gw.example")
    assert len(mail.outbox) == 3
    call_command("send_directory_reminders", "--base-url", "https://gw.example")
    call_command("send_directory_reminders", "--base-url", "https://gw.example", "--now")
    assert len(mail.outbox) == 3


def test_a_signed_in_member_sees_edit_links_on_the_confirmation_page(client, orgs):  # type: ignore[no-untyped-def]
    a = orgs["a"]
    url = _url(a, freshness.confirm_token(a))
    member = MembershipFactory(community=a.community, role=Role.PARTNER, organization=a).user
    client.force_login(member)
    page = client.get(url).content.decode()
    service = Service.objects.get(name="Service a")
    assert reverse("directory_edit:service_edit", args=["alder", service.hsds_id]) in page
    other = MembershipFactory(community=a.community, role=Role.PARTNER, organization=orgs["b"]).user
    client.force_login(other)
    assert "directory/manage/services" not in client.get(url).content.decode()
