"""Background work of the directory."""

from django_tasks import task

from .actions.freshness import reminders_send_due


@task()
def directory_reminders_send(*, base_url: str) -> int:
    """E-mail every organization whose "confirm these details" reminder is due. Safe to run
    twice: an organization reminded within the period is not reminded again."""
    return reminders_send_due(base_url=base_url)
