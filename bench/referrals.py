"""The referrals benchmark: creating and accepting referrals over HTTP (the partners' API) with
8 concurrent clients, an organization's inbox of 10,000 open referrals, and the cost of
encrypting a referral's personal fields, on a throwaway PostgreSQL, beside /healthz.

    python bench/referrals.py           # writes bench/results/referrals.json (~4 minutes)
    python bench/referrals.py --quick   # short runs, a smoke test; var/bench-referrals-quick.json

The child (inside scripts/with-postgres.sh) migrates and seeds two communities (two tenants):
in the first, a school that sends, a pantry that receives, and a "big pantry" whose inbox
holds --inbox open referrals (bulk rows, encrypted like any others); a small pantry with
--small-inbox referrals shows the inbox's queries do not grow with its size. It then measures
in process (Django's test client): queries per request of each page, and the time of
``referral_create`` per referral with the real Fernet keys and with encryption replaced by a
pass-through, plus the encryption alone. Then gunicorn serves --rounds rounds that interleave
/healthz, the 10,000-referral inbox (signed in) and the create-and-accept loop: each of
--connections clients POSTs a referral (API, token) and accepts it as the receiving
organization. Latencies are medians over rounds, ratios to /healthz taken within each round.
Every load uses the same Python load generator (bench/loadgen.py), so the ratios compare like
with like. Rate limits are lifted for the run (they would refuse the load, by design).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import loadgen  # noqa: E402
from harness import (  # noqa: E402
    CpuMeter,
    Gunicorn,
    add_load_arguments,
    bench_env,
    database_info,
    ensure_postgres_database,
    finish_load_arguments,
    interleaved_rounds,
    log,
    measure_get,
    postmaster_pid,
    results_header,
    run_child,
    with_cpu,
    write_results,
)
from harness import child_argv as harness_child_argv  # noqa: E402

CHILD_TIMEOUT = 15 * 60
SLUG = "bench-county"
OTHER_SLUG = "bench-other-county"
PARAMETERS = (
    "inbox",
    "small_inbox",
    "encryption_samples",
    "seed",
    "workers",
    "connections",
    "rounds",
    "duration",
    "warmup",
    "quick",
)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--inbox", type=int, default=10_000, help="open referrals in the big inbox")
    p.add_argument("--small-inbox", type=int, default=100)
    p.add_argument("--encryption-samples", type=int, default=200, help="referrals per variant")
    p.add_argument("--seed", type=int, default=2027)
    add_load_arguments(p)
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = finish_load_arguments(p.parse_args(argv), "referrals")
    args.generator = "python"  # the create-and-accept loop is Python: the GETs are too
    if args.quick:
        args.inbox, args.small_inbox, args.encryption_samples = 2_000, 50, 40
    return args


def child_argv(args: argparse.Namespace) -> list[str]:
    return harness_child_argv(__file__, args, PARAMETERS)


def env_for_run() -> dict[str, str]:
    """Production settings (bench_env) with keys made for this run only, and the rate limits
    lifted: a partner's system posting 8 at a time would be throttled, on purpose."""
    from cryptography.fernet import Fernet

    env = bench_env()
    env["FIELD_ENCRYPTION_KEYS"] = Fernet.generate_key().decode()
    env["FIELD_LOOKUP_KEY"] = "bench-lookup-" + os.urandom(16).hex()
    env["RATELIMIT_ENABLE"] = "false"
    return env


# --- the child ----------------------------------------------------------------------------------


def _community(tag: str, coordinator: Any) -> dict[str, Any]:
    from groundwork.accounts.models import User
    from groundwork.communities import services as community_services
    from groundwork.communities.models import Membership, ReferralsRole, Role
    from groundwork.directory.models import Service

    slug = SLUG if tag == "a" else OTHER_SLUG
    community = community_services.community_create(
        actor=coordinator, name=f"Bench {tag.upper()}", slug=slug, kind="county"
    )
    out: dict[str, Any] = {"community": community}
    for key, name in (
        ("school", "Bench Elementary"),
        ("pantry", "Bench Pantry"),
        ("big", "Big Pantry"),
        ("small", "Small Pantry"),
    ):
        organization = community_services.organization_create(
            actor=coordinator, community=community, name=name, sector="community_based"
        )
        user = User.objects.create_user(f"{key}-{tag}@example.org", None, name=f"{name} staff")
        Membership.objects.create(
            community=community,
            user=user,
            role=Role.PARTNER,
            organization=organization,
            referrals_role=ReferralsRole.ADMIN,
        )
        service = Service.objects.create(
            community=community, organization_id=organization.hsds_id, name=f"{name} help"
        )
        out[key] = {"organization": organization, "user": user, "service": service}
    return out


def _bulk_open_referrals(world: dict[str, Any], receiver: str, count: int, rng: Any) -> None:
    """``count`` open referrals from the school to ``receiver``, as rows (each person's
    fields encrypted by the model's fields, as any write does)."""
    from django.utils import timezone

    from groundwork.referrals import crypto
    from groundwork.referrals.models import Consent, Person, Referral, StatusChange

    community = world["community"]
    school = world["school"]
    target = world[receiver]
    now = timezone.now()
    people = Person.objects.bulk_create(
        (
            Person(
                community=community,
                organization=school["organization"],
                name=f"Bench Person {i}",
                phone=f"555-01{i:06d}",
                best_times="mornings",
                contact_methods=["phone"],
                language="es" if i % 3 == 0 else "en",
                phone_hash=crypto.lookup_hash("phone", f"55501{i:06d}"),
            )
            for i in range(count)
        ),
        batch_size=1000,
    )
    consents = Consent.objects.bulk_create(
        (
            Consent(
                person=p,
                community=community,
                method=Consent.Method.VERBAL,
                recorded_by=school["user"],
                attested=True,
                fields=["contact", "note"],
                expires_at=now + timedelta(days=200),
                confirmed_at=now,
            )
            for p in people
        ),
        batch_size=1000,
    )
    through = Consent.organizations.through
    through.objects.bulk_create(
        (through(consent=c, organization=target["organization"]) for c in consents),
        batch_size=2000,
    )
    referrals = Referral.objects.bulk_create(
        (
            Referral(
                community=community,
                person=p,
                consent=c,
                service=target["service"],
                sender=school["organization"],
                receiver=target["organization"],
                sent_by=school["user"],
                status="sent" if i % 4 else "accepted",
                needs=[rng.choice(["food", "housing", "health", "utilities"])],
                urgency=rng.choice(["routine", "soon", "urgent"]),
                note=f"Bench note {i}: needs help this week.",
                sent_at=now - timedelta(minutes=i),
                link_nonce=os.urandom(16).hex(),
            )
            for i, (p, c) in enumerate(zip(people, consents, strict=True))
        ),
        batch_size=1000,
    )
    StatusChange.objects.bulk_create(
        (
            StatusChange(
                referral=r, to_status="sent", actor=school["user"], organization_id=r.sender_id
            )
            for r in referrals
        ),
        batch_size=2000,
    )


def seed(args: argparse.Namespace) -> dict[str, Any]:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import transaction

    from groundwork.accounts.models import User
    from groundwork.api.services import api_token_create

    started = time.perf_counter()
    rng = random.Random(args.seed)
    with transaction.atomic():
        coordinator = User.objects.create_user("bench-coordinator@example.org", None, name="C")
        worlds = {tag: _community(tag, coordinator) for tag in ("a", "b")}
        a = worlds["a"]
        _bulk_open_referrals(a, "big", args.inbox, rng)
        _bulk_open_referrals(a, "small", args.small_inbox, rng)
        _bulk_open_referrals(worlds["b"], "big", args.small_inbox, rng)  # the other tenant
        _token, sender_key = api_token_create(user=a["school"]["user"], name="bench sender")
        _token, receiver_key = api_token_create(user=a["pantry"]["user"], name="bench receiver")
    sessions = {}
    for key in ("big", "small"):
        user = a[key]["user"]
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.save()
        sessions[key] = store.session_key
    return {
        "inbox": args.inbox,
        "small_inbox": args.small_inbox,
        "sender_key": sender_key,
        "receiver_key": receiver_key,
        "service_id": str(a["pantry"]["service"].hsds_id),
        "sessions": sessions,
        "users": {k: a[k]["user"].pk for k in ("school", "pantry", "big", "small")},
        "seconds": round(time.perf_counter() - started, 2),
    }


def measure_pages(seeded: dict[str, Any]) -> dict[str, Any]:
    """Queries per request and in-process time: /healthz, the 10,000-referral inbox and the
    small one (the same number of queries: pinned, also in test_permissions.py)."""
    from django.test import Client
    from django.urls import reverse

    from groundwork.accounts.models import User

    out: dict[str, Any] = {}
    inbox = reverse("referrals:inbox", args=[SLUG])
    for name, path, user in (
        ("healthz", reverse("core:healthz"), None),
        ("inbox", inbox, seeded["users"]["big"]),
        ("inbox_small", inbox, seeded["users"]["small"]),
    ):
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        if user:
            client.force_login(User.objects.get(pk=user))
        if (status := client.get(path).status_code) != 200:
            raise RuntimeError(f"{name}: {path} answered {status}")
        out[name] = measure_get(client, path, 5)
    return out


def measure_encryption(samples: int) -> dict[str, Any]:
    """Milliseconds per referral: ``referral_create`` (one service, verbal consent) with the
    real keys and with encryption and look-up hashes replaced by a pass-through, interleaved
    in blocks; and the encryption of one referral's fields alone."""
    from unittest import mock

    from django.utils import timezone

    from groundwork.accounts.models import User
    from groundwork.communities.models import Community, Organization
    from groundwork.directory.models import Service
    from groundwork.referrals import crypto
    from groundwork.referrals.actions import sending

    community = Community.objects.get(slug=SLUG)
    actor = User.objects.get(email="school-a@example.org")
    pantry = Organization.objects.get(community=community, name="Bench Pantry")
    service = Service.objects.get(community=community, organization_id=pantry.hsds_id)
    until = timezone.localdate() + timedelta(days=90)
    counter = [0]

    def one() -> float:
        counter[0] += 1
        n = counter[0]
        t0 = time.perf_counter()
        sending.referral_create(
            actor=actor,
            community=community,
            services=[service],
            person=sending.PersonDetails(
                name=f"Encryption Bench {n}",
                phone=f"555-02{n:06d}",
                email=f"bench{n}@example.net",
                best_times="after 3 pm",
                language="en",
            ),
            needs=["food"],
            urgency="routine",
            note="Lost hours at work; two children; prefers text messages.",
            consent_method="verbal",
            consent_fields=["contact", "note"],
            consent_until=until,
            attested=True,
        )
        return (time.perf_counter() - t0) * 1000

    def plain(value: str) -> str:
        return value

    with_keys: list[float] = []
    without: list[float] = []
    block = max(samples // 10, 1)
    for _ in range(4):  # warm both paths
        one()
    while len(with_keys) < samples:
        with_keys += [one() for _ in range(block)]
        with (
            mock.patch.object(crypto, "encrypt", plain),
            mock.patch.object(crypto, "decrypt", plain),
            mock.patch.object(crypto, "lookup_hash", lambda kind, value: value[:64]),
        ):
            without += [one() for _ in range(block)]
    fields = [
        "Encryption Bench 1",
        "555-020000001",
        "bench1@example.net",
        "after 3 pm",
        "Lost hours at work; two children; prefers text messages.",
    ]
    t0 = time.perf_counter()
    rounds = 2000
    for _ in range(rounds):
        for value in fields:
            crypto.encrypt(value)
        crypto.lookup_hash("phone", "555020000001")
        crypto.lookup_hash("email", "bench1@example.net")
    alone = (time.perf_counter() - t0) * 1000 / rounds
    token = crypto.encrypt(fields[-1])
    t0 = time.perf_counter()
    for _ in range(rounds):
        for _value in fields:
            crypto.decrypt(token)
    decrypt_alone = (time.perf_counter() - t0) * 1000 / rounds
    med_with, med_without = statistics.median(with_keys), statistics.median(without)
    return {
        "samples_per_variant": len(with_keys),
        "create_ms_median_with_encryption": round(med_with, 3),
        "create_ms_median_without_encryption": round(med_without, 3),
        "encryption_cost_ms_per_referral": round(med_with - med_without, 3),
        "encryption_share_of_create": round((med_with - med_without) / med_with, 3),
        "encrypt_fields_and_hashes_alone_ms": round(alone, 4),
        "decrypt_fields_alone_ms": round(decrypt_alone, 4),
        "note": (
            "referral_create in process (validation, duplicate check, person, consent, "
            "referral, history, audit event, notices), one service; 'without' replaces "
            "crypto.encrypt/decrypt/lookup_hash by a pass-through. Encryption alone: five "
            "fields (name, phone, e-mail, best times, note) and two HMACs."
        ),
    }


def run_create_accept(
    *, port: int, seeded: dict[str, Any], connections: int, duration: float, round_no: int
) -> dict[str, Any]:
    """Each client, in a closed loop: POST a referral (201), then accept it as the receiving
    organization (200). Both requests timed; a loop is one referral created and accepted."""
    create_path = f"/api/communities/{SLUG}/referrals"
    until = (datetime.now(UTC).date() + timedelta(days=60)).isoformat()
    create_ms: list[float] = []
    accept_ms: list[float] = []
    errors: dict[str, int] = {}
    samples: list[str] = []
    lock = threading.Lock()
    deadline = time.perf_counter() + duration

    def error(kind: str, detail: str) -> None:
        with lock:
            errors[kind] = errors.get(kind, 0) + 1
            if len(samples) < 5:
                samples.append(f"{kind}: {detail[:200]}")

    def headers(key: str) -> dict[str, str]:
        return {
            "Host": f"{loadgen.LOOPBACK}:{port}",
            "Authorization": f"Bearer {key}",
            "Content-Type": "application/json",
            "Accept-Language": "en",
        }

    def worker(index: int) -> None:
        conn = http.client.HTTPConnection(loadgen.LOOPBACK, port, timeout=60)
        mine_create: list[float] = []
        mine_accept: list[float] = []
        n = 0
        while time.perf_counter() < deadline:
            n += 1
            body = json.dumps(
                {
                    "services": [seeded["service_id"]],
                    "person": {
                        "name": f"Load Person {round_no}-{index}-{n}",
                        "phone": f"555-{round_no:02d}{index:02d}{n:05d}",
                        "language": "es" if n % 3 == 0 else "en",
                        "best_times": "mornings",
                    },
                    "needs": ["food"],
                    "urgency": "soon",
                    "note": "Needs help this week; two children.",
                    "consent": {
                        "method": "verbal",
                        "attested": True,
                        "fields": ["contact", "note"],
                        "until": until,
                    },
                    "idempotency_key": f"bench-{round_no}-{index}-{n}-{os.getpid()}",
                }
            ).encode()
            try:
                t0 = time.perf_counter()
                status, _h, data = loadgen._request(
                    conn, "POST", create_path, headers(seeded["sender_key"]), body
                )
                mine_create.append((time.perf_counter() - t0) * 1000)
                if status != 201:
                    error(f"create_{status}", data.decode("utf-8", "replace"))
                    continue
                referral_id = json.loads(data)[0]["id"]
                t0 = time.perf_counter()
                status, _h, data = loadgen._request(
                    conn,
                    "POST",
                    f"{create_path}/{referral_id}/status",
                    headers(seeded["receiver_key"]),
                    json.dumps({"to_status": "accepted"}).encode(),
                )
                mine_accept.append((time.perf_counter() - t0) * 1000)
                if status != 200:
                    error(f"accept_{status}", data.decode("utf-8", "replace"))
            except (OSError, http.client.HTTPException) as exc:
                error("exception", repr(exc))
        conn.close()
        with lock:
            create_ms.extend(mine_create)
            accept_ms.extend(mine_accept)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(duration + 120)
    seconds = time.perf_counter() - started
    both = create_ms + accept_ms
    pct = loadgen.percentile
    return {
        "requests": len(both),
        "referrals_created": len(create_ms),
        "referrals_accepted": len(accept_ms)
        - sum(v for k, v in errors.items() if k.startswith("accept_")),
        "seconds": round(seconds, 3),
        "rps": round(len(both) / seconds, 2) if seconds else 0.0,
        "referrals_per_s": round(len(accept_ms) / seconds, 2) if seconds else 0.0,
        "p50_ms": round(pct(both, 50), 3),
        "p95_ms": round(pct(both, 95), 3),
        "p99_ms": round(pct(both, 99), 3),
        "create": {"p50_ms": round(pct(create_ms, 50), 3), "p95_ms": round(pct(create_ms, 95), 3)},
        "accept": {"p50_ms": round(pct(accept_ms, 50), 3), "p95_ms": round(pct(accept_ms, 95), 3)},
        "errors": errors,
        "error_count": sum(errors.values()),
        "error_samples": samples,
    }


def serve_and_measure(args: argparse.Namespace, seeded: dict[str, Any]) -> dict[str, Any]:
    import shutil
    import tempfile

    from django.db import connections
    from django.urls import reverse

    pg_pid = postmaster_pid()
    connections.close_all()
    tmp = Path(tempfile.mkdtemp(prefix="groundwork-bench-gunicorn-"))
    server = Gunicorn(args.workers, tmp / "gunicorn.log")
    inbox_headers = {"Cookie": f"sessionid={seeded['sessions']['big']}"}
    paths = {
        "healthz": (reverse("core:healthz"), None),
        "inbox": (reverse("referrals:inbox", args=[SLUG]), inbox_headers),
    }
    names = ["healthz", "inbox", "create_accept"]
    out: dict[str, Any] = {}
    try:
        server.wait_ready()
        meter = CpuMeter({"app": server.process.pid, **({"db": pg_pid} if pg_pid else {})})
        for name, (path, hdrs) in paths.items():
            if (status := server.check(path, hdrs)) != 200:
                raise RuntimeError(f"{name} over HTTP answered {status}")

        def run(name: str, seconds: float, round_no: int) -> dict[str, Any]:
            before = meter.sample()
            if name == "create_accept":
                res = run_create_accept(
                    port=server.port,
                    seeded=seeded,
                    connections=args.connections,
                    duration=seconds,
                    round_no=round_no,
                )
            else:
                path, hdrs = paths[name]
                res = loadgen.run_load(
                    generator="python",
                    port=server.port,
                    path=path,
                    connections=args.connections,
                    duration=seconds,
                    headers=hdrs,
                )
            return with_cpu(res, meter.since(before), res["requests"])

        log(f"warm up ({args.warmup:g} s per load)")
        rounds = interleaved_rounds(
            names,
            rounds=args.rounds,
            duration=args.duration,
            warmup=args.warmup,
            run=run,
            describe=lambda r, name, res: (
                f"round {r}/{args.rounds} {name:<13} p50 {res['p50_ms']:8.1f} ms  "
                f"p95 {res['p95_ms']:8.1f} ms  {res['rps']:8.1f} req/s  "
                f"errors {res['error_count']}"
            ),
        )
        out["rounds"] = rounds
        out["server_tracebacks"] = server.tracebacks()
    finally:
        server.stop()
        if out.get("server_tracebacks"):
            out["server_log_tail"] = (tmp / "gunicorn.log").read_text(errors="replace")[-3000:]
        shutil.rmtree(tmp, ignore_errors=True)
    out["summary"] = summarize(out["rounds"])
    return out


def summarize(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    """Medians over rounds of each load, and ratios to /healthz taken within each round."""
    med = statistics.median

    def ratio(name: str, key: str, sub: str | None = None) -> float:
        values = []
        for r in rounds:
            x, base = r["results"][name], r["results"]["healthz"]
            value = x[sub][key] if sub else x[key]
            values.append(value / base[key])
        return round(med(values), 2)

    out: dict[str, Any] = {}
    for name in ("healthz", "inbox", "create_accept"):
        rows = [r["results"][name] for r in rounds]
        entry: dict[str, Any] = {
            "median": {
                "p50_ms": round(med(x["p50_ms"] for x in rows), 3),
                "p95_ms": round(med(x["p95_ms"] for x in rows), 3),
                "rps": round(med(x["rps"] for x in rows), 2),
            },
            "ratio_to_healthz": {
                "p50": ratio(name, "p50_ms"),
                "p95": ratio(name, "p95_ms"),
                # healthz requests/s over this load's requests/s (2 requests per referral).
                "throughput": round(
                    med(r["results"]["healthz"]["rps"] / r["results"][name]["rps"] for r in rounds),
                    2,
                )
                if all(x["rps"] for x in rows)
                else None,
            },
            "server_cpu_ms_per_request": round(
                med(x["server_cpu_ms_per_request"]["total"] or 0 for x in rows), 3
            ),
            "errors": sum(x["error_count"] for x in rows),
            "requests": sum(x["requests"] for x in rows),
        }
        if name == "create_accept":
            entry["median"]["referrals_per_s"] = round(med(x["referrals_per_s"] for x in rows), 2)
            for part in ("create", "accept"):
                entry[part] = {
                    "p50_ms": round(med(x[part]["p50_ms"] for x in rows), 3),
                    "p95_ms": round(med(x[part]["p95_ms"] for x in rows), 3),
                    "p95_ratio_to_healthz": ratio(name, "p95_ms", part),
                }
        out[name] = entry
    return out


def child(args: argparse.Namespace) -> int:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.perf_counter()
    ensure_postgres_database(os.environ["DATABASE_URL"])
    log("migrate")
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, check=True
    )
    import django

    django.setup()
    from django.db import connection

    log(f"seed: an inbox of {args.inbox} open referrals, two tenants")
    seeded = seed(args)
    with connection.cursor() as c:
        c.execute("VACUUM ANALYZE")
    result: dict[str, Any] = {"database": "postgresql", "database_info": database_info()}
    result["seed"] = {k: v for k, v in seeded.items() if not k.endswith("_key") and k != "sessions"}
    log("queries per request")
    result["in_process"] = measure_pages(seeded)
    log(f"encryption cost ({args.encryption_samples} referrals each way)")
    result["encryption"] = measure_encryption(args.encryption_samples)
    result["load"] = serve_and_measure(args, seeded)
    result["seconds"] = round(time.perf_counter() - started, 1)
    args.partial.write_text(json.dumps(result, indent=2))
    return 0


# --- the parent ---------------------------------------------------------------------------------


def summary_lines(results: dict[str, Any]) -> list[str]:
    res = results["result"]
    if "error" in res:
        return [f"FAILED: {res['error']}"]
    head = f"{'load':<14} {'p50 ms':>9} {'p95 ms':>9} {'req/s':>8} {'p95 ×hz':>8} {'thr ×hz':>8}"
    lines = [head, "-" * len(head)]
    for name, agg in res["load"]["summary"].items():
        m, r = agg["median"], agg["ratio_to_healthz"]
        lines.append(
            f"{name:<14} {m['p50_ms']:>9.1f} {m['p95_ms']:>9.1f} {m['rps']:>8.1f} "
            f"{r['p95']:>8.1f} {r['throughput'] or 0:>8.1f}"
        )
    ca = res["load"]["summary"]["create_accept"]
    pages = res["in_process"]
    enc = res["encryption"]
    lines += [
        f"create p95 {ca['create']['p95_ms']:.1f} ms ({ca['create']['p95_ratio_to_healthz']}× hz),"
        f" accept p95 {ca['accept']['p95_ms']:.1f} ms ({ca['accept']['p95_ratio_to_healthz']}× hz),"
        f" {ca['median']['referrals_per_s']} referrals created and accepted per second",
        f"inbox queries: {pages['inbox']['queries']} with {res['seed']['inbox']} referrals, "
        f"{pages['inbox_small']['queries']} with {res['seed']['small_inbox']}",
        f"referral_create: {enc['create_ms_median_with_encryption']} ms with encryption, "
        f"{enc['create_ms_median_without_encryption']} ms without "
        f"(cost {enc['encryption_cost_ms_per_referral']} ms; fields alone "
        f"{enc['encrypt_fields_and_hashes_alone_ms']} ms)",
        f"PostgreSQL; {results['parameters']['connections']} clients; cores: "
        f"{results['machine']['cpu_count']}; medians of {results['parameters']['rounds']} "
        "rounds; ×hz = ratio to /healthz in the same round",
    ]
    return lines


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        return child(args)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.perf_counter()
    results = results_header(
        "referrals",
        {k: getattr(args, k) for k in PARAMETERS} | {"generator": "python"},
        ("django", "gunicorn", "psycopg", "cryptography"),
    )
    results["result"] = run_child(
        child_argv(args),
        label="referrals",
        timeout=CHILD_TIMEOUT,
        postgres=True,
        env=env_for_run(),
    )
    write_results(results, args.output, started, summary_lines)
    return 1 if "error" in results["result"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
