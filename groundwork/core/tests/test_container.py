"""The Dockerfile and compose.yaml, checked without Docker: what they copy exists, the
settings they pass are ones the site reads, the commands they run exist, and the container's
health check works against a running server. (Building and running the images is not part of
the tests: docs/operations.md.)"""

from __future__ import annotations

import fnmatch
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[3]
DOCKERFILE = (ROOT / "Dockerfile").read_text()
COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text())
SERVICES = COMPOSE["services"]
APP_SERVICES = ["migrate", "web", "worker", "scheduler"]


def _instructions() -> list[tuple[str, str]]:
    joined = re.sub(r"\\\n", " ", DOCKERFILE)
    lines = [line.strip() for line in joined.splitlines()]
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1] if " " in line else "")
        for line in lines
        if line and not line.startswith("#")
    ]


def _dockerignored(path: str) -> bool:
    patterns = [
        p.strip()
        for p in (ROOT / ".dockerignore").read_text().splitlines()
        if p.strip() and not p.startswith("#")
    ]
    return any(fnmatch.fnmatch(path, p) or path.split("/")[0] == p for p in patterns)


def test_dockerfile_copies_files_that_exist_and_are_sent_to_the_build():
    copies = [args for op, args in _instructions() if op == "COPY" and "--from" not in args]
    assert copies
    for args in copies:
        *sources, _target = args.split()
        for source in sources:
            assert (ROOT / source).exists(), f"COPY {source}: no such file in the repo"
            assert not _dockerignored(source), f"COPY {source}: excluded by .dockerignore"


def test_dockerfile_runs_as_a_user_with_pango_collectstatic_and_gunicorn():
    instructions = _instructions()
    bases = [args for op, args in instructions if op == "FROM"]
    assert bases[-1].startswith("python:3.11-slim")
    users = [args for op, args in instructions if op == "USER"]
    assert users and users[-1] not in ("root", "0")
    runs = " ".join(args for op, args in instructions if op == "RUN")
    for needed in ("libpango-1.0-0", "libpangoft2-1.0-0", "fonts-dejavu", "npm ci"):
        assert needed in runs, needed
    assert "collectstatic --noinput" in runs
    assert "pip install -c requirements/lock.txt" in runs
    cmd = [args for op, args in instructions if op == "CMD"][-1]
    assert "gunicorn" in cmd and "deploy/gunicorn.conf.py" in cmd
    # The collected files are written before the switch to the unprivileged user.
    names = [op for op, _ in instructions]
    collect = next(i for i, (op, a) in enumerate(instructions) if "collectstatic" in a)
    assert collect < len(names) - 1 - names[::-1].index("USER")


def test_the_lock_pins_what_the_image_installs():
    lock = (ROOT / "requirements/lock.txt").read_text().lower()
    for package in ("gunicorn==", "redis==", "sentry-sdk==", "prometheus_client==", "psycopg=="):
        assert f"\n{package}" in lock, package


def test_compose_has_the_whole_stack():
    assert {"postgres", "redis", "proxy", *APP_SERVICES} <= set(SERVICES)
    for name in APP_SERVICES:
        service = SERVICES[name]
        assert service["build"] == "." and service["image"] == "groundwork:latest", name
        env = service["environment"]
        assert (
            env["DATABASE_URL"].startswith("postgres://")
            and "@postgres:5432/" in env["DATABASE_URL"]
        )
        assert env["CACHE_URL"] == "redis://redis:6379/0"
        assert env["LOG_FORMAT"] == "json"
        assert service["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert SERVICES["web"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert "ports" not in SERVICES["web"], "the web replicas are reached through the proxy"
    assert SERVICES["web"]["healthcheck"]["test"][-1] == "/readyz"
    assert "ports" not in SERVICES["postgres"] and "ports" not in SERVICES["redis"]


def test_compose_secrets_come_from_the_environment_never_from_the_file():
    text = (ROOT / "compose.yaml").read_text()
    for secret in ("SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "FIELD_LOOKUP_KEY", "POSTGRES_PASSWORD"):
        assert re.search(rf"\$\{{{secret}:\?", text), f"{secret} must be required, not defaulted"
    assert ".env" in (ROOT / ".gitignore").read_text().split()


def test_compose_sets_only_settings_the_site_reads():
    read = "".join(
        (ROOT / path).read_text()
        for path in (
            "groundwork/settings.py",
            "deploy/gunicorn.conf.py",
            "groundwork/core/metrics.py",
        )
    )
    for name in APP_SERVICES:
        for key in SERVICES[name]["environment"]:
            assert f'"{key}"' in read, f"{name}: {key} is read nowhere"


def test_compose_commands_exist():
    commands = get_commands()
    for name in APP_SERVICES:
        command = SERVICES[name].get("command", [])
        if command[:2] == ["python", "manage.py"]:
            if command[2] == "scheduler" and "scheduler" not in commands:
                continue  # see the next test
            assert command[2] in commands, f"{name}: manage.py {command[2]} does not exist"
    assert (ROOT / SERVICES["proxy"]["volumes"][0].split(":")[0]).exists()


@pytest.mark.skipif("scheduler" not in get_commands(), reason="manage.py scheduler not merged yet")
def test_compose_runs_the_scheduler_command():
    assert SERVICES["scheduler"]["command"] == ["python", "manage.py", "scheduler"]


def test_gunicorn_configuration_loads_the_site():
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--check-config", "-c", "deploy/gunicorn.conf.py"],
        cwd=ROOT,
        env={**os.environ, "CACHE_URL": "dummycache://"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.django_db(transaction=True)
def test_the_container_health_check_asks_readyz(live_server, settings):
    from django.urls import get_resolver

    assert get_resolver().url_patterns  # imports every view now, not in the timed request
    port = live_server.url.rsplit(":", 1)[1]
    script = [sys.executable, str(ROOT / "scripts/healthcheck.py"), "/readyz", "--port", port]
    env = {**os.environ, "ALLOWED_HOSTS": "testserver,localhost"}
    ok = subprocess.run(script, env=env, capture_output=True, text=True, timeout=30, check=False)
    assert ok.returncode == 0, ok.stderr
    missing = subprocess.run(
        [*script[:2], "/no-such-page", *script[3:]],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert missing.returncode == 1
