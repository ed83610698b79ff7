from typing import Any

from django.core.management.base import BaseCommand

from groundwork.referrals.actions.overdue import referrals_flag_overdue


class Command(BaseCommand):
    help = (
        "Flag sent referrals with no answer after REFERRAL_RESPONSE_DAYS business days to both "
        "organizations and the community's coordinators (once each). Safe to run daily."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--days", type=int, default=None)
        parser.add_argument("--base-url", default="", help="the site's address for e-mail links")

    def handle(self, *args: Any, **options: Any) -> None:
        flagged = referrals_flag_overdue(days=options["days"], base_url=options["base_url"])
        self.stdout.write(f"Flagged {len(flagged)} referrals without an answer: {flagged}")
