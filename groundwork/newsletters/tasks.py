"""Background work of the newsletters."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from .models import Issue
from .sending import due_issues, send_issue


@task(takes_context=True)
def issue_send(context, *, issue_id: int, base_url: str = "") -> int:  # type: ignore[no-untyped-def]
    """Send an issue; the task's id names the run, so the worker re-running this task after a
    crash resumes it at once."""
    return send_issue(issue_id, base_url=base_url, runner=str(context.task_result.id)[:64])


@task()
def newsletters_send_due(*, base_url: str = "") -> int:
    """The periodic job: enqueue issues whose time has come, and issues whose send stopped
    (its run's lease ran out). The lease is pushed forward so the next check does not
    enqueue them again while the task waits in the queue."""
    if not base_url:
        return 0
    ids = due_issues()
    for issue_id in ids:
        Issue.objects.filter(pk=issue_id).update(
            status=Issue.Status.SENDING,
            sender="",
            lease_until=timezone.now() + timedelta(minutes=5),
        )
        issue_send.enqueue(issue_id=issue_id, base_url=base_url)
    return len(ids)


@task()
def newsletters_prune_unconfirmed(*, base_url: str = "") -> int:
    """The periodic job: remove requests to subscribe nobody confirmed in time (every list,
    plans' followers included). ``base_url`` is unused: every periodic job takes it."""
    from .services import prune_unconfirmed

    return prune_unconfirmed()
