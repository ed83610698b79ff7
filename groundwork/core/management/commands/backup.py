"""Write a backup of the database to PATH.

    manage.py backup PATH [--database default]

PostgreSQL: pg_dump's custom format (restore with ``manage.py restore`` or pg_restore).
SQLite: a copy made with SQLite's online backup API, safe while the site runs.
See groundwork/core/backup.py and docs/operations.md.
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from groundwork.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database to PATH (pg_dump on PostgreSQL, the online backup on SQLite)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            path = backup(options["path"], alias=options["database"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if options["verbosity"]:
            self.stdout.write(f"Backed up to {path} ({path.stat().st_size:,} bytes).")
