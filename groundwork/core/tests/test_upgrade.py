"""Upgrades: the previous release's demo database migrates to this one with nothing lost, and
this release's migrations go back to the previous release's and forward again keeping data.

The previous release is recorded in data/previous-release.json (its commit and the last
migration of every app); data/previous-release-demo.sqlite3.xz is that commit's `load_demo`,
made by that commit's own code (scripts/make-upgrade-fixture.sh).
"""

from __future__ import annotations

import json
import lzma
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from groundwork.core.testing import build_tenant
from groundwork.core.tests.test_backup import checksum

ROOT = Path(__file__).resolve().parents[3]
DATA = Path(__file__).parent / "data"
PREVIOUS = json.loads((DATA / "previous-release.json").read_text())
# Django's own records of what is installed: new migrations add rows to them.
BOOKKEEPING = {"django_migrations", "django_content_type", "auth_permission"}
# Tables a migration since the previous release replaced, and where their rows went.
MOVED = {
    "planning_gathering": "gatherings_gathering",
    "plans_follow": "newsletters_subscription",
}

# Run in the child process on the upgraded copy: sign-in and pages still work.
AFTER_UPGRADE = """
import json
from django.contrib.auth import get_user_model
from django.test import Client
from groundwork.communities.models import Community
from groundwork.plans.models import PlanVersion

out = {}
user = get_user_model().objects.get(email="coordinator@example.org")
out["sign_in"] = user.check_password("resilience-demo")
client = Client()
community = Community.objects.order_by("pk").first()
version = PlanVersion.objects.order_by("pk").last()
pages = {"home": "/", "community": f"/c/{community.slug}/", "readyz": "/readyz"}
out["pages"] = {name: client.get(url).status_code for name, url in pages.items()}
if version is not None:
    out["plan"] = client.get(version.plan.get_absolute_url()).status_code
print(json.dumps(out))
"""


def _counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as con:
        tables = [
            name
            for (name,) in con.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {t: con.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608


def _applied(db: Path) -> set[tuple[str, str]]:
    with sqlite3.connect(db) as con:
        return set(con.execute("SELECT app, name FROM django_migrations"))


def _child_env(tmp_path: Path, db: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        {
            "DATABASE_URL": f"sqlite:///{db}",
            "CACHE_URL": f"filecache://{tmp_path / 'cache'}",
            "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        }
    )
    return env


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="upgrades a SQLite file whatever the database: run once, in the SQLite leg",
)
def test_the_previous_release_demo_database_upgrades_with_nothing_lost(tmp_path):
    db = tmp_path / "demo.sqlite3"
    db.write_bytes(lzma.decompress((DATA / "previous-release-demo.sqlite3.xz").read_bytes()))
    before = _counts(db)
    applied_before = _applied(db)
    assert {app for app, _ in applied_before} >= set(PREVIOUS["migrations"])
    assert before["communities_community"] > 10 and before["planning_contribution"] > 500

    env = _child_env(tmp_path, db)
    result = _manage("migrate", "--noinput", env=env)
    assert result.returncode == 0, result.stdout + result.stderr

    after = _counts(db)
    new_migrations = _applied(db) - applied_before
    assert new_migrations, "this release has migrations the previous one did not"
    changed = {
        t: (n, after.get(t))
        for t, n in before.items()
        if t not in BOOKKEEPING and t not in MOVED and after[t] != n
    }
    assert not changed, f"rows changed by the upgrade: {changed}"
    for old, new in MOVED.items():
        assert old not in after and after[new] == before.get(old, 0), (old, new)
    assert all(after[t] >= before[t] for t in BOOKKEEPING)
    pending = _manage("migrate", "--check", env=env)
    assert pending.returncode == 0, pending.stdout + pending.stderr

    shell = _manage("shell", "-c", AFTER_UPGRADE, env=env)
    assert shell.returncode == 0, shell.stderr
    report = json.loads(shell.stdout.strip().splitlines()[-1])
    assert report["sign_in"]
    assert set(report["pages"].values()) == {200}, report
    assert report.get("plan", 200) == 200, report


@pytest.mark.django_db(transaction=True)
def test_migrations_go_back_to_the_previous_release_and_forward_keeping_data():
    build_tenant("alder"), build_tenant("birch")
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    previous = [
        (app, name)
        for app, name in PREVIOUS["migrations"].items()
        if (app, name) in executor.loader.graph.nodes
    ]
    assert len(previous) == len(PREVIOUS["migrations"]), "every recorded migration still exists"

    def tables() -> set[str]:
        return set(connection.introspection.table_names(include_views=False))

    def counts(names: set[str]) -> dict[str, int]:
        with connection.cursor() as cursor:
            result = {}
            for table in sorted(names):
                quoted = connection.ops.quote_name(table)
                cursor.execute(f"SELECT COUNT(*) FROM {quoted}")  # noqa: S608
                result[table] = cursor.fetchone()[0]
            return result

    at_latest = {t: checksum(t) for t in ("accounts_user", "communities_community")}
    executor.migrate(previous)
    old_tables = tables()
    old_tables -= BOOKKEEPING
    at_previous = counts(old_tables)
    assert at_previous["planning_contribution"] > 0

    MigrationExecutor(connection).migrate(latest)
    moved = {old: new for old, new in MOVED.items() if old in old_tables}
    assert tables() & set(moved) == set()
    kept = old_tables - set(moved)
    assert counts(kept) == {t: at_previous[t] for t in kept}
    for old, new in moved.items():
        assert counts({new})[new] >= at_previous[old], (old, new)
    assert not MigrationExecutor(connection).migration_plan(latest), "at the latest again"
    assert {t: checksum(t) for t in at_latest} == at_latest
