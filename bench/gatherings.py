"""Gatherings at statewide scale: 500 series (100 of the network, 8 in each of 50 communities;
a fifth weekly, the rest monthly, across daylight-saving changes) kept as their next six
months of gatherings, then the public upcoming-gatherings pages and the calendar feeds, as a
ratio to a trivial view (/healthz) measured in the same run, for an anonymous visitor (the page
cache serves them) and rendered for every request (p50_ratio_rendered: a visitor with a cookie
of their own, as after every write): requests interleaved through
Django's test client, medians of PER_ROUND requests per round, the median over ROUNDS rounds,
on SQLite and on PostgreSQL. Also the queries of one request of each page.

    python bench/gatherings.py              # both databases, into bench/results/gatherings.json
    python bench/gatherings.py --quick      # 50 series, 3 rounds; var/bench-gatherings-quick.json
    python bench/gatherings.py --child sqlite   # one database, JSON on stdout

`make bench-gatherings` runs it after the newsletter bench (bench/newsletters.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import time as clock
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from harness import log, results_header, round_ratios, setup_django_child  # noqa: E402

COMMUNITIES = 50
PER_COMMUNITY = 8
NETWORK_SERIES = 100
ROUNDS = 9
PER_ROUND = 7
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR"]


def _series(count_per_community: int, network_series: int) -> dict[str, Any]:
    from datetime import date

    from groundwork.accounts.models import User
    from groundwork.communities.models import Community, Network
    from groundwork.gatherings import services

    lead = User.objects.create_user(email="lead@bench.example", name="Lead")
    lead.is_superuser = True
    lead.save()
    network = Network.objects.create(name="Bench network", slug="bench")
    communities = [
        Community.objects.create(
            name=f"County {i}", slug=f"county-{i}", kind="county", network=network, is_public=True
        )
        for i in range(COMMUNITIES)
    ]
    owners: list[Any] = [network] * network_series
    for community in communities:
        owners += [community] * count_per_community
    started = time.perf_counter()
    for n, owner in enumerate(owners):
        weekly = n % 5 == 0
        services.series_save(
            actor=lead,
            owner=owner,
            title=f"Peer connection {n}",
            title_es=f"Conexión entre pares {n}",
            kind="peer",
            mode="online" if n % 2 else "in_person",
            place="" if n % 2 else "Library",
            online_url="https://meet.example.org/peer" if n % 2 else "",
            language="en",
            interpretation_language="es",
            capacity=40,
            frequency="WEEKLY" if weekly else "MONTHLY",
            ordinal=None if weekly else (n % 4) + 1,
            weekday=WEEKDAYS[n % 5],
            start_time=clock(12, 0),
            end_time=clock(13, 30),
            time_zone="America/New_York",
            starts_on=date.today().replace(day=1),
        )
    return {
        "series": len(owners),
        "seconds_to_make": round(time.perf_counter() - started, 1),
        "community": communities[0].slug,
        "network": network.slug,
    }


def child(database: str, quick: bool) -> dict[str, Any]:
    setup_django_child(database)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from groundwork.gatherings.models import Gathering

    made = _series(1 if quick else PER_COMMUNITY, 0 if quick else NETWORK_SERIES)
    gatherings = Gathering.objects.count()
    took = made["seconds_to_make"]
    log(f"{database}: {made['series']} series, {gatherings} gatherings in {took} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    pages = {
        "community_upcoming": f"/c/{made['community']}/gatherings/",
        "network_upcoming": f"/networks/{made['network']}/gatherings/",
        "network_upcoming_filtered": f"/networks/{made['network']}/gatherings/?mode=online",
        "community_feed": f"/c/{made['community']}/gatherings/feed.ics",
        "network_feed": f"/networks/{made['network']}/gatherings/feed.ics",
        "home": "/",
    }
    trivial = "/healthz"
    client = Client()
    # The same pages rendered for every request: a visitor with a cookie of their own (here
    # an unknown session) is never served from the page cache, as after every write.
    rendering = Client()
    rendering.cookies["sessionid"] = "bench-not-a-session"
    queries = {}
    queries_cached = {}
    sizes = {}
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        sizes[name] = len(response.content)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        queries_cached[name] = len(captured)
        with CaptureQueriesContext(connection) as captured:
            rendering.get(url)
        queries[name] = len(captured)

    def timer(url: str, by: Any = client) -> Any:
        def timed() -> float:
            start = time.perf_counter()
            by.get(url)
            return time.perf_counter() - start

        return timed

    timers = {name: timer(url) for name, url in pages.items()}
    timers.update({f"{name} rendered": timer(url, rendering) for name, url in pages.items()})
    found = round_ratios(timer(trivial), timers, rounds=3 if quick else ROUNDS, per_round=PER_ROUND)
    return {
        "database": connection.vendor,
        "series": made["series"],
        "gatherings": gatherings,
        "seconds_to_make_series": made["seconds_to_make"],
        "pages": {
            name: {
                "url": pages[name],
                "p50_ratio": found[name]["p50_ratio"],
                "p50_ratio_rendered": found[f"{name} rendered"]["p50_ratio"],
                "ms_median": found[name]["ms_median"],
                "queries": queries[name],
                "queries_cached": queries_cached[name],
                "bytes": sizes[name],
            }
            for name in pages
        },
        "healthz_ms_median": found["trivial"]["ms_median"],
    }


def main() -> None:
    args = sys.argv[1:]
    quick = "--quick" in args
    if "--child" in args:
        database = args[args.index("--child") + 1]
        print(json.dumps(child(database, quick)))
        return
    started = time.perf_counter()
    results = results_header(
        "gatherings",
        {
            "communities": COMMUNITIES,
            "series_per_community": 1 if quick else PER_COMMUNITY,
            "network_series": 0 if quick else NETWORK_SERIES,
            "rounds": 3 if quick else ROUNDS,
            "requests_per_round": PER_ROUND,
            "quick": quick,
        },
        ("django", "psycopg", "icalendar"),
    )
    results["databases"] = {}
    for database, prefix in (
        ("sqlite", []),
        ("postgresql", [str(ROOT / "scripts/with-postgres.sh")]),
    ):
        command = [*prefix, sys.executable, __file__, "--child", database]
        output = subprocess.run(
            command + (["--quick"] if quick else []),
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        ).stdout
        results["databases"][database] = json.loads(output.strip().splitlines()[-1])
    results["machine"]["loadavg_at_end"] = [round(x, 2) for x in os.getloadavg()]
    results["seconds"] = round(time.perf_counter() - started, 1)
    out = (
        ROOT / "var" / "bench-gatherings-quick.json"
        if quick
        else HERE / "results" / "gatherings.json"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    for database, found in results["databases"].items():
        print(f"{database}: {found['series']} series, {found['gatherings']} gatherings")
        for name, page in found["pages"].items():
            print(
                f"  {name:<26} {page['p50_ratio']:>7}× healthz cached,"
                f" {page['p50_ratio_rendered']:>7}× rendered  {page['ms_median']:>8} ms"
                f"  {page['queries']:>3} queries  {page['bytes']:>8} bytes"
            )
    print(f"cores: {results['machine']['cpu_count']}; written to {out}")


if __name__ == "__main__":
    main()
