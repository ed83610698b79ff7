"""The webhook delivery benchmark: 10,000 activity-log events fanned out to one endpoint that
fails 20% of the requests it gets, delivered by the background workers on a throwaway
PostgreSQL, until every delivery is done.

    python bench/webhooks.py            # writes bench/results/webhooks.json (a few minutes)
    python bench/webhooks.py --quick    # 1,000 events; var/bench-webhooks-quick.json

The child (inside scripts/with-postgres.sh) migrates, makes two communities (two tenants: the
second has its own endpoint and events, which must never reach the first's), registers the
endpoint through the product's own service, and records --events events through
``audit_record`` (the path every write takes: the fan-out makes one delivery per endpoint and
queues it). A receiving server in the child answers 500 to a random 20% of requests (seeded)
and otherwise checks the signature and keeps the event id, as the documented receiver does.
Then --workers background workers (``manage.py worker``) drain the queue. Measured: seconds to
record and fan out, seconds to drain, deliveries per second, attempts, and as the receiver
saw them: event ids acknowledged once, twice or more (duplicates) and never (misses).

The first retry waits WEBHOOKS_RETRY_FIRST_SECONDS (30 s in production, doubling after each
failure). The run sets it to --first-retry seconds (1 by default) so the drain measures the
workers, not the waiting; with production waits an event that fails k times in a row waits
30·(2^k − 1) s, which the results state for the run's failure rate.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from harness import (  # noqa: E402
    bench_env,
    database_info,
    ensure_postgres_database,
    log,
    results_header,
    run_child,
    write_results,
)
from harness import child_argv as harness_child_argv  # noqa: E402

CHILD_TIMEOUT = 40 * 60
EVENT = "contributions.submitted"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--events", type=int, default=10_000)
    p.add_argument("--other-events", type=int, default=500, help="events of the second tenant")
    p.add_argument("--failure-rate", type=float, default=0.2)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--first-retry", type=int, default=1, help="seconds before the first retry")
    p.add_argument("--seed", type=int, default=2027)
    p.add_argument("--quick", action="store_true")
    p.add_argument("--output", type=Path, default=None)
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--partial", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.quick:
        args.events, args.other_events = 1_000, 100
    if args.output is None:
        args.output = (
            ROOT / "var" / "bench-webhooks-quick.json"
            if args.quick
            else HERE / "results" / "webhooks.json"
        )
    return args


# --- the child ----------------------------------------------------------------------------------


class Receiver:
    """A local endpoint: fails a seeded share of requests with 500, else verifies the signature
    (HMAC-SHA256 of "<timestamp>.<body>") and counts the event id."""

    def __init__(self, secrets: dict[str, str], failure_rate: float, seed: int) -> None:
        self.secrets = secrets  # path -> secret
        self.failure_rate = failure_rate
        self.random = random.Random(seed)
        self.lock = threading.Lock()
        self.acked: dict[str, Counter[str]] = {path: Counter() for path in secrets}
        self.failed = 0
        self.bad_signatures = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with receiver.lock:
                    fail = receiver.random.random() < receiver.failure_rate
                    if fail:
                        receiver.failed += 1
                if fail:
                    self.send_response(500)
                    self.end_headers()
                    return
                secret = receiver.secrets.get(self.path, "")
                header = self.headers.get("Groundwork-Signature", "")
                parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
                expected = hmac.new(
                    secret.encode(), f"{parts.get('t', '')}.".encode() + body, hashlib.sha256
                ).hexdigest()
                if not hmac.compare_digest(expected, parts.get("v1", "")):
                    with receiver.lock:
                        receiver.bad_signatures += 1
                    self.send_response(400)
                    self.end_headers()
                    return
                event_id = json.loads(body)["id"]
                with receiver.lock:
                    receiver.acked[self.path][event_id] += 1
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def child(args: argparse.Namespace) -> int:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    ensure_postgres_database(os.environ["DATABASE_URL"])
    log("migrate")
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, check=True
    )
    import django

    django.setup()
    from django.db import transaction

    from groundwork.accounts.models import User
    from groundwork.api.models import WebhookDelivery
    from groundwork.api.webhooks import webhook_create
    from groundwork.communities import services as community_services
    from groundwork.core.services import audit_record

    staff = User.objects.create_user(email="staff@bench.example", name="Bench", is_staff=True)
    staff.is_superuser = True
    staff.save()
    tenants = []
    for tag in ("a", "b"):
        community = community_services.community_create(
            actor=staff, name=f"Bench {tag}", slug=f"bench-{tag}", kind="county"
        )
        tenants.append(community)
    secrets: dict[str, str] = {}
    webhooks = []
    receiver = Receiver(secrets, args.failure_rate, args.seed)
    for community in tenants:
        path = f"/hooks/{community.slug}"
        webhook, secret = webhook_create(
            actor=staff,
            community=community,
            url=f"http://127.0.0.1:{receiver.port}{path}",
            events=[EVENT],
        )
        secrets[path] = secret
        receiver.acked[path] = Counter()
        webhooks.append(webhook)

    counts = {tenants[0].slug: args.events, tenants[1].slug: args.other_events}
    log(f"record {sum(counts.values())} events (two tenants) and fan out")
    started = time.perf_counter()
    for community, count in zip(tenants, counts.values(), strict=True):
        for start in range(0, count, 500):
            with transaction.atomic():
                for n in range(start, min(start + 500, count)):
                    audit_record(
                        action=EVENT,
                        community=community,
                        actor_label="bench",
                        details={"n": n},
                    )
    fan_out_s = time.perf_counter() - started
    expected = sum(counts.values())
    made = WebhookDelivery.objects.count()
    log(f"{made} deliveries queued in {fan_out_s:.1f} s; start {args.workers} workers")

    env = dict(os.environ)
    workers = [
        subprocess.Popen(
            [sys.executable, "manage.py", "worker", "--interval", "0.2", "--no-reload"],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        for _ in range(args.workers)
    ]
    drain_started = time.perf_counter()
    try:
        while True:
            pending = WebhookDelivery.objects.filter(status=WebhookDelivery.Status.PENDING).count()
            if pending == 0:
                break
            if time.perf_counter() - drain_started > CHILD_TIMEOUT - 300:
                log(f"giving up with {pending} pending")
                break
            time.sleep(0.5)
    finally:
        for worker in workers:
            os.killpg(worker.pid, signal.SIGTERM)
        for worker in workers:
            worker.wait(30)
    drain_s = time.perf_counter() - drain_started

    deliveries = WebhookDelivery.objects.all()
    attempts = Counter(deliveries.values_list("attempts", flat=True))
    by_status = Counter(deliveries.values_list("status", flat=True))
    seen: dict[str, Any] = {}
    for community, webhook in zip(tenants, webhooks, strict=True):
        path = f"/hooks/{community.slug}"
        ids = {str(i) for i in webhook.deliveries.values_list("event_id", flat=True)}
        acked = receiver.acked[path]
        seen[community.slug] = {
            "events": counts[community.slug],
            "deliveries": len(ids),
            "acknowledged_once": sum(1 for i in ids if acked[i] == 1),
            "duplicates": sum(acked[i] - 1 for i in ids if acked[i] > 1),
            "misses": sum(1 for i in ids if acked[i] == 0),
            "foreign": sum(1 for i in acked if i not in ids),
        }
    total_attempts = sum(k * v for k, v in attempts.items())
    rate = args.failure_rate
    result = {
        "database": "postgresql",
        "database_info": database_info(),
        "events": expected,
        "deliveries": made,
        "fan_out_seconds": round(fan_out_s, 1),
        "drain_seconds": round(drain_s, 1),
        "deliveries_per_second": round(made / drain_s, 1) if drain_s else None,
        "attempts_per_second": round(total_attempts / drain_s, 1) if drain_s else None,
        "attempts": total_attempts,
        "attempts_histogram": {str(k): v for k, v in sorted(attempts.items())},
        "status": dict(by_status),
        "failures_answered": receiver.failed,
        "bad_signatures": receiver.bad_signatures,
        "receiver": seen,
        "first_retry_seconds": args.first_retry,
        "production_waits": {
            "first_retry_seconds": 30,
            "note": "an event failing k times in a row waits 30·(2^k − 1) s before its "
            "next try; with this failure rate the expected number of events failing k "
            "times is events·rate^k",
            "expected_events_failing_k_times": {
                str(k): round(expected * rate**k, 2) for k in range(1, 7)
            },
        },
    }
    args.partial.write_text(json.dumps(result, indent=2))
    return 0


# --- the parent ---------------------------------------------------------------------------------


def summary_lines(results: dict[str, Any]) -> list[str]:
    res = results["result"]
    if "error" in res:
        return [f"FAILED: {res['error']}"]
    lines = [
        f"{res['events']} events → {res['deliveries']} deliveries; fan-out "
        f"{res['fan_out_seconds']} s; drained in {res['drain_seconds']} s "
        f"({res['deliveries_per_second']} deliveries/s, {res['attempts']} attempts, "
        f"{res['failures_answered']} answered 500)",
    ]
    for slug, seen in res["receiver"].items():
        lines.append(
            f"{slug}: {seen['acknowledged_once']} of {seen['deliveries']} acknowledged once; "
            f"duplicates {seen['duplicates']}, misses {seen['misses']}, "
            f"other tenant's {seen['foreign']}"
        )
    lines.append(
        f"PostgreSQL; {results['parameters']['workers']} workers; first retry after "
        f"{res['first_retry_seconds']} s (production: 30 s); cores: "
        f"{results['machine']['cpu_count']}"
    )
    return lines


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        return child(args)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.perf_counter()
    names = ("events", "other_events", "failure_rate", "workers", "first_retry", "seed", "quick")
    results = results_header(
        "webhooks", {k: getattr(args, k) for k in names}, ("django", "psycopg", "django_tasks")
    )
    from cryptography.fernet import Fernet

    env = bench_env()
    env.update(
        {
            # Endpoint secrets are encrypted at rest: keys made for this run only.
            "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
            "FIELD_LOOKUP_KEY": "bench-lookup-" + os.urandom(16).hex(),
            "WEBHOOKS_ALLOW_HTTP": "true",
            "WEBHOOKS_ALLOW_PRIVATE": "true",
            "WEBHOOKS_RETRY_FIRST_SECONDS": str(args.first_retry),
        }
    )
    command = harness_child_argv(__file__, args, names)
    results["result"] = run_child(
        command, label="webhooks", timeout=CHILD_TIMEOUT, postgres=True, env=env
    )
    write_results(results, args.output, started, summary_lines)
    return 1 if "error" in results["result"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
