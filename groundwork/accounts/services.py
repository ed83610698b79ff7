from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from groundwork.core.errors import ApplicationError
from groundwork.core.services import audit_record

from .models import User


class ActivationTokenGenerator(PasswordResetTokenGenerator):
    """The link that opens a new account: dated (PASSWORD_RESET_TIMEOUT), and dead once the
    account is open or its password changes (a second sign-up with the address)."""

    key_salt = "groundwork.accounts.activation"

    def _make_hash_value(self, user: Any, timestamp: int) -> str:
        return f"{user.pk}{user.password}{user.is_active}{user.email}{timestamp}"


activation_tokens = ActivationTokenGenerator()


def _pending(user: User) -> bool:
    """An account made by sign-up whose link was never opened."""
    return not user.is_active and user.last_login is None


@transaction.atomic
def user_signup_request(
    *,
    email: str,
    name: str,
    password: str,
    preferred_language: str,
    site_root: str,
    next_url: str = "",
) -> None:
    """Sign-up answers as a password reset does: the same whether or not the address has an
    account, and the address's owner learns the rest by e-mail. A new address gets an account
    that opens when the link e-mailed to it is followed; an address with an account gets an
    e-mail saying so (nothing changes); one whose sign-up is still waiting gets the new details
    and a new link (the earlier link stops working)."""
    email = email.strip().lower()
    root = site_root.rstrip("/")
    user = User.objects.select_for_update().filter(email__iexact=email).first()
    if user is not None and not _pending(user):
        make_password(password)  # as slow as the other way, so timing tells nothing either
        if user.is_active:
            user_id = user.pk
            transaction.on_commit(lambda: _send_signup_mail(user_id, root, "exists", ""))
        return
    user = user or User(email=email)
    user.name = name.strip()
    user.preferred_language = preferred_language
    user.is_active = False
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ApplicationError(" ".join(error.messages), field="password") from error
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    audit_record(action="user.signed_up", actor=user, target=user)
    user_id = user.pk
    transaction.on_commit(lambda: _send_signup_mail(user_id, root, "activate", next_url))


def _send_signup_mail(user_id: int, root: str, kind: str, next_url: str) -> None:
    from urllib.parse import urlencode

    from django.core.mail import EmailMessage
    from django.template.loader import render_to_string
    from django.urls import reverse
    from django.utils import translation
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return
    with translation.override(user.preferred_language):
        context: dict[str, Any] = {
            "user": user,
            "login_url": root + reverse("accounts:login"),
            "reset_url": root + reverse("accounts:password_reset"),
        }
        if kind == "activate":
            path = reverse(
                "accounts:activate",
                kwargs={
                    "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                    "token": activation_tokens.make_token(user),
                },
            )
            query = f"?{urlencode({'next': next_url})}" if next_url else ""
            context["activate_url"] = root + path + query
        subject = render_to_string(f"accounts/email/signup_{kind}_subject.txt", context).strip()
        body = render_to_string(f"accounts/email/signup_{kind}.txt", context)
    EmailMessage(subject, body, to=[user.email]).send()


def user_from_activation(uidb64: str, token: str) -> User | None:
    from django.utils.encoding import force_str
    from django.utils.http import urlsafe_base64_decode

    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (ValueError, TypeError, OverflowError):
        return None
    user = User.objects.filter(pk=pk).first()
    if user is None or not activation_tokens.check_token(user, token):
        return None
    return user


@transaction.atomic
def user_activate(*, user: User, password: str) -> User:
    """The link e-mailed at sign-up was followed: the account opens, for the person who knows
    the password chosen at sign-up. Anyone may sign up with any address, so the link alone
    (which reaches the address's owner) must not open an account whose password someone else
    chose: the owner would be signed in to an account another person can also sign in to."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.check_password(password):
        raise ApplicationError(
            _(
                "That is not the password chosen when this account was asked for. If you did "
                "not sign up with this address, sign up again to choose your own password; "
                "this link then stops working."
            ),
            field="password",
        )
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
        audit_record(action="user.activated", actor=user, target=user)
    return user


@transaction.atomic
def user_update_profile(*, user: User, name: str, preferred_language: str) -> User:
    user.name = name.strip()
    user.preferred_language = preferred_language
    user.full_clean(exclude=["password"])
    user.save(update_fields=["name", "preferred_language"])
    audit_record(action="user.profile_updated", actor=user, target=user)
    return user


@transaction.atomic
def user_set_language(*, user: User, language: str) -> None:
    if user.preferred_language != language:
        user.preferred_language = language
        user.full_clean(exclude=["password"])
        user.save(update_fields=["preferred_language"])
