"""Profile one page or one write of bench/fast.py in-process, with cProfile and the queries it
makes, on a database already seeded as bench/fast.py seeds it.

    DATABASE_URL=postgres://... python bench/profile_fast.py --seed     # migrate, demo, answers
    DATABASE_URL=postgres://... python bench/profile_fast.py builder    # profile a page
    DATABASE_URL=postgres://... python bench/profile_fast.py vote answer --top 40

Pages are those of bench/fast.py (`builder`, `reach`, `answers_facilitator`, ...; the
facilitator pages are requested as Alder County's coordinator); `vote` posts one
no-JavaScript vote on Alder County's conversation (`vote_page`: the page it redirects to) and
`answer` one answer to Cedar Creek's process, each with a fresh idempotency key, as
bench/loadgen.py does. Production settings (bench/harness.py's `bench_env`) unless they are
already set in the environment.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument(
        "targets", nargs="*", help="pages of bench/fast.py, `builder:<panel>`, `vote` or `answer`"
    )
    p.add_argument("--seed", action="store_true", help="migrate and seed as bench/fast.py")
    p.add_argument("--contributions", type=int, default=20_000)
    p.add_argument("--repeat", type=int, default=5, help="timed requests (median reported)")
    p.add_argument("--profiled", type=int, default=1, help="requests under the profiler")
    p.add_argument("--top", type=int, default=30, help="functions listed by cumulative time")
    p.add_argument("--sort", default="cumulative")
    p.add_argument("--queries", action="store_true", help="print every query of one request")
    args = p.parse_args(argv)
    if "DJANGO_SETTINGS_MODULE" not in os.environ:
        from harness import bench_env

        os.environ.update({**bench_env(), **{k: os.environ[k] for k in ("DATABASE_URL",)}})
        from cryptography.fernet import Fernet

        os.environ.setdefault("FIELD_ENCRYPTION_KEYS", Fernet.generate_key().decode())
        os.environ.setdefault("FIELD_LOOKUP_KEY", "bench-profile")
    if args.seed:
        from harness import ensure_postgres_database

        if os.environ["DATABASE_URL"].startswith("postgres"):
            ensure_postgres_database(os.environ["DATABASE_URL"])
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, check=True
        )
    import django

    django.setup()
    import fast

    if args.seed:
        print(fast.seed(argparse.Namespace(contributions=args.contributions, seed=2121)))
        from django.db import connection

        if connection.vendor == "postgresql":
            with connection.cursor() as c:
                c.execute("VACUUM ANALYZE")
    endpoints = fast.endpoint_paths()
    for target in args.targets:
        profile(target, endpoints, args)
    return 0


def request_for(target: str, endpoints: dict, cookie: str):  # type: ignore[no-untyped-def]
    """A client and a function making one request of `target`."""
    import re

    import fast
    from django.test import Client
    from django.urls import reverse

    client = Client(HTTP_ACCEPT_LANGUAGE="en", enforce_csrf_checks=True)
    if target == "vote":
        kw = {"slug": fast.COMMUNITY, "process_slug": fast.PROCESS}
        path = reverse("deliberation:vote", kwargs=kw)
        form: dict[str, str] = {}

        def next_statement() -> None:
            """As a browser without JavaScript: the page, for its next statement (untimed)."""
            page = client.get(path).content.decode()
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
            statement = re.search(r'name="statement" value="(\d+)"', page)
            if not token or not statement:
                client.cookies.clear()  # voted on every statement: a new participant
                return next_statement()
            form.update(csrfmiddlewaretoken=token.group(1), statement=statement.group(1))
            return None

        def vote():  # type: ignore[no-untyped-def]
            return client.post(path, {**form, "value": "1", "idempotency_key": str(uuid.uuid4())})

        vote.prepare = next_statement  # type: ignore[attr-defined]
        vote.client = client  # type: ignore[attr-defined]

        return vote
    if target == "vote_page":  # the voting page a voter without JavaScript is sent back to
        cast = request_for("vote", endpoints, cookie)
        cast.prepare()  # type: ignore[attr-defined]
        cast()  # now a participant with a vote, as after the redirect
        kw = {"slug": fast.COMMUNITY, "process_slug": fast.PROCESS}
        return lambda: cast.client.get(reverse("deliberation:vote", kwargs=kw))  # type: ignore[attr-defined]
    if target == "answer":
        kw = {"slug": fast.ANSWER_COMMUNITY, "process_slug": fast.PROCESS}
        path = reverse("planning:answer", kwargs=kw)
        page = client.get(path).content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]

        sent = iter(range(1, 10**9))

        def answer():  # type: ignore[no-untyped-def]
            # A new text each time: the same words from the same person are stored once.
            data = {
                "csrfmiddlewaretoken": token,
                "answer_problems": f"the bus to the clinic is late, {next(sent)} times this month",
                "idempotency_key": str(uuid.uuid4()),
            }
            return client.post(path, data)

        return answer
    if target.startswith("builder:"):  # an evidence panel of the builder
        kw = {"slug": fast.COMMUNITY, "process_slug": fast.PROCESS, "panel": target[8:]}
        endpoint = {"path": reverse("plans:builder_evidence", kwargs=kw), "member": True}
    else:
        endpoint = endpoints[target]
    if endpoint.get("member"):
        client.cookies.load(cookie)
    return lambda: client.get(endpoint["path"])


def profile(target: str, endpoints: dict, args: argparse.Namespace) -> None:
    import fast
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make = request_for(target, endpoints, fast.coordinator_cookie())
    prepare = getattr(make, "prepare", lambda: None)
    prepare()
    response = make()
    if response.status_code not in (200, 302):
        raise SystemExit(f"{target}: {response.status_code}")
    times, counts = [], []
    for _ in range(args.repeat):
        prepare()
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            response = make()
            times.append((time.perf_counter() - t0) * 1000)
        counts.append(len(ctx.captured_queries))
    profiler = cProfile.Profile()
    for _ in range(args.profiled):  # the preparation of each (a page) is not profiled
        prepare()
        with CaptureQueriesContext(connection) as ctx:
            profiler.enable()
            response = make()
            profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats(args.sort).print_stats(args.top)
    print(f"=== {target}: status {response.status_code}, {len(response.content)} bytes")
    print(
        f"median {statistics.median(times):.1f} ms over {args.repeat}, queries {max(counts)} "
        f"(min {min(counts)})"
    )
    if args.queries:
        for q in ctx.captured_queries:
            print(f"  [{q['time']}] {q['sql'][:400]}")
    print(out.getvalue())


if __name__ == "__main__":
    raise SystemExit(main())
