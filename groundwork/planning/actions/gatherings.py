"""A process's gatherings: where and when people meet to answer together."""

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groundwork.core.errors import ApplicationError
from groundwork.core.services import audit_record

from ..models import (
    Gathering,
    Process,
)

DEFAULT_GATHERING_LENGTH = timedelta(hours=2)


def gathering_mode(*, place: str, online_url: str) -> str:
    from groundwork.gatherings.models import Mode

    if place and online_url:
        return Mode.HYBRID
    return Mode.ONLINE if online_url else Mode.IN_PERSON


GATHERING_FIELDS = (
    "title",
    "kind",
    "starts_at",
    "place",
    "online_url",
    "language",
    "interpretation",
    "facilitator",
    "expected_attendance",
    "actual_attendance",
    "notes",
    "guide",
    "is_public",
)


@transaction.atomic
def gathering_save(
    *, actor: Any, process: Process, gathering: Gathering | None = None, **fields: Any
) -> Gathering:
    """Create a gathering, or update one of this process."""
    if not actor.has_perm("planning.capture", process):
        raise ApplicationError(_("You do not have permission to do that."))
    unknown = set(fields) - set(GATHERING_FIELDS)
    if unknown:
        raise ValueError(f"Not gathering fields: {sorted(unknown)}")
    if gathering is None:
        gathering = Gathering(process=process, community=process.community)
    elif gathering.process_id != process.pk:
        raise ApplicationError(_("Choose a gathering of this process."))
    facilitator = fields.get("facilitator")
    if (
        facilitator is not None
        and not process.community.memberships.filter(user=facilitator).exists()
    ):
        raise ApplicationError(
            _("The facilitator must be a member of the community."), field="facilitator"
        )
    guide = fields.get("guide")
    if guide is not None and guide.community_id != process.community_id:
        raise ApplicationError(_("Choose one of this community's guides."), field="guide")
    old_start = gathering.starts_at
    for key, value in fields.items():
        setattr(gathering, key, value)
    if isinstance(gathering.starts_at, str):
        starts_at = Gathering._meta.get_field("starts_at").to_python(gathering.starts_at)
        if starts_at is not None and timezone.is_naive(starts_at):
            starts_at = timezone.make_aware(starts_at)
        gathering.starts_at = starts_at
    # The facilitators' form has no end time nor mode: two hours, moved with the start, and
    # in person, online or both by what it names.
    if gathering.starts_at is not None and (
        gathering.ends_at is None or gathering.starts_at != old_start
    ):
        length = gathering.ends_at - old_start if gathering.ends_at and old_start else None
        gathering.ends_at = gathering.starts_at + (length or DEFAULT_GATHERING_LENGTH)
    gathering.mode = gathering_mode(place=gathering.place, online_url=gathering.online_url)
    gathering.full_clean()
    created = gathering.pk is None
    gathering.save()
    audit_record(
        action="gathering.created" if created else "gathering.updated",
        actor=actor,
        community=process.community,
        target=gathering,
    )
    return gathering
