"""Enqueue the e-mail digest of every plan with progress updates its followers were not sent
yet, and remove follow requests nobody confirmed in time. Run it from cron (daily or weekly);
the worker (manage.py worker) sends the e-mails."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db.models import F, Min
from django.db.models.functions import Coalesce

from groundwork.plans.models import Follow, ProgressUpdate
from groundwork.plans.services import follow_prune_unconfirmed
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
        expired = follow_prune_unconfirmed()
        # Per plan, the oldest point a confirmed follower has not been sent updates after.
        oldest = (
            Follow.objects.filter(confirmed_at__isnull=False)
            .values("plan_id")
            .annotate(since=Min(Coalesce(F("last_digest_at"), F("confirmed_at"))))
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
        self.stdout.write(f"Unconfirmed follow requests removed: {expired}.")
