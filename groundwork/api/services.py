from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from groundwork.core.errors import ApplicationError
from groundwork.core.services import audit_record

from .models import ApiToken, ClientParticipant, TokenAccess


@transaction.atomic
def api_token_create(
    *,
    user: Any,
    name: str,
    access: str = TokenAccess.WRITE,
    community: Any = None,
    expires_at: datetime | None = None,
) -> tuple[ApiToken, str]:
    """Create a token; returns it with the key, which is never shown again. A token can be
    limited to one of its holder's communities and can expire."""
    if access not in TokenAccess.values:
        raise ApplicationError(_("Choose what the token may do."), field="access")
    if community is not None and not community.memberships.filter(user=user).exists():
        raise ApplicationError(
            _("You can limit a token only to a community you belong to."), field="community"
        )
    if expires_at is not None and expires_at <= timezone.now():
        raise ApplicationError(_("Choose an expiry date after today."), field="expires_at")
    key = ApiToken.new_key()
    token = ApiToken(
        user=user,
        name=name.strip(),
        prefix=key[3:11],
        key_hash=ApiToken.hash_key(key),
        access=access,
        community=community,
        expires_at=expires_at,
    )
    token.full_clean()
    token.save()
    audit_record(
        action="api_token.created",
        actor=user,
        target=token,
        details={
            "access": access,
            "community": community.slug if community is not None else "",
            "expires_at": expires_at.isoformat() if expires_at else "",
        },
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, user: Any, token: ApiToken) -> None:
    if token.user_id != user.pk:
        raise PermissionError
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(action="api_token.revoked", actor=user, target=token)


def api_token_authenticate(key: str) -> ApiToken | None:
    """The token a key is, when it is neither revoked nor expired and its holder's account is
    active; else None."""
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user", "community")
        .filter(key_hash=ApiToken.hash_key(key), revoked_at__isnull=True, user__is_active=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .first()
    )
    if token is None:
        return None
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def client_participant(*, user: Any, process: Any, reference: str, language: str = "") -> Any:
    """The participant an API client means by ``reference`` in ``process``: the same one every
    time for the same account, a new one the first time (kept only if the caller's transaction
    is)."""
    from django.db import IntegrityError

    from groundwork.planning.services import participant_create

    reference = reference.strip()
    if not reference or len(reference) > 64:
        raise ApplicationError(
            _("Send the participant's reference (up to 64 characters)."), field="participant"
        )
    found = ClientParticipant.objects.filter(user=user, process=process, reference=reference)
    link = found.select_related("participant").first()
    if link is not None:
        return link.participant
    try:
        with transaction.atomic():
            participant = participant_create(process=process, language=language)
            ClientParticipant.objects.create(
                user=user, process=process, reference=reference, participant=participant
            )
    except IntegrityError:
        # A concurrent first request for the same reference made it: use that one.
        return found.select_related("participant").get().participant
    return participant
