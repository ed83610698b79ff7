"""The scorecard at statewide scale: a network of 100 communities, each with a county goal
linked to one of the network's five statewide goals, one result with 10 indicators of 20
quarterly values (20,000 values), and 20 plan activities with one performance measure each
(2,000 measures, four quarters of values each), the indicators linked to the activities.

Then the network's scorecard (statewide goals rolling up 1,000 county indicators, then the
communities a page at a time) and one community's scorecard (its tree with charts and
tables), as a page and as CSV, as a ratio to a trivial view (/healthz) measured in the same
run: requests interleaved through Django's test client, medians of PER_ROUND requests per
round, the median over ROUNDS rounds, on SQLite and on PostgreSQL; the queries of one
request of each page, anonymous and signed in as the network lead
(groundwork/measures/tests/test_scorecard_network.py pins the queries of the network page).
And the two scorecards as PDF: seconds to render the first time (WeasyPrint), then
milliseconds to serve the stored file (groundwork.core.pdfstore, in a throwaway MEDIA_ROOT).

    python bench/measures.py              # both databases, into bench/results/measures.json
    python bench/measures.py --quick      # 10 communities, 3 rounds; var/bench-measures-quick.json
    python bench/measures.py --child sqlite   # one database, JSON on stdout

`make bench-measures` runs it (a few minutes)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from harness import log, results_header, round_ratios, setup_django_child  # noqa: E402

COMMUNITIES = 100
INDICATORS = 10
PERIODS = 20
MEASURES_PER_COMMUNITY = 20  # one per activity: 2,000 in all
MEASURE_PERIODS = 4
STATEWIDE_GOALS = 5
ROUNDS = 5
PER_ROUND = 3


def _quarter(index: int) -> date:
    year, quarter = divmod(2021 * 4 + index, 4)
    return date(year, quarter * 3 + 1, 1)


def _make(communities: int) -> dict[str, Any]:
    from groundwork.accounts.models import User
    from groundwork.communities.models import (
        Community,
        CountyGoal,
        Membership,
        Network,
        NetworkGoal,
    )
    from groundwork.measures.actions import indicators as actions
    from groundwork.measures.models import (
        Indicator,
        IndicatorValue,
        PerformanceMeasure,
        PerformanceValue,
    )
    from groundwork.planning import services as planning
    from groundwork.plans import services as plans

    started = time.perf_counter()
    lead = User.objects.create_user(email="lead@bench.example", name="Lead")
    network = Network.objects.create(name="Bench network", slug="bench")
    network.stewards.add(lead)
    coordinator = User.objects.create_user(email="coordinator@bench.example", name="Coordinator")
    goals = [
        NetworkGoal.objects.create(network=network, title=f"Statewide goal {g}", position=g)
        for g in range(STATEWIDE_GOALS)
    ]
    quadrants = ["how_much", "how_well", "better_off"]
    first = None
    for c in range(communities):
        community = Community.objects.create(
            name=f"County {c:03d}",
            slug=f"county-{c}",
            kind="county",
            network=network,
            is_public=True,
        )
        first = first or community
        Membership.objects.create(community=community, user=coordinator, role="coordinator")
        goal = CountyGoal.objects.create(
            community=community, title=f"Thriving children {c}", network_goal=goals[c % len(goals)]
        )
        result = actions.result_create(
            actor=lead, owner=goal, community=community, title_en=f"Children thrive in {c}"
        )
        indicators = Indicator.objects.bulk_create(
            Indicator(
                result=result,
                community=community,
                name_en=f"Indicator {i} of county {c}",
                unit="per 1,000",
                direction="down" if i % 2 else "up",
                target_value=10.0 + i,
                target_period="2027",
                position=i,
            )
            for i in range(INDICATORS)
        )
        IndicatorValue.objects.bulk_create(
            IndicatorValue(
                indicator=indicator,
                community=community,
                period_kind="quarter",
                period_start=_quarter(p),
                value=10.0 + (c * 7 + i * 3 + p * 5) % 13,
                source="Bench",
            )
            for i, indicator in enumerate(indicators)
            for p in range(PERIODS)
        )
        process = planning.process_create(
            actor=coordinator, community=community, title="Plan 2027", slug="2027"
        )
        plan = plans.plan_create(actor=coordinator, process=process, title=f"Plan {c}")
        pgoal = plans.goal_save(actor=coordinator, plan=plan, title="Children thrive")
        activities = [
            plans.activity_save(actor=coordinator, plan=plan, goal=pgoal, title=f"Activity {a}")
            for a in range(MEASURES_PER_COMMUNITY)
        ]
        for i, indicator in enumerate(indicators):
            indicator.activities.add(*activities[i * 2 : i * 2 + 2])
        measures = PerformanceMeasure.objects.bulk_create(
            PerformanceMeasure(
                activity=activity,
                community=community,
                quadrant=quadrants[a % 3],
                name_en=f"Measure {a}",
                unit="people",
                target_value=60.0 if a % 3 == 2 else None,
            )
            for a, activity in enumerate(activities)
        )
        PerformanceValue.objects.bulk_create(
            PerformanceValue(
                measure=measure,
                community=community,
                period_kind="quarter",
                period_start=_quarter(PERIODS - MEASURE_PERIODS + p),
                value=10.0 + p * 3 + a % 5,
                out_of=40.0 if measure.quadrant == "better_off" else None,
            )
            for a, measure in enumerate(measures)
            for p in range(MEASURE_PERIODS)
        )
        if c == 0:
            plans.plan_publish(actor=coordinator, plan=plan, note="v1")
    return {
        "seconds_to_make": round(time.perf_counter() - started, 1),
        "community": first.slug if first else "",
        "network": network.slug,
        "lead": lead.pk,
        "indicators": Indicator.objects.count(),
        "indicator_values": IndicatorValue.objects.count(),
        "measures": PerformanceMeasure.objects.count(),
        "measure_values": PerformanceValue.objects.count(),
    }


def child(database: str, quick: bool) -> dict[str, Any]:
    import tempfile

    os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="bench-measures-media-")
    setup_django_child(database)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from groundwork.accounts.models import User

    made = _make(10 if quick else COMMUNITIES)
    log(
        f"{database}: {made['indicators']} indicators, {made['measures']} measures in "
        f"{made['seconds_to_make']} s"
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    pages = {
        "network_scorecard": f"/networks/{made['network']}/scorecard/",
        "network_scorecard_page_3": f"/networks/{made['network']}/scorecard/?page=3",
        "network_scorecard_csv": f"/networks/{made['network']}/scorecard.csv",
        "community_scorecard": f"/c/{made['community']}/scorecard/",
        "community_scorecard_csv": f"/c/{made['community']}/scorecard.csv",
    }
    trivial = "/healthz"
    anonymous = Client()
    signed_in = Client()
    signed_in.force_login(User.objects.get(pk=made["lead"]))

    def get(client: Client, url: str) -> Any:
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            return b"".join(response.streaming_content), response.status_code
        return response.content, response.status_code

    queries: dict[str, dict[str, int]] = {}
    sizes = {}
    for name, url in pages.items():
        body, status = get(anonymous, url)
        assert status == 200, (url, status)
        sizes[name] = len(body)
        queries[name] = {}
        for who, client in (("anonymous", anonymous), ("network_lead", signed_in)):
            with CaptureQueriesContext(connection) as captured:
                get(client, url)
            queries[name][who] = len(captured)

    def timer(url: str) -> Any:
        def timed() -> float:
            start = time.perf_counter()
            get(anonymous, url)
            return time.perf_counter() - start

        return timed

    pdfs: dict[str, dict[str, Any]] = {}
    for name, url in (
        ("network_scorecard_pdf", f"/networks/{made['network']}/scorecard.pdf"),
        ("community_scorecard_pdf", f"/c/{made['community']}/scorecard.pdf"),
    ):
        start = time.perf_counter()
        body, status = get(anonymous, url)
        first = time.perf_counter() - start
        assert status == 200 and body.startswith(b"%PDF"), (url, status)
        served = []
        for _ in range(PER_ROUND):
            start = time.perf_counter()
            get(anonymous, url)
            served.append(time.perf_counter() - start)
        pdfs[name] = {
            "url": url,
            "seconds_first_render": round(first, 2),
            "ms_served_from_store_median": round(sorted(served)[len(served) // 2] * 1000, 2),
            "bytes": len(body),
        }
        log(f"{database}: {name} {pdfs[name]}")

    found = round_ratios(
        timer(trivial),
        {name: timer(url) for name, url in pages.items()},
        rounds=3 if quick else ROUNDS,
        per_round=PER_ROUND,
    )
    return {
        "database": connection.vendor,
        **{k: made[k] for k in ("indicators", "indicator_values", "measures", "measure_values")},
        "seconds_to_make": made["seconds_to_make"],
        "pages": {
            name: {
                "url": pages[name],
                "p50_ratio": found[name]["p50_ratio"],
                "ms_median": found[name]["ms_median"],
                "queries": queries[name],
                "bytes": sizes[name],
            }
            for name in pages
        },
        "pdfs": pdfs,
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
        "measures",
        {
            "communities": 10 if quick else COMMUNITIES,
            "indicators_per_community": INDICATORS,
            "periods": PERIODS,
            "measures_per_community": MEASURES_PER_COMMUNITY,
            "measure_periods": MEASURE_PERIODS,
            "rounds": 3 if quick else ROUNDS,
            "requests_per_round": PER_ROUND,
            "quick": quick,
        },
        ("django", "psycopg"),
    )
    results["databases"] = {}
    databases = [("sqlite", [])]
    if "--sqlite-only" not in args:
        databases.append(("postgresql", [str(ROOT / "scripts/with-postgres.sh")]))
    for database, prefix in databases:
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
        ROOT / "var" / "bench-measures-quick.json" if quick else HERE / "results" / "measures.json"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    for database, found in results["databases"].items():
        print(f"{database}: {found['indicators']} indicators, {found['measures']} measures")
        for name, page in found["pages"].items():
            print(
                f"  {name:<24} {page['p50_ratio']:>7}× healthz  {page['ms_median']:>8} ms"
                f"  queries {page['queries']}  {page['bytes']:>8} bytes"
            )
        for name, pdf in found.get("pdfs", {}).items():
            print(
                f"  {name:<24} first {pdf['seconds_first_render']} s, then"
                f" {pdf['ms_served_from_store_median']} ms from the store, {pdf['bytes']} bytes"
            )
    print(f"cores: {results['machine']['cpu_count']}; written to {out}")


if __name__ == "__main__":
    main()
