"""Shared pieces of the HTTP benchmarks (bench/planning.py, bench/opinion_web.py): production
settings for a server on loopback, a throwaway database per run, gunicorn, server CPU from
/proc, and a child process that runs inside scripts/with-postgres.sh and is stopped (with its
process group) however the run ends.

No Django imports at module level: the parent processes never set Django up; the helpers that
need it import it when called, in the child.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import loadgen  # noqa: E402


def log(message: str) -> None:
    # UTC: django.setup() changes the process's local time zone to settings.TIME_ZONE.
    print(f"[{time.strftime('%H:%M:%S', time.gmtime())}Z] {message}", file=sys.stderr, flush=True)


def bench_env() -> dict[str, str]:
    """Production settings, except plain HTTP on loopback and static files without a manifest."""
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "groundwork.settings",
            "SECRET_KEY": "bench-" + secrets.token_urlsafe(40),
            "DEBUG": "false",
            "SECURE_SSL_REDIRECT": "false",
            "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
            "EMAIL_URL": "consolemail://",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def add_load_arguments(
    p: argparse.ArgumentParser,
    *,
    duration: float = 6.0,
    warmup: float = 2.0,
    connections_help: str | None = None,
    quick_help: str = "short runs",
) -> None:
    """The options every HTTP benchmark takes (--partial is for the child, see run_child);
    finish_load_arguments applies them once parsed."""
    p.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    p.add_argument("--connections", type=int, default=8, help=connections_help)
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument(
        "--duration", type=float, default=duration, help="seconds per endpoint per round"
    )
    p.add_argument("--warmup", type=float, default=warmup, help="seconds per endpoint")
    p.add_argument("--generator", choices=["auto", "wrk", "python"], default="auto")
    p.add_argument("--output", type=Path, default=None)
    p.add_argument("--quick", action="store_true", help=quick_help)
    p.add_argument("--partial", type=Path, help=argparse.SUPPRESS)


def finish_load_arguments(
    args: argparse.Namespace, name: str, *, quick: tuple[int, float, float] = (2, 2.0, 1.0)
) -> argparse.Namespace:
    """Short rounds under --quick, the default output (bench/results/<name>.json, or
    var/bench-<name>-quick.json for a quick run) and the load generator that "auto" means."""
    if args.quick:
        args.rounds, args.duration, args.warmup = quick
    if args.output is None:
        args.output = (
            ROOT / "var" / f"bench-{name}-quick.json"
            if args.quick
            else HERE / "results" / f"{name}.json"
        )
    if args.generator == "auto":
        args.generator = "wrk" if shutil.which("wrk") else "python"
    return args


# --- in the child: the database and the server --------------------------------------------------


def ensure_postgres_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        dbname="postgres",
        autocommit=True,
    ) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def setup_django_child(database: str) -> None:
    """In a bench's child process: production settings (bench_env), a throwaway SQLite file or
    the PostgreSQL database of DATABASE_URL (made if missing), Django set up and migrated."""
    os.environ.update(bench_env())
    if database == "sqlite":
        os.environ["DATABASE_URL"] = "sqlite:///" + tempfile.mkdtemp() + "/bench.sqlite3"
    else:
        ensure_postgres_database(os.environ["DATABASE_URL"])
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def free_port() -> int:
    with socket.socket() as s:
        s.bind((loadgen.LOOPBACK, 0))
        return int(s.getsockname()[1])


def database_info() -> dict[str, Any]:
    from django.db import connection

    info: dict[str, Any] = {"vendor": connection.vendor}
    if connection.vendor == "sqlite":
        import sqlite3

        info["version"] = sqlite3.sqlite_version
        with connection.cursor() as c:
            c.execute("PRAGMA journal_mode")
            info["journal_mode"] = c.fetchone()[0]
        info["analyzed"] = False
    else:
        with connection.cursor() as c:
            for setting in ("server_version", "shared_buffers", "fsync", "synchronous_commit"):
                c.execute(f"SHOW {setting}")
                info[setting] = c.fetchone()[0]
        info["version"] = info.pop("server_version")
        info["analyzed"] = True
        info["conn_max_age"] = connection.settings_dict.get("CONN_MAX_AGE")
    return info


class QueryTimer:
    """Times every query with perf_counter (connection.queries keeps only milliseconds)."""

    def __init__(self) -> None:
        self.queries: list[tuple[float, str]] = []

    def __call__(self, execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        t0 = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append(((time.perf_counter() - t0) * 1000, sql))


def interleaved_rounds(
    names: list[str],
    *,
    rounds: int,
    duration: float,
    warmup: float,
    run: Callable[[str, float, int], dict[str, Any]],
    describe: Callable[[int, str, dict[str, Any]], str],
) -> list[dict[str, Any]]:
    """Warm every load up once, then run ``rounds`` rounds of all of them, rotating the order
    by one each round so that no load always follows another; ``run(name, seconds, round)``
    measures one load (round 0 = warm-up) and ``describe`` says in a log line how it went.
    Ratios to the trivial view are then taken within each round, on a shared, noisy machine."""
    for name in names:
        run(name, warmup, 0)
    out: list[dict[str, Any]] = []
    for r in range(rounds):
        order = names[r % len(names) :] + names[: r % len(names)]
        results: dict[str, Any] = {}
        for name in order:
            results[name] = run(name, duration, r + 1)
            log(describe(r + 1, name, results[name]))
        out.append(
            {
                "round": r + 1,
                "order": order,
                "loadavg_1min_after": round(os.getloadavg()[0], 2),
                "results": results,
            }
        )
    return out


def round_ratios(
    trivial: Callable[[], float],
    timers: dict[str, Callable[[], float]],
    *,
    rounds: int,
    per_round: int,
) -> dict[str, dict[str, float]]:
    """In-process timings as ratios to a trivial view taken within each round: every round,
    the median of ``per_round`` calls of ``trivial`` and then of each timer (each returns the
    seconds one request took). Per name: the median ratio and the median milliseconds over the
    rounds; "trivial" holds the trivial view's milliseconds."""
    ratios: dict[str, list[float]] = {name: [] for name in timers}
    ms: dict[str, list[float]] = {name: [] for name in [*timers, "trivial"]}
    for _ in range(rounds):
        base = statistics.median(trivial() for _ in range(per_round))
        ms["trivial"].append(base * 1000)
        for name, timer in timers.items():
            took = statistics.median(timer() for _ in range(per_round))
            ms[name].append(took * 1000)
            ratios[name].append(took / base)
    out = {
        name: {
            "p50_ratio": round(statistics.median(ratios[name]), 1),
            "ms_median": round(statistics.median(ms[name]), 2),
        }
        for name in timers
    }
    out["trivial"] = {"ms_median": round(statistics.median(ms["trivial"]), 3)}
    return out


def measure_get(client: Any, path: str, repeat: int) -> dict[str, Any]:
    """GET ``path`` ``repeat`` times in-process with a Django test client that has already
    made one untimed request: queries per request, median time in the view and in the
    database, and the slowest queries of the last request."""
    import statistics

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times: list[float] = []
    counts: list[int] = []
    db_ms: list[float] = []
    timer = QueryTimer()
    response = None
    for _ in range(repeat):
        timer = QueryTimer()
        with CaptureQueriesContext(connection) as ctx, connection.execute_wrapper(timer):
            t0 = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - t0) * 1000)
        counts.append(len(ctx.captured_queries))
        db_ms.append(sum(ms for ms, _ in timer.queries))
    slowest = sorted(timer.queries, key=lambda q: -q[0])[:3]
    return {
        "path": path,
        "status": response.status_code if response is not None else None,
        "bytes": len(response.content) if response is not None else 0,
        "queries": max(counts, default=0),
        "service_ms_median": round(statistics.median(times), 2) if times else None,
        "db_ms_median": round(statistics.median(db_ms), 2) if db_ms else None,
        "slowest_queries": [{"ms": round(ms, 3), "sql": sql[:600]} for ms, sql in slowest],
    }


class Gunicorn:
    """gunicorn on 127.0.0.1, stopped on exit whatever happens."""

    def __init__(self, workers: int, log_path: Path) -> None:
        self.port = free_port()
        self.log_path = log_path
        self.log_file = log_path.open("w")
        exe = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(
            [
                str(exe if exe.exists() else "gunicorn"),
                "groundwork.wsgi",
                "--workers",
                str(workers),
                "--bind",
                f"{loadgen.LOOPBACK}:{self.port}",
                "--timeout",
                "120",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
        )

    def wait_ready(self, timeout: float = 60) -> None:
        import http.client

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.log_path.read_text()[-2000:]}")
            try:
                conn = http.client.HTTPConnection(loadgen.LOOPBACK, self.port, timeout=5)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer /healthz in time")

    def check(self, path: str, headers: dict[str, str] | None = None) -> int:
        import http.client

        conn = http.client.HTTPConnection(loadgen.LOOPBACK, self.port, timeout=120)
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        response.read()
        return response.status

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.log_file.close()

    def tracebacks(self) -> int:
        return self.log_path.read_text(errors="replace").count("Traceback")


class CpuMeter:
    """CPU time (user + system, from /proc) used by process trees: gunicorn's master and workers
    ("app") and, on PostgreSQL, the cluster's postmaster and backends ("db"). CPU per request
    is much less sensitive than latency to other work on a shared machine."""

    TICK = os.sysconf("SC_CLK_TCK")

    def __init__(self, roots: dict[str, int]) -> None:
        self.roots = roots

    @staticmethod
    def _stat(pid: int) -> tuple[int, int] | None:
        """(parent pid, CPU ticks) of a process, or None if it is gone."""
        try:
            raw = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            return None
        fields = raw[raw.rindex(")") + 2 :].split()
        return int(fields[1]), int(fields[11]) + int(fields[12])

    def sample(self) -> dict[str, dict[int, int]]:
        stats = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit() and (st := self._stat(int(entry.name))):
                stats[int(entry.name)] = st
        out: dict[str, dict[int, int]] = {}
        for group, root in self.roots.items():
            members = {root}
            grew = True
            while grew:  # the root, its children, their children
                new = {pid for pid, (ppid, _) in stats.items() if ppid in members} - members
                members |= new
                grew = bool(new)
            out[group] = {pid: stats[pid][1] for pid in members if pid in stats}
        return out

    def since(self, before: dict[str, dict[int, int]]) -> dict[str, float]:
        """CPU seconds per group since `before` (processes started meanwhile count fully)."""
        after = self.sample()
        return {
            group: sum(t - before.get(group, {}).get(pid, 0) for pid, t in ticks.items())
            / self.TICK
            for group, ticks in after.items()
        }


def postmaster_pid() -> int | None:
    """The PostgreSQL server's pid, from postmaster.pid in its data directory."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as c:
        c.execute("SHOW data_directory")
        data = Path(c.fetchone()[0])
    try:
        return int((data / "postmaster.pid").read_text().splitlines()[0])
    except (OSError, ValueError, IndexError):
        return None


def with_cpu(result: dict[str, Any], cpu: dict[str, float], count: int) -> dict[str, Any]:
    """Add server CPU milliseconds per request (app, db, total) to a load result."""
    per = {k: round(v * 1000 / count, 3) if count else None for k, v in cpu.items()}
    per["total"] = round(sum(cpu.values()) * 1000 / count, 3) if count else None
    result["server_cpu_ms_per_request"] = per
    return result


# --- in the parent: the child process ---------------------------------------------------------


def run_child(
    command: list[str],
    *,
    label: str,
    timeout: float,
    postgres: bool,
    env: dict[str, str] | None = None,
    configure: Callable[[Path, dict[str, str]], None] | None = None,
) -> dict[str, Any]:
    """Run `command` (a Python child that writes its result as JSON to the path passed after
    `--partial`) in its own process group, inside scripts/with-postgres.sh when `postgres`;
    stop the whole group after `timeout` seconds or on any exception (Ctrl-C included), and
    remove the temporary directory. `configure(tmp, env)` may adjust the environment (e.g.
    a SQLite file in `tmp`). Returns the child's JSON, or {"error": ...}."""
    tmp = Path(tempfile.mkdtemp(prefix=f"groundwork-bench-{label}-"))
    partial = tmp / "partial.json"
    env = dict(env if env is not None else bench_env())
    command = [*command, "--partial", str(partial)]
    if configure is not None:
        configure(tmp, env)
    if postgres:
        env.pop("DATABASE_URL", None)
        command = [str(ROOT / "scripts" / "with-postgres.sh"), *command]
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    try:
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            log(f"{label}: no result after {timeout:g} s; stopping it")
        finally:
            stop_group(process)
        if process.returncode == 0 and partial.exists():
            result: dict[str, Any] = json.loads(partial.read_text())
            return result
        return {"error": f"child exited with {process.returncode}"}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def use_sqlite_file(tmp: Path, env: dict[str, str]) -> None:
    """A `configure` for run_child: the child's SQLite database is a file in its temporary
    directory (a server and the child share it; it goes with the directory)."""
    env["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"


def merge_into(path: Path, key: str, value: dict[str, Any]) -> None:
    """Write ``value`` under ``key`` in the JSON file at ``path``, keeping its other keys (the
    results of the other benchmarks that share the file); a file that does not parse is
    replaced rather than losing this run's results."""
    existing: dict[str, Any] = {}
    if path.exists():
        with contextlib.suppress(json.JSONDecodeError):
            existing = json.loads(path.read_text())
    existing[key] = value
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(existing, indent=2, ensure_ascii=False) + "\n")


def stop_group(process: subprocess.Popen[bytes]) -> None:
    """Stop the child's process group (the child, with-postgres.sh, gunicorn, wrk) if running."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(60)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)


def versions(packages: tuple[str, ...] = ("django", "gunicorn", "psycopg")) -> dict[str, Any]:
    from importlib.metadata import PackageNotFoundError, version

    out: dict[str, Any] = {"python": platform.python_version()}
    for package in packages:
        try:
            out[package] = version(package)
        except PackageNotFoundError:
            out[package] = None
    out["wrk"] = loadgen.wrk_version()
    return out


def aggregate(rounds: list[dict[str, Any]], names: list[str]) -> dict[str, Any]:
    """Medians over rounds, and ratios to /healthz taken within each round."""
    med = statistics.median
    out: dict[str, Any] = {}
    for name in names:
        rows = [r["results"][name] for r in rounds]
        base = [r["results"]["healthz"] for r in rounds]
        out[name] = {
            "median": {
                "p50_ms": round(med(x["p50_ms"] for x in rows), 3),
                "p95_ms": round(med(x["p95_ms"] for x in rows), 3),
                "p99_ms": round(med(x["p99_ms"] for x in rows), 3),
                "rps": round(med(x["rps"] for x in rows), 2),
            },
            "ratio_to_healthz": {
                # e.g. p50 12.0 means: 12 times the trivial view's median latency.
                "p50": round(
                    med(x["p50_ms"] / b["p50_ms"] for x, b in zip(rows, base, strict=True)), 2
                ),
                "p95": round(
                    med(x["p95_ms"] / b["p95_ms"] for x, b in zip(rows, base, strict=True)), 2
                ),
                # Throughput ratio: healthz requests/s divided by this page's requests/s.
                "throughput": round(
                    med(b["rps"] / x["rps"] for x, b in zip(rows, base, strict=True)), 2
                )
                if all(x["rps"] for x in rows)
                else None,
                # Server CPU (gunicorn + PostgreSQL) per request, over the trivial view's.
                "cpu_per_request": round(
                    med(
                        x["server_cpu_ms_per_request"]["total"]
                        / b["server_cpu_ms_per_request"]["total"]
                        for x, b in zip(rows, base, strict=True)
                    ),
                    2,
                )
                if all(b["server_cpu_ms_per_request"]["total"] for b in base)
                else None,
            },
            "server_cpu_ms_per_request": {
                part: round(med(x["server_cpu_ms_per_request"][part] or 0 for x in rows), 3)
                for part in rows[0]["server_cpu_ms_per_request"]
            },
            "errors": sum(x["error_count"] for x in rows),
            "requests": sum(x["requests"] for x in rows),
        }
    return out


def serve_and_load(
    args: Any,
    endpoints: dict[str, dict[str, Any]],
    queries: dict[str, int],
    *,
    label: str,
    during: Callable[[Gunicorn, CpuMeter], dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Start gunicorn (args.workers), check every endpoint answers 200, then run args.rounds
    interleaved rounds of args.duration seconds each at args.connections with args.generator
    (after args.warmup seconds per endpoint). Returns {"load": ..., "server_tracebacks": ...}
    plus whatever ``during(server, meter)`` adds while the server is up. Endpoints are
    {"path", "as", optional "headers"}; ``queries`` maps each to its queries per request."""
    from django.db import connections

    names = list(endpoints)
    pg_pid = postmaster_pid()
    connections.close_all()
    tmp = Path(tempfile.mkdtemp(prefix="groundwork-bench-gunicorn-"))
    server = Gunicorn(args.workers, tmp / "gunicorn.log")
    out: dict[str, Any] = {}
    try:
        server.wait_ready()
        meter = CpuMeter({"app": server.process.pid, **({"db": pg_pid} if pg_pid else {})})
        for name, endpoint in endpoints.items():
            status = server.check(endpoint["path"], endpoint.get("headers"))
            if status != 200:
                raise RuntimeError(f"{name} over HTTP answered {status}")

        def load(name: str, duration: float) -> dict[str, Any]:
            before = meter.sample()
            res = loadgen.run_load(
                generator=args.generator,
                port=server.port,
                path=endpoints[name]["path"],
                connections=args.connections,
                duration=duration,
                headers=endpoints[name].get("headers"),
            )
            return with_cpu(res, meter.since(before), res["requests"])

        log(f"{label}: warm up ({args.warmup:g} s per endpoint)")
        rounds = interleaved_rounds(
            names,
            rounds=args.rounds,
            duration=args.duration,
            warmup=args.warmup,
            run=lambda name, seconds, _round: load(name, seconds),
            describe=lambda r, name, res: (
                f"{label}: round {r}/{args.rounds} {name:<13} "
                f"p50 {res['p50_ms']:8.1f} ms  p95 {res['p95_ms']:8.1f} ms"
                f"  {res['rps']:8.1f} req/s  errors {res['error_count']}"
            ),
        )
        out["load"] = {
            "generator": args.generator,
            "connections": args.connections,
            "duration_s": args.duration,
            "endpoints": {
                name: {
                    "path": endpoints[name]["path"],
                    "as": endpoints[name]["as"],
                    "queries_per_request": queries[name],
                }
                for name in names
            },
            "summary": aggregate(rounds, names),
            "rounds": rounds,
        }
        if during is not None:
            out.update(during(server, meter))
        out["server_tracebacks"] = server.tracebacks()
    finally:
        server.stop()
        if out.get("server_tracebacks"):
            out["server_log_tail"] = (tmp / "gunicorn.log").read_text(errors="replace")[-3000:]
        shutil.rmtree(tmp, ignore_errors=True)
    return out


def child_argv(script: str, args: argparse.Namespace, parameters: tuple[str, ...]) -> list[str]:
    """The command that runs ``script`` as its own child with the run's parameters: each as
    ``--name value``, and ``quick`` as a bare flag when set."""
    argv = [sys.executable, str(Path(script).resolve()), "--child"]
    for name in parameters:
        value = getattr(args, name)
        flag = "--" + name.replace("_", "-")
        if name == "quick":
            argv += [flag] if value else []
        else:
            argv += [flag, str(value)]
    return argv


def results_header(
    benchmark: str,
    parameters: dict[str, Any],
    packages: tuple[str, ...] = ("django", "gunicorn", "psycopg"),
) -> dict[str, Any]:
    """The start of a bench's results: what ran, when, on which machine (cores, load) and
    with which versions and parameters."""
    from datetime import UTC, datetime

    return {
        "benchmark": benchmark,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpu_count": os.cpu_count(),
            "platform": platform.platform(),
            "loadavg_at_start": [round(x, 2) for x in os.getloadavg()],
        },
        "versions": versions(packages),
        "parameters": parameters,
    }


def write_results(
    results: dict[str, Any],
    output: Path,
    started: float,
    summarize: Callable[[dict[str, Any]], list[str]],
) -> None:
    """Close a bench run: the load at the end, the seconds taken and the summary lines go into
    the results, which are written to OUTPUT as JSON and printed."""
    results["machine"]["loadavg_at_end"] = [round(x, 2) for x in os.getloadavg()]
    results["seconds"] = round(time.perf_counter() - started, 1)
    lines = summarize(results)
    results["summary"] = lines
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print("\n".join(lines))
    print(f"\nwritten to {output} in {results['seconds']:.0f} s")
