"""Run the scheduler: every --interval seconds, enqueue the periodic jobs that are due (see
settings.SCHEDULED_JOBS) for the worker. Several may run at once; each job runs once per
occurrence. --once checks one time and exits (for cron or tests)."""

from __future__ import annotations

import logging
import signal
import time
from typing import Any

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from groundwork.scheduler.runner import run_due, sync_jobs

logger = logging.getLogger("groundwork.scheduler")


class Command(BaseCommand):
    help = "Enqueue periodic jobs (digests, reminders, newsletters) for the worker when due."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--interval", type=float, default=20.0, help="seconds between checks")
        parser.add_argument("--once", action="store_true", help="check once and exit")

    def handle(self, *args: Any, **options: Any) -> None:
        self.running = True

        def stop(signum: int, frame: Any) -> None:
            self.running = False

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        sync_jobs()
        backoff = options["interval"]
        while True:
            try:
                claimed = run_due()
                for name in claimed:
                    self.stdout.write(f"Enqueued {name}.")
                backoff = options["interval"]
            except Exception:  # a locked or unreachable database: wait and try again
                logger.exception("The scheduler could not check for due jobs")
                backoff = min(backoff * 2, 300.0)
            if options["once"] or not self.running:
                return
            close_old_connections()  # a database restart or a dropped connection is survived
            deadline = time.monotonic() + backoff
            while self.running and time.monotonic() < deadline:
                time.sleep(min(0.5, backoff))
            if not self.running:
                return
