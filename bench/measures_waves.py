"""Comparing two waves of a survey: two waves of the community resilience assessment (23
five-point statements in four domains) with 5,000 responses each. Measured: the comparison
(``measures.wave_results.compare``: the answers read from the database, every question and
domain tested) in seconds; the comparison page through Django's test client as a ratio to a
trivial view (/healthz) measured in the same run (interleaved, medians over rounds); and the
test alone (``analysis.waves.mann_whitney``, 5,000 against 5,000 answers) in milliseconds.

    make bench-waves                                   # into bench/results/measures-waves.json
    python bench/measures_waves.py --child sqlite      # one database, JSON on stdout

The child runs on a throwaway SQLite file, and inside ``scripts/with-postgres.sh`` for
PostgreSQL (DATABASE_URL set)."""

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
RESPONSES = 5_000
ROUNDS = 5


def child(database: str) -> dict:
    sys.path.insert(0, str(ROOT / "bench"))
    from harness import setup_django_child

    setup_django_child(database)
    from django.test import Client

    from groundwork.accounts.models import User
    from groundwork.communities.models import Network
    from groundwork.measures import wave_results
    from groundwork.measures.actions.instruments import instrument_create_from_shipped
    from groundwork.measures.actions.waves import wave_create
    from groundwork.measures.services import instrument_publish
    from groundwork.measures.urls_helpers import survey_url
    from groundwork.measures.wave_data import fill_wave

    steward = User.objects.create_user(
        email="steward@example.org", password="x" * 16, name="Bench Steward"
    )
    network = Network.objects.create(name="Bench", slug="bench", state="NC")
    network.stewards.add(steward)
    first = instrument_create_from_shipped(
        actor=steward, key="community-resilience", network=network
    )
    instrument_publish(actor=steward, instrument=first)
    second = wave_create(actor=steward, instrument=first)
    started = time.perf_counter()
    fill_wave(first, count=RESPONSES, centre=3.0, seed=1)
    fill_wave(second, count=RESPONSES, centre=3.1, seed=2)
    fill_seconds = time.perf_counter() - started

    compare_times = []
    for _round in range(ROUNDS):
        started = time.perf_counter()
        found = wave_results.compare(first, second)
        compare_times.append(time.perf_counter() - started)
    assert found.total_a.value == RESPONSES and found.total_b.value == RESPONSES

    client = Client()
    client.force_login(steward)
    page = survey_url(second, "wave_compare")
    assert client.get(page).status_code == 200
    page_times, trivial_times, ratios = [], [], []
    for _round in range(ROUNDS):
        started = time.perf_counter()
        client.get("/healthz")
        trivial = time.perf_counter() - started
        started = time.perf_counter()
        client.get(page)
        seconds = time.perf_counter() - started
        trivial_times.append(trivial)
        page_times.append(seconds)
        ratios.append(seconds / trivial)
    return {
        "responses_per_wave": RESPONSES,
        "questions": second.items.count(),
        "fill_seconds": round(fill_seconds, 2),
        "compare_seconds_median": round(statistics.median(compare_times), 3),
        "compare_seconds_max": round(max(compare_times), 3),
        "page_seconds_median": round(statistics.median(page_times), 3),
        "healthz_ms_median": round(1000 * statistics.median(trivial_times), 2),
        "page_to_healthz_ratio_median": round(statistics.median(ratios), 1),
        "domains_beyond_noise": sum(d.row.comparison.beyond_noise for d in found.domains),
    }


def test_alone() -> dict:
    sys.path.insert(0, str(ROOT))
    from groundwork.analysis.waves import mann_whitney

    rng = random.Random(7)
    a = [rng.randint(1, 5) for _ in range(RESPONSES)]
    b = [rng.randint(1, 5) for _ in range(RESPONSES)]
    times = []
    for _round in range(20):
        started = time.perf_counter()
        mann_whitney(a, b)
        times.append(1000 * (time.perf_counter() - started))
    return {"answers_per_wave": RESPONSES, "ms_median": round(statistics.median(times), 2)}


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        print(json.dumps(child(sys.argv[2])))
        return
    databases = os.environ.get("DATABASES", "sqlite,postgresql").split(",")
    results: dict = {"benchmark": "measures-waves"}
    for database in databases:
        prefix = [str(ROOT / "scripts/with-postgres.sh")] if database == "postgresql" else []
        output = subprocess.run(
            [*prefix, sys.executable, __file__, "--child", database],
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
        ).stdout
        results[database] = json.loads(output.strip().splitlines()[-1])
        print(database, results[database], file=sys.stderr)
    results["mann_whitney"] = test_alone()
    results["machine"] = {
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "loadavg": [round(x, 2) for x in os.getloadavg()],
    }
    out = ROOT / "bench" / "results" / "measures-waves.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
