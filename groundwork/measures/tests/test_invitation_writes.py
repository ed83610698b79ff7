"""What adding, opting out and counting survey invitations store and read back: addresses
pasted with stray separators, one invitation per address whatever its case, the audit, the
worker queued, one recipient's opt-out touching their own messages only, the reason of a
bounce, and the owners' counts after sending. Each test runs beside a look-alike tenant."""

import pytest
from django.core import mail

from groundwork.core.models import AuditEvent
from groundwork.core.testing import unchanged
from groundwork.measures.actions import invitations, invitees
from groundwork.measures.models import Instrument, InvitationMessage, Invitee

from .factories import InstrumentFactory, ItemFactory, SectionFactory

pytestmark = pytest.mark.django_db
ROOT = "https://groundwork.example"


def survey_of(tenant):  # type: ignore[no-untyped-def]
    instrument = InstrumentFactory(
        network=None,
        community=tenant.community,
        one_response_per=Instrument.OnePer.INVITATION,
        title_en=f"Survey {tenant.marker}",
    )
    ItemFactory(section=SectionFactory(instrument=instrument), kind="likert", required=True)
    return instrument


def add(tenant, instrument, *recipients):  # type: ignore[no-untyped-def]
    return invitations.recipients_add(
        actor=tenant.coordinator, instrument=instrument, recipients=list(recipients)
    )


def test_addresses_pasted_after_a_separator_are_all_read():  # type: ignore[no-untyped-def]
    parsed = invitations.parse_addresses(";ana@example.org, bo@example.org\n, cy@example.org")
    assert parsed.emails == ["ana@example.org", "bo@example.org", "cy@example.org"]
    assert parsed.errors == []


def test_one_invitation_per_address_whatever_its_case_with_its_audit_and_the_worker_queued(  # type: ignore[no-untyped-def]
    tenant, other_tenant, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.SITE_URL = ROOT
    queued = []
    monkeypatch.setattr(invitees, "_enqueue_send", lambda: queued.append(True))
    mine = survey_of(tenant)
    with unchanged(other_tenant), django_capture_on_commit_callbacks(execute=True):
        added = add(tenant, mine, ("Ana@Example.org", "es"), ("ana@example.org", "en"))
    assert (added.added, added.already, added.not_written) == (1, 0, 0)
    assert list(Invitee.objects.filter(instrument=mine).values_list("email", "language")) == [
        ("Ana@Example.org", "es")
    ]
    assert queued == [True]
    [event] = AuditEvent.objects.filter(action="survey.invitations_added")
    assert (event.community, event.actor, event.target_id) == (
        tenant.community,
        tenant.coordinator,
        str(mine.pk),
    )
    assert event.details == {"count": 1}


def test_an_opt_out_skips_that_recipient_messages_only(tenant, other_tenant):  # type: ignore[no-untyped-def]
    mine = survey_of(tenant)
    add(tenant, mine, ("ana@example.org", "en"), ("bo@example.org", "en"))
    ana = Invitee.objects.get(instrument=mine, email="ana@example.org")
    with unchanged(other_tenant):
        invitations.opt_out(ana)
    statuses = dict(
        InvitationMessage.objects.filter(invitee__instrument=mine).values_list(
            "invitee__email", "status"
        )
    )
    assert statuses == {
        "ana@example.org": InvitationMessage.Status.SKIPPED,
        "bo@example.org": InvitationMessage.Status.WAITING,
    }


def test_a_complaint_is_recorded_as_a_complaint(tenant, other_tenant):  # type: ignore[no-untyped-def]
    mine = survey_of(tenant)
    add(tenant, mine, ("ana@example.org", "en"))
    with unchanged(other_tenant):
        assert invitations.address_suppressed("ana@example.org", "complaint") == 1
    ana = Invitee.objects.get(instrument=mine)
    assert ana.opt_out_reason == Invitee.OptOut.COMPLAINT and ana.opted_out_at is not None


def test_an_opt_out_link_of_a_removed_recipient_opens_nothing(tenant, other_tenant):  # type: ignore[no-untyped-def]
    mine = survey_of(tenant)
    add(tenant, mine, ("ana@example.org", "en"))
    ana = Invitee.objects.get(instrument=mine)
    token = invitations.opt_out_token(ana)
    assert invitations.from_opt_out_token(token) == ana
    Invitee.objects.filter(pk=ana.pk).delete()
    assert invitations.from_opt_out_token(token) is None


def test_the_owners_counts_after_sending(tenant, other_tenant):  # type: ignore[no-untyped-def]
    mine, theirs = survey_of(tenant), survey_of(other_tenant)
    add(tenant, mine, ("ana@example.org", "en"), ("bo@example.org", "en"))
    add(other_tenant, theirs, ("cy@example.org", "en"))
    assert invitations.send_waiting(base_url=ROOT, runner="run-1") == 3
    assert len(mail.outbox) == 3
    counts = invitations.recipient_counts(mine)
    assert counts == {
        "recipients": 2,
        "answered": 0,
        "opted_out": 0,
        "invitations_sent": 2,
        "waiting": 0,
        "failed": 0,
        "reminders_sent": 0,
    }


def test_an_opt_out_keeps_the_invitations_already_sent_as_sent(tenant, other_tenant):  # type: ignore[no-untyped-def]
    mine = survey_of(tenant)
    add(tenant, mine, ("ana@example.org", "en"))
    assert invitations.send_waiting(base_url=ROOT, runner="run-1") == 1
    with unchanged(other_tenant):
        invitations.opt_out(Invitee.objects.get(instrument=mine))
    [message] = InvitationMessage.objects.filter(invitee__instrument=mine)
    assert message.status == InvitationMessage.Status.SENT
    assert invitations.recipient_counts(mine)["invitations_sent"] == 1
