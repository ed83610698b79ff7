"""Enqueue the directory's "confirm these details are still right" e-mails. Run it from cron
(daily is fine: an organization is reminded once every DIRECTORY_REMINDER_MONTHS months); the
worker (manage.py worker) sends them. --now sends them from this process instead."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from groundwork.directory.actions.freshness import reminders_due, reminders_send_due
from groundwork.directory.tasks import directory_reminders_send


class Command(BaseCommand):
    help = "Send organizations the reminders to confirm their directory details, when due."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--base-url",
            required=True,
            help="the site's address for links in the e-mails, e.g. https://groundwork.example.org",
        )
        parser.add_argument(
            "--now", action="store_true", help="send from this process instead of the worker"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        base_url = options["base_url"]
        if not base_url.startswith(("https://", "http://")):
            raise CommandError("--base-url must start with https:// or http://")
        if options["now"]:
            sent = reminders_send_due(base_url=base_url)
            self.stdout.write(f"Reminders sent: {sent}.")
            return
        due = reminders_due().count()
        if due:
            directory_reminders_send.enqueue(base_url=base_url)
        self.stdout.write(f"Organizations due a reminder: {due}.")
