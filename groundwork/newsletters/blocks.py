"""Blocks that fill themselves when an issue is sent: each reads what is new for the list's
community or network between the previous issue and this one. Other apps add their own with
:func:`register` (e.g. upcoming gatherings), from their ``AppConfig.ready``.

A block's ``fill(mailing_list, since, until, language)`` returns items (dicts with ``title``,
``text`` and ``path``, a site path made absolute in the message); it is called with the
subscriber's language active, once per language per issue."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Fill = Callable[[Any, datetime | None, datetime, str], list[dict[str, str]]]


@dataclass(frozen=True)
class Block:
    key: str
    label: str | Promise
    fill: Fill


_REGISTRY: dict[str, Block] = {}


def register(key: str, label: str | Promise, fill: Fill) -> None:
    _REGISTRY[key] = Block(key, label, fill)


def registered() -> list[Block]:
    return list(_REGISTRY.values())


def get(key: str) -> Block | None:
    return _REGISTRY.get(key)


def communities_of(mailing_list: Any) -> Any:
    from groundwork.communities.models import Community

    if mailing_list.community_id:
        return Community.objects.filter(pk=mailing_list.community_id)
    return Community.objects.filter(network_id=mailing_list.network_id)


def plan_updates(
    mailing_list: Any, since: datetime | None, until: datetime, language: str
) -> list[dict[str, str]]:
    """Progress updates posted to published plans of public processes in the window."""
    from groundwork.plans.models import Plan
    from groundwork.plans.selectors import latest_version, timeline

    items: list[dict[str, str]] = []
    plans = Plan.objects.filter(
        process__community__in=communities_of(mailing_list), process__is_public=True
    ).select_related("process__community")
    for plan in plans.order_by("pk"):
        version = latest_version(plan, with_snapshot=False)
        if version is None:
            continue
        updates = timeline(plan, version=version).filter(created_at__lte=until)
        if since is not None:
            updates = updates.filter(created_at__gt=since)
        for update in updates[:20]:
            items.append(
                {
                    "title": f"{plan.title}: {update.activity.title} ({update.progress}%)",
                    "text": update.note,
                    "path": plan.get_absolute_url(),
                }
            )
    return items


def new_surveys(
    mailing_list: Any, since: datetime | None, until: datetime, language: str
) -> list[dict[str, str]]:
    """Surveys of the community or network opened in the window and still open."""
    from django.db.models import Q

    from groundwork.measures.models import Instrument

    owner = (
        Q(community_id=mailing_list.community_id)
        if mailing_list.community_id
        else Q(network_id=mailing_list.network_id)
        | Q(community__network_id=mailing_list.network_id)
    )
    surveys = Instrument.objects.filter(owner, status=Instrument.Status.OPEN, created_at__lte=until)
    if since is not None:
        surveys = surveys.filter(created_at__gt=since)
    items = []
    for survey in surveys.order_by("pk")[:20]:
        spanish = language.startswith("es")
        items.append(
            {
                "title": (survey.title_es if spanish and survey.title_es else survey.title_en),
                "text": (survey.intro_es if spanish and survey.intro_es else survey.intro_en),
                "path": survey.get_absolute_url(),
            }
        )
    return items


register("plan-updates", _("Plan progress since the last issue"), plan_updates)
register("new-surveys", _("New surveys"), new_surveys)
