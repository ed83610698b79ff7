"""Background work of the surveys: e-mail invitations and their reminders."""

from __future__ import annotations

from django_tasks import task

from .actions import invitations


@task(takes_context=True)
def survey_invitations_send(context, *, base_url: str = "") -> int:  # type: ignore[no-untyped-def]
    """Send the invitations and reminders waiting; the task's id names the run."""
    if not base_url:
        return 0
    return invitations.send_waiting(base_url=base_url, runner=str(context.task_result.id)[:64])


@task()
def survey_invitations_due(*, base_url: str = "") -> int:
    """The periodic job: queue the reminders whose time has come, then send whatever waits
    (messages a stopped run left too, once their lease has passed)."""
    if not base_url:
        return 0
    queued = invitations.reminders_due()
    if invitations.anything_to_send():
        survey_invitations_send.enqueue(base_url=base_url)
    return queued
