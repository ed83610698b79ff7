"""The shape shared by the commands cron runs daily: they need the site's address for the links
in their e-mails (--base-url) and either enqueue their work for the worker or, with --now, run
it in the calling process."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError


class CronCommand(BaseCommand):
    now_help = "run in this process instead of the worker"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--base-url",
            required=True,
            help="the site's address for links in the e-mails, e.g. https://groundwork.example.org",
        )
        parser.add_argument("--now", action="store_true", help=self.now_help)

    def handle(self, *args: Any, **options: Any) -> None:
        base_url = options["base_url"]
        if not base_url.startswith(("https://", "http://")):
            raise CommandError("--base-url must start with https:// or http://")
        if options["now"]:
            self.run_now(base_url)
        else:
            self.enqueue(base_url)

    def run_now(self, base_url: str) -> None:
        raise NotImplementedError

    def enqueue(self, base_url: str) -> None:
        raise NotImplementedError
