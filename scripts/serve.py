"""Serve Groundwork locally: the web server, with the background worker and the scheduler
beside it. Ctrl-C (or TERM) stops all three, and this process exits only once every one of them
has exited and been reaped. The worker and the scheduler are supervised: if one exits, it is
started again after `WORKER_RESTART_DELAY` seconds (2). If the web server exits, the others are
stopped and its exit status is this process's. A worker still running a task when it is stopped
leaves it to be queued again (every task is safe to run twice).

Each runs as `$PY manage.py ...` (PY: this Python by default); ADDR is where the web server
listens (127.0.0.1:8000).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POLL_SECONDS = 0.1
STOP_GRACE_SECONDS = 15
CTRL_C_OWN_WAIT_SECONDS = 3


@dataclass
class Child:
    name: str
    args: list[str]
    restart: bool
    process: subprocess.Popen[bytes] | None = None
    start_at: float = 0.0

    def start(self, python: str) -> None:
        self.process = subprocess.Popen([python, "manage.py", *self.args], cwd=ROOT)  # noqa: S603


def _stop(children: list[Child], own_wait: float) -> None:
    """Give the children `own_wait` seconds to exit by themselves, then TERM each one still
    running and wait for it; KILL one that outlasts the grace period."""
    running = [c.process for c in children if c.process is not None]
    deadline = time.monotonic() + own_wait
    while time.monotonic() < deadline and any(p.poll() is None for p in running):
        time.sleep(POLL_SECONDS)
    for process in running:
        if process.poll() is None:
            process.terminate()
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for process in running:
        try:
            process.wait(max(deadline - time.monotonic(), 0.1))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def main() -> int:
    python = os.environ.get("PY") or sys.executable
    addr = os.environ.get("ADDR", "127.0.0.1:8000")
    delay = float(os.environ.get("WORKER_RESTART_DELAY", "2"))
    stop_status: list[int] = []  # set once, by a signal or by the web server's exit

    def on_signal(signum: int, _frame: object) -> None:
        if not stop_status:
            stop_status.append(128 + signum)

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)

    server = Child("web server", ["runserver", "--noreload", "--nostatic", addr], restart=False)
    children = [
        Child("background worker", ["worker", "--interval", "1", "--no-reload"], restart=True),
        Child("scheduler", ["scheduler", "--interval", "20"], restart=True),
        server,  # static files: WhiteNoise, compressed
    ]
    try:
        for child in children:
            child.start(python)
        print(
            f"Groundwork is at http://{addr}/  "
            "(Ctrl-C stops the server, the worker and the scheduler)",
            flush=True,
        )
        while not stop_status:
            now = time.monotonic()
            for child in children:
                if child.process is None:
                    if now >= child.start_at and not stop_status:
                        child.start(python)
                    continue
                status = child.process.poll()
                if status is None:
                    continue
                if not child.restart:
                    stop_status.append(status)
                    break
                print(
                    f"The {child.name} exited (status {status}); starting it again in {delay:g}s.",
                    file=sys.stderr,
                    flush=True,
                )
                child.process, child.start_at = None, now + delay
            time.sleep(POLL_SECONDS)
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the stop short
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        # A terminal's Ctrl-C reaches the whole process group: each child is already stopping,
        # and the worker finishes its task first unless a second signal forces it.
        _stop(children, own_wait=CTRL_C_OWN_WAIT_SECONDS if stop_status == [130] else 0)
    return stop_status[0]


if __name__ == "__main__":
    sys.exit(main())
