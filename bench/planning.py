"""The planning benchmark: the answers list and the reach page of a process with 100,000
contributions and 30,000 participants, served by gunicorn on SQLite and on PostgreSQL, under
concurrent load from a load generator on loopback; plus answer-form submissions over HTTP.

    python bench/planning.py            # everything; writes bench/results/planning.json
    python bench/planning.py --quick    # small data, short runs: a smoke test of the harness

For each database the work runs in a child process (PostgreSQL: inside
scripts/with-postgres.sh, a throwaway cluster): migrate, seed (bench/seed_planning.py), count
queries per page in-process with Django's test client, start gunicorn on 127.0.0.1, warm up,
then R rounds that interleave /healthz (the trivial view), the answers list and the reach page
at a fixed concurrency for a fixed time each. Latencies are reported as medians over rounds,
and as ratios to /healthz measured in the same round, because the machine is shared and noisy.
Servers are stopped and temporary directories removed however the run ends.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import signal
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import loadgen  # noqa: E402
import seed_planning  # noqa: E402
from harness import (  # noqa: E402
    CpuMeter,
    Gunicorn,
    add_load_arguments,
    bench_env,
    database_info,
    ensure_postgres_database,
    finish_load_arguments,
    log,
    measure_get,
    run_child,
    serve_and_load,
    use_sqlite_file,
    versions,
    with_cpu,
    write_results,
)

DATABASES = ("sqlite", "postgresql")
ENDPOINTS = ("healthz", "contributions", "reach")
CHILD_TIMEOUT = 20 * 60


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--databases", default=",".join(DATABASES), help="sqlite,postgresql")
    p.add_argument("--participants", type=int, default=30_000)
    p.add_argument("--contributions", type=int, default=100_000)
    p.add_argument("--seed", type=int, default=2027)
    add_load_arguments(
        p,
        duration=10.0,
        warmup=3.0,
        connections_help="concurrent connections",
        quick_help="small data and short runs",
    )
    p.add_argument("--submit-rounds", type=int, default=3)
    p.add_argument("--submit-duration", type=float, default=15.0)
    p.add_argument("--submit-clients", type=int, default=8)
    p.add_argument("--submit-max", type=int, default=5000, help="submissions per round, at most")
    p.add_argument(
        "--submit-databases", default=",".join(DATABASES), help="where to run submissions"
    )
    p.add_argument("--child", choices=DATABASES, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.quick:
        args.participants, args.contributions = 3000, 10_000
        args.submit_rounds, args.submit_duration = 1, 3.0
    return finish_load_arguments(args, "planning", quick=(2, 3.0, 1.0))


def child_argv(args: argparse.Namespace, database: str) -> list[str]:
    """The child's command line; harness.run_child adds --partial."""
    argv = [sys.executable, str(Path(__file__).resolve()), "--child", database]
    argv += ["--generator", args.generator]
    for name in (
        "participants",
        "contributions",
        "seed",
        "workers",
        "connections",
        "rounds",
        "duration",
        "warmup",
        "submit_rounds",
        "submit_duration",
        "submit_clients",
        "submit_max",
        "submit_databases",
    ):
        argv += [f"--{name.replace('_', '-')}", str(getattr(args, name))]
    return argv


# --- the child: one database ------------------------------------------------------------------


def endpoint_paths(seeded: dict[str, Any]) -> dict[str, dict[str, Any]]:
    from django.urls import NoReverseMatch, reverse

    kwargs = {"slug": seeded["community_slug"], "process_slug": seeded["process_slug"]}
    paths: dict[str, dict[str, Any]] = {
        "healthz": {"path": reverse("core:healthz")},
        "contributions": {"path": reverse("planning:contributions", kwargs=kwargs)},
    }
    paths["contributions"]["path"] += "?question=problems"
    try:
        paths["reach"] = {"path": reverse("planning:reach", kwargs=kwargs)}
    except NoReverseMatch:
        log("planning:reach does not exist (yet): the reach page is left out of this run")
    return paths


def answer_fields(rng: random.Random, language: str) -> dict[str, str]:
    """A resident's form: one to five of the questions answered, like the seeded ones."""
    from groundwork.planning.demo import ANSWERS

    fields: dict[str, str] = {}
    for key, chance in seed_planning.QUESTION_CHANCE.items():
        if rng.random() < chance:
            fields[f"answer_{key}"] = seed_planning.answer_text(rng, ANSWERS, key, language)
    if not fields:
        fields["answer_problems"] = seed_planning.answer_text(rng, ANSWERS, "problems", language)
    if "answer_barriers" in fields:
        fields["barrier_kind"] = rng.choice(["internal", "external", ""])
    return fields


def measure_in_process(
    endpoints: dict[str, dict[str, Any]], seeded: dict[str, Any], repeat: int = 5
) -> dict[str, Any]:
    """Queries per request (and single-request service time) with Django's test client."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from groundwork.accounts.models import User

    coordinator = User.objects.get(email="bench-coordinator@example.org")
    out: dict[str, Any] = {}
    for name, endpoint in endpoints.items():
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        first = client.get(endpoint["path"])
        endpoint["as"] = "anonymous"
        if first.status_code in (302, 403) and name != "healthz":
            # Not public: measure it as the process's coordinator, with a real session.
            client.force_login(coordinator)
            endpoint["as"] = "coordinator"
            endpoint["headers"] = {"Cookie": f"sessionid={client.cookies['sessionid'].value}"}
            first = client.get(endpoint["path"])
        if first.status_code != 200:
            raise RuntimeError(f"{name}: {endpoint['path']} answered {first.status_code}")
        out[name] = {"as": endpoint["as"], **measure_get(client, endpoint["path"], repeat)}
    # One answer-form submission: the GET, then the POST (the test client skips CSRF).
    kwargs = {"slug": seeded["community_slug"], "process_slug": seeded["process_slug"]}
    from django.urls import reverse

    answer = reverse("planning:answer", kwargs=kwargs)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    with CaptureQueriesContext(connection) as ctx:
        client.get(answer)
    get_queries = len(ctx.captured_queries)
    fields = answer_fields(random.Random(1), "en")
    fields["idempotency_key"] = "bench-in-process-1"
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(answer, fields)
    if response.status_code != 302:
        raise RuntimeError(f"answer POST answered {response.status_code}")
    out["answer_form"] = {"path": answer, "as": "anonymous", "queries": get_queries}
    out["answer_submit"] = {
        "path": answer,
        "as": "anonymous (first submission: creates the participant)",
        "answers": sum(1 for k in fields if k.startswith("answer_")),
        "queries": len(ctx.captured_queries),
        "sql": [q["sql"][:160] for q in ctx.captured_queries],
    }
    return out


def child(args: argparse.Namespace) -> int:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    database = args.child
    result: dict[str, Any] = {"database": database}
    started = time.perf_counter()
    if database == "postgresql":
        ensure_postgres_database(os.environ["DATABASE_URL"])
    log(f"{database}: migrate")
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, check=True
    )
    result["migrate_seconds"] = round(time.perf_counter() - t0, 2)

    import django

    django.setup()
    from django.db import connection

    log(f"{database}: seed {args.participants} participants, {args.contributions} answers")
    seeded = seed_planning.seed(
        participants=args.participants, contributions=args.contributions, seed=args.seed
    )
    if database == "postgresql":
        with connection.cursor() as c:
            c.execute("VACUUM ANALYZE")  # what autovacuum would do soon after a bulk load
    result["seed"] = seeded
    result["database_info"] = database_info()
    endpoints = endpoint_paths(seeded)
    log(f"{database}: queries per request")
    result["in_process"] = measure_in_process(endpoints, seeded)

    queries = {name: row["queries"] for name, row in result["in_process"].items()}

    def during(server: Gunicorn, meter: CpuMeter) -> dict[str, Any]:
        if database in args.submit_databases.split(","):
            return {"submissions": submissions(args, server, seeded, database, meter)}
        return {}

    result.update(serve_and_load(args, endpoints, queries, label=database, during=during))

    if "submissions" in result:
        from groundwork.planning.models import Contribution

        stored = (
            Contribution.objects.filter(
                process_id=seeded["process_id"], idempotency_key__startswith="bench-"
            )
            .exclude(idempotency_key="bench-in-process-1")
            .values("idempotency_key")
            .distinct()
            .count()
        )
        result["submissions"]["stored_submissions"] = stored
    result["seconds"] = round(time.perf_counter() - started, 1)
    args.partial.write_text(json.dumps(result, indent=2))
    return 0


def submissions(
    args: argparse.Namespace,
    server: Gunicorn,
    seeded: dict[str, Any],
    database: str,
    meter: CpuMeter,
) -> dict[str, Any]:
    from django.urls import reverse

    kwargs = {"slug": seeded["community_slug"], "process_slug": seeded["process_slug"]}
    answer, thanks = (reverse(f"planning:{n}", kwargs=kwargs) for n in ("answer", "thanks"))
    rounds = []
    for r in range(args.submit_rounds):
        before = meter.sample()
        res = loadgen.run_submissions(
            port=server.port,
            answer_path=answer,
            thanks_path=thanks,
            clients=args.submit_clients,
            duration=args.submit_duration,
            max_submissions=args.submit_max,
            make_answers=answer_fields,
            seed=args.seed + r,
            key_prefix=f"bench-r{r + 1}",
        )
        with_cpu(res, meter.since(before), res["submissions"])
        res["round"] = r + 1
        rounds.append(res)
        log(
            f"{database}: submissions round {r + 1}/{args.submit_rounds}: "
            f"{res['submissions_per_s']:.1f}/s  p50 {res['p50_ms']:.1f} ms  "
            f"p95 {res['p95_ms']:.1f} ms  errors {res['error_count']}"
        )
    med = statistics.median
    return {
        "clients": args.submit_clients,
        "duration_s": args.submit_duration,
        "summary": {
            "submissions_per_s": round(med(x["submissions_per_s"] for x in rounds), 2),
            "answers_per_s": round(med(x["answers_per_s"] for x in rounds), 2),
            "p50_ms": round(med(x["p50_ms"] for x in rounds), 2),
            "p95_ms": round(med(x["p95_ms"] for x in rounds), 2),
            "submissions": sum(x["submissions"] for x in rounds),
            "succeeded": sum(x["succeeded"] for x in rounds),
            "errors": sum(x["error_count"] for x in rounds),
            "server_cpu_ms_per_submission": round(
                med(x["server_cpu_ms_per_request"]["total"] or 0 for x in rounds), 2
            ),
        },
        "rounds": rounds,
    }


# --- the parent: every database, one JSON -----------------------------------------------------


def run_database(args: argparse.Namespace, database: str) -> dict[str, Any]:
    result = run_child(
        child_argv(args, database),
        label=database,
        timeout=CHILD_TIMEOUT,
        postgres=database == "postgresql",
        env=bench_env(),
        configure=use_sqlite_file if database == "sqlite" else None,
    )
    return result if "error" not in result else {"database": database, **result}


def summary_lines(results: dict[str, Any]) -> list[str]:
    head = (
        f"{'database':<11} {'endpoint':<14} {'as':<12} {'p50 ms':>9} {'p95 ms':>9} "
        f"{'req/s':>8} {'p50 ×hz':>8} {'p95 ×hz':>8} {'cpu ms':>7} {'cpu ×hz':>8} {'queries':>8}"
    )
    lines = [head, "-" * len(head)]
    for database, res in results["databases"].items():
        if "error" in res:
            lines.append(f"{database:<11} FAILED: {res['error']}")
            continue
        for name, agg in res["load"]["summary"].items():
            m, r = agg["median"], agg["ratio_to_healthz"]
            ep = res["load"]["endpoints"][name]
            lines.append(
                f"{database:<11} {name:<14} {ep['as']:<12} {m['p50_ms']:>9.1f} "
                f"{m['p95_ms']:>9.1f} {m['rps']:>8.1f} {r['p50']:>8.1f} {r['p95']:>8.1f} "
                f"{agg['server_cpu_ms_per_request']['total']:>7.1f} "
                f"{r['cpu_per_request'] or 0:>8.1f} {ep['queries_per_request']:>8}"
            )
    lines.append("")
    for database, res in results["databases"].items():
        sub = res.get("submissions")
        if sub:
            s = sub["summary"]
            lines.append(
                f"submissions on {database}: {s['submissions_per_s']:.1f}/s "
                f"({s['answers_per_s']:.1f} answers/s) with {sub['clients']} clients, "
                f"p50 {s['p50_ms']:.1f} ms, p95 {s['p95_ms']:.1f} ms, "
                f"{s['server_cpu_ms_per_submission']:.1f} ms server CPU each, "
                f"{s['errors']} errors of {s['submissions']}, "
                f"{sub.get('stored_submissions', '?')} stored"
            )
    lines.append(
        f"cores: {results['machine']['cpu_count']}; medians of {results['parameters']['rounds']}"
        f" rounds; ×hz = ratio to /healthz in the same round; cpu ms = server CPU"
        " (gunicorn + PostgreSQL) per request"
    )
    return lines


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        return child(args)
    # Stopped from outside: unwind, so the child's servers and the temp dirs are cleaned up.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.perf_counter()
    databases = [d for d in args.databases.split(",") if d]
    if unknown := set(databases) - set(DATABASES):
        raise SystemExit(f"Unknown databases: {sorted(unknown)}")
    log(f"load generator: {args.generator}; databases: {', '.join(databases)}")
    results: dict[str, Any] = {
        "benchmark": "planning",
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpu_count": os.cpu_count(),
            "platform": platform.platform(),
            "loadavg_at_start": [round(x, 2) for x in os.getloadavg()],
        },
        "versions": versions(),
        "parameters": {
            k: getattr(args, k)
            for k in (
                "participants",
                "contributions",
                "seed",
                "workers",
                "connections",
                "rounds",
                "duration",
                "warmup",
                "submit_rounds",
                "submit_duration",
                "submit_clients",
                "submit_max",
                "generator",
                "quick",
            )
        },
        "databases": {},
    }
    for database in databases:
        results["databases"][database] = run_database(args, database)
    write_results(results, args.output, started, summary_lines)
    return 1 if any("error" in r for r in results["databases"].values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())
