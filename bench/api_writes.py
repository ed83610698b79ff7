"""Writes through the API with tokens beside the same writes through the pages, and a trivial
view, in one run on a throwaway PostgreSQL.

    python bench/api_writes.py          # writes bench/results/api-writes.json (~5 minutes)
    python bench/api_writes.py --quick  # a smoke test; var/bench-api-writes-quick.json

The child (inside scripts/with-postgres.sh) migrates and loads the demo as bench/fast.py does
(its `seed`: Alder County's conversation open for votes, Cedar Creek's process gathering
answers), makes two read-write tokens, each limited to its own community (Alder County's
coordinator's for the votes, Cedar Creek's coordinator's for the answers), then serves the site
with gunicorn (2 sync workers, production settings over plain HTTP) and runs --write-rounds
rounds of five loads, --write-duration seconds each at --connections clients, the order
rotating from round to round:

- `healthz`: GETs of /healthz, the trivial view;
- `votes`, `answers`: the pages' writes, exactly as bench/fast.py measures them (a vote is a
  no-JavaScript form POST, then the voting page again for the next statement; an answer is the
  answer form POSTed with its CSRF token);
- `api_votes`: POST /api/…/conversation/votes, one JSON body per vote with the client's own
  participant reference, a fresh `Idempotency-Key` and `Authorization: Bearer`; each client
  votes on every accepted statement in turn as one participant, then as a new one;
- `api_answers`: POST /api/…/contributions, one answer per request, each client one
  participant, as the answer form's visitors are.

`throughput_share` is writes per second ÷ /healthz's requests per second in the same round,
`p95_ratio` the write's p95 ÷ /healthz's p95 in the same round; both are medians over rounds.
Only the write's own request is timed (the page GET after a form vote is not). The rate limits
are raised out of reach for the run (their checks still run on every write: a partner's system
writing 8 at a time is throttled by design). At the end the answers and votes stored through
the API are counted against the 201s.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(ROOT))

import fast  # noqa: E402
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
    postmaster_pid,
    results_header,
    run_child,
    write_results,
)
from harness import child_argv as harness_child_argv  # noqa: E402

CHILD_TIMEOUT = 30 * 60
WRITES = ("votes", "api_votes", "answers", "api_answers")
# Far above what one run can send, so no write is refused; the limits are still checked.
UNREACHABLE = {"person": "10000000/h", "client": "10000000/h"}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--write-rounds", type=int, default=5)
    p.add_argument("--write-duration", type=float, default=10.0)
    p.add_argument("--contributions", type=int, default=0, help="answers added to the demo")
    p.add_argument("--seed", type=int, default=2424)
    add_load_arguments(p)
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = finish_load_arguments(p.parse_args(argv), "api-writes")
    if args.quick:
        args.write_rounds, args.write_duration = 1, 3.0
    return args


PARAMETERS = (
    "write_rounds",
    "write_duration",
    "contributions",
    "seed",
    "workers",
    "connections",
    "quick",
)


def child_argv(args: argparse.Namespace) -> list[str]:
    return harness_child_argv(__file__, args, PARAMETERS)


def env_for_run() -> dict[str, str]:
    from cryptography.fernet import Fernet

    env = bench_env()
    env.setdefault("FIELD_ENCRYPTION_KEYS", Fernet.generate_key().decode())
    env.setdefault("FIELD_LOOKUP_KEY", "bench-" + os.urandom(8).hex())
    env["RATE_LIMITS"] = json.dumps(
        dict.fromkeys(("answer", "vote", "statement", "api_write"), UNREACHABLE)
    )
    return env


# --- the child ----------------------------------------------------------------------------------


def api_targets() -> dict[str, Any]:
    """The two tokens (each limited to its community), the API paths and the statements open
    for votes."""
    from groundwork.accounts.models import User
    from groundwork.api import services
    from groundwork.api.models import TokenAccess
    from groundwork.communities.models import Community
    from groundwork.deliberation.models import Conversation, StatementModeration

    def token(email: str, slug: str) -> str:
        _token, key = services.api_token_create(
            user=User.objects.get(email=email),
            name="benchmark",
            access=TokenAccess.WRITE,
            community=Community.objects.get(slug=slug),
        )
        return key

    conversation = Conversation.objects.get(
        process__community__slug=fast.COMMUNITY, process__slug=fast.PROCESS
    )
    statements = list(
        conversation.statements.filter(moderation=StatementModeration.ACCEPTED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not statements:
        raise RuntimeError("the demo conversation has no statement open for votes")
    base = "/api/communities/{}/processes/{}"
    return {
        "vote_path": base.format(fast.COMMUNITY, fast.PROCESS) + "/conversation/votes",
        "vote_token": token(fast.COORDINATOR, fast.COMMUNITY),
        "answer_path": base.format(fast.ANSWER_COMMUNITY, fast.PROCESS) + "/contributions",
        "answer_token": token("cedar@example.org", fast.ANSWER_COMMUNITY),
        "statements": statements,
    }


def api_write_loads(args: argparse.Namespace, server: Gunicorn, targets: dict[str, Any]) -> Any:
    statements = targets["statements"]

    def vote_body(r: int) -> Any:
        def make(rng: random.Random, index: int, n: int) -> dict[str, Any]:
            voter, turn = divmod(n - 1, len(statements))
            return {
                "participant": f"bench-r{r}-c{index}-v{voter}",
                "statement": statements[turn],
                "value": rng.choices([1, -1, 0], [50, 35, 15])[0],
            }

        return make

    def answer_body(r: int) -> Any:
        def make(rng: random.Random, index: int, n: int) -> dict[str, Any]:
            language = "es" if index % 3 == 2 else "en"
            text = fast.answer_fields(rng, language)["answer_problems"]
            return {
                "participant": f"bench-r{r}-c{index}",
                "answers": [{"question": "problems", "text": text}],
                "language": language,
            }

        return make

    def load(kind: str) -> Any:
        def run(r: int) -> dict[str, Any]:
            res = loadgen.run_api_writes(
                port=server.port,
                path=targets[f"{kind}_path"],
                token=targets[f"{kind}_token"],
                clients=args.connections,
                duration=args.write_duration,
                max_writes=100_000,
                make_body=(vote_body if kind == "vote" else answer_body)(r),
                seed=args.seed + r,
                key_prefix=f"api-r{r}",
            )
            return {
                **res,
                "rps": res["writes_per_s"],
                "count": res["succeeded"],
                "path": targets[f"{kind}_path"],
            }

        return run

    return {"api_votes": load("vote"), "api_answers": load("answer")}


def stored_through_api() -> dict[str, int]:
    from groundwork.api.models import ClientParticipant
    from groundwork.deliberation.models import Vote
    from groundwork.planning.models import Contribution

    participants = ClientParticipant.objects.filter(reference__startswith="bench-r")
    ids = participants.values("participant_id")
    return {
        "answers": Contribution.objects.filter(participant_id__in=ids).count(),
        "votes": Vote.objects.filter(participant_id__in=ids).count(),
    }


def child(args: argparse.Namespace) -> int:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    result: dict[str, Any] = {}
    started = time.perf_counter()
    ensure_postgres_database(os.environ["DATABASE_URL"])
    log("migrate")
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, check=True
    )
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection, connections

    log("demo")
    result["seed"] = fast.seed(args)
    targets = api_targets()
    result["statements_open"] = len(targets["statements"])
    with connection.cursor() as c:
        c.execute("VACUUM ANALYZE")
    cache.clear()
    result["database_info"] = database_info()
    endpoints = fast.endpoint_paths()
    pg_pid = postmaster_pid()
    connections.close_all()
    tmp = Path(tempfile.mkdtemp(prefix="groundwork-bench-gunicorn-"))
    server = Gunicorn(args.workers, tmp / "gunicorn.log")
    try:
        server.wait_ready()
        meter = CpuMeter({"app": server.process.pid, **({"db": pg_pid} if pg_pid else {})})
        pages = fast.page_write_loads(args, server, endpoints)
        api = api_write_loads(args, server, targets)
        loads = {
            "healthz": pages["healthz"],
            "votes": pages["votes"],
            "api_votes": api["api_votes"],
            "answers": pages["answers"],
            "api_answers": api["api_answers"],
        }
        result["writes"] = fast.write_rounds(args, meter, loads)
        result["server_tracebacks"] = server.tracebacks()
        if result["server_tracebacks"]:
            result["server_log_tail"] = server.log_path.read_text(errors="replace")[-3000:]
    finally:
        server.stop()
    rounds = result["writes"]["rounds"]
    result["api_paths"] = {"votes": targets["vote_path"], "answers": targets["answer_path"]}
    result["api_created"] = {
        "answers": sum(x["results"]["api_answers"]["succeeded"] for x in rounds),
        "votes": sum(x["results"]["api_votes"]["succeeded"] for x in rounds),
    }
    result["api_stored"] = stored_through_api()
    result["seconds"] = round(time.perf_counter() - started, 1)
    args.partial.write_text(json.dumps(result, indent=2))
    return 0


# --- the parent ---------------------------------------------------------------------------------


def headline(raw: dict[str, Any]) -> dict[str, Any]:
    writes = raw["writes"]
    med = statistics.median
    rounds = writes["rounds"]

    def versus(api: str, page: str) -> dict[str, float]:
        """API ÷ page, per round, then the median."""
        pairs = [(x["results"][api], x["results"][page]) for x in rounds]
        return {
            "throughput": round(med(a["rps"] / p["rps"] for a, p in pairs), 2),
            "p95": round(med(a["p95_ms"] / p["p95_ms"] for a, p in pairs), 2),
        }

    return {
        "writes": {name: writes[name] for name in WRITES},
        "api_vs_pages": {
            "votes": versus("api_votes", "votes"),
            "answers": versus("api_answers", "answers"),
        },
        "api_created": raw["api_created"],
        "api_stored": raw["api_stored"],
        "server_tracebacks": raw["server_tracebacks"],
    }


def summary_lines(results: dict[str, Any]) -> list[str]:
    if "error" in results["raw"]:
        return [f"FAILED: {results['raw']['error']}"]
    lines = [
        f"{'write':<12} {'share of hz':>11} {'p95 ×hz':>8} {'per s':>7} {'p95 ms':>8} {'errors':>6}"
    ]
    for name, row in results["writes"].items():
        lines.append(
            f"{name:<12} {row['throughput_share']:>11.3f} {row['p95_ratio']:>8.1f} "
            f"{row['per_s']:>7.1f} {row['p95_ms']:>8.1f} {row['errors']:>6}"
        )
    for name, row in results["api_vs_pages"].items():
        lines.append(
            f"API ÷ page, {name}: throughput ×{row['throughput']:.2f}, p95 ×{row['p95']:.2f}"
        )
    lines.append(f"stored through the API {results['api_stored']}, 201s {results['api_created']}")
    p, m = results["parameters"], results["machine"]
    lines.append(
        f"PostgreSQL; cores {m['cpu_count']}; load {m['loadavg_at_start']} → "
        f"{m['loadavg_at_end']}; medians of {p['write_rounds']} rounds of "
        f"{p['write_duration']:g} s at {p['connections']} clients"
    )
    return lines


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        return child(args)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.perf_counter()
    results = results_header("api-writes", {k: getattr(args, k) for k in PARAMETERS})
    raw = run_child(
        child_argv(args),
        label="api-writes",
        timeout=CHILD_TIMEOUT,
        postgres=True,
        env=env_for_run(),
        configure=lambda tmp, env: env.update(CACHE_URL=f"filecache://{tmp / 'cache'}"),
    )
    if "error" not in raw:
        results.update(headline(raw))
    results["raw"] = raw
    write_results(results, args.output, started, summary_lines)
    return 1 if "error" in raw else 0


if __name__ == "__main__":
    raise SystemExit(main())
