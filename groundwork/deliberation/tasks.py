"""Opinion groups are computed in the background; the previous result stays visible meanwhile."""

import logging
import time

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from groundwork.core.services import audit_record
from groundwork.core.taskhooks import on_give_up, run_given_up

from . import analysis
from .models import AnalysisRun

logger = logging.getLogger(__name__)


@task()
def conversation_analyze(*, run_id: int) -> str:
    """Compute one run. Safe to run twice: a run that is already done or failed is skipped."""
    with transaction.atomic():
        run = (
            AnalysisRun.objects.select_for_update()
            .select_related("conversation")
            .filter(pk=run_id)
            .first()
        )
        if run is None or run.status not in (AnalysisRun.Status.QUEUED, AnalysisRun.Status.RUNNING):
            return "skipped"
        run.status = AnalysisRun.Status.RUNNING
        run.save(update_fields=["status"])
    started = time.perf_counter()
    try:
        analysis.run_compute(run)
    except Exception as exc:  # a failed run must not hide the last good one
        logger.exception("Analysis run %s failed", run_id)
        run.status = AnalysisRun.Status.FAILED
        run.error = f"{type(exc).__name__}: {exc}"[:2000]
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "error", "finished_at"])
        return "failed"
    run.timings["total_s"] = round(time.perf_counter() - started, 4)
    run.status = AnalysisRun.Status.DONE
    run.finished_at = timezone.now()
    with transaction.atomic():
        run.save()
        audit_record(
            action="analysis.finished",
            community=run.conversation.community,
            target=run,
            details={"k": run.displayed_k, "votes": run.vote_count},
        )
    return "done"


@on_give_up(conversation_analyze)
def conversation_analyze_given_up(*, run_id: int, reason: str) -> None:
    """The task failed before it could record why, or its worker died too often: the run is
    failed, so the page says so (and shows the last good results) and new votes queue a run."""
    run_given_up(AnalysisRun, run_id=run_id, reason=reason)
