"""The newsletter benchmark: one issue sent to 50,000 confirmed subscribers through a local
SMTP sink, with the background worker killed (SIGKILL) half-way and started again.

    python bench/newsletters.py                       # 50,000 subscribers (a few minutes)
    python bench/newsletters.py --subscribers 2000    # a smoke test

A throwaway SQLite database is migrated and filled (a network, a community, a list, the
subscribers half in English and half in Spanish, one scheduled issue); the periodic job
enqueues the issue; `manage.py worker` sends it through Django's SMTP backend to an aiosmtpd
sink (its own process, writing every message's recipient and Message-ID to a file). When the
sink has about 40% of the messages the worker is killed with SIGKILL; a new worker finds the
interrupted task (its process is gone), runs it again and the send resumes from the
per-recipient records. Reported: messages per second before the kill and after the restart,
the worker's peak resident memory (VmHWM), and from the sink's file the recipients who got the
issue twice (duplicates) or never (misses). Results: bench/results/newsletters.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from harness import bench_env, free_port, log, merge_into  # noqa: E402

RESULTS = HERE / "results" / "newsletters.json"
PY = sys.executable


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--subscribers", type=int, default=50_000)
    p.add_argument("--kill-at", type=float, default=0.4, help="share sent before the kill")
    p.add_argument("--output", type=Path, default=RESULTS)
    p.add_argument("--sink", type=int, help=argparse.SUPPRESS)
    p.add_argument("--sink-file", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--seed", action="store_true", help=argparse.SUPPRESS)
    return p.parse_args(argv)


# --- The SMTP sink (its own process) ----------------------------------------------------------


def run_sink(port: int, path: Path) -> None:
    from aiosmtpd.controller import Controller

    out = path.open("a", buffering=1)

    class Handler:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            message_id = ""
            for line in envelope.content.split(b"\r\n"):
                if not line:
                    break
                if line.lower().startswith(b"message-id:"):
                    message_id = line.split(b":", 1)[1].strip().decode()
            for rcpt in envelope.rcpt_tos:
                out.write(f"{rcpt}\t{message_id}\n")
            return "250 OK"

    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
    try:
        asyncio.run(asyncio.sleep(10**9))
    finally:
        controller.stop()


# --- Seeding (a child with Django set up) ---------------------------------------------------


def seed(count: int) -> None:
    import django

    django.setup()
    from django.utils import timezone

    from groundwork.communities.models import Community, Network
    from groundwork.newsletters.models import Issue, MailingList, Subscription
    from groundwork.newsletters.tasks import newsletters_send_due

    network = Network.objects.create(name="Bench network", slug="bench")
    community = Community.objects.create(name="Bench County", slug="bench", network=network)
    news = MailingList.objects.create(
        community=community,
        slug="news",
        name_en="News",
        name_es="Noticias",
        rate_per_minute=10_000_000,  # the bench measures throughput, not the limit
    )
    now = timezone.now()
    Subscription.objects.bulk_create(
        [
            Subscription(
                mailing_list=news,
                email=f"person{n}@bench.example",
                language="es" if n % 2 else "en",
                confirmed_at=now,
            )
            for n in range(count)
        ],
        batch_size=2000,
    )
    Issue.objects.create(
        mailing_list=news,
        subject_en="June news",
        subject_es="Noticias de junio",
        body_en="The clinic bus runs every Tuesday.\n" * 20,
        body_es="El autobús a la clínica pasa cada martes.\n" * 20,
        blocks=["plan-updates", "new-surveys"],
        status=Issue.Status.SCHEDULED,
        send_at=now,
    )
    assert newsletters_send_due.call(base_url="https://bench.example") == 1


# --- The run ----------------------------------------------------------------------------------


def lines(path: Path) -> list[str]:
    return path.read_text().splitlines() if path.exists() else []


class LineCounter:
    """Counts the sink file's lines as it grows, reading only what was added."""

    def __init__(self, path: Path) -> None:
        self.path, self.offset, self.count = path, 0, 0

    def __call__(self) -> int:
        if self.path.exists():
            with self.path.open("rb") as f:
                f.seek(self.offset)
                added = f.read()
            complete = added.rfind(b"\n") + 1
            self.count += added[:complete].count(b"\n")
            self.offset += complete
        return self.count


def vm_hwm_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def issue_status(db: Path) -> str:
    with sqlite3.connect(db, timeout=30) as conn:
        row = conn.execute("select status from newsletters_issue").fetchone()
    return row[0] if row else ""


def start_worker(env: dict[str, str], log_path: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [PY, "manage.py", "worker", "--interval", "0.2", "--no-reload", "--recover-every", "2"],
        cwd=ROOT,
        env=env,
        stdout=log_path.open("ab"),
        stderr=subprocess.STDOUT,
    )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.sink:
        run_sink(args.sink, args.sink_file)
        return 0
    if args.seed:
        seed(args.subscribers)
        return 0
    total = args.subscribers
    with tempfile.TemporaryDirectory(prefix="gw-newsletters-") as tmp_name:
        tmp = Path(tmp_name)
        db = tmp / "bench.sqlite3"
        sink_file = tmp / "sink.tsv"
        port = free_port()
        env = bench_env()
        env.update(
            {
                "DATABASE_URL": f"sqlite:///{db}",
                "EMAIL_URL": f"smtp://127.0.0.1:{port}",
                "SITE_URL": "https://bench.example",
                "CACHE_URL": f"filecache://{tmp / 'cache'}",
                "PYTHONPATH": str(ROOT),
            }
        )
        sink = subprocess.Popen(
            [PY, __file__, "--sink", str(port), "--sink-file", str(sink_file)], cwd=ROOT
        )
        workers: list[subprocess.Popen[bytes]] = []
        try:
            log("migrating a fresh SQLite database")
            subprocess.run(
                [PY, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
            )
            log(f"seeding {total} confirmed subscribers and one scheduled issue")
            subprocess.run(
                [PY, __file__, "--seed", "--subscribers", str(total)],
                cwd=ROOT,
                env=env,
                check=True,
            )
            worker_log = tmp / "worker.log"
            started = time.perf_counter()
            worker = start_worker(env, worker_log)
            workers.append(worker)
            kill_at = int(total * args.kill_at)
            counted = LineCounter(sink_file)
            first_seen = None
            peak_first = 0
            while True:
                count = counted()
                if count and first_seen is None:
                    first_seen = (time.perf_counter(), count)
                peak_first = max(peak_first, vm_hwm_kib(worker.pid))
                if count >= kill_at:
                    break
                if worker.poll() is not None:
                    raise SystemExit(
                        "the worker exited before the kill:\n" + worker_log.read_text()
                    )
                time.sleep(0.02)
            os.kill(worker.pid, signal.SIGKILL)
            killed_at = time.perf_counter()
            worker.wait()
            time.sleep(0.2)
            at_kill = counted()
            assert first_seen is not None
            before_rate = (at_kill - first_seen[1]) / (killed_at - first_seen[0])
            log(f"killed the worker (SIGKILL) after {at_kill} messages; starting a new one")
            time.sleep(1.0)
            restarted = time.perf_counter()
            worker = start_worker(env, worker_log)
            workers.append(worker)
            resumed_seen = None
            peak_second = 0
            deadline = time.monotonic() + 3600
            while time.monotonic() < deadline:
                count = counted()
                if count > at_kill and resumed_seen is None:
                    resumed_seen = (time.perf_counter(), count)
                peak_second = max(peak_second, vm_hwm_kib(worker.pid))
                if issue_status(db) == "sent":
                    break
                time.sleep(0.2)
            finished = time.perf_counter()
            worker.send_signal(signal.SIGTERM)
            worker.wait(60)
            time.sleep(0.5)  # the sink writes what it accepted
            received = [line.split("\t") for line in lines(sink_file)]
        finally:
            for process in [*workers, sink]:
                if process.poll() is None:
                    process.kill()
                    process.wait()
        per_recipient = Counter(rcpt for rcpt, _mid in received)
        per_message_id = Counter(mid for _rcpt, mid in received)
        expected = {f"person{n}@bench.example" for n in range(total)}
        duplicates = sum(n - 1 for n in per_recipient.values() if n > 1)
        misses = len(expected - set(per_recipient))
        with sqlite3.connect(db) as conn:
            statuses = dict(
                conn.execute("select status, count(*) from newsletters_delivery group by status")
            )
        after_rate = (
            (len(received) - resumed_seen[1]) / (finished - resumed_seen[0])
            if resumed_seen and finished > resumed_seen[0]
            else None
        )
        result = {
            "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": {
                "nproc": os.cpu_count(),
                "python": platform.python_version(),
                "platform": platform.platform(),
            },
            "database": "sqlite",
            "transport": "Django's SMTP backend, one connection per send run, to an aiosmtpd sink",
            "subscribers": total,
            "messages_received": len(received),
            "messages_per_second_before_kill": round(before_rate, 1),
            "messages_per_second_after_restart": round(after_rate, 1) if after_rate else None,
            "wall_seconds_total": round(finished - started, 1),
            "restart_to_first_message_seconds": round(resumed_seen[0] - restarted, 2)
            if resumed_seen
            else None,
            "worker_peak_rss_mib": {
                "before_kill": round(peak_first / 1024, 1),
                "after_restart": round(peak_second / 1024, 1),
            },
            "killed_after_messages": at_kill,
            "duplicates": duplicates,
            "duplicate_message_ids": sum(n - 1 for n in per_message_id.values() if n > 1),
            "misses": misses,
            "delivery_records": statuses,
        }
    log(json.dumps(result, indent=2))
    merge_into(args.output, "send", result)
    return 0 if duplicates == 0 and misses == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
