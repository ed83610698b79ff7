"""A registrant's signed link: it names one registration and its random nonce, under
SECRET_KEY, so it opens that registration and nothing else (a copy of the database cannot
forge one; the nonce changes if it must be revoked)."""

from django.core import signing
from django.urls import reverse

from .models import Registration

SALT = "gatherings.registration"


def registration_token(registration: Registration) -> str:
    return signing.Signer(salt=SALT).sign_object([registration.pk, registration.nonce])


def registration_from_token(token: str) -> Registration | None:
    try:
        pk, nonce = signing.Signer(salt=SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return (
        Registration.objects.select_related(
            "gathering__community", "gathering__network", "gathering__process"
        )
        .filter(pk=pk, nonce=nonce)
        .first()
    )


def registration_url(registration: Registration) -> str:
    return reverse("gatherings:registration", kwargs={"token": registration_token(registration)})
