"""The plan benchmark: the public page of a published Community Resilience Plan with 200
activities and 20,000 linked contributions (and the same plan as JSON through the API), served
by gunicorn on a throwaway PostgreSQL, under concurrent load on loopback, beside /healthz.

    python bench/plans.py            # writes bench/results/plans.json (~2-3 minutes)
    python bench/plans.py --quick    # short runs, a smoke test; writes var/bench-plans-quick.json

The child (inside scripts/with-postgres.sh) migrates, seeds the plan with the real services
where it matters (the plan, goals, publishing, progress updates) and bulk rows where it does
not (contributions, activities, links), runs VACUUM ANALYZE, counts queries per request with
Django's test client, then starts gunicorn and runs R rounds that interleave /healthz, the plan
page and the plan's JSON for a fixed time each. Latencies are medians over rounds, and ratios
to /healthz measured in the same round (bench/harness.py's `aggregate`).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from harness import (  # noqa: E402
    add_load_arguments,
    bench_env,
    database_info,
    ensure_postgres_database,
    finish_load_arguments,
    log,
    measure_get,
    results_header,
    run_child,
    serve_and_load,
    use_sqlite_file,
    write_results,
)
from harness import child_argv as harness_child_argv  # noqa: E402

DATABASES = ("postgresql", "sqlite")
CHILD_TIMEOUT = 10 * 60
COMMUNITY_SLUG = "bench-county"
PROCESS_SLUG = "resilience-plan"
QUESTION_KIND = {
    "strengths": "strength",
    "barriers": "barrier",
    "allies": "ally",
    "problems": "evidence",
    "actions": "evidence",
}
WORDS = [
    "bus",
    "clinic",
    "library",
    "food",
    "bank",
    "river",
    "flood",
    "school",
    "church",
    "jobs",
    "rent",
    "heat",
    "shelter",
    "neighbors",
    "radio",
    "park",
    "trail",
    "market",
    "youth",
    "elders",
    "water",
    "broadband",
    "pharmacy",
]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--database", choices=DATABASES, default="postgresql")
    p.add_argument("--goals", type=int, default=20)
    p.add_argument("--activities", type=int, default=200)
    p.add_argument("--contributions", type=int, default=20_000, help="all linked to activities")
    p.add_argument("--distinct", type=int, default=2_000, help="distinct answer texts")
    p.add_argument("--seed", type=int, default=2027)
    add_load_arguments(p)
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    return finish_load_arguments(p.parse_args(argv), "plans")


PARAMETERS = (
    "database",
    "goals",
    "activities",
    "contributions",
    "distinct",
    "seed",
    "workers",
    "connections",
    "rounds",
    "duration",
    "warmup",
    "generator",
    "quick",
)


def child_argv(args: argparse.Namespace) -> list[str]:
    return harness_child_argv(__file__, args, PARAMETERS)


# --- the child ----------------------------------------------------------------------------------


def seed(args: argparse.Namespace) -> dict[str, Any]:
    """A public process, a plan of `goals` goals and `activities` activities, `contributions`
    answers all linked to activities (as strengths, barriers, allies or evidence by question),
    a progress update on every other activity, and one published version."""
    from django.db import transaction
    from django.utils import timezone

    from groundwork.accounts.models import User
    from groundwork.communities import services as community_services
    from groundwork.planning import services as planning_services
    from groundwork.planning.models import Contribution
    from groundwork.plans import services
    from groundwork.plans.models import Activity, ActivityLink

    started = time.perf_counter()
    rng = random.Random(args.seed)
    texts = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 12))) for _ in range(999)]

    def answer(k: int) -> str:  # the same words come back: groups of same-words answers
        return f"{texts[k % len(texts)]} {k % args.distinct}"

    with transaction.atomic():
        coordinator = User.objects.create_user(
            "bench-coordinator@example.org", None, name="Bench Coordinator"
        )
        community = community_services.community_create(
            actor=coordinator, name="Bench County", slug=COMMUNITY_SLUG, kind="county"
        )
        process = planning_services.process_create(
            actor=coordinator, community=community, title="Bench plan", slug=PROCESS_SLUG
        )
        plan = services.plan_create(actor=coordinator, process=process, title="Bench County plan")
        goals = [
            services.goal_save(actor=coordinator, plan=plan, title=f"Goal {g + 1}")
            for g in range(args.goals)
        ]
        activities = Activity.objects.bulk_create(
            Activity(
                community=community,
                plan=plan,
                goal=goals[i % len(goals)],
                title=f"Activity {i + 1}: {texts[i % len(texts)]}"[:300],
                description=texts[(i * 7) % len(texts)],
                lead_name=f"Lead {i + 1}",
                partners="Library, Food bank",
                order=i,
            )
            for i in range(args.activities)
        )
        questions = {q.key: q for q in process.questions.all()}
        keys = list(QUESTION_KIND)
        contributions = Contribution.objects.bulk_create(
            (
                Contribution(
                    community=community,
                    process=process,
                    question=questions[keys[i % len(keys)]],
                    text=answer(i // len(keys)),
                    language="es" if i % 4 == 0 else "en",
                    channel="online" if i % 3 else "paper",
                    idempotency_key=f"bench-plan-{i}",
                )
                for i in range(args.contributions)
            ),
            batch_size=2000,
        )
        ActivityLink.objects.bulk_create(
            (
                ActivityLink(
                    community=community,
                    activity=activities[i % len(activities)],
                    kind=QUESTION_KIND[keys[i % len(keys)]],
                    contribution=c,
                )
                for i, c in enumerate(contributions)
            ),
            batch_size=2000,
        )
    today = timezone.localdate()
    for n, activity in enumerate(activities[::2]):
        services.progress_post(
            actor=coordinator,
            activity=activity,
            on_date=today - timedelta(days=n % 90),
            progress=(n * 7) % 100,
            status="under_way",
            note=f"Update on {activity.title}",
        )
    t0 = time.perf_counter()
    version = services.plan_publish(actor=coordinator, plan=plan, note="Benchmark")
    return {
        "community_slug": COMMUNITY_SLUG,
        "process_slug": PROCESS_SLUG,
        "process_id": process.pk,
        "goals": len(goals),
        "activities": len(activities),
        "contributions": len(contributions),
        "links": ActivityLink.objects.filter(activity__plan=plan).count(),
        "progress_updates": len(activities[::2]),
        "version": version.number,
        "snapshot_bytes": len(json.dumps(version.snapshot)),
        "publish_seconds": round(time.perf_counter() - t0, 2),
        "seconds": round(time.perf_counter() - started, 2),
    }


def endpoint_paths() -> dict[str, dict[str, Any]]:
    from django.urls import reverse

    kwargs = {"slug": COMMUNITY_SLUG, "process_slug": PROCESS_SLUG}
    return {
        "healthz": {"path": reverse("core:healthz")},
        "plan": {"path": reverse("plans:plan", kwargs=kwargs)},
        "plan_api": {
            "path": f"/api/communities/{COMMUNITY_SLUG}/processes/{PROCESS_SLUG}/plan",
        },
    }


def measure_in_process(endpoints: dict[str, dict[str, Any]], repeat: int = 5) -> dict[str, Any]:
    """Queries per request, single-request service time and time in the database, anonymous,
    with Django's test client."""

    from django.test import Client

    out: dict[str, Any] = {}
    for name, endpoint in endpoints.items():
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        if (status := client.get(endpoint["path"]).status_code) != 200:
            raise RuntimeError(f"{name}: {endpoint['path']} answered {status}")
        out[name] = measure_get(client, endpoint["path"], repeat)
    return out


def child(args: argparse.Namespace) -> int:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    result: dict[str, Any] = {"database": args.database}
    started = time.perf_counter()
    if args.database == "postgresql":
        ensure_postgres_database(os.environ["DATABASE_URL"])
    log(f"{args.database}: migrate")
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, check=True
    )
    import django

    django.setup()
    from django.db import connection

    log(f"{args.database}: seed {args.activities} activities, {args.contributions} linked answers")
    seeded = seed(args)
    if args.database == "postgresql":
        with connection.cursor() as c:
            c.execute("VACUUM ANALYZE")
    result["seed"] = seeded
    result["database_info"] = database_info()
    endpoints = endpoint_paths()
    log(f"{args.database}: queries per request")
    in_process = measure_in_process(endpoints)
    result["in_process"] = in_process

    endpoints = {name: {**e, "as": "anonymous"} for name, e in endpoints.items()}
    queries = {name: row["queries"] for name, row in in_process.items()}
    result.update(serve_and_load(args, endpoints, queries, label=args.database))
    result["seconds"] = round(time.perf_counter() - started, 1)
    args.partial.write_text(json.dumps(result, indent=2))
    return 0


# --- the parent ---------------------------------------------------------------------------------


def summary_lines(results: dict[str, Any]) -> list[str]:
    res = results["result"]
    if "error" in res:
        return [f"FAILED: {res['error']}"]
    head = (
        f"{'endpoint':<10} {'p50 ms':>9} {'p95 ms':>9} {'req/s':>8} {'p50 ×hz':>8} "
        f"{'p95 ×hz':>8} {'cpu ms':>7} {'queries':>8}"
    )
    lines = [head, "-" * len(head)]
    for name, agg in res["load"]["summary"].items():
        m, r = agg["median"], agg["ratio_to_healthz"]
        lines.append(
            f"{name:<10} {m['p50_ms']:>9.1f} {m['p95_ms']:>9.1f} {m['rps']:>8.1f} "
            f"{r['p50']:>8.1f} {r['p95']:>8.1f} "
            f"{agg['server_cpu_ms_per_request']['total']:>7.1f} "
            f"{res['load']['endpoints'][name]['queries_per_request']:>8}"
        )
    seeded = res["seed"]
    lines.append(
        f"{results['parameters']['database']}; plan of {seeded['activities']} activities, "
        f"{seeded['links']} links; cores: {results['machine']['cpu_count']}; medians of "
        f"{results['parameters']['rounds']} rounds; ×hz = ratio to /healthz in the same round"
    )
    return lines


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        return child(args)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.perf_counter()
    log(f"load generator: {args.generator}; database: {args.database}")
    results = results_header("plans", {k: getattr(args, k) for k in PARAMETERS})

    results["result"] = run_child(
        child_argv(args),
        label="plans",
        timeout=CHILD_TIMEOUT,
        postgres=args.database == "postgresql",
        env=bench_env(),
        configure=use_sqlite_file if args.database == "sqlite" else None,
    )
    write_results(results, args.output, started, summary_lines)
    return 1 if "error" in results["result"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
