from typing import Any

from django.core.management.base import BaseCommand

from groundwork.referrals.actions.keys import keys_rotate


class Command(BaseCommand):
    help = (
        "Encrypt every personal field of referrals again with the newest key of "
        "FIELD_ENCRYPTION_KEYS and recompute the look-up hashes under FIELD_LOOKUP_KEY. Run it "
        "after putting a new key first; drop the old key only once it has finished."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = keys_rotate()
        for model, rows in counts.items():
            self.stdout.write(f"{model}: {rows} rows encrypted with the newest key")
