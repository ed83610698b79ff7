"""Back up and restore the database: ``manage.py backup PATH`` and ``manage.py restore PATH``.

- PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore --clean --single-transaction``
  (the client binaries of the newest PostgreSQL installed, or those in ``PG_BIN_DIR``; they must
  be as new as the server).
- SQLite: the online backup API (``sqlite3.Connection.backup``): a consistent copy while the
  web server and the worker go on writing; a restore copies the file's pages back the same way.

A backup is written to a temporary file beside PATH and renamed when complete, readable by its
owner only (it holds personal data). A restore replaces every table the backup holds: stop the
web and worker processes first. Uploaded files (``MEDIA_ROOT``) are backed up separately.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, connections


class BackupError(Exception):
    pass


def _vendor(alias: str) -> str:
    vendor = connections[alias].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Backups of {vendor} databases are not supported.")
    return vendor


def backup(path: Path, *, alias: str = DEFAULT_DB_ALIAS) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        tmp.chmod(0o600)
        if _vendor(alias) == "sqlite":
            _sqlite_backup(tmp, alias)
        else:
            _pg_dump(tmp, alias)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def restore(path: Path, *, alias: str = DEFAULT_DB_ALIAS) -> None:
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"No backup at {path}.")
    if _vendor(alias) == "sqlite":
        _sqlite_restore(path, alias)
    else:
        _pg_restore(path, alias)


# -- SQLite ---------------------------------------------------------------------------------
def _sqlite_backup(target: Path, alias: str) -> None:
    connection = connections[alias]
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination)
    finally:
        destination.close()


def _sqlite_restore(source_path: Path, alias: str) -> None:
    try:
        source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
        try:
            rows = source.execute("SELECT name FROM sqlite_master WHERE type='table'")
            tables = {row[0] for row in rows}
            if "django_migrations" not in tables:
                raise BackupError(f"{source_path} is not a backup of this site's database.")
            (check,) = source.execute("PRAGMA quick_check").fetchone()
            if check != "ok":
                raise BackupError(f"{source_path} is damaged: {check}")
            connection = connections[alias]
            connection.ensure_connection()
            if connection.in_atomic_block:
                raise BackupError("Cannot restore inside a transaction.")
            source.backup(connection.connection)
        finally:
            source.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{source_path} is not a SQLite backup: {exc}") from exc
    connection.close()


# -- PostgreSQL -----------------------------------------------------------------------------
def pg_binary(name: str) -> str:
    """``PG_BIN_DIR``, else the newest /usr/lib/postgresql/*/bin, else the PATH."""
    candidates: list[Path] = []
    if os.environ.get("PG_BIN_DIR"):
        candidates.append(Path(os.environ["PG_BIN_DIR"]))

    def version(path: Path) -> tuple[int, ...]:
        try:
            return tuple(int(part) for part in path.parent.name.split("."))
        except ValueError:
            return (0,)

    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=version, reverse=True)
    for directory in candidates:
        if (directory / name).is_file() and os.access(directory / name, os.X_OK):
            return str(directory / name)
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} was not found: install the PostgreSQL client (Debian: postgresql-client) "
            "or set PG_BIN_DIR."
        )
    return found


def _pg_connection_args(alias: str) -> tuple[list[str], dict[str, str], str]:
    """(-U/-h/-p options, environment with the password and TLS settings, database name)."""
    connection = connections[alias]
    settings_dict = connection.settings_dict
    args, env = connection.client.settings_to_cmd_args_env(settings_dict, [])
    name = settings_dict.get("NAME") or "postgres"
    options = args[1:]
    if options and options[-1] == name:
        options = options[:-1]
    return options, {**os.environ, **(env or {})}, name


def _run(command: list[str], env: dict[str, str]) -> None:
    # The command is built here from the database settings, never from a request.
    result = subprocess.run(  # noqa: S603
        command, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()}")


def _pg_dump(target: Path, alias: str) -> None:
    options, env, name = _pg_connection_args(alias)
    command = [pg_binary("pg_dump"), *options, "--format=custom", "--no-owner", "--no-privileges"]
    _run([*command, f"--file={target}", name], env)


def _pg_restore(source: Path, alias: str) -> None:
    options, env, name = _pg_connection_args(alias)
    # The site's own connection would hold locks the restore waits for.
    connections[alias].close()
    command = [
        pg_binary("pg_restore"),
        *options,
        f"--dbname={name}",
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        str(source),
    ]
    _run(command, env)
