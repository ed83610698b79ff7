"""Production settings pass Django's deployment checklist; nothing insecure by default."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet
from django.conf import settings

ROOT = Path(__file__).resolve().parents[3]

PRODUCTION_ENV = {
    "SECRET_KEY": "k7$Qv2!pL9#zR4@wX8^mN1&bT6*cY3(hJ5)uE0-sD+fG=aK~oI",
    "DEBUG": "false",
    "ALLOWED_HOSTS": "groundwork.example.org",
    "DATABASE_URL": "sqlite:////tmp/groundwork-check-deploy.sqlite3",
    "EMAIL_URL": "smtp+tls://mailer:secret@mail.example.org:587",
    # Made for this run only: production keys live in the environment, never in the repo.
    "FIELD_ENCRYPTION_KEYS": f"{Fernet.generate_key().decode()},{Fernet.generate_key().decode()}",
    "FIELD_LOOKUP_KEY": secrets.token_urlsafe(32),
}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return _run([sys.executable, "manage.py", *args], env=env)


def _run(command: list[str], *, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in PRODUCTION_ENV and k != "SECURE_SSL_REDIRECT"
    }
    clean.pop("STATICFILES_BACKEND", None)
    clean.pop("CACHE_URL", None)  # the tests' per-process cache; production uses the default
    clean.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        command,
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _front_end(tmp_path: Path) -> dict[str, str]:
    """The installed front-end packages and field mode's build; in a clone where `npm ci` and
    `npm run build` have not run, stand-ins for the entry files the static files finder checks
    (the settings are what is tested here)."""
    if all(
        (root / entry).exists()
        for root, entries in settings.VENDOR_STATIC.values()
        for entry in entries
    ):
        return {}
    packages, field = tmp_path / "node_modules", tmp_path / "field"
    for root, entries in settings.VENDOR_STATIC.values():
        if Path(root) == Path(settings.FIELD_BUILD):
            folder = field
        else:
            folder = packages / Path(root).relative_to(settings.NODE_MODULES)
        for entry in entries:
            path = folder / entry
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("")
    return {"NODE_MODULES": str(packages), "FIELD_BUILD": str(field)}


def test_check_deploy_reports_no_warnings_with_production_settings(tmp_path):
    env = {**PRODUCTION_ENV, **_front_end(tmp_path)}
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_missing_secret_key_refuses_to_start_in_production():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = _manage("check", "--deploy", env=env)
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr
    # Neither server entry point starts without it.
    for module in ("groundwork.wsgi", "groundwork.asgi"):
        server = _run([sys.executable, "-c", f"import {module}"], env=env)
        assert server.returncode != 0
        assert "Set SECRET_KEY" in server.stderr


def test_commands_that_sign_nothing_run_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = _manage("makemigrations", "--check", "--dry-run", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_passwords_are_hashed_with_argon2_by_default():
    # The test suite swaps in a fast hasher per test; the configured default is Argon2.
    import importlib

    import groundwork.settings as configured

    importlib.reload(configured)
    assert configured.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert settings.AUTH_USER_MODEL == "accounts.User"
