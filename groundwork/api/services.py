from typing import Any

from django.db import transaction
from django.utils import timezone

from groundwork.core.services import audit_record

from .models import ApiToken


@transaction.atomic
def api_token_create(*, user: Any, name: str) -> tuple[ApiToken, str]:
    """Create a token; returns it with the key, which is never shown again."""
    key = ApiToken.new_key()
    token = ApiToken(
        user=user, name=name.strip(), prefix=key[3:11], key_hash=ApiToken.hash_key(key)
    )
    token.full_clean()
    token.save()
    audit_record(action="api_token.created", actor=user, target=token)
    return token, key


@transaction.atomic
def api_token_revoke(*, user: Any, token: ApiToken) -> None:
    if token.user_id != user.pk:
        raise PermissionError
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(action="api_token.revoked", actor=user, target=token)


def api_token_authenticate(key: str) -> Any:
    """The active user a key belongs to, or None."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash_key(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
