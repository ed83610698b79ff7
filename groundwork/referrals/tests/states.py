"""Referrals brought to each state through the services, as people would."""

from django.utils import timezone

from groundwork.referrals.actions import consents, retention, statuses
from groundwork.referrals.models import Consent, Referral

from .conftest import refer

STATES = [
    "awaiting_consent",
    "sent",
    "accepted",
    "declined",
    "forwarded",
    "in_progress",
    "closed",
    "sent_then_revoked",
    "accepted_then_revoked",
    "erased",
]


def food_referral_in(w, state: str) -> Referral:  # type: ignore[no-untyped-def]
    """The food referral (sent by the school to the pantry) in the given state."""
    method = Consent.Method.LINK if state == "awaiting_consent" else Consent.Method.VERBAL
    food, _housing = refer(w, method=method)
    pantry = w.people.pantry_staff

    def step(to: str, **kwargs):  # type: ignore[no-untyped-def]
        return statuses.referral_transition(actor=pantry, referral=food, to_status=to, **kwargs)

    if state in ("accepted", "in_progress", "closed", "accepted_then_revoked", "erased"):
        step("accepted")
    if state in ("in_progress",):
        step("in_progress")
    if state in ("closed", "erased"):
        step("closed", reason="help_received")
    if state == "declined":
        step("declined", reason="no_capacity")
    if state == "forwarded":
        step("forwarded", forward_to=w.housing)
    if state in ("sent_then_revoked", "accepted_then_revoked"):
        consents.consent_revoke(referral=food, actor=w.people.counselor)
    if state == "erased":
        retention.referrals_erase_expired(now=timezone.now() + timezone.timedelta(days=400))
    food.refresh_from_db()
    return food
