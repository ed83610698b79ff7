from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from groundwork.referrals.actions.retention import referrals_erase_expired


class Command(BaseCommand):
    help = (
        "Erase the personal details of referrals that ended more than REFERRAL_RETENTION_DAYS "
        "ago (statuses, dates, needs, the audit trail and the figures stay). Safe to run daily."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"Override REFERRAL_RETENTION_DAYS ({settings.REFERRAL_RETENTION_DAYS}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        erased = referrals_erase_expired(days=options["days"])
        self.stdout.write(f"Details erased from {len(erased)} referrals: {erased}")
