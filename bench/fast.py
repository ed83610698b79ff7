"""The "fast" benchmark: every public and facilitator page of the demo, scaled up, beside a
trivial view in the same run; votes and answers over HTTP; the plan and landscape PDFs.

    python bench/fast.py            # writes bench/results/fast.json (~10-15 minutes)
    python bench/fast.py --quick    # small data and short rounds; var/bench-fast-quick.json

The child (inside scripts/with-postgres.sh, a throwaway PostgreSQL; `--database sqlite` for a
file) migrates, loads the demo (`manage.py load_demo`: a network of 43 coalitions, three
communities with processes, themes, a conversation, a plan, 152 directory services), adds
`--contributions` answers to Alder County's process (as bench/plans.py does), publishes its
plan, runs VACUUM ANALYZE, then:

1. counts queries per request with Django's test client, anonymous for the public pages and
   signed in as Alder County's coordinator for the facilitator pages;
2. starts gunicorn (2 sync workers, production settings over plain HTTP) and runs R rounds
   that interleave /healthz and every page for D seconds each at C connections
   (bench/harness.py's `serve_and_load`; ratios are taken within each round);
3. writes: votes on Alder County's conversation (no-JavaScript form posts, as
   bench/opinion_web.py; `votes_htmx` as a phone with JavaScript votes, one request answered
   with the next card) and answer submissions to Cedar Creek's process (gathering, as
   bench/planning.py), each in rounds interleaved with /healthz under the same load
   generator; `throughput_share` = ours ÷ /healthz's requests per second (same round);
4. PDFs: the first request for each PDF (seconds), then repeated GETs one at a time,
   interleaved with GETs of /healthz: `cached_ratio` = median PDF latency ÷ median /healthz
   latency.

5. scale-out (`--scale-out 1,2,4`): for each process count, gunicorn with that many sync
   processes and `write_rounds` rounds of /healthz then votes (as in 3); votes per second,
   the speed-up over one process, the share of /healthz's throughput, CPU per vote (app and
   database) and how many of the machine's cores were busy.

Results: `public_pages.<page>`, `facilitator_pages.<page>` ({p50_ratio, p95_ratio, queries,
bytes, ...}), `writes.{votes,votes_htmx,answers}` ({throughput_share, p95_ratio, ...}),
`pdfs.<pdf>` ({first_render_s, cached_ratio, ...}), `scale_out.curve` ([{workers,
votes_per_s, speedup, cores_busy, cpu_ms_per_vote, ...}]); raw figures under `raw`.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(ROOT))  # this checkout's code in the child, not an installed copy

import loadgen  # noqa: E402
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
    postmaster_pid,
    run_child,
    serve_and_load,
    use_sqlite_file,
    versions,
    with_cpu,
    write_results,
)
from harness import child_argv as harness_child_argv  # noqa: E402

CHILD_TIMEOUT = 40 * 60
COMMUNITY = "alder-county"
PROCESS = "resilience-plan"
ANSWER_COMMUNITY = "cedar-creek"
NETWORK = "resilient-together"
COORDINATOR = "coordinator@example.org"
PUBLIC = ("plan", "answers", "themes", "results", "catalog", "landscape", "directory")
FACILITATOR = ("builder", "reach", "answers_facilitator", "themes_facilitator")
WRITES = ("votes", "votes_htmx", "answers")
PDFS = ("plan_pdf", "landscape_pdf")
BENCH_LIMITS = {"person": "1000000/h", "client": "1000000/h"}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--database", choices=("postgresql", "sqlite"), default="postgresql")
    p.add_argument("--contributions", type=int, default=20_000, help="answers added to the demo")
    p.add_argument("--write-rounds", type=int, default=3)
    p.add_argument("--write-duration", type=float, default=10.0)
    p.add_argument("--pdf-repeat", type=int, default=5, help="cached GETs per PDF")
    p.add_argument("--seed", type=int, default=2121)
    p.add_argument("--label", default="", help="recorded as `label` (e.g. before, after)")
    p.add_argument(
        "--scale-out",
        default="1,2,4",
        help="gunicorn process counts for the votes scale-out curve ('' to skip)",
    )
    p.add_argument(
        "--worker-scale-out",
        default="1,2,3",
        help="background worker counts for the theme and opinion runs curve ('' to skip)",
    )
    p.add_argument("--worker-rounds", type=int, default=3)
    p.add_argument(
        "--themes-batch", type=int, default=1, help="theme runs per question per worker round"
    )
    p.add_argument("--opinion-batch", type=int, default=60, help="opinion runs per round")
    p.add_argument(
        "--only",
        default="",
        help=(
            "run only these parts, comma-separated (" + ", ".join(PARTS) + "); their figures "
            "are merged into the existing output, the others kept"
        ),
    )
    add_load_arguments(p)
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = finish_load_arguments(p.parse_args(argv), "fast")
    if args.quick:
        args.contributions = min(args.contributions, 2_000)
        args.write_rounds, args.write_duration, args.pdf_repeat = 1, 3.0, 3
        args.worker_rounds, args.opinion_batch = 1, 20
    unknown = set(parts(args)) - set(PARTS)
    if unknown:
        p.error(f"--only: unknown part(s) {', '.join(sorted(unknown))}")
    return args


# What `--only` can choose: every page, or only the facilitator pages (with /healthz); the
# PDFs; the writes; the web tier's and the worker tier's scale-out.
PARTS = ("pages", "facilitator", "pdfs", "writes", "scale-out", "workers")


def parts(args: argparse.Namespace) -> list[str]:
    if not args.only.strip():
        return ["pages", "pdfs", "writes", "scale-out", "workers"]
    return [x.strip() for x in args.only.split(",") if x.strip()]


PARAMETERS = (
    "database",
    "contributions",
    "write_rounds",
    "write_duration",
    "pdf_repeat",
    "seed",
    "workers",
    "connections",
    "rounds",
    "duration",
    "warmup",
    "generator",
    "quick",
    "label",
    "scale_out",
    "worker_scale_out",
    "worker_rounds",
    "themes_batch",
    "opinion_batch",
    "only",
)


def child_argv(args: argparse.Namespace) -> list[str]:
    return harness_child_argv(__file__, args, PARAMETERS)


# --- the child ----------------------------------------------------------------------------------


def seed(args: argparse.Namespace) -> dict[str, Any]:
    """The demo, `contributions` more answers in Alder County's process, its plan published,
    Cedar Creek's process gathering answers."""
    from django.db import transaction

    from groundwork.accounts.models import User
    from groundwork.planning.models import Contribution, PhaseKind, Process
    from groundwork.plans import services as plan_services
    from groundwork.plans.models import Plan

    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "manage.py", "load_demo"], cwd=ROOT, check=True, capture_output=True
    )
    demo_s = time.perf_counter() - started
    rng = random.Random(args.seed)
    words = [
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
    ]
    process = Process.objects.select_related("community").get(
        community__slug=COMMUNITY, slug=PROCESS
    )
    questions = list(process.questions.all())
    with transaction.atomic():
        Contribution.objects.bulk_create(
            (
                Contribution(
                    community=process.community,
                    process=process,
                    question=questions[i % len(questions)],
                    text=" ".join(rng.choice(words) for _ in range(rng.randint(4, 14))),
                    language="es" if i % 4 == 0 else "en",
                    channel="online" if i % 3 else "paper",
                    idempotency_key=f"bench-fast-{i}",
                )
                for i in range(args.contributions)
            ),
            batch_size=2000,
        )
    coordinator = User.objects.get(email=COORDINATOR)
    plan = Plan.objects.get(process=process)
    if not plan.versions.exists():
        plan_services.plan_publish(actor=coordinator, plan=plan, note="Benchmark")
    gathering = Process.objects.get(community__slug=ANSWER_COMMUNITY, slug=PROCESS)
    gathering.current_phase = gathering.phases.get(kind=PhaseKind.GATHER)
    gathering.save(update_fields=["current_phase"])
    return {
        "demo_seconds": round(demo_s, 1),
        "contributions": Contribution.objects.filter(process=process).count(),
        "activities": plan.activities.count(),
        "plan_version": plan.versions.order_by("-number").values_list("number", flat=True)[0],
        "seconds": round(time.perf_counter() - started, 1),
    }


def endpoint_paths() -> dict[str, dict[str, Any]]:
    from django.urls import reverse

    from groundwork.plans.models import Plan

    kw = {"slug": COMMUNITY, "process_slug": PROCESS}
    number = Plan.objects.get(process__community__slug=COMMUNITY, process__slug=PROCESS)
    number = number.versions.order_by("-number").values_list("number", flat=True)[0]
    net = {"network_slug": NETWORK}
    return {
        "healthz": {"path": reverse("core:healthz")},
        "plan": {"path": reverse("plans:plan", kwargs=kw)},
        "answers": {"path": reverse("planning:contributions", kwargs=kw)},
        "themes": {"path": reverse("themes:list", kwargs=kw)},
        "results": {"path": reverse("deliberation:results", kwargs=kw)},
        "catalog": {"path": reverse("landscape:catalog", kwargs=net)},
        "landscape": {"path": reverse("landscape:report", kwargs=net)},
        "directory": {"path": reverse("directory:search", kwargs={"slug": COMMUNITY})},
        "builder": {"path": reverse("plans:builder", kwargs=kw), "member": True},
        "reach": {"path": reverse("planning:reach", kwargs=kw), "member": True},
        "answers_facilitator": {
            "path": reverse("planning:contributions", kwargs=kw),
            "member": True,
        },
        "themes_facilitator": {"path": reverse("themes:list", kwargs=kw), "member": True},
        "plan_pdf": {"path": reverse("plans:version_pdf", kwargs={**kw, "number": number})},
        "landscape_pdf": {"path": reverse("landscape:report_pdf", kwargs=net)},
    }


def coordinator_cookie() -> str:
    from django.test import Client

    from groundwork.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email=COORDINATOR))
    return f"sessionid={client.cookies['sessionid'].value}"


def measure_in_process(endpoints: dict[str, dict[str, Any]], cookie: str) -> dict[str, Any]:
    from django.test import Client

    out: dict[str, Any] = {}
    for name, endpoint in endpoints.items():
        if name.endswith("_pdf"):
            continue
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        if endpoint.get("member"):
            client.cookies.load(cookie)
        if (status := client.get(endpoint["path"]).status_code) != 200:
            raise RuntimeError(f"{name}: {endpoint['path']} answered {status}")
        out[name] = measure_get(client, endpoint["path"], 3)
    return out


def timed_get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, float]:
    conn = http.client.HTTPConnection(loadgen.LOOPBACK, port, timeout=300)
    t0 = time.perf_counter()
    conn.request("GET", path, headers={"Accept-Language": "en", **(headers or {})})
    response = conn.getresponse()
    response.read()
    elapsed = time.perf_counter() - t0
    conn.close()
    return response.status, elapsed


def pdfs(args: argparse.Namespace, server: Gunicorn, endpoints: dict[str, Any]) -> dict[str, Any]:
    """First render, then `pdf_repeat` GETs of each PDF alternating with GETs of /healthz."""
    out: dict[str, Any] = {}
    healthz = endpoints["healthz"]["path"]
    for name in PDFS:
        path = endpoints[name]["path"]
        status, first = timed_get(server.port, path)
        pdf_ms, hz_ms = [], []
        for _ in range(args.pdf_repeat):
            hz_ms.append(timed_get(server.port, healthz)[1] * 1000)
            pdf_ms.append(timed_get(server.port, path)[1] * 1000)
        med_pdf, med_hz = statistics.median(pdf_ms), statistics.median(hz_ms)
        out[name] = {
            "path": path,
            "status": status,
            "first_render_s": round(first, 3),
            "cached_ms_median": round(med_pdf, 2),
            "healthz_ms_median": round(med_hz, 2),
            "cached_ratio": round(med_pdf / med_hz, 2),
            "repeat": args.pdf_repeat,
        }
        log(f"pdf {name}: first {first:.2f} s, then median {med_pdf:.1f} ms ({med_hz:.1f} hz)")
    return out


def answer_fields(rng: random.Random, language: str) -> dict[str, str]:
    words = [
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
    ]
    return {"answer_problems": " ".join(rng.choice(words) for _ in range(rng.randint(3, 12)))}


def page_write_loads(
    args: argparse.Namespace, server: Gunicorn, endpoints: dict[str, Any]
) -> dict[str, Callable[[int], dict[str, Any]]]:
    """/healthz under load, votes (no-JavaScript form posts) on Alder County's conversation and
    answer submissions to Cedar Creek's process, as loads for `write_rounds`: each takes the
    round's number and returns the load generator's result with `rps` (writes or requests per
    second) and `count` (what the server CPU is divided by)."""
    from django.urls import reverse

    vote_path = reverse("deliberation:vote", kwargs={"slug": COMMUNITY, "process_slug": PROCESS})
    kw = {"slug": ANSWER_COMMUNITY, "process_slug": PROCESS}
    answer_path = reverse("planning:answer", kwargs=kw)
    thanks_path = reverse("planning:thanks", kwargs=kw)
    for path in (vote_path, answer_path):
        if (status := server.check(path)) != 200:
            raise RuntimeError(f"{path} over HTTP answered {status}")

    def healthz(r: int) -> dict[str, Any]:
        res = loadgen.run_load(
            generator="python",
            port=server.port,
            path=endpoints["healthz"]["path"],
            connections=args.connections,
            duration=args.write_duration,
        )
        return {**res, "count": res["requests"], "path": endpoints["healthz"]["path"]}

    def voting(mode: str, r: int) -> dict[str, Any]:
        res = loadgen.run_votes(
            port=server.port,
            vote_path=vote_path,
            mode=mode,
            clients=args.connections,
            duration=args.write_duration,
            max_votes=100_000,
            seed=args.seed + r,
            key_prefix=f"fast-r{r}" if mode == "form" else f"fast-{mode}-r{r}",
        )
        rps = res["succeeded"] / args.write_duration
        return {**res, "rps": rps, "count": res["succeeded"], "path": vote_path}

    def votes(r: int) -> dict[str, Any]:
        return voting("form", r)

    def votes_htmx(r: int) -> dict[str, Any]:
        # As a phone with JavaScript votes: one request, answered with the next card.
        return voting("htmx", r)

    def answers(r: int) -> dict[str, Any]:
        res = loadgen.run_submissions(
            port=server.port,
            answer_path=answer_path,
            thanks_path=thanks_path,
            clients=args.connections,
            duration=args.write_duration,
            max_submissions=100_000,
            make_answers=answer_fields,
            seed=args.seed + r,
            key_prefix=f"fast-r{r}",
        )
        rps, count = res["submissions_per_s"], res["submissions"]
        return {**res, "rps": rps, "count": count, "path": answer_path}

    return {"healthz": healthz, "votes": votes, "votes_htmx": votes_htmx, "answers": answers}


def write_rounds(
    args: argparse.Namespace,
    meter: CpuMeter,
    loads: dict[str, Callable[[int], dict[str, Any]]],
) -> dict[str, Any]:
    """`args.write_rounds` rounds of every load (the first is "healthz"), the order rotating
    from round to round; each write's throughput and p95 are divided by /healthz's of the same
    round, and the medians over rounds kept (`throughput_share`, `p95_ratio`)."""
    names = list(loads)
    rounds = []
    for r in range(args.write_rounds):
        shift = r % len(names)
        order = names[shift:] + names[:shift]
        results = {}
        for name in order:
            before = meter.sample()
            res = loads[name](r + 1)
            results[name] = with_cpu(res, meter.since(before), res.pop("count"))
            log(
                f"writes round {r + 1}/{args.write_rounds} {name:<12} {res['rps']:7.1f}/s "
                f"p95 {res['p95_ms']:8.1f} ms errors {res.get('error_count', 0)}"
            )
        load = [round(x, 2) for x in os.getloadavg()]
        rounds.append({"round": r + 1, "order": order, "loadavg": load, "results": results})
    med = statistics.median
    out: dict[str, Any] = {}
    for name in names[1:]:
        pairs = [(x["results"][name], x["results"]["healthz"]) for x in rounds]
        out[name] = {
            "throughput_share": round(med(w["rps"] / h["rps"] for w, h in pairs), 3),
            "p95_ratio": round(med(w["p95_ms"] / h["p95_ms"] for w, h in pairs), 2),
            "per_s": round(med(w["rps"] for w, _ in pairs), 2),
            "p95_ms": round(med(w["p95_ms"] for w, _ in pairs), 1),
            "healthz_per_s": round(med(h["rps"] for _, h in pairs), 1),
            "errors": sum(w.get("error_count", 0) for w, _ in pairs),
            "cpu_ms_per_write": round(
                med(w["server_cpu_ms_per_request"]["total"] or 0 for w, _ in pairs), 2
            ),
        }
    out["rounds"] = rounds
    return out


def scale_out(args: argparse.Namespace, endpoints: dict[str, Any]) -> dict[str, Any]:
    """Votes per second with 1, 2, 4... gunicorn sync processes (each its own server, the
    same database): per count, `write_rounds` rounds of /healthz then votes under the same
    load generator, medians; the CPU of the app and the database per vote says what
    saturates first."""
    import shutil
    import tempfile

    from django.db import connections
    from django.urls import reverse

    vote_path = reverse("deliberation:vote", kwargs={"slug": COMMUNITY, "process_slug": PROCESS})
    counts = [int(n) for n in args.scale_out.split(",") if n.strip()]
    pg_pid = postmaster_pid()
    curve = []
    for workers in counts:
        connections.close_all()
        tmp = Path(tempfile.mkdtemp(prefix="groundwork-bench-scale-"))
        server = Gunicorn(workers, tmp / "gunicorn.log")
        try:
            server.wait_ready()
            meter = CpuMeter({"app": server.process.pid, **({"db": pg_pid} if pg_pid else {})})
            server.check(vote_path)
            rounds = []
            for r in range(args.write_rounds):
                before = meter.sample()
                hz = loadgen.run_load(
                    generator="python",
                    port=server.port,
                    path=endpoints["healthz"]["path"],
                    connections=args.connections,
                    duration=args.write_duration,
                )
                with_cpu(hz, meter.since(before), hz["requests"])
                before = meter.sample()
                votes = loadgen.run_votes(
                    port=server.port,
                    vote_path=vote_path,
                    mode="form",
                    clients=args.connections,
                    duration=args.write_duration,
                    max_votes=100_000,
                    seed=args.seed + 100 * workers + r,
                    key_prefix=f"scale-w{workers}-r{r}",
                )
                cpu = meter.since(before)
                votes["rps"] = votes["succeeded"] / args.write_duration
                with_cpu(votes, cpu, votes["succeeded"])
                votes["cpu_s"] = {k: round(v, 2) for k, v in cpu.items()}
                rounds.append({"healthz": hz, "votes": votes})
                log(
                    f"scale-out {workers} process(es) round {r + 1}: votes "
                    f"{votes['rps']:.1f}/s, /healthz {hz['rps']:.1f}/s"
                )
        finally:
            server.stop()
            shutil.rmtree(tmp, ignore_errors=True)
        med = statistics.median
        vote_cpu = [x["votes"]["server_cpu_ms_per_request"] for x in rounds]
        curve.append(
            {
                "workers": workers,
                "votes_per_s": round(med(x["votes"]["rps"] for x in rounds), 2),
                "votes_p95_ms": round(med(x["votes"]["p95_ms"] for x in rounds), 1),
                "healthz_per_s": round(med(x["healthz"]["rps"] for x in rounds), 1),
                "throughput_share": round(
                    med(x["votes"]["rps"] / x["healthz"]["rps"] for x in rounds), 3
                ),
                "cpu_ms_per_vote": {
                    k: round(med(c[k] or 0 for c in vote_cpu), 2) for k in vote_cpu[0]
                },
                # CPU seconds used per wall second while voting: 2.0 is the whole machine.
                "cores_busy": round(
                    med(sum(x["votes"]["cpu_s"].values()) / args.write_duration for x in rounds),
                    2,
                ),
                "errors": sum(x["votes"].get("error_count", 0) for x in rounds),
                "rounds": rounds,
            }
        )
    base = curve[0]["votes_per_s"] if curve else 0
    for point in curve:
        point["speedup"] = round(point["votes_per_s"] / base, 2) if base else None
    return {"cores": os.cpu_count(), "vote_path": vote_path, "curve": curve}


def writes(
    args: argparse.Namespace, server: Gunicorn, meter: CpuMeter, endpoints: dict[str, Any]
) -> dict[str, Any]:
    """Rounds of: /healthz under load, votes, answer submissions (order rotating)."""
    loads = page_write_loads(args, server, endpoints)
    out = write_rounds(args, meter, loads)
    first = out["rounds"][0]["results"]
    return {"vote_path": first["votes"]["path"], "answer_path": first["answers"]["path"], **out}


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
    from django.core.cache import cache
    from django.db import connection

    log(f"{args.database}: demo and {args.contributions} more answers")
    result["seed"] = seed(args)
    if args.database == "postgresql":
        with connection.cursor() as c:
            c.execute("VACUUM ANALYZE")
    cache.clear()
    result["database_info"] = database_info()
    endpoints = endpoint_paths()
    chosen = parts(args)
    if "pages" not in chosen:  # only the facilitator pages (and /healthz), or none
        keep = {"healthz", *FACILITATOR} if "facilitator" in chosen else {"healthz"}
        endpoints = {
            k: v for k, v in endpoints.items() if k in keep or (k in PDFS and "pdfs" in chosen)
        }
    cookie = coordinator_cookie()
    log("queries per request")
    result["in_process"] = measure_in_process(endpoints, cookie)
    cache.clear()

    pages = {
        name: {
            "path": e["path"],
            "as": "coordinator" if e.get("member") else "anonymous",
            **({"headers": {"Cookie": cookie}} if e.get("member") else {}),
        }
        for name, e in endpoints.items()
        if not name.endswith("_pdf")
    }
    if {"pages", "facilitator"} & set(chosen) or {"pdfs", "writes"} & set(chosen):
        queries = {name: result["in_process"][name]["queries"] for name in pages}

        def during(server: Gunicorn, meter: CpuMeter) -> dict[str, Any]:
            extra: dict[str, Any] = {}
            if "pdfs" in chosen:
                log("PDFs")
                extra["pdfs"] = pdfs(args, server, endpoints)
            if "writes" in chosen:
                log("writes")
                extra["writes"] = writes(args, server, meter, endpoints)
            return extra

        if not {"pages", "facilitator"} & set(chosen):
            args.rounds = 1  # /healthz only: the server is up for the PDFs and the writes
        result.update(serve_and_load(args, pages, queries, label="fast", during=during))
    if args.scale_out.strip() and "scale-out" in chosen:
        log("scale-out: votes with " + args.scale_out + " gunicorn processes")
        try:
            result["scale_out"] = scale_out(args, endpoints)
        except Exception as exc:  # the pages' and writes' figures are kept either way
            log(f"scale-out failed: {exc!r}")
            result["scale_out_error"] = repr(exc)
    if args.worker_scale_out.strip() and "workers" in chosen:
        import tempfile

        import worker_scale

        log("scale-out: theme and opinion runs with " + args.worker_scale_out + " workers")
        try:
            with tempfile.TemporaryDirectory(prefix="groundwork-bench-workers-") as tmp:
                result["worker_scale_out"] = worker_scale.measure(
                    [int(n) for n in args.worker_scale_out.split(",") if n.strip()],
                    rounds=args.worker_rounds,
                    themes_batch=args.themes_batch,
                    opinion_batch=args.opinion_batch,
                    log_dir=Path(tmp),
                )
        except Exception as exc:
            log(f"worker scale-out failed: {exc!r}")
            result["worker_scale_out_error"] = repr(exc)
    result["seconds"] = round(time.perf_counter() - started, 1)
    args.partial.write_text(json.dumps(result, indent=2))
    return 0


# --- the parent ---------------------------------------------------------------------------------


def headline(res: dict[str, Any]) -> dict[str, Any]:
    """The keys the issue names, from the child's raw result (those of the parts that ran)."""
    summary = res.get("load", {}).get("summary", {})

    def page(name: str) -> dict[str, Any]:
        agg, proc = summary[name], res["in_process"][name]
        return {
            "p50_ratio": agg["ratio_to_healthz"]["p50"],
            "p95_ratio": agg["ratio_to_healthz"]["p95"],
            "queries": proc["queries"],
            "bytes": proc["bytes"],
            "p50_ms": agg["median"]["p50_ms"],
            "rps": agg["median"]["rps"],
            "cpu_ratio": agg["ratio_to_healthz"]["cpu_per_request"],
            "in_process_ms": proc["service_ms_median"],
        }

    out: dict[str, Any] = {}
    if all(name in summary for name in PUBLIC):
        out["public_pages"] = {name: page(name) for name in PUBLIC}
    if all(name in summary for name in FACILITATOR):
        out["facilitator_pages"] = {name: page(name) for name in FACILITATOR}
        out["facilitator_pages"]["healthz_p50_ms"] = summary["healthz"]["median"]["p50_ms"]
    if "writes" in res:
        out["writes"] = {name: res["writes"][name] for name in WRITES}
    if "pdfs" in res:
        out["pdfs"] = res["pdfs"]
    if "scale_out" in res:
        out.setdefault("scale_out", {})["cores"] = res["scale_out"]["cores"]
        out["scale_out"]["curve"] = [
            {k: v for k, v in point.items() if k != "rounds"} for point in res["scale_out"]["curve"]
        ]
    if "worker_scale_out" in res:
        workers = res["worker_scale_out"]
        out.setdefault("scale_out", {})["workers"] = {
            "cores": workers["cores"],
            "rounds": workers["rounds"],
            "curve": [
                {
                    k: v if k == "workers" else {m: n for m, n in v.items() if m != "rounds"}
                    for k, v in point.items()
                }
                for point in workers["curve"]
            ],
        }
    return out


def merge(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """`new` over `old`, dictionaries merged key by key (a part run alone replaces its own
    figures and keeps the others')."""
    out = dict(old)
    for key, value in new.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


def summary_lines(results: dict[str, Any]) -> list[str]:
    if "error" in results["raw"]:
        return [f"FAILED: {results['raw']['error']}"]
    lines = [f"{'page':<22} {'p50 ×hz':>8} {'p95 ×hz':>8} {'queries':>8} {'kB':>7}"]
    for group in ("public_pages", "facilitator_pages"):
        for name, row in results.get(group, {}).items():
            if not isinstance(row, dict):
                continue
            lines.append(
                f"{name:<22} {row['p50_ratio']:>8.1f} {row['p95_ratio']:>8.1f} "
                f"{row['queries']:>8} {row['bytes'] / 1000:>7.1f}"
            )
    for name, row in results.get("writes", {}).items():
        lines.append(
            f"{name:<22} share {row['throughput_share']:.3f} p95 ×hz {row['p95_ratio']:.1f} "
            f"({row['per_s']:.1f}/s, errors {row['errors']})"
        )
    for name, row in results.get("pdfs", {}).items():
        lines.append(
            f"{name:<22} first {row['first_render_s']:.2f} s, again {row['cached_ratio']:.1f} ×hz"
        )
    for point in results.get("scale_out", {}).get("curve", []):
        lines.append(
            f"scale-out {point['workers']} process(es): {point['votes_per_s']:.1f} votes/s "
            f"(×{point['speedup']}), share {point['throughput_share']:.3f}, "
            f"{point['cores_busy']} cores busy"
        )
    for point in results.get("scale_out", {}).get("workers", {}).get("curve", []):
        lines.append(
            f"workers {point['workers']}: "
            + ", ".join(
                f"{kind} {point[kind]['tasks_per_min']:.1f}/min (×{point[kind]['speedup']}, "
                f"ran twice {point[kind]['ran_twice']}, not done {point[kind]['not_done']})"
                for kind in ("themes", "opinion")
            )
        )
    p = results["parameters"]
    lines.append(
        f"{p['database']}; cores {results['machine']['cpu_count']}; medians of {p['rounds']} "
        f"rounds of {p['duration']:g} s at {p['connections']} connections ({p['generator']}); "
        f"writes {p['write_rounds']} rounds of {p['write_duration']:g} s"
    )
    return lines


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        return child(args)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.perf_counter()
    results: dict[str, Any] = {
        "benchmark": "fast",
        "label": args.label,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpu_count": os.cpu_count(),
            "platform": platform.platform(),
            "loadavg_at_start": [round(x, 2) for x in os.getloadavg()],
        },
        "versions": versions(),
        "parameters": {k: getattr(args, k) for k in PARAMETERS},
    }
    env = bench_env()
    from cryptography.fernet import Fernet

    env.setdefault("FIELD_ENCRYPTION_KEYS", Fernet.generate_key().decode())
    env.setdefault("FIELD_LOOKUP_KEY", "bench-" + os.urandom(8).hex())
    # Every simulated voter and resident comes from 127.0.0.1: the limits on writes per
    # address and per person still run on every write (their cost is measured) but are raised
    # past what the run sends, or the limiter, not the server, would set the throughput.
    env.setdefault("RATE_LIMITS", json.dumps(dict.fromkeys(("answer", "vote"), BENCH_LIMITS)))

    def configure(tmp: Path, child_env: dict[str, str]) -> None:
        child_env["CACHE_URL"] = f"filecache://{tmp / 'cache'}"
        if args.database == "sqlite":
            use_sqlite_file(tmp, child_env)

    raw = run_child(
        child_argv(args),
        label="fast",
        timeout=CHILD_TIMEOUT,
        postgres=args.database == "postgresql",
        env=env,
        configure=configure,
    )
    if "error" not in raw:
        results.update(headline(raw))
    results["raw"] = raw
    if args.only.strip() and "error" not in raw and args.output.exists():
        # A part run alone: its figures replace the same figures of the last full run, whose
        # other figures stay; what this run was is kept under `runs`.
        old = json.loads(args.output.read_text())
        run = {k: results[k] for k in ("generated_at", "label", "machine", "parameters")}
        runs = {**old.get("runs", {}), args.only: run}
        results = merge(old, {k: v for k, v in results.items() if k not in run})
        results["runs"] = runs
        results["machine"] = dict(run["machine"])
    write_results(results, args.output, started, summary_lines)
    return 1 if "error" in raw else 0


if __name__ == "__main__":
    raise SystemExit(main())
