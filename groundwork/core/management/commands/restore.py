"""Replace the database's contents with a backup made by ``manage.py backup``.

    manage.py restore PATH [--noinput] [--database default]

Stop the web server and the workers first. Every table in the backup is replaced.
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from groundwork.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore the database from a backup made by `manage.py backup` (replaces its data)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        alias = options["database"]
        if options["interactive"]:
            name = connections[alias].settings_dict["NAME"]
            answer = input(
                f"This replaces the data in {name} with {options['path']}.\n"
                "Stop the web server and the workers first. Type 'yes' to go on: "
            )
            if answer.strip() != "yes":
                raise CommandError("Restore cancelled.")
        try:
            restore(options["path"], alias=alias)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if options["verbosity"]:
            self.stdout.write(f"Restored from {options['path']}.")
