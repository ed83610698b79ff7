"""What follows a write to the directory, whatever wrote it (a form, the admin, an import's
single saves): a schedule's opening windows are written again, and the community's cached
reads (filter choices, zones) are dropped. Bulk writes call the same functions themselves
(``services.hsds_import``)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from groundwork.communities.models import Organization

from . import models
from .opening_windows import bump, refresh


def _written(sender: Any, instance: Any, **kwargs: Any) -> None:
    community_id = getattr(instance, "community_id", None)
    if community_id is not None:
        bump(community_id)


def _schedule_saved(sender: Any, instance: models.Schedule, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        refresh([instance])


def connect() -> None:
    # The windows first, then the cached reads are dropped (receivers run in this order).
    post_save.connect(_schedule_saved, sender=models.Schedule, dispatch_uid="directory-windows")
    watched = [
        m
        for m in vars(models).values()
        if isinstance(m, type) and issubclass(m, models.HsdsRecord) and not m._meta.abstract
    ]
    for model in [*watched, Organization]:
        post_save.connect(_written, sender=model, dispatch_uid=f"directory-written-{model}")
        post_delete.connect(_written, sender=model, dispatch_uid=f"directory-deleted-{model}")
