"""The web leg of bench/opinion.py: votes submitted over HTTP to the voting page, served by
gunicorn on a throwaway PostgreSQL, against the trivial view measured in the same rounds.

    python bench/opinion_web.py            # standalone; writes var/bench-opinion-web.json
    python bench/opinion_web.py --quick    # small data, short runs: a smoke test
    make bench-opinion                     # runs it as the "web" part of opinion.json

A child process inside scripts/with-postgres.sh migrates, seeds a conversation through the
services (a community and its coordinator, a process in its "decide" phase, a conversation,
300 statements), bulk-loads earlier votes from a few thousand participants and computes one
analysis run from them (so the voting page draws statements by real priorities, as it would
in use), counts queries per request in-process, then starts gunicorn on 127.0.0.1 and runs
R rounds that interleave, for a fixed time each at a fixed concurrency:

- `healthz`: /healthz, the trivial view, from the same Python client as the votes (the
  yardstick of the ratios);
- `vote_htmx`: voters posting with `HX-Request: true` (200 with the next card: one request
  per vote), the page as a browser with JavaScript uses it;
- `vote_form`: the same page without JavaScript (POST, 302, GET the page again);
- `healthz_wrk`: /healthz from wrk, for reference only (when wrk is installed).

The conversation's `votes_per_run` is set to 10**9 and no task worker runs, so no analysis
is queued or computed during the load: the figures are the cost of taking votes.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import loadgen  # noqa: E402
from harness import (  # noqa: E402
    CpuMeter,
    Gunicorn,
    QueryTimer,
    database_info,
    ensure_postgres_database,
    interleaved_rounds,
    log,
    postmaster_pid,
    run_child,
    versions,
    with_cpu,
)

CHILD_TIMEOUT = 20 * 60
COMMUNITY_SLUG = "bench-commons"
PROCESS_SLUG = "resilience-fund"
VOTES_PER_RUN = 10**9
TRIVIAL = "healthz"
VOTES = ("vote_htmx", "vote_form")
HEADLINE = "vote_htmx"
RATIO_DEFINITION = (
    "ratio_to_trivial = p95 latency of a vote (POST with HX-Request, answered 200 with the "
    "next card) divided by the p95 latency of /healthz measured by the same Python client at "
    "the same concurrency in the same round; median over rounds. throughput_ratio = /healthz "
    "requests/s divided by votes/s, same round, median over rounds."
)

SUBJECTS = [
    "The county",
    "Our town council",
    "The school district",
    "Local churches",
    "Neighborhood associations",
    "The fire department",
    "Employers in the county",
    "The library",
    "Farmers and growers",
    "Young people",
    "Older residents",
    "The health clinic",
]
ACTIONS = [
    "should spend more of the resilience fund on",
    "should take the lead on",
    "is already doing enough about",
    "needs outside help with",
    "should hold monthly meetings about",
    "should publish a plan for",
    "ought to pay residents to help with",
    "should ask the state for money for",
]
TOPICS = [
    "flood protection along the river",
    "backup power for the shelters",
    "rides to the clinic for people without a car",
    "checking on neighbors who live alone during heat waves",
    "information in Spanish and English",
    "affordable housing after the plant closed",
    "fixing the roads out past the county road",
    "a food pantry open on weekends",
    "internet access in the outlying townships",
    "mental health support for farmers",
    "training volunteers for emergencies",
    "child care so parents can attend meetings",
    "jobs for young people in the summer",
    "clean drinking water in the trailer parks",
    "a warming center in winter",
]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--statements", type=int, default=300)
    p.add_argument("--prior-participants", type=int, default=2000)
    p.add_argument(
        "--prior-votes", type=int, default=120_000, help="votes loaded before the run, about"
    )
    p.add_argument("--seed", type=int, default=2027)
    p.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    p.add_argument("--connections", type=int, default=8, help="concurrent clients")
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--duration", type=float, default=10.0, help="seconds per load per round")
    p.add_argument("--warmup", type=float, default=3.0, help="seconds per load")
    p.add_argument("--max-votes", type=int, default=50_000, help="votes per load, at most")
    p.add_argument("--wrk", choices=["auto", "no"], default="auto", help="healthz_wrk too")
    p.add_argument("--output", type=Path, default=None)
    p.add_argument("--quick", action="store_true", help="small data and short runs")
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--partial", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.quick:
        args.prior_participants, args.prior_votes = 300, 15_000
        args.rounds, args.duration, args.warmup = 2, 3.0, 1.0
    if args.output is None:
        args.output = ROOT / "var" / f"bench-opinion-web{'-quick' if args.quick else ''}.json"
    return args


PARAMETERS = (
    "statements",
    "prior_participants",
    "prior_votes",
    "seed",
    "workers",
    "connections",
    "rounds",
    "duration",
    "warmup",
    "max_votes",
    "wrk",
)


def child_argv(args: argparse.Namespace) -> list[str]:
    argv = [sys.executable, str(Path(__file__).resolve()), "--child"]
    for name in PARAMETERS:
        argv += [f"--{name.replace('_', '-')}", str(getattr(args, name))]
    return argv


# --- the child: seed, count queries, load ----------------------------------------------------


def statement_text(rng: random.Random, i: int) -> str:
    return f"{rng.choice(SUBJECTS)} {rng.choice(ACTIONS)} {TOPICS[i % len(TOPICS)]}."


def seed(*, statements: int, participants: int, votes: int, seed: int) -> dict[str, Any]:
    """The conversation through the services; earlier votes in bulk; one analysis run."""
    from django.db import transaction

    from groundwork.accounts.models import User
    from groundwork.communities import services as community_services
    from groundwork.deliberation import services
    from groundwork.deliberation.models import AnalysisRun, Conversation, Vote
    from groundwork.deliberation.tasks import conversation_analyze
    from groundwork.planning import services as planning_services
    from groundwork.planning.models import Participant, PhaseKind

    rng = random.Random(seed)
    started = time.perf_counter()
    with transaction.atomic():
        coordinator = User.objects.create_user(
            "bench-coordinator@example.org", None, name="Bench Coordinator"
        )
        community = community_services.community_create(
            actor=coordinator,
            name="Bench Commons",
            slug=COMMUNITY_SLUG,
            kind="county",
            description="A fictional county deciding together, for benchmarks.",
        )
        process = planning_services.process_create(
            actor=coordinator,
            community=community,
            title="Spending the resilience fund",
            slug=PROCESS_SLUG,
        )
        process.current_phase = process.phases.get(kind=PhaseKind.DECIDE)
        process.save(update_fields=["current_phase"])
        conversation = services.conversation_create(
            actor=coordinator,
            process=process,
            topic="Where should the resilience fund go first?",
            description="Say whether you agree or disagree with each statement.",
        )
        # No analysis is queued by the votes of the run (see the module's docstring).
        Conversation.objects.filter(pk=conversation.pk).update(votes_per_run=VOTES_PER_RUN)
        statement_ids = [
            services.statement_seed(
                actor=coordinator,
                conversation=conversation,
                text=statement_text(rng, i),
                language="en",
            ).pk
            for i in range(statements)
        ]
    services_s = time.perf_counter() - started

    # Earlier voters: three leanings, each statement agree- or disagree-leaning per group.
    t0 = time.perf_counter()
    stance = [[rng.random() < 0.5 for _ in statement_ids] for _ in range(3)]
    mean = max(1, votes // max(participants, 1))
    made = 0
    with transaction.atomic():
        people = Participant.objects.bulk_create(
            [Participant(process=process, language="en") for _ in range(participants)],
            batch_size=2000,
        )
        batch: list[Any] = []
        for i, person in enumerate(people):
            n = min(len(statement_ids), max(1, int(rng.uniform(0.2, 1.8) * mean)))
            for j in rng.sample(range(len(statement_ids)), n):
                r = rng.random()
                agree = 0.8 if stance[i % 3][j] else 0.15
                value = 0 if r < 0.1 else (1 if rng.random() < agree else -1)
                batch.append(
                    Vote(
                        conversation=conversation,
                        statement_id=statement_ids[j],
                        participant=person,
                        value=value,
                        idempotency_key=f"prior-{made}",
                    )
                )
                made += 1
                if len(batch) >= 5000:
                    Vote.objects.bulk_create(batch)
                    batch.clear()
        if batch:
            Vote.objects.bulk_create(batch)
    votes_s = time.perf_counter() - t0

    t1 = time.perf_counter()
    run = AnalysisRun.objects.create(conversation=conversation)
    outcome = conversation_analyze.call(run_id=run.pk)
    run.refresh_from_db()
    analysis_s = time.perf_counter() - t1
    return {
        "community_slug": COMMUNITY_SLUG,
        "process_slug": PROCESS_SLUG,
        "conversation_id": conversation.pk,
        "process_id": process.pk,
        "counts": {
            "statements": len(statement_ids),
            "prior_participants": len(people),
            "prior_votes": made,
        },
        "votes_per_run": VOTES_PER_RUN,
        "analysis_run": {
            "outcome": outcome,
            "k": run.displayed_k,
            "results_json_bytes": len(json.dumps(run.results)),
            "seconds": round(analysis_s, 3),
        },
        "seconds": {
            "services": round(services_s, 2),
            "votes": round(votes_s, 2),
            "analysis": round(analysis_s, 2),
        },
        "seed": seed,
    }


def measure_in_process(vote_path: str, repeat: int = 5) -> dict[str, Any]:
    """Queries per request and single-request times, with Django's test client (no CSRF)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    def timed(call: Any) -> tuple[Any, float, int, float, list[tuple[float, str]]]:
        timer = QueryTimer()
        with CaptureQueriesContext(connection) as ctx, connection.execute_wrapper(timer):
            t0 = time.perf_counter()
            response = call()
            ms = (time.perf_counter() - t0) * 1000
        return (
            response,
            ms,
            len(ctx.captured_queries),
            sum(q for q, _ in timer.queries),
            (timer.queries),
        )

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    # Untimed: a test client loads the middleware on its first request (WhiteNoise then scans
    # the static files, ~0.2 s that a server pays once per worker); then a new visitor again.
    client.get(vote_path)
    client.cookies.clear()
    samples: dict[str, list[tuple[float, int, float, list[tuple[float, str]]]]] = {}
    statuses: dict[str, int] = {}

    def record(name: str, call: Any) -> Any:
        response, ms, n, db_ms, queries = timed(call)
        samples.setdefault(name, []).append((ms, n, db_ms, queries))
        statuses[name] = response.status_code
        return response

    def statement_of(response: Any) -> str:
        form = loadgen._vote_form(response.content)
        if form is None:
            raise RuntimeError(f"no statement on the voting page ({response.status_code})")
        return form[1]

    page = record("page_new_visitor", lambda: client.get(vote_path))
    key = 0

    def fields(statement: str) -> dict[str, str]:
        nonlocal key
        key += 1
        return {"statement": statement, "value": "1", "idempotency_key": f"inproc-{key}"}

    sid = statement_of(page)
    record("vote_first", lambda: client.post(vote_path, fields(sid)))
    for _ in range(repeat):
        page = record("page_participant", lambda: client.get(vote_path))
        sid = statement_of(page)
        data = fields(sid)
        record("vote_form", lambda data=data: client.post(vote_path, data))
        page = client.get(vote_path)
        sid = statement_of(page)
        data = fields(sid)
        card = record(
            "vote_htmx",
            lambda data=data: client.post(vote_path, data, HTTP_HX_REQUEST="true"),
        )
        if card.status_code != 200:
            raise RuntimeError(f"htmx vote answered {card.status_code}")
    expected = {"vote_first": 302, "vote_form": 302, "vote_htmx": 200}
    out: dict[str, Any] = {}
    for name, rows in samples.items():
        if statuses[name] != expected.get(name, 200):
            raise RuntimeError(f"in-process {name} answered {statuses[name]}")
        slowest = sorted(rows[-1][3], key=lambda q: -q[0])[:3]
        out[name] = {
            "status": statuses[name],
            "queries": max(r[1] for r in rows),
            "service_ms_median": round(statistics.median(r[0] for r in rows), 2),
            "db_ms_median": round(statistics.median(r[2] for r in rows), 2),
            "samples": len(rows),
            "sql": [sql[:160] for _, sql in rows[-1][3]],
            "slowest_queries": [{"ms": round(ms, 3), "sql": sql[:300]} for ms, sql in slowest],
        }
    return out


def aggregate(rounds: list[dict[str, Any]], names: list[str]) -> dict[str, Any]:
    """Medians over rounds, and ratios to /healthz (Python client) within each round."""
    med = statistics.median
    base = [r["results"][TRIVIAL] for r in rounds]
    out: dict[str, Any] = {}
    for name in names:
        rows = [r["results"][name] for r in rounds]
        is_vote = name in VOTES
        rate = "votes_per_s" if is_vote else "rps"
        entry: dict[str, Any] = {
            "median": {
                "p50_ms": round(med(x["p50_ms"] for x in rows), 3),
                "p95_ms": round(med(x["p95_ms"] for x in rows), 3),
                "p99_ms": round(med(x["p99_ms"] for x in rows), 3),
                rate: round(med(x[rate] for x in rows), 2),
            },
            "server_cpu_ms_per_request": {
                part: round(med(x["server_cpu_ms_per_request"][part] or 0 for x in rows), 3)
                for part in rows[0]["server_cpu_ms_per_request"]
            },
            "errors": sum(x["error_count"] for x in rows),
            "requests": sum(x["requests"] for x in rows),
        }
        if name != TRIVIAL:
            pairs = list(zip(rows, base, strict=True))
            entry["ratio_to_healthz"] = {
                "p50": round(med(x["p50_ms"] / b["p50_ms"] for x, b in pairs), 2),
                "p95": round(med(x["p95_ms"] / b["p95_ms"] for x, b in pairs), 2),
                "throughput": round(med(b["rps"] / x[rate] for x, b in pairs), 2)
                if all(x[rate] for x in rows)
                else None,
                "cpu_per_request": round(
                    med(
                        x["server_cpu_ms_per_request"]["total"]
                        / b["server_cpu_ms_per_request"]["total"]
                        for x, b in pairs
                    ),
                    2,
                )
                if all(b["server_cpu_ms_per_request"]["total"] for b in base)
                else None,
            }
        if is_vote:
            entry["median"]["requests_per_s"] = round(med(x["requests_per_s"] for x in rows), 2)
            for key in ("page_p50_ms", "page_p95_ms"):  # the GETs between votes, if any
                values = [x[key] for x in rows if x[key] is not None]
                entry["median"][key] = round(med(values), 3) if values else None
            entry["votes"] = sum(x["votes"] for x in rows)
            entry["succeeded"] = sum(x["succeeded"] for x in rows)
            entry["stored"] = sum(x["stored"] for x in rows)
            entry["new_participants"] = sum(x["new_participants"] for x in rows)
        if "client_cpu_ms_per_request" in rows[0]:
            entry["client_cpu_ms_per_request"] = round(
                med(x["client_cpu_ms_per_request"] or 0 for x in rows), 3
            )
        out[name] = entry
    return out


def child(args: argparse.Namespace) -> int:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    result: dict[str, Any] = {}
    started = time.perf_counter()
    ensure_postgres_database(os.environ["DATABASE_URL"])
    log("opinion web: migrate")
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, check=True
    )
    result["migrate_seconds"] = round(time.perf_counter() - t0, 2)

    import django

    django.setup()
    from django.db import connection, connections
    from django.urls import reverse

    from groundwork.deliberation.models import AnalysisRun, Vote

    log(
        f"opinion web: seed {args.statements} statements, {args.prior_participants} "
        f"participants, ~{args.prior_votes} earlier votes"
    )
    seeded = seed(
        statements=args.statements,
        participants=args.prior_participants,
        votes=args.prior_votes,
        seed=args.seed,
    )
    with connection.cursor() as c:
        c.execute("VACUUM ANALYZE")  # what autovacuum would do soon after a bulk load
    result["seed"] = seeded
    result["database_info"] = database_info()
    vote_path = reverse(
        "deliberation:vote", kwargs={"slug": COMMUNITY_SLUG, "process_slug": PROCESS_SLUG}
    )
    healthz_path = reverse("core:healthz")
    log("opinion web: queries per request")
    result["in_process"] = measure_in_process(vote_path)

    use_wrk = args.wrk == "auto" and shutil.which("wrk") is not None
    names = [TRIVIAL, *VOTES, *(["healthz_wrk"] if use_wrk else [])]
    pg_pid = postmaster_pid()
    conversation_id = seeded["conversation_id"]
    connections.close_all()
    tmp = Path(tempfile.mkdtemp(prefix="groundwork-bench-opinion-gunicorn-"))
    server = Gunicorn(args.workers, tmp / "gunicorn.log")
    try:
        server.wait_ready()
        meter = CpuMeter({"app": server.process.pid, **({"db": pg_pid} if pg_pid else {})})
        for path in (healthz_path, vote_path):
            if (status := server.check(path)) != 200:
                raise RuntimeError(f"{path} over HTTP answered {status}")

        def load(name: str, duration: float, round_no: int) -> dict[str, Any]:
            """One load; round 0 is the warm-up."""
            before = meter.sample()
            cpu0 = time.process_time()
            if name == TRIVIAL:
                res = loadgen.run_python_get(
                    port=server.port,
                    path=healthz_path,
                    connections=args.connections,
                    duration=duration,
                )
                res["client_cpu_ms_per_request"] = (
                    round((time.process_time() - cpu0) * 1000 / res["requests"], 3)
                    if res["requests"]
                    else None
                )
                return with_cpu(res, meter.since(before), res["requests"])
            if name == "healthz_wrk":
                res = loadgen.run_wrk(
                    port=server.port,
                    path=healthz_path,
                    connections=args.connections,
                    duration=duration,
                )
                return with_cpu(res, meter.since(before), res["requests"])
            mode = name.removeprefix("vote_")
            prefix = f"bench-r{round_no}-{mode}"
            res = loadgen.run_votes(
                port=server.port,
                vote_path=vote_path,
                mode=mode,
                clients=args.connections,
                duration=duration,
                max_votes=args.max_votes,
                seed=args.seed * 100 + round_no,
                key_prefix=prefix,
            )
            # Per vote: in form mode that includes the GET that follows each vote.
            with_cpu(res, meter.since(before), res["succeeded"])
            res["client_cpu_ms_per_request"] = res.pop("client_cpu_ms_per_vote")
            res["rps"] = res["requests_per_s"]
            res["stored"] = Vote.objects.filter(
                conversation_id=conversation_id, idempotency_key__startswith=prefix + "-"
            ).count()
            return res

        log(f"opinion web: warm up ({args.warmup:g} s per load)")
        rounds = interleaved_rounds(
            names,
            rounds=args.rounds,
            duration=args.duration,
            warmup=args.warmup,
            run=load,
            describe=lambda r, name, res: (
                f"opinion web: round {r}/{args.rounds} {name:<11} "
                f"p50 {res['p50_ms']:7.1f} ms  p95 {res['p95_ms']:7.1f} ms  "
                f"{res.get('votes_per_s', res['rps']):8.1f} "
                f"{'votes' if name in VOTES else 'req'}/s  errors {res['error_count']}"
            ),
        )
        result["load"] = {
            "connections": args.connections,
            "duration_s": args.duration,
            "paths": {"healthz": healthz_path, "vote": vote_path},
            "summary": aggregate(rounds, names),
            "rounds": rounds,
        }
        result["server_tracebacks"] = server.tracebacks()
    finally:
        server.stop()
        if result.get("server_tracebacks"):
            result["server_log_tail"] = (tmp / "gunicorn.log").read_text(errors="replace")[-3000:]
        shutil.rmtree(tmp, ignore_errors=True)
    # The same in-process measurement once the load's votes are stored: does a vote cost more
    # as the conversation grows?
    result["in_process_after"] = measure_in_process(vote_path)
    result["analysis_runs_after"] = {
        status: AnalysisRun.objects.filter(conversation_id=conversation_id, status=status).count()
        for status in AnalysisRun.Status.values
    }
    result["votes_after"] = Vote.objects.filter(conversation_id=conversation_id).count()
    result["seconds"] = round(time.perf_counter() - started, 1)
    args.partial.write_text(json.dumps(result, indent=2))
    return 0


# --- the parent -------------------------------------------------------------------------------


def headline(raw: dict[str, Any]) -> dict[str, Any]:
    """The figures opinion.json's "web" holds, from the child's raw result."""
    summary = raw["load"]["summary"]
    vote, base = summary[HEADLINE], summary[TRIVIAL]
    out: dict[str, Any] = {
        "votes_per_s": vote["median"]["votes_per_s"],
        "p95_ms": vote["median"]["p95_ms"],
        "ratio_to_trivial": vote["ratio_to_healthz"]["p95"],
        "throughput_ratio": vote["ratio_to_healthz"]["throughput"],
        "p50_ms": vote["median"]["p50_ms"],
        "p99_ms": vote["median"]["p99_ms"],
        "errors": vote["errors"],
        "server_cpu_ms_per_vote": vote["server_cpu_ms_per_request"]["total"],
        "cpu_ratio_to_trivial": vote["ratio_to_healthz"]["cpu_per_request"],
        "mode": HEADLINE.removeprefix("vote_"),
        "definition": RATIO_DEFINITION,
        "trivial": {
            "path": raw["load"]["paths"]["healthz"],
            "rps": base["median"]["rps"],
            "p50_ms": base["median"]["p50_ms"],
            "p95_ms": base["median"]["p95_ms"],
            "server_cpu_ms_per_request": base["server_cpu_ms_per_request"]["total"],
        },
    }
    return out


def summary_lines(web: dict[str, Any]) -> list[str]:
    summary = web["load"]["summary"]
    head = (
        f"{'load':<12} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'rate/s':>9} {'p95 ×hz':>8} "
        f"{'thr ×hz':>8} {'cpu ms':>7} {'errors':>7}"
    )
    lines = [head, "-" * len(head)]
    for name, agg in summary.items():
        m, r = agg["median"], agg.get("ratio_to_healthz", {})
        rate = m.get("votes_per_s", m.get("rps"))
        lines.append(
            f"{name:<12} {m['p50_ms']:>8.1f} {m['p95_ms']:>8.1f} {m['p99_ms']:>8.1f} "
            f"{rate:>9.1f} {r.get('p95', 1.0):>8.1f} {r.get('throughput') or 1.0:>8.1f} "
            f"{agg['server_cpu_ms_per_request']['total']:>7.2f} {agg['errors']:>7}"
        )
    lines.append(
        f"votes: {web['votes_per_s']} /s, p95 {web['p95_ms']} ms, ratio_to_trivial (p95) "
        f"{web['ratio_to_trivial']}, throughput ratio {web['throughput_ratio']}; "
        f"cores {web['machine']['cpu_count']}; medians of {web['parameters']['rounds']} rounds"
    )
    return lines


def run_web(args: argparse.Namespace) -> dict[str, Any]:
    """Run the child on a throwaway PostgreSQL; the "web" result (headline figures first)."""
    previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.perf_counter()
    machine = {
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
        "loadavg_at_start": [round(x, 2) for x in os.getloadavg()],
    }
    try:
        raw = run_child(child_argv(args), label="opinion-web", timeout=CHILD_TIMEOUT, postgres=True)
    finally:
        signal.signal(signal.SIGTERM, previous)
    machine["loadavg_at_end"] = [round(x, 2) for x in os.getloadavg()]
    common = {
        "database": "postgresql",
        "machine": machine,
        "versions": {**versions(), "wrk": loadgen.wrk_version()},
        "parameters": {k: getattr(args, k) for k in (*PARAMETERS, "quick")},
    }
    if "error" in raw or "load" not in raw:
        return {
            "votes_per_s": None,
            "p95_ms": None,
            "ratio_to_trivial": None,
            "reason": f"the web benchmark failed: {raw.get('error', 'no load result')}",
            **common,
            "raw": raw,
        }
    web = {**headline(raw), **common, **raw, "seconds": round(time.perf_counter() - started, 1)}
    web["summary"] = summary_lines(web)
    return web


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        return child(args)
    web = run_web(args)
    web["generated_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(web, indent=2, ensure_ascii=False) + "\n")
    print("\n".join(web.get("summary", [web.get("reason", "")])))
    print(f"\nwritten to {args.output}")
    return 0 if web["votes_per_s"] is not None else 1


if __name__ == "__main__":
    raise SystemExit(main())
