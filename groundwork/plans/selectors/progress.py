"""Implementation tracking: the activities' live progress, rolled up per goal and for the
plan, the published version's own activities, and the progress updates."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.cache import cache
from django.db.models import Max, QuerySet
from django.utils import timezone

from ..models import (
    ActivityStatus,
    Plan,
    PlanVersion,
    ProgressUpdate,
)

STALLED_AFTER_DAYS = 60


@dataclass
class Tracking:
    id: int
    goal_id: int
    title: str
    status: str
    progress: int
    ends_on: date | None
    last_update: date | None
    starts_on: date | None

    @property
    def is_open(self) -> bool:
        return self.status not in (ActivityStatus.DONE, ActivityStatus.DROPPED)

    def overdue(self, today: date) -> bool:
        return self.is_open and self.ends_on is not None and self.ends_on < today

    def stalled(self, today: date) -> bool:
        """Under way (or planned and started) with no update for two months."""
        if self.status not in (ActivityStatus.UNDER_WAY, ActivityStatus.PLANNED):
            return False
        since = self.last_update or self.starts_on
        return since is not None and since < today - timedelta(days=STALLED_AFTER_DAYS)

    @property
    def status_label(self) -> str:
        return str(ActivityStatus(self.status).label)


def _average(values: list[int]) -> int | None:
    return round(sum(values) / len(values)) if values else None


def tracking(
    plan: Plan, *, today: date | None = None, published: Mapping[int, int] | None = None
) -> dict[str, Any]:
    """Live progress of the activities (one query), rolled up per goal and for the plan: the
    average progress of the activities that were not dropped.

    Without ``published`` these are the draft's activities under their goals now (the builder,
    the draft in the API). With it (a version's activity id → goal id, from
    `version_activities`) only the activities in that published version count, under the goals
    they were published under: an activity added to the draft since, and its progress updates,
    change nothing the public sees. Public readers call `public_tracking`."""
    today = today or timezone.localdate()
    rows = [
        Tracking(**row)
        for row in plan.activities.annotate(last_update=Max("updates__on_date")).values(
            "id", "goal_id", "title", "status", "progress", "ends_on", "last_update", "starts_on"
        )
    ]
    if published is not None:
        rows = [r for r in rows if r.id in published]
        for row in rows:
            row.goal_id = published[row.id]
    by_goal: dict[int, list[int]] = {}
    for row in rows:
        if row.status != ActivityStatus.DROPPED:
            by_goal.setdefault(row.goal_id, []).append(row.progress)
    counted = [r.progress for r in rows if r.status != ActivityStatus.DROPPED]
    return {
        "activities": {r.id: r for r in rows},
        "goals": {goal_id: _average(values) for goal_id, values in by_goal.items()},
        "plan": _average(counted),
        "overdue": [r for r in rows if r.overdue(today)],
        "stalled": [r for r in rows if r.stalled(today)],
        "today": today,
    }


VERSION_ACTIVITIES_SECONDS = 7 * 24 * 60 * 60


def version_activities(version: PlanVersion) -> dict[int, int]:
    """The activities a published version contains: activity id → the goal it was published
    under. A version never changes, so the map is kept in the cache under the version and its
    publication time; on a miss the snapshot is read once (and kept on ``version``)."""
    key = f"plans:version-activities:{version.pk}:{int(version.published_at.timestamp())}"
    found: dict[int, int] | None = cache.get(key)
    if found is None:
        if "snapshot" in version.get_deferred_fields():
            version.refresh_from_db(fields=["snapshot"])
        found = {
            activity["id"]: goal["id"]
            for goal in version.snapshot.get("goals", [])
            for activity in goal["activities"]
        }
        cache.set(key, found, VERSION_ACTIVITIES_SECONDS)
    return found


def public_tracking(
    plan: Plan, version: PlanVersion, *, today: date | None = None
) -> dict[str, Any]:
    """A published version's live state: what every public reader (the plan page and its PDF,
    the progress page, the Atom feed, the e-mail digests, the API) shows. Only the version's
    activities appear or count; draft activities and their updates do not."""
    return tracking(plan, today=today, published=version_activities(version))


def timeline(
    plan: Plan, *, version: PlanVersion | None, limit: int | None = None
) -> QuerySet[ProgressUpdate]:
    """Progress updates, newest first: those of the activities in ``version`` (the published
    plan), or with ``version=None`` those of every activity of the draft (for facilitators,
    before anything is published)."""
    updates = ProgressUpdate.objects.filter(activity__plan=plan)
    if version is not None:
        updates = updates.filter(activity_id__in=list(version_activities(version)))
    updates = updates.select_related("activity", "activity__goal").order_by("-on_date", "-id")
    return updates[:limit] if limit else updates
