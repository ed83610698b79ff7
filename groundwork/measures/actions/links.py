"""Personal links of a survey that takes one response per link: made in batches (only each
token's SHA-256 is stored), found by their token, revoked while unused."""

import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from groundwork.core.errors import ApplicationError

from ..models import (
    Instrument,
    InvitationLink,
)
from .building import _audit

MAX_LINKS_AT_ONCE = 500


def invitation_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_used_message() -> str:
    return _("This personal link has already been used. Thank you!")


def invitation_required_message() -> str:
    return _(
        "This survey is by invitation: it can only be answered through a personal link. "
        "If you were invited, please use the link you received."
    )


def invitation_find(
    *, instrument: Instrument, token: str, lock: bool = False
) -> InvitationLink | None:
    """The link of this survey that the token opens, or None."""
    if not token or len(token) > 100:
        return None
    qs = InvitationLink.objects.filter(
        instrument=instrument, token_hash=invitation_token_hash(token)
    )
    if lock:
        qs = qs.select_for_update()
    return qs.first()


@transaction.atomic
def invitation_links_create(
    *, actor: Any, instrument: Instrument, count: int, label: str = ""
) -> list[tuple[InvitationLink, str]]:
    """Create `count` personal links; returns each link with its token, which is not stored
    (only its SHA-256 is) and so cannot be shown again."""
    if instrument.one_response_per != Instrument.OnePer.INVITATION:
        raise ApplicationError(
            _("Personal links are only for surveys that take one response per personal link.")
        )
    if not 1 <= count <= MAX_LINKS_AT_ONCE:
        raise ApplicationError(
            _("Create between 1 and %(max)s links at a time.") % {"max": MAX_LINKS_AT_ONCE},
            field="count",
        )
    label = (label or "").strip()
    creator = actor if getattr(actor, "is_authenticated", False) else None
    created = []
    for _n in range(count):
        token = secrets.token_urlsafe(24)
        link = InvitationLink(
            instrument=instrument,
            token_hash=invitation_token_hash(token),
            label=label,
            created_by=creator,
        )
        link.full_clean(validate_unique=False)
        created.append((link, token))
    InvitationLink.objects.bulk_create([link for link, _token in created])
    _audit(
        instrument=instrument,
        actor=actor,
        action="survey.links_created",
        target=instrument,
        count=count,
        label=label,
    )
    return created


@transaction.atomic
def invitation_links_revoke(*, actor: Any, instrument: Instrument, label: str) -> int:
    """Delete the unused links with this label; returns how many were deleted."""
    label = (label or "").strip()
    deleted, _by_model = InvitationLink.objects.filter(
        instrument=instrument, label=label, used_at__isnull=True, response__isnull=True
    ).delete()
    _audit(
        instrument=instrument,
        actor=actor,
        action="survey.links_revoked",
        target=instrument,
        count=deleted,
        label=label,
    )
    return deleted
