"""Load generators for the benchmarks, loopback only, every loop bounded in time and count.

- `run_wrk`: Debian's `wrk` at a fixed number of connections for a fixed duration, with
  `wrk_report.lua` printing latency percentiles as JSON.
- `run_python_get`: the same measurement from Python threads (http.client), used only when
  wrk is not installed; it costs the server more CPU on a small machine, so the JSON says
  which generator ran.
- `run_submissions`: concurrent form clients, each with its own cookies: GET the answer form
  once (CSRF cookie and token), then POST submissions with a fresh idempotency key each,
  expecting a 302 to the thanks page.
- `run_api_writes`: concurrent API clients POSTing JSON with a bearer token and a fresh
  `Idempotency-Key` each, expecting 201.
- `run_votes`: concurrent voters, each with its own cookies, voting on one statement after
  another as the voting page offers them: with htmx (the POST answers 200 with the next card)
  or as plain forms (the POST answers 302, then the page is fetched again).

No Django imports: this talks HTTP to a server on 127.0.0.1.
"""

from __future__ import annotations

import http.client
import json
import math
import random
import re
import shutil
import subprocess
import threading
import time
import uuid
from collections.abc import Callable
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
LOOPBACK = "127.0.0.1"
_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_STATEMENT = re.compile(r'name="statement" value="(\d+)"')


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of unsorted values; 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def wrk_version() -> str | None:
    if not shutil.which("wrk"):
        return None
    out = subprocess.run(["wrk", "-v"], capture_output=True, text=True, timeout=10)
    first = (out.stdout or out.stderr).strip().splitlines()
    return first[0] if first else "wrk"


def _check_loopback(host: str) -> None:
    if host not in (LOOPBACK, "localhost", "::1"):
        raise ValueError(f"Load goes to loopback only, not {host!r}")


class _Run:
    """What the client threads of one timed run share: a clock started once every client is
    ready (after its untimed set-up), a cap on the requests, the timings, and the errors with
    a few kept as samples."""

    def __init__(self, clients: int, duration: float, cap: int) -> None:
        self.lock = threading.Lock()
        self.clients = clients
        self.duration = duration
        self.cap = cap
        self.count = 0
        self.succeeded = 0
        self.latencies: list[float] = []
        self.errors: dict[str, int] = {}
        self.samples: list[str] = []
        self.started = 0.0
        self.deadline = 0.0
        self.ready = threading.Barrier(clients + 1, action=self._start_clock, timeout=120)

    def _start_clock(self) -> None:  # run once, by the barrier, before anyone is released
        self.started = time.perf_counter()
        self.deadline = self.started + self.duration

    def error(self, kind: str, detail: str) -> None:
        with self.lock:
            self.errors[kind] = self.errors.get(kind, 0) + 1
            if len(self.samples) < 5:
                self.samples.append(f"{kind}: {detail[:200]}")

    def wait(self) -> bool:
        """A client's set-up is done: wait for the others; False if the run was given up."""
        try:
            self.ready.wait()
        except threading.BrokenBarrierError:
            return False
        return True

    def take(self) -> bool:
        """One more request, if the time and the cap allow."""
        if time.perf_counter() >= self.deadline:
            return False
        with self.lock:
            if self.count >= self.cap:
                return False
            self.count += 1
        return True

    def success(self) -> None:
        with self.lock:
            self.succeeded += 1

    def keep(self, latencies: list[float]) -> None:
        with self.lock:
            self.latencies.extend(latencies)

    def go(self, worker: Callable[[int], None]) -> float:
        """Run `worker(index)` in every client thread; the seconds from the start of the
        clock to the last client's end."""
        threads = [
            threading.Thread(target=worker, args=(i,), daemon=True) for i in range(self.clients)
        ]
        for t in threads:
            t.start()
        self.ready.wait()
        for t in threads:
            t.join(self.duration + 120)
        return time.perf_counter() - self.started

    def figures(self) -> dict[str, Any]:
        lat = self.latencies
        return {
            "p50_ms": round(percentile(lat, 50), 3),
            "p95_ms": round(percentile(lat, 95), 3),
            "p99_ms": round(percentile(lat, 99), 3),
            "max_ms": round(max(lat, default=0.0), 3),
            "errors": self.errors,
            "error_count": sum(self.errors.values()),
            "error_samples": self.samples,
        }


def run_wrk(
    *,
    port: int,
    path: str,
    connections: int,
    duration: float,
    headers: dict[str, str] | None = None,
    timeout: float = 30.0,
) -> dict[str, Any]:
    """One wrk run; latencies in milliseconds, throughput in requests per second."""
    command = [
        "wrk",
        "-t1",
        f"-c{connections}",
        f"-d{max(1, round(duration))}s",
        f"--timeout={round(timeout)}s",
        "-s",
        str(HERE / "wrk_report.lua"),
    ]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    command.append(f"http://{LOOPBACK}:{port}{path}")
    out = subprocess.run(
        command, capture_output=True, text=True, timeout=duration + timeout + 30, check=True
    )
    line = next((x for x in out.stdout.splitlines() if x.startswith("WRK_JSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no report:\n{out.stdout}\n{out.stderr}")
    raw = json.loads(line.removeprefix("WRK_JSON "))
    seconds = raw["duration_us"] / 1e6
    lat = raw["latency_us"]
    errors = raw["errors"]
    return {
        "requests": raw["requests"],
        "seconds": round(seconds, 3),
        "rps": round(raw["requests"] / seconds, 2) if seconds else 0.0,
        "p50_ms": lat["p50"] / 1000,
        "p90_ms": lat["p90"] / 1000,
        "p95_ms": lat["p95"] / 1000,
        "p99_ms": lat["p99"] / 1000,
        "max_ms": lat["max"] / 1000,
        "mean_ms": round(lat["mean"] / 1000, 3),
        "errors": errors,
        "error_count": sum(errors.values()),
        "bytes": raw["bytes"],
    }


def _request(
    conn: http.client.HTTPConnection,
    method: str,
    path: str,
    headers: dict[str, str],
    body: bytes | None = None,
) -> tuple[int, http.client.HTTPMessage, bytes]:
    """One request on a keep-alive-or-not connection; reconnects once if the server closed it."""
    for attempt in range(2):
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
            if response.will_close:
                conn.close()
            return response.status, response.headers, data
        except (ConnectionError, http.client.RemoteDisconnected, http.client.BadStatusLine):
            conn.close()
            if attempt:
                raise
    raise AssertionError("unreachable")


def run_python_get(
    *,
    port: int,
    path: str,
    connections: int,
    duration: float,
    headers: dict[str, str] | None = None,
    max_requests: int = 200_000,
) -> dict[str, Any]:
    """Closed-loop GETs from `connections` threads for `duration` seconds (or max_requests)."""
    latencies: list[float] = []
    errors = {"status": 0, "exception": 0}
    lock = threading.Lock()
    sent = [0]
    deadline = time.perf_counter() + duration

    def worker() -> None:
        conn = http.client.HTTPConnection(LOOPBACK, port, timeout=30)
        mine: list[float] = []
        while time.perf_counter() < deadline:
            with lock:
                if sent[0] >= max_requests:
                    break
                sent[0] += 1
            t0 = time.perf_counter()
            try:
                status, _, _ = _request(conn, "GET", path, dict(headers or {}))
            except (OSError, http.client.HTTPException):
                with lock:
                    errors["exception"] += 1
                continue
            mine.append((time.perf_counter() - t0) * 1000)
            if not 200 <= status < 400:
                with lock:
                    errors["status"] += 1
        conn.close()
        with lock:
            latencies.extend(mine)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(duration + 60)
    seconds = time.perf_counter() - started
    return {
        "requests": len(latencies),
        "seconds": round(seconds, 3),
        "rps": round(len(latencies) / seconds, 2) if seconds else 0.0,
        "p50_ms": round(percentile(latencies, 50), 3),
        "p90_ms": round(percentile(latencies, 90), 3),
        "p95_ms": round(percentile(latencies, 95), 3),
        "p99_ms": round(percentile(latencies, 99), 3),
        "max_ms": round(max(latencies, default=0.0), 3),
        "mean_ms": round(sum(latencies) / len(latencies), 3) if latencies else 0.0,
        "errors": errors,
        "error_count": sum(errors.values()),
    }


def run_load(*, generator: str, **kwargs: Any) -> dict[str, Any]:
    if generator == "wrk":
        return run_wrk(**kwargs)
    return run_python_get(**kwargs)


class FormClient:
    """One browser: its own connection and cookie jar."""

    def __init__(self, port: int, language: str) -> None:
        self.port = port
        self.conn = http.client.HTTPConnection(LOOPBACK, port, timeout=60)
        self.cookies: dict[str, str] = {}
        self.language = language

    def headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        h = {"Host": f"{LOOPBACK}:{self.port}", "Accept-Language": self.language}
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return {**h, **(extra or {})}

    def remember(self, message: http.client.HTTPMessage) -> list[str]:
        """Keep the cookies the response sets (and forget those it deletes); returns the names
        of the cookies set with a value."""
        set_names = []
        for header in message.get_all("Set-Cookie") or []:
            jar: SimpleCookie = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
                    set_names.append(name)
        return set_names

    def get(self, path: str) -> tuple[int, bytes]:
        status, message, body = _request(self.conn, "GET", path, self.headers())
        self.remember(message)
        return status, body

    def post(self, path: str, fields: dict[str, str]) -> tuple[int, str]:
        status, location, _, _ = self.post_full(path, fields)
        return status, location

    def post_full(
        self, path: str, fields: dict[str, str], extra: dict[str, str] | None = None
    ) -> tuple[int, str, bytes, list[str]]:
        """POST a form: (status, Location, body, names of the cookies the response set)."""
        body = urlencode(fields).encode()
        status, message, data = _request(
            self.conn,
            "POST",
            path,
            self.headers({"Content-Type": "application/x-www-form-urlencoded", **(extra or {})}),
            body,
        )
        set_names = self.remember(message)
        return status, message.get("Location", ""), data, set_names

    def close(self) -> None:
        self.conn.close()


def run_submissions(
    *,
    port: int,
    answer_path: str,
    thanks_path: str,
    clients: int,
    duration: float,
    max_submissions: int,
    make_answers: Callable[[random.Random, str], dict[str, str]],
    seed: int = 0,
    key_prefix: str = "bench",
) -> dict[str, Any]:
    """`clients` concurrent browsers POST answer forms for `duration` seconds (or until
    max_submissions). Only POSTs are timed; each must be a 302 to the thanks page."""
    run = _Run(clients, duration, max_submissions)
    answers_sent = [0]
    error = run.error

    def worker(index: int) -> None:
        rng = random.Random(f"{seed}-{index}")
        language = "es" if index % 3 == 2 else "en"
        client = FormClient(port, language)
        token = ""
        try:
            status, page = client.get(answer_path)
            match = _TOKEN.search(page.decode("utf-8", "replace"))
            if status != 200 or not match or "csrftoken" not in client.cookies:
                error("form_get", f"status {status}, token found: {bool(match)}")
            else:
                token = match.group(1)
        except (OSError, http.client.HTTPException) as exc:
            error("form_get", repr(exc))
        if not run.wait():
            return
        mine: list[float] = []
        n = 0
        while token and run.take():
            n += 1
            fields = make_answers(rng, language)
            key = f"{key_prefix}-{index}-{n}-{uuid.uuid4().hex[:12]}"[:60]
            t0 = time.perf_counter()
            try:
                status, location = client.post(
                    answer_path,
                    {"csrfmiddlewaretoken": token, "idempotency_key": key, **fields},
                )
            except (OSError, http.client.HTTPException) as exc:
                error("exception", repr(exc))
                continue
            mine.append((time.perf_counter() - t0) * 1000)
            if status != 302 or not location.endswith(thanks_path):
                error(f"status_{status}", location or "(no Location)")
            else:
                with run.lock:
                    answers_sent[0] += sum(1 for k in fields if k.startswith("answer_"))
        client.close()
        run.keep(mine)

    seconds = run.go(worker)
    ok = len(run.latencies) - sum(v for k, v in run.errors.items() if k.startswith("status_"))
    return {
        "clients": clients,
        "seconds": round(seconds, 3),
        "submissions": len(run.latencies),
        "succeeded": ok,
        "answers_submitted": answers_sent[0],
        "submissions_per_s": round(ok / seconds, 2) if seconds else 0.0,
        "answers_per_s": round(answers_sent[0] / seconds, 2) if seconds else 0.0,
        **run.figures(),
    }


VOTE_MODES = ("htmx", "form")


def _vote_form(page: bytes) -> tuple[str, str] | None:
    """(CSRF token, statement id) of the voting form in a page or card; None if the page
    offers no statement (this participant has voted on every one)."""
    text = page.decode("utf-8", "replace")
    token, statement = _TOKEN.search(text), _STATEMENT.search(text)
    if not token or not statement:
        return None
    return token.group(1), statement.group(1)


def run_votes(
    *,
    port: int,
    vote_path: str,
    mode: str,
    clients: int,
    duration: float,
    max_votes: int,
    seed: int = 0,
    key_prefix: str = "bench",
    participant_cookie_prefix: str = "gw_participant_",
) -> dict[str, Any]:
    """`clients` concurrent voters for `duration` seconds (or until max_votes), each voting on
    the statement the page offers, with a fresh idempotency key per vote.

    mode "htmx": POST with `HX-Request: true`; a vote succeeds when the answer is a 200 holding
    the next card (the view redirects instead when it refuses a vote). The card carries the
    next statement and token, so a vote is one request.
    mode "form": the page without JavaScript: POST, expect a 302 back to the voting page that
    sets no `messages` cookie (a refused vote redirects too, with an error message), then GET
    the page for the next statement, as the browser follows the redirect. A vote is two
    requests; only the POST is in the vote latencies, the GET in `page_*`.

    When a voter has voted on every statement, its participant cookie is dropped and it starts
    again as a new participant (the GET for that is in `page_*`). Each voter first fetches the
    page once, untimed, for its CSRF cookie and first statement."""
    if mode not in VOTE_MODES:
        raise ValueError(f"mode must be one of {VOTE_MODES}")
    run = _Run(clients, duration, max_votes)
    page_latencies: list[float] = []
    new_participants = [0]
    error = run.error

    def worker(index: int) -> None:
        rng = random.Random(f"{seed}-{index}")
        # Each voter leans one way, so the votes are not uniform noise.
        lean = rng.choice([(60, 25, 15), (25, 60, 15), (40, 40, 20)])
        client = FormClient(port, "es" if index % 3 == 2 else "en")
        mine: list[float] = []
        pages: list[float] = []

        def fetch(timed: bool) -> tuple[str, str] | None:
            """GET the voting page; start as a new participant if it offers nothing left."""
            for attempt in range(2):
                t0 = time.perf_counter()
                status, page = client.get(vote_path)
                if timed:
                    pages.append((time.perf_counter() - t0) * 1000)
                if status != 200:
                    error(f"page_status_{status}", vote_path)
                    return None
                form = _vote_form(page)
                if form is not None:
                    return form
                if attempt == 0:
                    for name in [
                        c for c in client.cookies if c.startswith(participant_cookie_prefix)
                    ]:
                        del client.cookies[name]
                    with run.lock:
                        new_participants[0] += 1
            error("no_statement", "the page offers no statement even to a new participant")
            return None

        form: tuple[str, str] | None = None
        try:
            form = fetch(timed=False)
            if form is None or "csrftoken" not in client.cookies:
                error("first_get", f"form found: {form is not None}")
                form = None
        except (OSError, http.client.HTTPException) as exc:
            error("first_get", repr(exc))
        if not run.wait():
            return
        n = 0
        while form is not None and run.take():
            n += 1
            token, statement = form
            fields = {
                "csrfmiddlewaretoken": token,
                "statement": statement,
                "idempotency_key": f"{key_prefix}-{index}-{n}-{uuid.uuid4().hex[:12]}"[:60],
                "value": str(rng.choices([1, -1, 0], lean)[0]),
            }
            extra = (
                {"HX-Request": "true", "HX-Target": "vote-card", "HX-Current-URL": vote_path}
                if mode == "htmx"
                else None
            )
            t0 = time.perf_counter()
            try:
                status, location, body, set_names = client.post_full(vote_path, fields, extra)
                mine.append((time.perf_counter() - t0) * 1000)
                if mode == "htmx":
                    ok = status == 200 and b'id="vote-card"' in body
                    if ok:
                        form = _vote_form(body) or fetch(timed=True)
                else:
                    ok = status == 302 and location.endswith(vote_path)
                    ok = ok and "messages" not in set_names
                    form = fetch(timed=True)
                if ok:
                    run.success()
                else:
                    error(f"vote_{status}", location or body[:120].decode("utf-8", "replace"))
                    if mode == "htmx":
                        form = fetch(timed=True)
            except (OSError, http.client.HTTPException) as exc:
                error("exception", repr(exc))
                try:
                    form = fetch(timed=True)
                except (OSError, http.client.HTTPException):
                    form = None
        client.close()
        run.keep(mine)
        with run.lock:
            page_latencies.extend(pages)

    cpu0 = time.process_time()
    seconds = run.go(worker)
    client_cpu = time.process_time() - cpu0
    latencies = run.latencies
    requests = len(latencies) + len(page_latencies)
    return {
        "mode": mode,
        "clients": clients,
        "seconds": round(seconds, 3),
        "votes": len(latencies),
        "succeeded": run.succeeded,
        "requests": requests,
        "votes_per_s": round(run.succeeded / seconds, 2) if seconds else 0.0,
        "requests_per_s": round(requests / seconds, 2) if seconds else 0.0,
        "p90_ms": round(percentile(latencies, 90), 3),
        **run.figures(),
        "page_gets": len(page_latencies),
        "page_p50_ms": round(percentile(page_latencies, 50), 3) if page_latencies else None,
        "page_p95_ms": round(percentile(page_latencies, 95), 3) if page_latencies else None,
        "new_participants": new_participants[0],
        "client_cpu_ms_per_vote": round(client_cpu * 1000 / len(latencies), 3)
        if latencies
        else None,
    }


def run_api_writes(
    *,
    port: int,
    path: str,
    token: str,
    clients: int,
    duration: float,
    max_writes: int,
    make_body: Callable[[random.Random, int, int], dict[str, Any]],
    seed: int = 0,
    key_prefix: str = "bench",
) -> dict[str, Any]:
    """`clients` concurrent partner systems POST JSON to the API for `duration` seconds (or
    until max_writes), each on its own keep-alive connection with `Authorization: Bearer
    <token>` and a fresh `Idempotency-Key` per write; a write succeeds when it answers 201.
    `make_body(rng, client index, write number)` makes each body. Every POST is timed."""
    run = _Run(clients, duration, max_writes)
    error = run.error

    def worker(index: int) -> None:
        rng = random.Random(f"{seed}-{index}")
        conn = http.client.HTTPConnection(LOOPBACK, port, timeout=60)
        base = {
            "Host": f"{LOOPBACK}:{port}",
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
            "Accept-Language": "es" if index % 3 == 2 else "en",
        }
        mine: list[float] = []
        if not run.wait():
            return
        n = 0
        while run.take():
            n += 1
            body = json.dumps(make_body(rng, index, n)).encode()
            key = f"{key_prefix}-{index}-{n}-{uuid.uuid4().hex[:12]}"[:60]
            t0 = time.perf_counter()
            try:
                status, _message, data = _request(
                    conn, "POST", path, {**base, "Idempotency-Key": key}, body
                )
            except (OSError, http.client.HTTPException) as exc:
                error("exception", repr(exc))
                continue
            mine.append((time.perf_counter() - t0) * 1000)
            if status == 201:
                run.success()
            else:
                error(f"status_{status}", data.decode("utf-8", "replace"))
        conn.close()
        run.keep(mine)

    seconds = run.go(worker)
    return {
        "clients": clients,
        "seconds": round(seconds, 3),
        "writes": len(run.latencies),
        "succeeded": run.succeeded,
        "writes_per_s": round(run.succeeded / seconds, 2) if seconds else 0.0,
        **run.figures(),
    }
