"""The scheduler: enqueue each periodic job for the worker when it is due, exactly once, however
many scheduler processes run (on one machine or several).

A due job is *claimed* by moving its ``next_run_at`` forward in the same transaction that
enqueues its task (django_tasks_db writes the task row in that transaction): either both
happen or neither. On PostgreSQL due rows are selected ``FOR UPDATE SKIP LOCKED``, so a second
scheduler skips the rows the first holds, and after the first commits the row is no longer
due. On SQLite (one writer at a time) the claim is a conditional ``UPDATE ... WHERE
next_run_at = <the value read>``: only one process can move it from that value. Runs missed
while no scheduler was up are not caught up one by one: the job runs once, then keeps its
schedule from now on.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from dateutil.rrule import rrulestr
from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import PeriodicJob

logger = logging.getLogger("groundwork.scheduler")


@dataclass(frozen=True)
class JobSpec:
    name: str
    task_path: str
    schedule: str
    kwargs: dict[str, Any]


def next_run(schedule: str, after: datetime) -> datetime:
    """The first occurrence of ``schedule`` (an RRULE, read in the site's time zone, so 07:00
    stays 07:00 across daylight-saving changes) strictly after ``after``."""
    local = timezone.localtime(after).replace(microsecond=0)
    rule = rrulestr(schedule, dtstart=local.replace(second=0))
    found = rule.after(local, inc=False)
    if found is None:
        raise ValueError(f"the schedule {schedule!r} has no occurrence after {after}")
    return found


def declared_jobs() -> list[JobSpec]:
    jobs = []
    for name, spec in getattr(settings, "SCHEDULED_JOBS", {}).items():
        jobs.append(
            JobSpec(
                name=name,
                task_path=spec["task"],
                schedule=spec["schedule"],
                kwargs=dict(spec.get("kwargs", {})),
            )
        )
    return jobs


def sync_jobs(now: datetime | None = None) -> None:
    """Make the table match the declared jobs: add new ones, follow changed schedules, disable
    jobs no longer declared. Safe to run in several processes at once."""
    now = now or timezone.now()
    declared = {job.name: job for job in declared_jobs()}
    for job in declared.values():
        next_run(job.schedule, now)  # a bad rule fails here, at start-up
        row, created = PeriodicJob.objects.get_or_create(
            name=job.name,
            defaults={
                "task_path": job.task_path,
                "schedule": job.schedule,
                "kwargs": job.kwargs,
                "next_run_at": next_run(job.schedule, now),
            },
        )
        if created:
            continue
        changes: dict[str, Any] = {}
        if row.schedule != job.schedule:
            changes["schedule"] = job.schedule
            changes["next_run_at"] = next_run(job.schedule, now)
        if row.task_path != job.task_path:
            changes["task_path"] = job.task_path
        if row.kwargs != job.kwargs:
            changes["kwargs"] = job.kwargs
        if not row.enabled:
            changes["enabled"] = True
        if changes:
            PeriodicJob.objects.filter(pk=row.pk).update(**changes)
    PeriodicJob.objects.exclude(name__in=list(declared)).filter(enabled=True).update(enabled=False)


def _enqueue(job: PeriodicJob) -> None:
    if not settings.SITE_URL:
        logger.warning("SITE_URL is not set: periodic job %s skipped (its links need it)", job.name)
        return
    task = import_string(job.task_path)
    kwargs = {"base_url": settings.SITE_URL, **job.kwargs}
    task.enqueue(**kwargs)


def run_due(now: datetime | None = None) -> list[str]:
    """Enqueue every job due at ``now``; returns the names this process claimed."""
    now = now or timezone.now()
    claimed: list[str] = []
    if connection.vendor == "postgresql":
        with transaction.atomic():
            due = list(
                PeriodicJob.objects.select_for_update(skip_locked=True)
                .filter(enabled=True, next_run_at__lte=now)
                .order_by("next_run_at", "pk")
            )
            for job in due:
                with transaction.atomic():  # a savepoint: one bad job does not stop the rest
                    try:
                        _claim_and_enqueue(job, now)
                    except Exception:
                        logger.exception("Periodic job %s could not be enqueued", job.name)
                        continue
                claimed.append(job.name)
        return claimed
    due_ids = list(
        PeriodicJob.objects.filter(enabled=True, next_run_at__lte=now)
        .order_by("next_run_at", "pk")
        .values_list("pk", flat=True)
    )
    for pk in due_ids:
        try:
            with transaction.atomic():
                job = PeriodicJob.objects.filter(pk=pk, enabled=True).first()
                if job is None or job.next_run_at > now:
                    continue  # another scheduler claimed it since
                if _claim_and_enqueue(job, now):
                    claimed.append(job.name)
        except Exception:
            logger.exception("Periodic job %s could not be enqueued", pk)
    return claimed


def _claim_and_enqueue(job: PeriodicJob, now: datetime) -> bool:
    """Move the job's next run forward only if nobody did since we read it, then enqueue."""
    won = PeriodicJob.objects.filter(pk=job.pk, enabled=True, next_run_at=job.next_run_at).update(
        next_run_at=next_run(job.schedule, now),
        last_run_at=now,
        runs=F("runs") + 1,
    )
    if won != 1:
        return False
    _enqueue(job)
    logger.info("Periodic job %s enqueued", job.name)
    return True
