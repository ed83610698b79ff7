"""The referrals' daily work, for cron: flag referrals with no answer (in the app and by e-mail
to both organizations and the coordinators) and erase expired personal details. It enqueues
one task that the worker (manage.py worker) runs; --now runs it in this process instead.
Safe to run twice: a referral is flagged once and erased once."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from groundwork.referrals.tasks import referrals_daily


class Command(BaseCommand):
    help = (
        "Flag unanswered referrals and erase expired personal details "
        "(enqueued for the worker; --now runs it here)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--base-url",
            required=True,
            help="the site's address for links in the e-mails, e.g. https://groundwork.example.org",
        )
        parser.add_argument(
            "--now", action="store_true", help="run in this process instead of the worker"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        base_url = options["base_url"]
        if not base_url.startswith(("https://", "http://")):
            raise CommandError("--base-url must start with https:// or http://")
        if options["now"]:
            done = referrals_daily.call(base_url=base_url)
            self.stdout.write(
                f"Flagged {len(done['flagged'])} referrals without an answer; "
                f"erased the details of {len(done['erased'])}."
            )
            return
        referrals_daily.enqueue(base_url=base_url)
        self.stdout.write("Enqueued the referrals' daily work for the worker.")
