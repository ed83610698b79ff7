"""The newsletters' "upcoming gatherings" block: the list's community's (or network's and its
communities') public gatherings in the four weeks after the issue is sent."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db.models import Q
from django.utils import formats, timezone

AHEAD = timedelta(days=28)


def upcoming_gatherings(
    mailing_list: Any, since: datetime | None, until: datetime, language: str
) -> list[dict[str, str]]:
    from zoneinfo import ZoneInfo

    from .selectors import PUBLIC_OWNER, _base

    if mailing_list.community_id:
        owner = Q(community_id=mailing_list.community_id)
    else:
        owner = Q(network_id=mailing_list.network_id) | Q(
            community__network_id=mailing_list.network_id
        )
    gatherings = (
        _base()
        .filter(owner, PUBLIC_OWNER, is_public=True, cancelled=False)
        .filter(starts_at__gte=until, starts_at__lt=until + AHEAD)
        .order_by("starts_at", "pk")[:20]
    )
    items = []
    for gathering in gatherings:
        local = timezone.localtime(gathering.starts_at, ZoneInfo(gathering.time_zone))
        when = formats.date_format(local, "DATETIME_FORMAT")
        items.append(
            {
                "title": gathering.display_title,
                "text": f"{when} ({gathering.time_zone})",
                "path": gathering.get_absolute_url(),
            }
        )
    return items
