"""The practice library: search over 20,000 published practices with words and two filters
(focus area, evidence level), on SQLite and on PostgreSQL, as a ratio to a trivial view
(/healthz) measured in the same run (interleaved requests through Django's test client,
medians over rounds); the queries of one search page, counted; and mentor matching over 500
coalitions (``analysis.mentors``) in milliseconds.

    make bench-library            # both databases, into bench/results/library.json
    python bench/library.py --child sqlite   # one database, JSON on stdout

The child runs inside ``scripts/with-postgres.sh`` for PostgreSQL (DATABASE_URL set) and on a
throwaway SQLite file otherwise."""

from __future__ import annotations

import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRACTICES = 20_000
COALITIONS = 500
ROUNDS = 15
PER_ROUND = 10
WORDS = ["listening", "youth", "housing", "meals", "rides", "mentors", "circles", "gardens"]
SPANISH = ["escucha", "jóvenes", "vivienda", "comidas", "viajes", "mentores", "círculos"]


def child(database: str) -> dict:
    sys.path.insert(0, str(ROOT / "bench"))
    from harness import setup_django_child

    setup_django_child(database)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from groundwork.communities.models import Community, FocusArea, Network
    from groundwork.library.models import EvidenceLevel, Practice, PracticeStatus

    rng = random.Random(19)
    network = Network.objects.create(name="Bench", slug="bench")
    communities = Community.objects.bulk_create(
        [Community(name=f"C{i}", slug=f"c{i}", kind="county", network=network) for i in range(50)]
    )
    focus = [f.value for f in FocusArea]
    levels = [e.value for e in EvidenceLevel]
    from django.utils import timezone

    now = timezone.now()
    rows = []
    for n in range(PRACTICES):
        en = " ".join(rng.sample(WORDS, 3))
        es = " ".join(rng.sample(SPANISH, 3))
        rows.append(
            Practice(
                community=rng.choice(communities),
                network=network,
                status=PracticeStatus.PUBLISHED,
                published_at=now,
                title_en=f"Practice {n} {en}",
                title_es=f"Práctica {n} {es}",
                body_en=f"How {en} worked for us. " * 5,
                body_es=f"Cómo {es} funcionó. " * 5,
                focus_area=rng.choice(focus),
                evidence_level=rng.choice(levels),
            )
        )
    Practice.objects.bulk_create(rows, batch_size=2000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    client = Client()
    search = "/library/?q=listening+youth&focus_area=youth&evidence=promising"
    trivial = "/healthz"
    for url in (search, trivial):
        assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as captured:
        client.get(search)
    queries = len(captured)

    def timed(url: str) -> float:
        start = time.perf_counter()
        client.get(url)
        return time.perf_counter() - start

    ratios, search_ms, trivial_ms = [], [], []
    for _ in range(ROUNDS):
        s = statistics.median(timed(search) for _ in range(PER_ROUND))
        t = statistics.median(timed(trivial) for _ in range(PER_ROUND))
        search_ms.append(s * 1000)
        trivial_ms.append(t * 1000)
        ratios.append(s / t)
    return {
        "database": connection.vendor,
        "practices": PRACTICES,
        "search": search,
        "queries_per_search_page": queries,
        "search_ms_median": round(statistics.median(search_ms), 2),
        "trivial_ms_median": round(statistics.median(trivial_ms), 2),
        "ratio_median": round(statistics.median(ratios), 1),
    }


def mentors() -> dict:
    sys.path.insert(0, str(ROOT))
    from groundwork.analysis.mentors import Coalition, suggest_mentors

    rng = random.Random(5)
    tags = [f"s{i}" for i in range(8)]
    areas = [f"f{i}" for i in range(12)]
    coalitions = [
        Coalition(
            id=i,
            stage=rng.randrange(4),
            strategies=frozenset(rng.sample(tags, 3)),
            focus_areas=frozenset(rng.sample(areas, 3)),
            place=(rng.uniform(33.8, 36.6), rng.uniform(-84.3, -75.5)),
        )
        for i in range(COALITIONS)
    ]
    times = []
    for seeker in coalitions[:100]:
        start = time.perf_counter()
        suggest_mentors(seeker, coalitions)
        times.append((time.perf_counter() - start) * 1000)
    return {
        "coalitions": COALITIONS,
        "ms_median": round(statistics.median(times), 2),
        "ms_max": round(max(times), 2),
    }


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        print(json.dumps(child(sys.argv[2])))
        return
    python = sys.executable
    results = {}
    for database, prefix in (
        ("sqlite", []),
        ("postgresql", [str(ROOT / "scripts/with-postgres.sh")]),
    ):
        output = subprocess.run(
            [*prefix, python, __file__, "--child", database],
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
        ).stdout
        results[database] = json.loads(output.strip().splitlines()[-1])
        print(database, results[database], file=sys.stderr)
    results["mentor_matching"] = mentors()
    results["machine"] = {"nproc": os.cpu_count(), "python": platform.python_version()}
    out = ROOT / "bench" / "results" / "library.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
