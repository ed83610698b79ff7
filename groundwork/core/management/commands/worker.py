"""Run background tasks; errors are logged and the worker goes on.

    manage.py worker [--interval 1] [--queue-name default] [--stale-after 1800]
        [--max-attempts 3] [--recover-every 60] [--batch] [--max-tasks N]

The options of ``db_worker`` plus: ``--stale-after`` (seconds a task may stay "running" before
it is taken as interrupted; default ``WORKER_STALE_TASK_SECONDS``), ``--max-attempts`` (how many
times an interrupted task is started before it is marked failed; ``WORKER_MAX_ATTEMPTS``) and
``--recover-every`` (seconds between look-ups of interrupted tasks).
"""

from __future__ import annotations

import os
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand
from django_tasks_db.management.commands.db_worker import valid_interval

from groundwork.core.worker import RobustWorker, new_worker_id


def _positive_int(value: str) -> int:
    number = int(value)
    if number <= 0:
        raise ValueError(value)
    return number


class Command(DBWorkerCommand):
    help = "Run the background worker: it logs errors and goes on, and recovers interrupted tasks."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(worker_id=None)
        parser.add_argument(
            "--stale-after",
            type=valid_interval,
            default=settings.WORKER_STALE_TASK_SECONDS,
            help="Seconds a task may run before it counts as interrupted (default: %(default)s)",
        )
        parser.add_argument(
            "--max-attempts",
            type=_positive_int,
            default=settings.WORKER_MAX_ATTEMPTS,
            help="Starts of an interrupted task before it is marked failed (default: %(default)s)",
        )
        parser.add_argument(
            "--recover-every",
            type=valid_interval,
            default=60.0,
            help="Seconds between look-ups of interrupted tasks (default: %(default)s)",
        )
        parser.add_argument(
            "--max-backoff",
            type=valid_interval,
            default=30.0,
            help="Longest pause after repeated polling errors, in seconds (default: %(default)s)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.configure_logging(options["verbosity"])
        queue_names = options["queue_name"].split(",")
        exclude = options["exclude_queues"]
        worker = RobustWorker(
            queue_names=queue_names,
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"] or new_worker_id(),
            excluded_queue_names=exclude.split(",") if exclude else [],
            stale_after=options["stale_after"],
            max_attempts=options["max_attempts"],
            recover_every=options["recover_every"],
            max_backoff=options["max_backoff"],
        )
        if options["reload"]:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()  # only the child runs tasks
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
