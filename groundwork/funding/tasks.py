"""Background work of funding."""

from django_tasks import task


@task()
def funding_report_reminders(*, base_url: str) -> int:
    """The periodic job: remind coordinators of grant reports coming up (once per person and
    date; safe to run again)."""
    from .reminders import send_report_reminders

    return send_report_reminders(base_url=base_url)
