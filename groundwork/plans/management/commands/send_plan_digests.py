"""Enqueue the e-mail digest of every plan with progress updates its followers were not sent
yet. Run it from cron (daily or weekly); the worker (manage.py worker) sends the e-mails."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db.models import F, Min
from django.db.models.functions import Coalesce

from groundwork.plans.models import Follow, ProgressUpdate
from groundwork.plans.tasks import plan_digest_send


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
        # Per plan, the oldest point a follower has not been sent updates after.
        oldest = (
            Follow.objects.values("plan_id")
            .annotate(since=Min(Coalesce(F("last_digest_at"), F("created_at"))))
            .order_by("plan_id")
        )
        enqueued = 0
        for row in oldest:
            if ProgressUpdate.objects.filter(
                activity__plan_id=row["plan_id"], created_at__gt=row["since"]
            ).exists():
                plan_digest_send.enqueue(
                    plan_id=row["plan_id"], since_iso=row["since"].isoformat(), base_url=base_url
                )
                enqueued += 1
        self.stdout.write(f"Digests enqueued for {enqueued} plan(s).")
