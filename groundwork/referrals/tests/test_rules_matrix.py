"""The referral rules themselves, perm by perm, for every role of the sending and receiving
organizations, the community's coordinators and the look-alike tenant's staff, in every state
of a referral: the pages and the API ask these rules, so a permission given to everyone, or to
no one, fails a row here even where no page shows it."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser

from .states import STATES, food_referral_in

pytestmark = pytest.mark.django_db

PEOPLE = (
    "counselor",
    "pantry_staff",
    "pantry_admin",
    "pantry_plain",
    "clinic_staff",
    "bystander",
    "coordinator",
    "facilitator",
)
RECEIVERS = {"pantry_staff", "pantry_admin"}
RECEIVER_SEES = {"sent", "accepted", "declined", "forwarded", "in_progress", "closed"}
RECEIVER_SEES |= {"accepted_then_revoked"}
REFERRAL_PERMS = (
    "referrals.view_referral",
    "referrals.message",
    "referrals.view_details",
    "referrals.export_referral",
    "referrals.act_as_receiver",
    "referrals.act_as_sender",
)


def everyone(world):  # type: ignore[no-untyped-def]
    here, there = world
    found = {name: getattr(here.people, name) for name in PEOPLE}
    found["other_counselor"] = there.people.counselor
    found["other_pantry_admin"] = there.people.pantry_admin
    found["anonymous"] = AnonymousUser()
    return found


def allowed(people, perm, obj):  # type: ignore[no-untyped-def]
    return {name for name, user in people.items() if user.has_perm(perm, obj)}


def expected(perm: str, state: str) -> set[str]:
    receiver = set() if state == "awaiting_consent" else RECEIVERS
    if perm in ("referrals.view_referral", "referrals.message"):
        return {"counselor"} | receiver
    if perm in ("referrals.view_details", "referrals.export_referral"):
        sender = set() if state == "erased" else {"counselor"}
        return sender | (RECEIVERS if state in RECEIVER_SEES else set())
    if perm == "referrals.act_as_receiver":
        return receiver
    return {"counselor"}  # act_as_sender


@pytest.mark.parametrize("state", STATES)
def test_referral_rules_by_role_and_state(world, state):  # type: ignore[no-untyped-def]
    people = everyone(world)
    referral = food_referral_in(world[0], state)
    theirs = food_referral_in(world[1], state)
    for perm in REFERRAL_PERMS:
        assert allowed(people, perm, referral) == expected(perm, state), perm
        # The look-alike tenant's referral is its own people's.
        assert not allowed(people, perm, theirs) - {"other_counselor", "other_pantry_admin"}, perm


def test_community_rules_by_role(world):  # type: ignore[no-untyped-def]
    people = everyone(world)
    community = world[0].community
    handling = {"counselor", "pantry_staff", "pantry_admin", "clinic_staff", "bystander"}
    for perm in ("referrals.send", "referrals.view_inbox"):
        assert allowed(people, perm, community) == handling, perm
    assert allowed(people, "referrals.view_report", community) == handling | {"coordinator"}
    for perm in ("referrals.view_access_log", "referrals.manage_team"):
        assert allowed(people, perm, community) == {"pantry_admin"}, perm
    assert allowed(people, "referrals.manage_team", world[1].community) == {"other_pantry_admin"}


def test_nothing_no_permission(world):  # type: ignore[no-untyped-def]
    people = everyone(world)
    perms = (
        *REFERRAL_PERMS,
        "referrals.send",
        "referrals.view_inbox",
        "referrals.view_report",
        "referrals.view_access_log",
        "referrals.manage_team",
    )
    for perm in perms:
        assert allowed(people, perm, None) == set(), perm


def test_accepted_the_moment_consent_was_revoked_still_counts_as_accepted_before(world):  # type: ignore[no-untyped-def]
    people = everyone(world)
    referral = food_referral_in(world[0], "accepted_then_revoked")
    revoked_at = referral.consent.revoked_at
    type(referral).objects.filter(pk=referral.pk).update(accepted_at=revoked_at)
    referral = type(referral).objects.select_related("consent").get(pk=referral.pk)
    assert referral.accepted_at == referral.consent.revoked_at
    assert allowed(people, "referrals.view_details", referral) == {"counselor"} | RECEIVERS
    # A moment later is after the revocation: the receiver no longer sees the details.
    later = revoked_at + timedelta(microseconds=1)
    type(referral).objects.filter(pk=referral.pk).update(accepted_at=later)
    referral = type(referral).objects.select_related("consent").get(pk=referral.pk)
    assert allowed(people, "referrals.view_details", referral) == {"counselor"}
