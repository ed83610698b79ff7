"""The person's own link to a referral: no account, signed, scoped to one referral and one
person. The token signs (referral, person, the referral's nonce) under SECRET_KEY with its own
salt; a token is refused for any other referral, and changing the nonce withdraws it."""

from django.core import signing
from django.urls import reverse
from django.utils.crypto import constant_time_compare

from .models import Referral

SALT = "groundwork.referrals.person-link"


def person_token(referral: Referral) -> str:
    return signing.dumps(
        {"r": referral.pk, "p": referral.person_id, "n": referral.link_nonce}, salt=SALT
    )


def person_path(referral: Referral) -> str:
    return reverse(
        "referrals:person", kwargs={"referral_id": referral.pk, "token": person_token(referral)}
    )


def referral_for_token(referral_id: int, token: str) -> Referral | None:
    """The referral this token opens, or None when it is not that referral's token."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("r") != referral_id:
        return None
    referral = (
        Referral.objects.select_related("person", "consent", "service", "receiver", "sender")
        .filter(pk=referral_id, person_id=data.get("p"))
        .first()
    )
    if referral is None or not constant_time_compare(str(data.get("n")), referral.link_nonce):
        return None
    return referral
