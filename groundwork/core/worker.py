"""The background worker that never stays down.

It runs the tasks of ``django_tasks_db`` like ``manage.py db_worker``, with three differences:

- An error while polling (a locked or unreachable database, anything else) is logged and the
  worker tries again after a short, growing pause instead of exiting.
- A task that raises is marked failed (as the library does); if even recording that fails, the
  task is handed back so that it is not left "running" for ever, and the next task still runs.
- Tasks left "running" by a worker that died (a crash, ``kill -9``, a lost machine) are found
  at start-up and every few minutes: queued again (tasks are safe to run twice) until they have
  been tried ``max_attempts`` times, then marked failed. A task is left over when its worker's
  process is gone (same machine) or when it has been running for longer than ``stale_after``.

When a task is given up (it failed, or it was interrupted too often), the handler registered
for it with :func:`on_give_up` runs, so that the page showing that work can say so (a theme run
or an opinion-group run marked failed, the last good result still shown).
"""

from __future__ import annotations

import datetime
import logging
import os
import random
import socket
import time
from dataclasses import dataclass
from typing import Any

from django.db import close_old_connections, connections
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from groundwork.core.observability import request_id
from groundwork.core.taskhooks import INTERRUPTED, give_up_handler

logger = logging.getLogger("groundwork.worker")


def new_worker_id() -> str:
    """``host:pid:random``: another worker on this machine can tell whether we are alive."""
    host = socket.gethostname()[:40]
    return f"{host}:{os.getpid()}:{get_random_string(8)}"


def _worker_gone(worker_id: str, *, own_id: str) -> bool:
    """True when ``worker_id`` names a worker process of this machine that no longer exists
    (or a previous worker that had our pid). Unknown ids and other machines: False."""
    if worker_id == own_id:
        return False
    try:
        host, pid_text, _rest = worker_id.split(":", 2)
        pid = int(pid_text)
    except ValueError:
        return False
    if host != socket.gethostname()[:40] or pid <= 0:
        return False
    if pid == os.getpid():
        return True  # our pid, another id: the worker that had this pid before us died
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # alive, another user's
    return False


@dataclass
class Recovered:
    requeued: int = 0
    failed: int = 0


def _give_up(task_result: DBTaskResult, reason: str) -> None:
    handler = give_up_handler(task_result.task_path)
    if handler is None:
        return
    kwargs = (task_result.args_kwargs or {}).get("kwargs", {})
    try:
        handler(reason=reason, **kwargs)
    except Exception:
        logger.exception("Recording that task id=%s was given up failed", task_result.id)


def recover_stale_tasks(
    *,
    own_id: str,
    stale_after: float,
    max_attempts: int,
    backend_name: str = "default",
) -> Recovered:
    """Queue again, or mark failed, the tasks whose worker died while running them."""
    done = Recovered()
    cutoff = timezone.now() - datetime.timedelta(seconds=stale_after)
    running = DBTaskResult.objects.running().filter(backend_name=backend_name)
    for task_result in running.only("id", "started_at", "worker_ids", "task_path", "args_kwargs"):
        last_worker = task_result.worker_ids[-1] if task_result.worker_ids else ""
        too_old = task_result.started_at is None or task_result.started_at < cutoff
        if not (too_old or _worker_gone(last_worker, own_id=own_id)):
            continue
        attempts = len(task_result.worker_ids)
        # Only the worker that still sees the row as it was may change it (others race us).
        same = DBTaskResult.objects.filter(
            pk=task_result.pk,
            status=TaskResultStatus.RUNNING,
            started_at=task_result.started_at,
        )
        if attempts < max_attempts:
            if same.update(status=TaskResultStatus.READY, started_at=None):
                done.requeued += 1
                logger.warning(
                    "Task id=%s (%s) was interrupted (worker %s); queued again, attempt %d of %d",
                    task_result.id,
                    task_result.task_path,
                    last_worker,
                    attempts + 1,
                    max_attempts,
                )
            continue
        reason = (
            f"{INTERRUPTED}: the worker stopped during this task "
            f"({attempts} attempt{'s' if attempts != 1 else ''})."
        )
        changed = same.update(
            status=TaskResultStatus.FAILED,
            finished_at=timezone.now(),
            exception_class_path=f"{__name__}.TaskInterrupted",
            traceback=reason,
            return_value=None,
        )
        if changed:
            done.failed += 1
            logger.error(
                "Task id=%s (%s): %s Marked failed.", task_result.id, task_result.task_path, reason
            )
            _give_up(task_result, reason)
    return done


class TaskInterrupted(Exception):
    """The class path recorded for a task whose worker died too often while running it."""


def _reset_connections() -> None:
    """Drop every connection after a database error: the next query opens a clean one."""
    for conn in connections.all(initialized_only=True):
        try:
            if conn.in_atomic_block:
                conn.set_rollback(True)
            conn.close()
        except Exception:
            logger.debug("Closing a broken connection failed", exc_info=True)


class RobustWorker(Worker):
    """``django_tasks_db``'s worker, with a polling loop that survives every error."""

    def __init__(
        self,
        *,
        stale_after: float,
        max_attempts: int,
        recover_every: float,
        max_backoff: float = 30.0,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.stale_after = stale_after
        self.max_attempts = max_attempts
        self.recover_every = recover_every
        self.max_backoff = max_backoff
        self._next_recovery = 0.0

    # -- one step of the loop ------------------------------------------------------------
    def claim_next(self) -> DBTaskResult | None:
        """Claim the next ready task (the library's query and lock), or None."""
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        with exclusive_transaction(tasks.db):
            task_result = tasks.get_locked()
            if task_result is not None:
                task_result.claim(self.worker_id)
        return task_result

    def recover_if_due(self) -> None:
        if time.monotonic() < self._next_recovery:
            return
        found = recover_stale_tasks(
            own_id=self.worker_id,
            stale_after=self.stale_after,
            max_attempts=self.max_attempts,
            backend_name=self.backend_name,
        )
        if found.requeued or found.failed:
            logger.info(
                "Recovered tasks: %d queued again, %d marked failed", found.requeued, found.failed
            )
        self._next_recovery = time.monotonic() + self.recover_every

    def run_task(self, db_task_result: DBTaskResult) -> None:
        """Run one task: the library marks it done or failed; if that bookkeeping itself fails
        (the database went away), hand the task back instead of leaving it "running". Log
        lines written meanwhile carry the task's id as their request id."""
        with request_id(str(db_task_result.id)):
            self._run_task(db_task_result)

    def _run_task(self, db_task_result: DBTaskResult) -> None:
        try:
            super().run_task(db_task_result)
        except Exception:
            logger.exception("Recording the end of task id=%s failed", db_task_result.id)
            _reset_connections()
            self._hand_back(db_task_result)
            return
        if db_task_result.status == TaskResultStatus.FAILED:
            logger.error(
                "Task id=%s (%s) failed:\n%s",
                db_task_result.id,
                db_task_result.task_path,
                db_task_result.traceback,
            )
            last_line = (db_task_result.traceback or "").strip().splitlines()[-1:] or ["failed"]
            _give_up(db_task_result, last_line[0][:2000])

    def _hand_back(self, db_task_result: DBTaskResult) -> None:
        for attempt in range(5):
            try:
                DBTaskResult.objects.filter(
                    pk=db_task_result.pk, status=TaskResultStatus.RUNNING
                ).update(status=TaskResultStatus.READY, started_at=None)
                return
            except Exception:
                logger.warning("Handing back task id=%s failed", db_task_result.id, exc_info=True)
                _reset_connections()
                time.sleep(min(2**attempt, self.max_backoff))
        # The stale-task recovery picks it up once the timeout has passed.

    # -- the loop ------------------------------------------------------------------------
    def run(self) -> None:
        logger.info(
            "Starting worker worker_id=%s queues=%s (stale after %ss, %d attempts)",
            self.worker_id,
            ",".join(self.queue_names),
            self.stale_after,
            self.max_attempts,
        )
        if self.startup_delay and self.interval:
            time.sleep(random.random())  # noqa: S311 - spread out workers started together
        failures = 0
        while self.running:
            task_result = None
            try:
                close_old_connections()
                self.recover_if_due()
                task_result = self.claim_next()
            except Exception:
                failures += 1
                delay = min(max(self.interval, 0.5) * 2 ** min(failures - 1, 10), self.max_backoff)
                logger.exception(
                    "Polling for tasks failed (%d in a row); trying again in %.1f s",
                    failures,
                    delay,
                )
                _reset_connections()
                if self.running:
                    time.sleep(delay)
                continue
            failures = 0
            if task_result is not None:
                self.run_task(task_result)
            elif self.batch:
                logger.info("No more tasks to run for worker_id=%s - exiting.", self.worker_id)
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                logger.info(
                    "Ran %d tasks on worker_id=%s - exiting.", self._run_tasks, self.worker_id
                )
                return
            try:
                close_old_connections()
            except Exception:
                _reset_connections()
            if self.running and task_result is None:
                time.sleep(self.interval)
