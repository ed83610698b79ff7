"""What adding, opting out and counting survey invitations store and read back: addresses
pasted with stray separators, one invitation per address whatever its case, the audit, the
worker queued, one recipient's opt-out touching their own messages only, the reason of a
bounce, and the owners' counts after sending; and what sending does: a message handed over
once while a second run starts, one that can no longer be of use skipped with its reason, no
reminder to one who used their link, a run that reads only what it may send. Each test runs
beside a look-alike tenant."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from groundwork.core.models import AuditEvent
from groundwork.core.testing import unchanged
from groundwork.measures.actions import invitation_sending, invitations, invitees, responses
from groundwork.measures.models import Instrument, InvitationMessage, Invitee, Response

from .factories import community_survey

pytestmark = pytest.mark.django_db
ROOT = "https://groundwork.example"


def survey_of(tenant, **fields):  # type: ignore[no-untyped-def]
    return community_survey(tenant, one_response_per=Instrument.OnePer.INVITATION, **fields)


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


def send(runner="run-1"):  # type: ignore[no-untyped-def]
    return invitations.send_waiting(base_url=ROOT, runner=runner)


def answer_by_link(invitee):  # type: ignore[no-untyped-def]
    instrument = invitee.instrument
    return responses.response_submit(
        instrument=instrument,
        answers={instrument.items.get().pk: "4"},
        language="en",
        idempotency_key=f"answer-{invitee.pk}",
        link_token=invitees.link_token(invitee),
    )


def test_a_run_started_while_another_hands_a_message_over_does_not_send_it_again(  # type: ignore[no-untyped-def]
    tenant, other_tenant, monkeypatch
):
    mine = survey_of(tenant)
    add(tenant, mine, ("ana@example.org", "en"), ("bo@example.org", "en"))
    real = invitation_sending.send_marked
    during: list[int] = []

    def slow(connection, message, mark):  # type: ignore[no-untyped-def]
        if not during:  # while the first message is being handed over, a second run starts
            during.append(-1)
            during[0] = send("run-2")
        return real(connection, message, mark)

    monkeypatch.setattr(invitation_sending, "send_marked", slow)
    assert send("run-1") == 1
    assert during == [1]  # the second run took the other message only
    assert sorted(m.to[0] for m in mail.outbox) == ["ana@example.org", "bo@example.org"]
    assert set(InvitationMessage.objects.values_list("status", flat=True)) == {"sent"}


@pytest.mark.parametrize("why", ["closed", "answered"])
def test_a_message_that_can_no_longer_be_of_use_is_skipped_with_its_reason(  # type: ignore[no-untyped-def]
    tenant, other_tenant, why
):
    mine, theirs = survey_of(tenant), survey_of(other_tenant)
    add(tenant, mine, ("ana@example.org", "en"))
    add(other_tenant, theirs, ("ana@example.org", "en"))
    ana = Invitee.objects.get(instrument=mine)
    if why == "closed":
        Instrument.objects.filter(pk=mine.pk).update(closes_at=timezone.now())
    else:
        answer_by_link(ana)  # through a link handed out another way, before the message went
    assert send() == 1  # the other tenant's invitation to the same address
    [message] = InvitationMessage.objects.filter(invitee=ana)
    assert (message.status, message.error) == (InvitationMessage.Status.SKIPPED, why)
    assert [m.to[0] for m in mail.outbox] == ["ana@example.org"]
    assert f"/s/{theirs.slug}/" in mail.outbox[0].body
    # Past any lease, no later run takes it up again.
    InvitationMessage.objects.update(claimed_at=timezone.now() - timedelta(hours=1))
    assert send("run-2") == 0
    assert InvitationMessage.objects.get(pk=message.pk).status == InvitationMessage.Status.SKIPPED


def test_no_reminder_to_a_recipient_whose_response_was_removed_afterwards(  # type: ignore[no-untyped-def]
    tenant, other_tenant
):
    now = timezone.now()
    mine = survey_of(tenant, closes_at=now + timedelta(hours=24))
    add(tenant, mine, ("ana@example.org", "en"), ("bo@example.org", "en"))
    assert send() == 2
    ana = Invitee.objects.get(instrument=mine, email="ana@example.org")
    answer_by_link(ana)
    # An operator removes the response (a test entry, say): the link keeps when it was used.
    Response.objects.filter(instrument=mine).delete()
    assert ana.link.__class__.objects.get(pk=ana.link_id).used_at is not None
    with unchanged(other_tenant):
        assert invitations.reminders_due(now) == 1
    reminders = InvitationMessage.objects.filter(kind=invitees.Kind.REMINDER)
    assert [m.invitee.email for m in reminders] == ["bo@example.org"]


def test_a_run_reads_only_the_messages_it_may_send(  # type: ignore[no-untyped-def]
    tenant, other_tenant, django_assert_max_num_queries
):
    mine, theirs = survey_of(tenant), survey_of(other_tenant)
    add(tenant, mine, ("ana@example.org", "en"))
    with CaptureQueriesContext(connection) as first:
        assert send() == 1
    # Many messages of another survey go out; then one more of this survey waits.
    add(other_tenant, theirs, *[(f"p{i}@example.org", "en") for i in range(6)])
    assert send() == 6
    add(tenant, mine, ("bo@example.org", "en"))
    # The messages already sent are neither read nor claimed again: the run costs what the
    # first one did.
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert send() == 1
