"""The directory import benchmark: an Open Referral HSDS 3.0 CSV data package of 50,000
services (with their organizations, locations, services at locations, addresses, phones,
schedules and languages: about 360,000 rows) imported into a community with
`directory.services.hsds_import`, on SQLite and on a throwaway PostgreSQL.

    python bench/directory_import.py                 # both databases (~10 minutes)
    python bench/directory_import.py --services 2000 --database sqlite   # a smoke test

For each database a child process migrates an empty database, writes the package (seeded, so
every run imports the same rows) and imports it twice: the first import creates every row, the
second finds every row unchanged (the idempotent re-import a nightly feed does). Each import is
timed with perf_counter; its memory is the peak resident set size of the process during the
import (Linux's VmHWM, reset before each import through /proc/self/clear_refs), beside the
resident size just before it. The results are merged into bench/results/directory.json under
the key "import"; other keys (the search benchmark's) are kept.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import signal
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from harness import (  # noqa: E402
    bench_env,
    database_info,
    ensure_postgres_database,
    log,
    merge_into,
    run_child,
    use_sqlite_file,
)

RESULTS = HERE / "results" / "directory.json"
DATABASES = ("sqlite", "postgresql")
CHILD_TIMEOUT = 40 * 60
SERVICES_PER_ORGANIZATION = 50
WORDS = [
    "food",
    "pantry",
    "clinic",
    "counseling",
    "shelter",
    "rent",
    "legal",
    "youth",
    "elders",
    "jobs",
    "rides",
    "classes",
    "meals",
    "dental",
    "recovery",
]
DAYS = ["MO,TU,WE,TH,FR", "TU,TH", "WE,SA", "SA", "MO,WE,FR"]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--services", type=int, default=50_000)
    p.add_argument("--database", choices=[*DATABASES, "both"], default="both")
    p.add_argument("--output", type=Path, default=RESULTS)
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--partial", type=Path, help=argparse.SUPPRESS)
    return p.parse_args(argv)


# --- the package ---------------------------------------------------------------------------------


def write_package(folder: Path, services: int, seed: int = 15) -> dict[str, int]:
    """HSDS CSV files for `services` services, streamed to disk; returns rows per file."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)

    def uid() -> str:
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))

    files = {
        "organizations.csv": ["id", "name", "description", "email", "website"],
        "services.csv": ["id", "organization_id", "name", "description", "status", "email"],
        "locations.csv": [
            "id",
            "location_type",
            "organization_id",
            "name",
            "latitude",
            "longitude",
        ],
        "service_at_location.csv": ["id", "service_id", "location_id"],
        "addresses.csv": [
            "id",
            "location_id",
            "address_1",
            "city",
            "state_province",
            "postal_code",
            "country",
            "address_type",
        ],
        "phones.csv": ["id", "service_id", "number"],
        "schedules.csv": ["id", "service_id", "freq", "byday", "opens_at", "closes_at", "wkst"],
        "languages.csv": ["id", "service_id", "code", "name"],
    }
    handles = {name: (folder / name).open("w", encoding="utf-8", newline="") for name in files}
    writers = {name: csv.writer(handles[name]) for name in files}
    counts = dict.fromkeys(files, 0)

    def write(name: str, row: list[Any]) -> None:
        writers[name].writerow(row)
        counts[name] += 1

    try:
        for name, header in files.items():
            writers[name].writerow(header)
        organization = ""
        for number in range(services):
            if number % SERVICES_PER_ORGANIZATION == 0:
                organization = uid()
                n = number // SERVICES_PER_ORGANIZATION
                write(
                    "organizations.csv",
                    [
                        organization,
                        f"Organization {n}",
                        "A partner organization.",
                        f"org{n}@example.org",
                        f"https://org{n}.example.org",
                    ],
                )
            service, location = uid(), uid()
            words = " ".join(rng.sample(WORDS, 3))
            write(
                "services.csv",
                [
                    service,
                    organization,
                    f"Service {number} {words}",
                    f"Help with {words}.",
                    "active",
                    "",
                ],
            )
            write(
                "locations.csv",
                [
                    location,
                    "physical",
                    organization,
                    f"Place {number}",
                    f"{35 + rng.random():.5f}",
                    f"{-80 + rng.random():.5f}",
                ],
            )
            write("service_at_location.csv", [uid(), service, location])
            write(
                "addresses.csv",
                [
                    uid(),
                    location,
                    f"{number} Main Street",
                    "Alder",
                    "NC",
                    "27000",
                    "US",
                    "physical",
                ],
            )
            write("phones.csv", [uid(), service, f"555-{number % 10000:04d}"])
            opens = rng.choice(["08:00", "09:00", "10:00"])
            write(
                "schedules.csv",
                [uid(), service, "WEEKLY", rng.choice(DAYS), opens, "17:00", "MO"],
            )
            write("languages.csv", [uid(), service, "en", "English"])
            if number % 3 == 0:
                write("languages.csv", [uid(), service, "es", "Spanish"])
    finally:
        for handle in handles.values():
            handle.close()
    return counts


# --- in the child --------------------------------------------------------------------------------


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def timed_import(community: Any, folder: Path) -> dict[str, Any]:
    import gc

    from groundwork.directory.services import hsds_import

    gc.collect()
    before = _status_kb("VmRSS")
    reset = _reset_peak()
    started = time.perf_counter()
    result = hsds_import(actor=None, community=community, source=folder, actor_label="bench")
    seconds = time.perf_counter() - started
    peak = _status_kb("VmHWM")
    return {
        "seconds": round(seconds, 2),
        "rss_before_mb": round(before / 1024, 1),
        "peak_rss_mb": round(peak / 1024, 1),
        "peak_above_start_mb": round((peak - before) / 1024, 1) if reset else None,
        "created": sum(result.created.values()),
        "updated": sum(result.updated.values()),
        "unchanged": sum(result.unchanged.values()),
    }


def child(args: argparse.Namespace) -> int:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    database = "postgresql" if "postgres" in os.environ.get("DATABASE_URL", "") else "sqlite"
    if database == "postgresql":
        ensure_postgres_database(os.environ["DATABASE_URL"])
    log(f"{database}: migrate")
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, check=True
    )
    folder = args.partial.parent / "package"
    log(f"{database}: write a package of {args.services} services")
    rows = write_package(folder, args.services)
    import django

    django.setup()
    from groundwork.communities.models import Community
    from groundwork.directory.models import Service

    community = Community.objects.create(name="Bench County", slug="bench-county", kind="county")
    result: dict[str, Any] = {
        "database": database,
        "database_info": database_info(),
        "rows": rows,
        "total_rows": sum(rows.values()),
    }
    log(f"{database}: first import ({result['total_rows']} rows)")
    result["first"] = timed_import(community, folder)
    log(f"{database}: first import took {result['first']['seconds']} s")
    if database == "postgresql":
        from django.db import connection

        with connection.cursor() as c:
            c.execute("VACUUM ANALYZE")
    log(f"{database}: the same package again")
    result["again"] = timed_import(community, folder)
    log(f"{database}: again took {result['again']['seconds']} s")
    result["services_stored"] = Service.objects.filter(community=community).count()
    args.partial.write_text(json.dumps(result, indent=2))
    return 0


# --- the parent ----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        return child(args)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.perf_counter()
    databases = DATABASES if args.database == "both" else (args.database,)
    report: dict[str, Any] = {
        "benchmark": "directory import",
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpu_count": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "loadavg_at_start": [round(x, 2) for x in os.getloadavg()],
        },
        "parameters": {"services": args.services},
        "results": {},
    }

    for database in databases:
        child_argv = [
            sys.executable,
            str(Path(__file__).resolve()),
            "--child",
            "--services",
            str(args.services),
        ]
        report["results"][database] = run_child(
            child_argv,
            label=f"directory-{database}",
            timeout=CHILD_TIMEOUT,
            postgres=database == "postgresql",
            env=bench_env(),
            configure=use_sqlite_file if database == "sqlite" else None,
        )
    report["machine"]["loadavg_at_end"] = [round(x, 2) for x in os.getloadavg()]
    report["seconds"] = round(time.perf_counter() - started, 1)
    lines = []
    for database, res in report["results"].items():
        if "error" in res:
            lines.append(f"{database}: FAILED ({res['error']})")
            continue
        first, again = res["first"], res["again"]
        lines.append(
            f"{database}: {res['total_rows']:,} rows; first import {first['seconds']} s, "
            f"peak RSS {first['peak_rss_mb']} MB (+{first['peak_above_start_mb']} MB); "
            f"again (all unchanged) {again['seconds']} s, peak RSS {again['peak_rss_mb']} MB"
        )
    lines.append(f"cores: {os.cpu_count()}")
    report["summary"] = lines
    merge_into(args.output, "import", report)
    print("\n".join(lines))
    print(f'\nwritten to {args.output} under "import" in {report["seconds"]:.0f} s')
    return 1 if any("error" in r for r in report["results"].values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())
