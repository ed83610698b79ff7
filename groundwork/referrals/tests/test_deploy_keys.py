"""Production never runs without its own keys for personal fields, and never derives one."""

from groundwork.core.tests.test_settings import PRODUCTION_ENV, _manage


def test_check_deploy_fails_clearly_without_encryption_keys():
    for missing in ("FIELD_ENCRYPTION_KEYS", "FIELD_LOOKUP_KEY"):
        env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
        result = _manage("check", "--deploy", env=env)
        assert result.returncode != 0
        assert "Set FIELD_ENCRYPTION_KEYS" in result.stderr
        assert "referrals.E001" in result.stderr


def test_check_deploy_refuses_a_key_that_is_not_a_fernet_key():
    env = {**PRODUCTION_ENV, "FIELD_ENCRYPTION_KEYS": "not-a-key"}
    result = _manage("check", "--deploy", env=env)
    assert result.returncode != 0
    assert "referrals.E002" in result.stderr


def test_production_settings_derive_no_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "FIELD_ENCRYPTION_KEYS"}
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.FIELD_ENCRYPTION_KEYS)",
        env=env,
    )
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stderr


def test_production_settings_derive_no_key_even_with_pytest_loaded():
    """Whether keys are derived depends on DEBUG and the environment only, never on which
    modules happen to be imported (a production process may load pytest's modules too)."""
    import sys

    from groundwork.core.tests.test_settings import _run

    env = {k: v for k, v in PRODUCTION_ENV.items() if k not in ("FIELD_ENCRYPTION_KEYS",)}
    result = _run(
        [
            sys.executable,
            "-c",
            "import pytest, django; from django.conf import settings; "
            "import os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'groundwork.settings'); "
            "print(settings.FIELD_ENCRYPTION_KEYS)",
        ],
        env=env,
    )
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stderr


def test_the_test_suite_runs_with_its_own_fixed_keys(settings):
    """The suite's keys come from its configuration, not from SECRET_KEY."""
    from groundwork.referrals.crypto import derive_key

    assert settings.FIELD_ENCRYPTION_KEYS
    assert derive_key(settings.SECRET_KEY, "fields") not in settings.FIELD_ENCRYPTION_KEYS
