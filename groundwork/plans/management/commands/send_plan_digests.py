"""Enqueue the e-mail digest of every plan with progress updates its followers were not sent
yet, and remove follow requests nobody confirmed in time. The scheduler (manage.py scheduler)
runs the same work weekly on its own; the worker (manage.py worker) sends the e-mails."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from groundwork.plans.tasks import plan_digests_enqueue_due


class Command(BaseCommand):
    help = "Enqueue e-mail digests of new progress updates for the followers of each plan."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--base-url",
            required=True,
            help="the site's address for links in the e-mails, e.g. https://groundwork.example.org",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        base_url = options["base_url"]
        if not base_url.startswith(("https://", "http://")):
            raise CommandError("--base-url must start with https:// or http://")
        enqueued, expired = plan_digests_enqueue_due(base_url)
        self.stdout.write(f"Digests enqueued for {enqueued} plan(s).")
        self.stdout.write(f"Unconfirmed follow requests removed: {expired}.")
