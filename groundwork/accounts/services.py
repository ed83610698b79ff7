from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from groundwork.core.errors import ApplicationError
from groundwork.core.services import audit_record

from .models import User


@transaction.atomic
def user_signup(*, email: str, name: str, password: str, preferred_language: str) -> User:
    user = User(
        email=email.strip().lower(), name=name.strip(), preferred_language=preferred_language
    )
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ApplicationError(" ".join(error.messages), field="password") from error
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    audit_record(action="user.signed_up", actor=user, target=user)
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
