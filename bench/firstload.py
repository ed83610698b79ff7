"""First-load bytes: what a browser with an empty cache transfers to show the home page and the
answer form, with the server started exactly as `make run` starts it.

    .venv/bin/python bench/firstload.py --label after      # ~1 minute
    .venv/bin/python bench/firstload.py --label before     # on an older checkout, for comparison

The run copies nothing: in a temporary directory it makes a SQLite database, then runs the
`make run` steps on it (collectstatic, migrate, load_demo, scripts/serve.py on a free port of
127.0.0.1), opens each page in a fresh Chromium context (no cache, no cookies, 360 x 740) and
adds up the bytes that came over the wire for every response (Chrome DevTools Protocol
`Network.loadingFinished.encodedDataLength`: headers and the body as sent, compressed or not).
The result is merged into bench/results/firstload.json under the label; other labels are kept.

`measure_first_load()` is also used by tests/browser/test_firstload.py.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "firstload.json"
CHROMIUM = "/usr/bin/chromium"
PAGES = {
    "home": "/",
    "answer_form": "/c/alder-county/p/resilience-plan/answer/",
}


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S', time.gmtime())}Z] {message}", file=sys.stderr, flush=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _python() -> str:
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


@contextlib.contextmanager
def make_run_server(workdir: Path) -> Iterator[str]:
    """The demo served as `make run` serves it, on a throwaway SQLite database; yields its URL."""
    port = _free_port()
    env = {
        **os.environ,
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{workdir / 'groundwork.sqlite3'}",
        "ADDR": f"127.0.0.1:{port}",
    }
    # Variables a test run sets must not change how `make run` serves.
    for name in ("STATICFILES_BACKEND", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    py = _python()
    for step in (["collectstatic", "--noinput", "-v0"], ["migrate", "--noinput", "-v0"]):
        subprocess.run([py, "manage.py", *step], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [py, "manage.py", "load_demo"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )
    log_file = (workdir / "server.log").open("w")
    server = subprocess.Popen(  # noqa: S603 - our own script
        [py, "scripts/serve.py"],
        cwd=ROOT,
        env=env,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url + "/healthz", timeout=2):  # noqa: S310
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        "the server did not start:\n" + (workdir / "server.log").read_text()
                    ) from None
                time.sleep(0.3)
        yield url
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log_file.close()


def measure_first_load(browser: Any, url: str) -> dict[str, Any]:
    """Bytes transferred to load `url` in a fresh context with an empty cache (phone-sized)."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="en-US")
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        responses: dict[str, dict[str, Any]] = {}

        def on_response(event: dict[str, Any]) -> None:
            response = event["response"]
            headers = {k.lower(): v for k, v in response.get("headers", {}).items()}
            responses[event["requestId"]] = {
                "url": response["url"],
                "status": response["status"],
                "encoding": headers.get("content-encoding", ""),
                "bytes": 0,
            }

        def on_finished(event: dict[str, Any]) -> None:
            if event["requestId"] in responses:
                responses[event["requestId"]]["bytes"] = int(event["encodedDataLength"])

        cdp.on("Network.responseReceived", on_response)
        cdp.on("Network.loadingFinished", on_finished)
        page.goto(url, wait_until="load")
        page.wait_for_load_state("networkidle")
        # A browser asks for the page's icon (/favicon.ico when the page names none); headless
        # Chromium does not always, so ask as a browser would when it has not.
        if not any("icon" in r["url"].rsplit("/", 1)[-1] for r in responses.values()):
            page.evaluate(
                """() => fetch(document.querySelector('link[rel~=icon]')?.href || '/favicon.ico')
                    .then(r => r.arrayBuffer()).catch(() => 0)"""
            )
            page.wait_for_load_state("networkidle")
        page.wait_for_timeout(300)
        cdp.detach()
    finally:
        context.close()
    base = url.split("/", 3)[:3]
    prefix = "/".join(base)
    rows = sorted(
        (
            {**r, "url": r["url"].removeprefix(prefix)}
            for r in responses.values()
            if r["url"].startswith("http")
        ),
        key=lambda r: -r["bytes"],
    )
    return {"total_bytes": sum(r["bytes"] for r in rows), "responses": rows}


def run(label: str) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="gw-firstload-") as tmp:
        log("preparing the demo as `make run` does (collectstatic, migrate, load_demo)")
        with make_run_server(Path(tmp)) as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
            )
            try:
                pages = {
                    name: measure_first_load(browser, url + path) for name, path in PAGES.items()
                }
            finally:
                browser.close()
    git = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    return {
        "label": label,
        "commit": git.stdout.strip(),
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "python": platform.python_version(),
        "viewport": "360x740, empty cache",
        "pages": {name: {"path": PAGES[name], **data} for name, data in pages.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--label", default="after", help="key in the results file")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    result = run(args.label)
    existing: dict[str, Any] = {}
    if args.output.exists():
        existing = json.loads(args.output.read_text())
    existing[args.label] = result
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(existing, indent=2) + "\n")
    for name, data in result["pages"].items():
        log(f"{name}: {data['total_bytes'] / 1000:.1f} kB in {len(data['responses'])} responses")
        for row in data["responses"]:
            log(f"    {row['bytes']:>8} {row['status']} {row['encoding'] or '-':<5} {row['url']}")
    log(f"written to {args.output}")


if __name__ == "__main__":
    main()
