"""The transition table: every allowed step succeeds (timestamped, attributed, recorded),
every other pair of statuses is refused and changes nothing."""

import itertools

import pytest

from groundwork.core.errors import ApplicationError
from groundwork.core.models import AuditEvent
from groundwork.referrals.actions import consents, statuses
from groundwork.referrals.models import Referral, Status, StatusChange
from groundwork.referrals.transitions import PERSON, RECEIVER, TRANSITIONS

from .states import food_referral_in

REASONS = {Status.DECLINED: "not_eligible", Status.CLOSED: "help_received"}
PAIRS = list(itertools.product(Status.values, Status.values))


def test_the_table_is_what_the_loop_needs():
    assert TRANSITIONS == {
        ("awaiting_consent", "sent"): PERSON,
        ("sent", "accepted"): RECEIVER,
        ("sent", "declined"): RECEIVER,
        ("sent", "forwarded"): RECEIVER,
        ("accepted", "in_progress"): RECEIVER,
        ("accepted", "closed"): RECEIVER,
        ("in_progress", "closed"): RECEIVER,
    }


@pytest.mark.parametrize(("from_status", "to_status"), PAIRS)
def test_every_pair_of_statuses(world, from_status, to_status):
    w = world[0]
    referral = food_referral_in(w, from_status)
    food_referral_in(world[1], from_status)
    assert referral.status == from_status
    changes = StatusChange.objects.filter(referral=referral).count()
    kwargs = {"reason": REASONS.get(to_status, "")}
    if to_status == Status.FORWARDED:
        kwargs["forward_to"] = w.housing
    who = TRANSITIONS.get((from_status, to_status))
    if who == RECEIVER:
        # The sender may not take the receiver's step.
        with pytest.raises(ApplicationError):
            statuses.referral_transition(
                actor=w.people.counselor, referral=referral, to_status=to_status, **kwargs
            )
        done = statuses.referral_transition(
            actor=w.people.pantry_staff, referral=referral, to_status=to_status, **kwargs
        )
        assert done.status == to_status
        change = StatusChange.objects.filter(referral=referral).last()
        assert (change.from_status, change.to_status) == (from_status, to_status)
        assert change.actor == w.people.pantry_staff and change.organization == w.pantry
        assert change.created_at is not None
        assert AuditEvent.objects.filter(action=f"referral.{to_status}").exists()
        if to_status == Status.ACCEPTED:
            assert done.accepted_at is not None
        if to_status in (Status.CLOSED, Status.DECLINED, Status.FORWARDED):
            assert done.closed_at is not None
        if to_status == Status.FORWARDED:
            assert done.forwarded_to.service == w.housing
            assert done.forwarded_to.status == Status.SENT
        return
    if who == PERSON:
        with pytest.raises(ApplicationError, match="person's own confirmation"):
            statuses.referral_transition(
                actor=w.people.pantry_staff, referral=referral, to_status=to_status
            )
        consents.consent_confirm(referral=referral)
        referral.refresh_from_db()
        assert referral.status == Status.SENT
        assert StatusChange.objects.filter(referral=referral).last().by_person
        return
    for actor in (w.people.pantry_staff, w.people.counselor):
        with pytest.raises(ApplicationError):
            statuses.referral_transition(
                actor=actor, referral=referral, to_status=to_status, **kwargs
            )
    assert Referral.objects.get(pk=referral.pk).status == from_status
    assert StatusChange.objects.filter(referral=referral).count() == changes


def test_an_unknown_status_is_refused(world):
    referral = food_referral_in(world[0], "sent")
    with pytest.raises(ApplicationError):
        statuses.referral_transition(
            actor=world[0].people.pantry_staff, referral=referral, to_status="teleported"
        )


def test_declining_needs_a_reason_and_closing_an_outcome(world):
    w = world[0]
    referral = food_referral_in(w, "sent")
    with pytest.raises(ApplicationError, match="reason"):
        statuses.referral_transition(
            actor=w.people.pantry_staff, referral=referral, to_status="declined"
        )
    statuses.referral_transition(
        actor=w.people.pantry_staff, referral=referral, to_status="accepted"
    )
    with pytest.raises(ApplicationError, match="outcome"):
        statuses.referral_transition(
            actor=w.people.pantry_staff, referral=referral, to_status="closed", reason="nope"
        )


def test_a_referral_whose_consent_was_revoked_cannot_be_accepted(world):
    w = world[0]
    referral = food_referral_in(w, "sent_then_revoked")
    with pytest.raises(ApplicationError, match="consent"):
        statuses.referral_transition(
            actor=w.people.pantry_staff, referral=referral, to_status="accepted"
        )
    # Declining is still possible: it shares nothing.
    statuses.referral_transition(
        actor=w.people.pantry_staff, referral=referral, to_status="declined", reason="other"
    )


def test_forwarding_only_to_an_organization_the_consent_covers(world):
    w = world[0]
    from groundwork.directory.models import Service

    elsewhere = Service.objects.create(
        community=w.community, organization_id=w.bystander.hsds_id, name="Hot meals"
    )
    referral = food_referral_in(w, "sent")
    with pytest.raises(ApplicationError, match="does not cover"):
        statuses.referral_transition(
            actor=w.people.pantry_staff,
            referral=referral,
            to_status="forwarded",
            forward_to=elsewhere,
        )
    other_tenant = world[1].housing
    with pytest.raises(ApplicationError):
        statuses.referral_transition(
            actor=w.people.pantry_staff,
            referral=referral,
            to_status="forwarded",
            forward_to=other_tenant,
        )
