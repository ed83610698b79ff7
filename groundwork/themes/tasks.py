"""Themes are computed in the background; the previous themes stay visible meanwhile."""

import logging
import time

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from groundwork.core.services import audit_record
from groundwork.core.taskhooks import on_give_up, run_given_up

from . import compute
from .models import ThemeRun

logger = logging.getLogger(__name__)


@task()
def themes_compute(*, run_id: int) -> str:
    """Compute one run. Safe to run twice: a run that is already done or failed is skipped."""
    with transaction.atomic():
        run = (
            ThemeRun.objects.select_for_update()
            .select_related("question", "process__community")
            .filter(pk=run_id)
            .first()
        )
        if run is None or not run.is_pending:
            return "skipped"
        run.status = ThemeRun.Status.RUNNING
        run.save(update_fields=["status"])
    started = time.perf_counter()
    try:
        compute.run_compute(run)
    except Exception as exc:  # a failed run must not hide the last good themes
        logger.exception("Theme run %s failed", run_id)
        run.status = ThemeRun.Status.FAILED
        run.error = f"{type(exc).__name__}: {exc}"[:2000]
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "error", "finished_at"])
        return "failed"
    run.timings = {**run.timings, "total_s": round(time.perf_counter() - started, 4)}
    run.status = ThemeRun.Status.DONE
    run.finished_at = timezone.now()
    with transaction.atomic():
        run.save()
        audit_record(
            action="themes.finished",
            community=run.process.community,
            target=run,
            details={"mode": run.mode, "answers": run.contribution_count},
        )
    return "done"


@on_give_up(themes_compute)
def themes_compute_given_up(*, run_id: int, reason: str) -> None:
    """The task failed before it could record why, or its worker died too often: the run is
    failed, so the page says so (and shows the last good themes) and a new run can start."""
    run_given_up(ThemeRun, run_id=run_id, reason=reason)
