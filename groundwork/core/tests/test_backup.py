"""A backup restored gives back every table's rows: on SQLite and, in the PostgreSQL leg of
`make test`, with pg_dump and pg_restore."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from groundwork.communities.models import Community
from groundwork.core.backup import BackupError, restore
from groundwork.core.testing import build_tenant
from groundwork.planning.models import Contribution

pytestmark = pytest.mark.django_db(transaction=True)

# Tables whose contents, not only their counts, must come back byte for byte.
CHECKSUMMED = ["accounts_user", "communities_community", "planning_contribution"]


def _tables() -> list[str]:
    return sorted(connection.introspection.table_names(include_views=False))


def row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in _tables():
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def checksum(table: str) -> str:
    digest = hashlib.sha256()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")  # noqa: S608
        for row in cursor.fetchall():
            digest.update(
                repr(tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)).encode()
            )
    return digest.hexdigest()


def snapshot() -> tuple[dict[str, int], dict[str, str]]:
    return row_counts(), {table: checksum(table) for table in CHECKSUMMED}


def test_round_trip_gives_back_every_table(tmp_path: Path):
    alder, birch = build_tenant("alder"), build_tenant("birch")
    before = snapshot()
    counts = before[0]
    assert counts["communities_community"] >= 2 and counts["planning_contribution"] > 0
    assert sum(1 for n in counts.values() if n) > 20, "the tenants fill many tables"

    target = tmp_path / "site.backup"
    call_command("backup", str(target), verbosity=0)
    assert target.stat().st_size > 0
    assert target.stat().st_mode & 0o077 == 0, "readable by its owner only"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "no temporary left"

    # Changes after the backup: a tenant's answers gone, another renamed, a new tenant.
    Contribution.objects.filter(process=birch.process).delete()
    Community.objects.filter(pk=alder.community.pk).update(name="Renamed after the backup")
    build_tenant("cedar")
    assert snapshot() != before

    call_command("restore", str(target), "--noinput", verbosity=0)
    assert snapshot() == before
    assert Community.objects.get(pk=alder.community.pk).name == alder.community.name


def test_restore_refuses_what_is_not_a_backup(tmp_path: Path):
    build_tenant("alder"), build_tenant("birch")
    before = row_counts()
    missing = tmp_path / "missing.backup"
    with pytest.raises(CommandError, match="No backup"):
        call_command("restore", str(missing), "--noinput", verbosity=0)
    junk = tmp_path / "junk.backup"
    junk.write_bytes(b"not a backup at all" * 100)
    with pytest.raises(BackupError):
        restore(junk)
    assert row_counts() == before


def test_restore_asks_first(tmp_path: Path, monkeypatch):
    build_tenant("alder"), build_tenant("birch")
    target = tmp_path / "site.backup"
    call_command("backup", str(target), verbosity=0)
    Contribution.objects.all().delete()
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="cancelled"):
        call_command("restore", str(target), verbosity=0)
    assert not Contribution.objects.exists()
