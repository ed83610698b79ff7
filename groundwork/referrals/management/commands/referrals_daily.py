"""The referrals' daily work, for cron: flag referrals with no answer (in the app and by e-mail
to both organizations and the coordinators) and erase expired personal details. It enqueues
one task that the worker (manage.py worker) runs; --now runs it in this process instead.
Safe to run twice: a referral is flagged once and erased once."""

from groundwork.core.cron import CronCommand
from groundwork.referrals.tasks import referrals_daily


class Command(CronCommand):
    help = (
        "Flag unanswered referrals and erase expired personal details "
        "(enqueued for the worker; --now runs it here)."
    )

    def run_now(self, base_url: str) -> None:
        done = referrals_daily.call(base_url=base_url)
        self.stdout.write(
            f"Flagged {len(done['flagged'])} referrals without an answer; "
            f"erased the details of {len(done['erased'])}."
        )

    def enqueue(self, base_url: str) -> None:
        referrals_daily.enqueue(base_url=base_url)
        self.stdout.write("Enqueued the referrals' daily work for the worker.")
