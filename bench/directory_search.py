"""The directory search benchmark: a community directory of 50,000 services searched with two
filters and "open now", served by gunicorn on SQLite (FTS5) and on a throwaway PostgreSQL
(full-text search), under concurrent load on loopback, beside /healthz.

    python bench/directory_search.py          # both databases, into bench/results/directory.json
    python bench/directory_search.py --quick  # a smoke test, into var/bench-directory-quick.json

For each database a child (inside scripts/with-postgres.sh for PostgreSQL) migrates, bulk-inserts
the directory (services with a location, address, phone, schedule, languages, a taxonomy term,
some with a cost; a few confidential), runs ANALYZE on PostgreSQL, counts queries per request
with Django's test client, then starts gunicorn and runs R rounds that interleave /healthz and
the two searches for a fixed time each (bench/harness.py). The results go under the key
"search" of bench/results/directory.json; other keys in the file are kept.
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
import uuid
from datetime import time as clock
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
    merge_into,
    results_header,
    run_child,
    serve_and_load,
    use_sqlite_file,
)

DATABASES = ("sqlite", "postgresql")
CHILD_TIMEOUT = 25 * 60
COMMUNITY_SLUG = "bench-county"
KEY = "search"
NOUNS = [
    ("food pantry", "despensa de alimentos"),
    ("clinic", "clínica"),
    ("shelter", "refugio"),
    ("legal aid", "ayuda legal"),
    ("tutoring", "tutoría"),
    ("job training", "capacitación laboral"),
    ("rent help", "ayuda con el alquiler"),
    ("counseling", "consejería"),
    ("senior meals", "comidas para mayores"),
    ("child care", "cuidado infantil"),
    ("transportation", "transporte"),
    ("utility help", "ayuda con servicios públicos"),
]
ADJECTIVES = ["Community", "Neighborhood", "County", "Family", "Free", "Walk-in", "Youth", "Mobile"]
TOWNS = [f"Town {n}" for n in range(30)]
COUNTIES = [f"County {n}" for n in range(10)]
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--databases", nargs="+", choices=DATABASES, default=list(DATABASES))
    p.add_argument("--database", choices=DATABASES, help=argparse.SUPPRESS)
    p.add_argument("--services", type=int, default=50_000)
    p.add_argument("--seed", type=int, default=2027)
    add_load_arguments(p)
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    return finish_load_arguments(p.parse_args(argv), "directory")


PARAMETERS = (
    "services",
    "seed",
    "workers",
    "connections",
    "rounds",
    "duration",
    "warmup",
    "generator",
    "quick",
)


def child_argv(args: argparse.Namespace, database: str) -> list[str]:
    argv = [sys.executable, str(Path(__file__).resolve()), "--child", "--database", database]
    for name in PARAMETERS:
        value = getattr(args, name)
        if name == "quick":
            argv += ["--quick"] if value else []
        else:
            argv += [f"--{name}", str(value)]
    return argv


# --- the child ----------------------------------------------------------------------------------


def seed(args: argparse.Namespace) -> dict[str, Any]:
    """One public community with ``services`` services (bulk rows: no per-row validation or
    audit events), and a second, small community beside it."""
    from django.db import transaction

    from groundwork.accounts.models import User
    from groundwork.communities import services as community_services
    from groundwork.communities.models import Organization
    from groundwork.directory.models import (
        Address,
        Attribute,
        CostOption,
        Language,
        Location,
        Phone,
        Schedule,
        Service,
        ServiceArea,
        ServiceAtLocation,
        TaxonomyTerm,
    )

    started = time.perf_counter()
    rng = random.Random(args.seed)
    n = args.services
    with transaction.atomic():
        coordinator = User.objects.create_user(
            "bench-coordinator@example.org", None, name="Bench Coordinator"
        )
        community = community_services.community_create(
            actor=coordinator, name="Bench County", slug=COMMUNITY_SLUG, kind="county"
        )
        other = community_services.community_create(
            actor=coordinator, name="Other County", slug="other-county", kind="county"
        )
        organizations = Organization.objects.bulk_create(
            Organization(community=community, name=f"Organization {i}") for i in range(500)
        )
        terms = TaxonomyTerm.objects.bulk_create(
            TaxonomyTerm(community=community, name=en.title(), description=es) for en, es in NOUNS
        )
        rows: dict[str, list[Any]] = {
            k: [] for k in ("svc", "loc", "adr", "sal", "sch", "lan", "att", "pho", "cst", "are")
        }
        for i in range(n):
            k = rng.randrange(len(NOUNS))
            en, es = NOUNS[k]
            adjective = rng.choice(ADJECTIVES)
            service_id, location_id = uuid.uuid4(), uuid.uuid4()
            organization = organizations[i % len(organizations)]
            spanish = rng.random() < 0.5
            rows["svc"].append(
                Service(
                    community=community,
                    hsds_id=service_id,
                    organization_id=organization.hsds_id,
                    name=f"{adjective} {en} {i}",
                    description=f"{en.capitalize()} for residents of the county, offered by "
                    f"{organization.name}. Call ahead; bring an ID if you have one.",
                    name_es=f"{es.capitalize()} {i}" if spanish else "",
                    description_es=f"{es.capitalize()} para residentes del condado."
                    if spanish
                    else "",
                    minimum_age=18 if rng.random() < 0.2 else None,
                )
            )
            rows["loc"].append(
                Location(
                    community=community,
                    hsds_id=location_id,
                    location_type="physical",
                    organization_id=organization.hsds_id,
                    name=organization.name,
                    latitude=35.5 + rng.random(),
                    longitude=-79.5 + rng.random(),
                    confidential=rng.random() < 0.02,
                )
            )
            rows["adr"].append(
                Address(
                    community=community,
                    location_id=location_id,
                    address_1=f"{i} Main Street",
                    city=rng.choice(TOWNS),
                    region=rng.choice(COUNTIES),
                    state_province="NC",
                    postal_code="27000",
                    country="US",
                    address_type="physical",
                )
            )
            rows["sal"].append(
                ServiceAtLocation(
                    community=community, service_id=service_id, location_id=location_id
                )
            )
            shape = rng.random()
            if shape < 0.1:
                days, opens, closes = ",".join(WEEKDAYS), clock(0), clock(0)
            elif shape < 0.2:
                days, opens, closes = ",".join(WEEKDAYS), clock(19), clock(8)
            else:
                days = ",".join(d for d in WEEKDAYS if rng.random() < 0.6) or "MO"
                opens, closes = clock(rng.randint(7, 10)), clock(rng.randint(15, 20))
            rows["sch"].append(
                Schedule(
                    community=community,
                    service_id=service_id,
                    freq="WEEKLY",
                    byday=days,
                    opens_at=opens,
                    closes_at=closes,
                    wkst="MO",
                )
            )
            rows["lan"].append(Language(community=community, service_id=service_id, code="en"))
            if spanish or rng.random() < 0.2:
                rows["lan"].append(Language(community=community, service_id=service_id, code="es"))
            rows["att"].append(
                Attribute(
                    community=community,
                    link_id=service_id,
                    taxonomy_term_id=terms[k].hsds_id,
                    link_entity="service",
                )
            )
            rows["pho"].append(
                Phone(community=community, service_id=service_id, number=f"555-{i % 10000:04d}")
            )
            if rng.random() < 0.2:
                rows["cst"].append(
                    CostOption(community=community, service_id=service_id, option="Fee", amount=10)
                )
            rows["are"].append(
                ServiceArea(community=community, service_id=service_id, name=rng.choice(COUNTIES))
            )
        for key, model in (
            ("svc", Service),
            ("loc", Location),
            ("adr", Address),
            ("sal", ServiceAtLocation),
            ("sch", Schedule),
            ("lan", Language),
            ("att", Attribute),
            ("pho", Phone),
            ("cst", CostOption),
            ("are", ServiceArea),
        ):
            model.objects.bulk_create(rows[key], batch_size=2000)
        Service.objects.bulk_create(
            Service(community=other, name=f"Other food pantry {i}", description="food")
            for i in range(200)
        )
        # Bulk rows send no signals: write the schedules' opening windows and drop cached
        # reads, as an import does.
        from groundwork.directory.opening_windows import bump, refresh_community

        refresh_community(community.pk)
        bump(community.pk)
        bump(other.pk)
    return {
        "community_slug": COMMUNITY_SLUG,
        "services": Service.objects.filter(community=community).count(),
        "rows": {key: len(value) for key, value in rows.items()},
        "food_term": str(terms[0].hsds_id),
        "seconds": round(time.perf_counter() - started, 2),
    }


def endpoint_paths(seeded: dict[str, Any]) -> dict[str, dict[str, Any]]:
    from urllib.parse import urlencode

    from django.urls import reverse

    search = reverse("directory:search", args=[COMMUNITY_SLUG])
    return {
        "healthz": {"path": reverse("core:healthz")},
        # Two filters (a taxonomy term and a language) and open now.
        "search_filters": {
            "path": f"{search}?"
            + urlencode({"term": seeded["food_term"], "language": "es", "open_now": "on"})
        },
        # Words, a county, open now.
        "search_words": {
            "path": f"{search}?" + urlencode({"q": "food", "area": "County 3", "open_now": "on"})
        },
    }


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
    from django.test import Client

    log(f"{args.database}: seed {args.services} services")
    seeded = seed(args)
    with connection.cursor() as c:
        # Statistics for the planners, as after any large import.
        c.execute("VACUUM ANALYZE" if args.database == "postgresql" else "ANALYZE")
    result["seed"] = seeded
    result["database_info"] = {**database_info(), "analyzed": True}
    endpoints = endpoint_paths(seeded)
    log(f"{args.database}: queries per request")
    in_process: dict[str, Any] = {}
    for name, endpoint in endpoints.items():
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        response = client.get(endpoint["path"])
        if response.status_code != 200:
            raise RuntimeError(f"{name}: {endpoint['path']} answered {response.status_code}")
        in_process[name] = measure_get(client, endpoint["path"], 5)
        if name != "healthz":
            text = response.content.decode()
            in_process[name]["results_on_page"] = text.count('class="gw-result"')
    result["in_process"] = in_process
    endpoints = {name: {**e, "as": "anonymous"} for name, e in endpoints.items()}
    queries = {name: row["queries"] for name, row in in_process.items()}
    result.update(serve_and_load(args, endpoints, queries, label=args.database))
    result["seconds"] = round(time.perf_counter() - started, 1)
    args.partial.write_text(json.dumps(result, indent=2))
    return 0


# --- the parent ---------------------------------------------------------------------------------


def summary_lines(results: dict[str, Any]) -> list[str]:
    lines = []
    head = (
        f"{'database':<11}{'endpoint':<15} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>7} "
        f"{'p50 ×hz':>8} {'p95 ×hz':>8} {'queries':>8}"
    )
    lines += [head, "-" * len(head)]
    for database, res in results["databases"].items():
        if "error" in res:
            lines.append(f"{database:<11}FAILED: {res['error']}")
            continue
        for name, agg in res["load"]["summary"].items():
            m, r = agg["median"], agg["ratio_to_healthz"]
            lines.append(
                f"{database:<11}{name:<15} {m['p50_ms']:>8.1f} {m['p95_ms']:>8.1f} "
                f"{m['rps']:>7.1f} {r['p50']:>8.1f} {r['p95']:>8.1f} "
                f"{res['load']['endpoints'][name]['queries_per_request']:>8}"
            )
    lines.append(
        f"{results['parameters']['services']} services; cores: {results['machine']['cpu_count']}; "
        f"medians of {results['parameters']['rounds']} rounds of "
        f"{results['parameters']['connections']} connections; "
        "×hz = ratio to /healthz in the same round"
    )
    return lines


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        return child(args)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.perf_counter()
    log(f"load generator: {args.generator}; databases: {', '.join(args.databases)}")
    results = results_header("directory search", {k: getattr(args, k) for k in PARAMETERS})
    results["databases"] = {}

    for database in args.databases:
        results["databases"][database] = run_child(
            child_argv(args, database),
            label=f"directory-{database}",
            timeout=CHILD_TIMEOUT,
            postgres=database == "postgresql",
            env=bench_env(),
            configure=use_sqlite_file if database == "sqlite" else None,
        )
    results["machine"]["loadavg_at_end"] = [round(x, 2) for x in os.getloadavg()]
    results["seconds"] = round(time.perf_counter() - started, 1)
    lines = summary_lines(results)
    results["summary"] = lines
    merge_into(args.output, KEY, results)
    print("\n".join(lines))
    print(f"\nwritten to {args.output} (key {KEY!r}) in {results['seconds']:.0f} s")
    return 1 if any("error" in r for r in results["databases"].values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())
