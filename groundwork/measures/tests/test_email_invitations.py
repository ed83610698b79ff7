"""Survey invitations by e-mail: sent once by the worker in each recipient's language, one
reminder before closing to those who have not answered, opt-outs and bounces respected."""

import base64
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse

from groundwork.measures.actions import invitation_sending, invitations
from groundwork.measures.models import Instrument, InvitationMessage, Invitee
from groundwork.measures.urls_helpers import survey_url
from groundwork.newsletters.services import suppress_address

from .factories import community_survey

pytestmark = pytest.mark.django_db
ROOT = "https://groundwork.example"
NOW = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)


def survey_of(tenant, **fields):  # type: ignore[no-untyped-def]
    return community_survey(tenant, one_response_per=Instrument.OnePer.INVITATION, **fields)


def add(tenant, instrument, *recipients):
    return invitations.recipients_add(
        actor=tenant.coordinator, instrument=instrument, recipients=list(recipients)
    )


def send(runner="run-1"):
    return invitations.send_waiting(base_url=ROOT, runner=runner)


def link_in(message):
    return re.search(r"https://\S+\?k=(\S+)", message.body).group(0)


def answer(client, instrument, url):
    token = url.split("?k=")[1]
    item = instrument.items.get()
    return client.post(
        reverse("measures:respond", args=[instrument.slug]),
        {"idempotency_key": token[:20], "k": token, f"item_{item.pk}": "4"},
    )


def test_each_recipient_gets_their_link_once_in_their_language(tenant, other_tenant):
    mine = survey_of(tenant)
    theirs = survey_of(other_tenant)
    add(tenant, mine, ("ana@example.org", "es"), ("bo@example.org", "en"))
    add(other_tenant, theirs, ("cy@example.org", "en"))
    assert send() == 3
    assert send("run-2") == 0  # a retry sends nothing again
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"ana@example.org", "bo@example.org", "cy@example.org"}
    spanish = by_address["ana@example.org"]
    assert spanish.subject.startswith("Le invitamos") and "le invita a responder" in spanish.body
    assert "no-more-invitations" in spanish.extra_headers["List-Unsubscribe"]
    assert "Survey" in by_address["bo@example.org"].subject
    # Each link opens its own survey only: the other tenant's recipient has theirs.
    assert f"/s/{theirs.slug}/" in link_in(by_address["cy@example.org"])
    assert f"/s/{mine.slug}/" in link_in(spanish)
    assert link_in(spanish) != link_in(by_address["bo@example.org"])


def test_the_link_in_the_message_takes_one_response(client, tenant, other_tenant):
    instrument = survey_of(tenant)
    add(tenant, instrument, ("ana@example.org", "en"))
    send()
    url = link_in(mail.outbox[0])
    response = answer(client, instrument, url)
    assert response.status_code == 302
    assert instrument.responses.count() == 1
    assert Invitee.objects.get().link.used_at is not None


def test_a_claim_left_by_a_dead_run_is_sent_once_after_its_lease(tenant, other_tenant):
    instrument = survey_of(tenant)
    add(tenant, instrument, ("ana@example.org", "en"), ("bo@example.org", "en"))
    first = InvitationMessage.objects.order_by("pk").first()
    # A run died after claiming the first message, before handing it over.
    InvitationMessage.objects.filter(pk=first.pk).update(
        status="claimed", claimed_by="dead", claimed_at=NOW
    )
    from django.utils import timezone

    InvitationMessage.objects.filter(pk=first.pk).update(claimed_at=timezone.now())
    assert send() == 1  # the lease still holds: only the other one
    InvitationMessage.objects.filter(pk=first.pk).update(
        claimed_at=timezone.now() - timedelta(minutes=10)
    )
    assert send("run-2") == 1
    assert send("run-3") == 0
    assert sorted(m.to[0] for m in mail.outbox) == ["ana@example.org", "bo@example.org"]


def test_a_failed_send_is_recorded_and_the_rest_go_on(tenant, other_tenant, monkeypatch):
    instrument = survey_of(tenant)
    add(tenant, instrument, ("bad@example.org", "en"), ("bo@example.org", "en"))
    real = invitation_sending.send_marked

    def refuse(connection, message, mark):
        if message.to == ["bad@example.org"]:
            raise OSError("refused")
        return real(connection, message, mark)

    monkeypatch.setattr(invitation_sending, "send_marked", refuse)
    assert send() == 1
    assert send("run-2") == 0
    statuses = dict(InvitationMessage.objects.values_list("invitee__email", "status"))
    assert statuses == {"bad@example.org": "failed", "bo@example.org": "sent"}


def test_one_reminder_only_to_those_who_have_not_answered_nor_opted_out(
    client, tenant, other_tenant
):
    from django.utils import timezone

    now = timezone.now()
    instrument = survey_of(tenant, closes_at=now + timedelta(hours=24))
    later = survey_of(other_tenant, closes_at=now + timedelta(days=30))
    add(
        tenant,
        instrument,
        ("answered@example.org", "en"),
        ("optout@example.org", "en"),
        ("bounced@example.org", "en"),
        ("waiting@example.org", "es"),
    )
    add(other_tenant, later, ("far@example.org", "en"))
    send()
    by_address = {m.to[0]: m for m in mail.outbox}
    answer(client, instrument, link_in(by_address["answered@example.org"]))
    opt_url = re.search(
        r"https://\S+/no-more-invitations/\S+/", by_address["optout@example.org"].body
    )
    assert client.post(opt_url.group(0).removeprefix(ROOT)).status_code == 200
    suppress_address("bounced@example.org", reason="bounce")
    mail.outbox.clear()

    assert invitations.reminders_due(now) == 1  # the other tenant's survey closes later
    assert invitations.reminders_due(now) == 0  # at most one reminder each
    assert send() == 1
    [reminder] = mail.outbox
    assert reminder.to == ["waiting@example.org"]
    assert reminder.subject.startswith("Recordatorio")
    assert "cierra" in reminder.body


def test_opted_out_and_bounced_addresses_are_not_invited_again(client, tenant, other_tenant):
    first = survey_of(tenant)
    add(tenant, first, ("ana@example.org", "en"))
    send()
    invitee = Invitee.objects.get(email="ana@example.org")
    token = invitations.opt_out_token(invitee)
    # The link does not carry the address (links end up in web server logs).
    assert "ana" not in base64.urlsafe_b64decode(token.split(":")[0] + "==").decode()
    page = client.get(reverse("measures:opt_out", args=[token]))
    assert page.status_code == 200 and "ana@example.org" in page.content.decode()
    client.post(reverse("measures:opt_out", args=[token]))
    assert Invitee.objects.get(pk=invitee.pk).opt_out_reason == "asked"
    # Another survey of the same community: left out. The other tenant may still invite her.
    second = survey_of(tenant)
    assert add(tenant, second, ("ANA@example.org", "en")).not_written == 1
    theirs = survey_of(other_tenant)
    assert add(other_tenant, theirs, ("ana@example.org", "en")).added == 1
    # A bounce reported by the provider (newsletters' suppression) stops everyone.
    suppress_address("ana@example.org", reason="bounce")
    assert add(tenant, survey_of(tenant), ("ana@example.org", "en")).not_written == 1
    mail.outbox.clear()
    send()
    assert mail.outbox == []  # the other tenant's waiting invitation was not sent either
    # A token names one recipient: changed, it opens nothing.
    assert client.get(reverse("measures:opt_out", args=[token + "x"])).status_code == 404


def test_owners_add_recipients_and_others_cannot(client, tenant, other_tenant):
    instrument = survey_of(tenant)
    url = survey_url(instrument, "invitations")
    client.force_login(other_tenant.coordinator)
    assert client.get(url).status_code in (403, 404)
    assert client.post(url, {"addresses": "x@example.org", "language": "en"}).status_code in (
        403,
        404,
    )
    client.force_login(tenant.coordinator)
    response = client.post(url, {"addresses": "ana@example.org\nnot an address", "language": "es"})
    assert response.status_code == 200 and "Line 2" in response.content.decode()
    response = client.post(
        url, {"addresses": "ana@example.org\nbo@example.org", "language": "es", "members": "on"}
    )
    assert response.status_code == 302
    emails = set(Invitee.objects.filter(instrument=instrument).values_list("email", flat=True))
    assert {"ana@example.org", "bo@example.org", tenant.coordinator.email} <= emails
    assert not Invitee.objects.filter(email=other_tenant.coordinator.email).exists()
    assert Invitee.objects.get(email="ana@example.org").language == "es"
