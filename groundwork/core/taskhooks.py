"""What the background worker does when it gives a task up (see ``groundwork.core.worker``).

Kept apart from the worker so that models and task modules can import it cheaply.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.module_loading import import_string

# The start of a run's error when the worker stopped during it too often.
INTERRUPTED = "Interrupted"

GiveUpHandler = Callable[..., None]
_give_up_handlers: dict[str, GiveUpHandler] = {}


def on_give_up(task: Any) -> Callable[[GiveUpHandler], GiveUpHandler]:
    """Register ``handler(reason=..., **task_kwargs)`` for when ``task`` is given up: it raised,
    or its worker died during it ``max_attempts`` times. The handler must be safe to run twice."""

    def register(handler: GiveUpHandler) -> GiveUpHandler:
        _give_up_handlers[task.module_path] = handler
        return handler

    return register


def run_given_up(model: Any, *, run_id: int, reason: str) -> None:
    """For a give-up handler: the run (a model with ``Status`` QUEUED/RUNNING/FAILED, ``error``
    and ``finished_at``, as ThemeRun and AnalysisRun) is failed, unless it already ended, so
    its page says so and a new run can start. Safe to run twice."""
    from django.utils import timezone

    model.objects.filter(pk=run_id, status__in=[model.Status.QUEUED, model.Status.RUNNING]).update(
        status=model.Status.FAILED, error=reason[:2000], finished_at=timezone.now()
    )


def run_interrupted(run: Any) -> bool:
    """The run failed because the background worker stopped during it (see core.worker)."""
    return bool(run.status == run.Status.FAILED and run.error.startswith(INTERRUPTED))


def give_up_handler(task_path: str) -> GiveUpHandler | None:
    if task_path not in _give_up_handlers:
        try:
            import_string(task_path)  # importing the task's module registers its handler
        except ImportError:
            return None
    return _give_up_handlers.get(task_path)
