"""Enqueue the directory's "confirm these details are still right" e-mails. Run it from cron
(daily is fine: an organization is reminded once every DIRECTORY_REMINDER_MONTHS months); the
worker (manage.py worker) sends them. --now sends them from this process instead."""

from groundwork.core.cron import CronCommand
from groundwork.directory.actions.freshness import reminders_due, reminders_send_due
from groundwork.directory.tasks import directory_reminders_send


class Command(CronCommand):
    help = "Send organizations the reminders to confirm their directory details, when due."
    now_help = "send from this process instead of the worker"

    def run_now(self, base_url: str) -> None:
        sent = reminders_send_due(base_url=base_url)
        self.stdout.write(f"Reminders sent: {sent}.")

    def enqueue(self, base_url: str) -> None:
        due = reminders_due().count()
        if due:
            directory_reminders_send.enqueue(base_url=base_url)
        self.stdout.write(f"Organizations due a reminder: {due}.")
