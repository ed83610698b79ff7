"""Field mode: 500 answers captured offline in a real Chromium, then sent when the network
comes back; the same again with the server killed and restarted halfway through the sync.

    .venv/bin/python bench/field.py        # `make bench-field`, ~5 minutes on 2 cores

In a temporary directory: a SQLite database with the demo (`make run`'s steps), three
processes of the demo community taking answers, and Django's server (static files through
WhiteNoise, as `make run` serves them). Chromium (Debian's, through Playwright) signs in as
the demo coordinator, opens capture mode of each process while online (the service worker
keeps the pages), switches the network off (Playwright's offline mode) and types 500 answers,
one submission each, spread over the three processes. Then the network is switched on and the
waiting page is opened: the time until every answer is stored is measured, with the count
stored vs captured and the duplicates (must be 0). The second run kills the server (SIGKILL)
once half are stored, starts it again, and opens the waiting page again (the next page load
sends what is left). Beside it, the same browser fetches /healthz 500 times one after the
other: the ratio of the sync time to that trivial request loop is the figure to compare across
machines. Writes bench/results/field.json.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from firstload import _free_port, _python, log  # noqa: E402

COUNT_IS = "(n) => document.querySelector('[data-field-count]').textContent.endsWith(': ' + n)"
RESULTS = ROOT / "bench" / "results" / "field.json"
CHROMIUM = "/usr/bin/chromium"
ANSWERS = int(os.environ.get("FIELD_ANSWERS", "500"))
PROCESSES = ("field-a", "field-b", "field-c")
COMMUNITY = "alder-county"
SETUP = """
from groundwork.accounts.models import User
from groundwork.communities.models import Community
from groundwork.planning import services
coordinator = User.objects.get(email="coordinator@example.org")
community = Community.objects.get(slug="%s")
for slug in %r:
    services.process_create(actor=coordinator, community=community, title=slug, slug=slug)
"""


class Server:
    """Django's server on the bench database; killed and started again on demand."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "DEBUG": "true",
            "DATABASE_URL": f"sqlite:///{workdir / 'groundwork.sqlite3'}",
        }
        for name in ("STATICFILES_BACKEND", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"):
            self.env.pop(name, None)
        self.process: subprocess.Popen[bytes] | None = None

    def prepare(self) -> None:
        py = _python()
        for step in (["collectstatic", "--noinput", "-v0"], ["migrate", "--noinput", "-v0"]):
            subprocess.run([py, "manage.py", *step], cwd=ROOT, env=self.env, check=True)
        subprocess.run(
            [py, "manage.py", "load_demo"],
            cwd=ROOT,
            env=self.env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        subprocess.run(
            [py, "manage.py", "shell", "-c", SETUP % (COMMUNITY, PROCESSES)],
            cwd=ROOT,
            env=self.env,
            check=True,
        )

    def start(self) -> None:
        log_file = (self.workdir / "server.log").open("a")
        self.process = subprocess.Popen(  # noqa: S603 - our own server
            [
                _python(),
                "manage.py",
                "runserver",
                "--noreload",
                "--nostatic",
                f"127.0.0.1:{self.port}",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2):  # noqa: S310
                    return
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("the server did not start") from None
                time.sleep(0.2)

    def kill(self) -> None:
        if self.process is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
            self.process = None


def _stored(db: Path, tag: str) -> tuple[int, int, int]:
    """Answers of this run stored: rows, distinct texts, distinct submissions."""
    with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)) as con:
        row = con.execute(
            "SELECT count(*), count(DISTINCT text), count(DISTINCT process_id || idempotency_key)"
            " FROM planning_contribution WHERE text LIKE ?",
            (f"{tag} %",),
        ).fetchone()
    return int(row[0]), int(row[1]), int(row[2])


def _capture_offline(page: Any, tag: str) -> float:
    """Open each capture page online (kept by the service worker), go offline, then type the
    answers process by process, opening each capture page again from the device's copy."""
    urls = [f"/c/{COMMUNITY}/p/{slug}/capture/" for slug in PROCESSES]
    for url in urls:
        page.goto(url)
        page.wait_for_function("() => navigator.serviceWorker.controller !== null")
        page.reload()
    page.context.set_offline(True)
    started = time.monotonic()
    n = 0
    for i, url in enumerate(urls):
        page.goto(url)
        share = ANSWERS // len(urls) + (1 if i < ANSWERS % len(urls) else 0)
        for _ in range(share):
            page.get_by_label("Answers, one per line").fill(f"{tag} answer {n} typed offline")
            page.get_by_role("button", name="Save these answers").click()
            n += 1
            page.wait_for_function(COUNT_IS, arg=n)
            if n % 50 == 0:
                log(f"  {n} captured offline")
    return time.monotonic() - started


def _run(browser: Any, server: Server, tag: str, *, kill_halfway: bool) -> dict[str, Any]:
    db = server.workdir / "groundwork.sqlite3"
    context = browser.new_context(base_url=server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(60_000)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("E-mail address").fill("coordinator@example.org")
    page.get_by_label("Password").fill("resilience-demo")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda u: "/login" not in u)
    capture_seconds = _capture_offline(page, tag)
    assert _stored(db, tag)[0] == 0, "nothing may be sent while offline"
    context.set_offline(False)
    started = time.monotonic()
    page.goto("/field/waiting/")
    restarts = 0
    while True:
        rows, _texts, _keys = _stored(db, tag)
        if kill_halfway and restarts == 0 and rows >= ANSWERS // 2:
            server.kill()
            killed_at = rows
            time.sleep(1)
            server.start()
            restarts = 1
            log(f"server killed with {killed_at} stored, started again")
            page.goto("/field/waiting/")  # the next page load sends what is left
        if rows >= ANSWERS:
            break
        if time.monotonic() - started > 900:
            break
        time.sleep(0.05)
    seconds = time.monotonic() - started
    page.wait_for_function(
        "() => document.querySelector('[data-field-count]').hidden", timeout=120_000
    )
    time.sleep(2)  # anything still in flight would show as a duplicate
    rows, texts, keys = _stored(db, tag)
    # The trivial request loop in the same browser, same run.
    trivial = page.evaluate(
        """async (n) => {
          const t0 = performance.now();
          for (let i = 0; i < n; i++) await (await fetch('/healthz', {cache: 'no-store'})).text();
          return (performance.now() - t0) / 1000;
        }""",
        ANSWERS,
    )
    context.close()
    return {
        "captured": ANSWERS,
        "stored": rows,
        "duplicates": rows - texts,
        "distinct_submissions": keys,
        "stored_equals_captured": rows == ANSWERS and texts == ANSWERS,
        "capture_offline_seconds": round(capture_seconds, 2),
        "seconds_until_all_stored": round(seconds, 2),
        "healthz_loop_seconds": round(trivial, 2),
        "ratio_to_healthz_loop": round(seconds / trivial, 2) if trivial else None,
        "server_killed_and_restarted": bool(restarts),
        **({"stored_when_killed": killed_at} if restarts else {}),
    }


def main() -> None:
    from playwright.sync_api import sync_playwright

    # Stopped from outside (Ctrl-C, TERM): the server is killed on the way out all the same.
    signal.signal(signal.SIGTERM, lambda *_args: sys.exit(143))

    results: dict[str, Any] = {
        "machine": {"nproc": os.cpu_count(), "python": platform.python_version()},
        "answers": ANSWERS,
        "processes": len(PROCESSES),
    }
    with tempfile.TemporaryDirectory(prefix="gw-field-") as tmp:
        server = Server(Path(tmp))
        log("preparing the demo database")
        server.prepare()
        server.start()
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM,
                    headless=True,
                    args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"],
                )
                for name, tag, kill in (
                    ("sync", "run1", False),
                    ("sync_server_killed", "run2", True),
                ):
                    log(f"{name}: capturing {ANSWERS} answers offline")
                    results[name] = _run(browser, server, tag, kill_halfway=kill)
                    log(f"{name}: {json.dumps(results[name])}")
                browser.close()
        finally:
            server.kill()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    ok = all(results[k]["stored_equals_captured"] for k in ("sync", "sync_server_killed"))
    log(f"wrote {RESULTS.relative_to(ROOT)}; stored == captured, no duplicates: {ok}")
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
