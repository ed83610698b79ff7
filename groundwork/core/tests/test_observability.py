"""Health and readiness, request ids in logs, /metrics for allowed scrapers only, Sentry off
without a DSN and never sending personal data."""

from __future__ import annotations

import inspect
import io
import json
import logging
import logging.config
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import OperationalError
from django.test import Client
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max
from prometheus_client.parser import text_string_to_metric_families

from groundwork.core import observability
from groundwork.core.observability import RequestIdFilter, logging_config, request_id

ROOT = Path(__file__).resolve().parents[3]


# -- /healthz and /readyz ------------------------------------------------------------------
def test_healthz_touches_neither_database_nor_cache(client, monkeypatch):
    # No database fixture: any query would raise. A cache that fails is never asked.
    monkeypatch.setattr("groundwork.core.views.cache.get", _boom)
    monkeypatch.setattr("groundwork.core.views.cache.set", _boom)
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_readyz_checks_database_and_cache(client, tenant, other_tenant):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}
    assert "no-store" in response["Cache-Control"]


def _boom(*args, **kwargs):
    raise OperationalError("connection refused (host=db.internal password=secret)")


class _DeadDatabase:
    """Stands in for the views' database connection: every query fails."""

    cursor = staticmethod(_boom)


def test_readyz_503_when_the_database_fails(client, db, monkeypatch, caplog):
    monkeypatch.setattr("groundwork.core.views.connection", _DeadDatabase())
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["checks"] == {"database": "unavailable", "cache": "ok"}
    assert body["reason"] == "database is unavailable"
    assert "secret" not in response.content.decode(), "the error itself goes to the log only"
    assert "did not answer" in caplog.text


def test_readyz_503_when_the_cache_fails(client, db, monkeypatch):
    monkeypatch.setattr("groundwork.core.views.cache.set", _boom)
    body = client.get("/readyz").json()
    assert body["checks"] == {"database": "ok", "cache": "unavailable"}
    assert body["reason"] == "cache is unavailable"


def test_readyz_503_when_the_cache_loses_values(client, db, monkeypatch):
    monkeypatch.setattr("groundwork.core.views.cache.get", lambda *a, **k: None)
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json()["checks"]["cache"] == "unavailable"


def test_readyz_names_both_when_both_fail(client, db, monkeypatch):
    monkeypatch.setattr("groundwork.core.views.connection", _DeadDatabase())
    monkeypatch.setattr("groundwork.core.views.cache.set", _boom)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["reason"] == "database and cache are unavailable"


# -- request ids and logs ------------------------------------------------------------------
def test_a_request_gets_an_id_or_keeps_a_clean_one(client):
    made = client.get("/healthz")["X-Request-ID"]
    assert len(made) == 32
    assert client.get("/healthz")["X-Request-ID"] != made
    assert client.get("/healthz", HTTP_X_REQUEST_ID="lb-1234.abc")["X-Request-ID"] == "lb-1234.abc"
    forged = client.get("/healthz", HTTP_X_REQUEST_ID='x"\n{"level": "ERROR"}')["X-Request-ID"]
    assert len(forged) == 32 and "\n" not in forged


def _json_logger(stream: io.StringIO) -> logging.Logger:
    config = logging_config(log_format="json", level="INFO")
    formatter = logging.config.DictConfigurator(config).configure_custom(  # type: ignore[attr-defined]
        dict(config["formatters"]["json"])
    )
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter)
    handler.addFilter(RequestIdFilter())
    log = logging.getLogger("groundwork.tests.json")
    log.handlers = [handler]
    log.propagate = False
    log.setLevel(logging.INFO)
    return log


def test_json_log_lines_carry_the_request_id():
    stream = io.StringIO()
    log = _json_logger(stream)
    with request_id("abc123"):
        log.info("hello %s", "world", extra={"status": 200})
    log.warning("outside")
    first, second = (json.loads(line) for line in stream.getvalue().splitlines())
    assert first["message"] == "hello world" and first["request_id"] == "abc123"
    assert first["level"] == "INFO" and first["logger"] == "groundwork.tests.json"
    assert first["status"] == 200 and "time" in first
    assert second["request_id"] == "-"


def test_requests_log_one_json_line_with_their_id(settings, caplog, tenant, other_tenant):
    settings.REQUEST_LOG = True
    with caplog.at_level(logging.INFO, logger="groundwork.request"):
        response = Client().get("/healthz", HTTP_X_REQUEST_ID="req-42")
    (record,) = [r for r in caplog.records if r.name == "groundwork.request"]
    assert record.request_id == "req-42" == response["X-Request-ID"]
    assert (record.view, record.status, record.method) == ("core:healthz", 200, "GET")
    assert record.duration_ms >= 0


def test_log_format_must_be_known():
    with pytest.raises(ValueError):
        logging_config(log_format="xml", level="INFO")


@pytest.mark.django_db(transaction=True)
def test_worker_log_lines_carry_the_task_id(caplog):
    from groundwork.core.tests import worker_tasks
    from groundwork.core.tests.test_worker import _worker

    failing = worker_tasks.always_fails.enqueue()
    with caplog.at_level(logging.ERROR, logger="groundwork.core.worker"):
        _worker().run()
    (record,) = [r for r in caplog.records if "failed:" in r.getMessage()]
    assert RequestIdFilter().filter(record) and record.request_id == str(failing.id)


# -- /metrics --------------------------------------------------------------------------------
def test_metrics_is_not_served_unless_configured(client, settings, db):
    settings.METRICS_TOKEN = ""
    settings.METRICS_ALLOWED_IPS = []
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 404


def test_metrics_needs_the_token_or_an_allowed_address(client, settings, db):
    settings.METRICS_TOKEN = "scrape-token-0123456789"
    settings.METRICS_ALLOWED_IPS = ["10.0.0.0/8"]
    assert client.get("/metrics", REMOTE_ADDR="192.0.2.1").status_code == 403
    wrong = client.get("/metrics", HTTP_AUTHORIZATION="Bearer nope", REMOTE_ADDR="192.0.2.1")
    assert wrong.status_code == 403
    # A forwarded header is not an address.
    forged = client.get("/metrics", HTTP_X_FORWARDED_FOR="10.1.2.3", REMOTE_ADDR="192.0.2.1")
    assert forged.status_code == 403
    ok = client.get("/metrics", HTTP_AUTHORIZATION="Bearer scrape-token-0123456789")
    assert ok.status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 200


def _sample(text: str, name: str, **labels: str) -> float | None:
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and sample.labels == labels:
                return sample.value
    return None


def _enqueue(**fields) -> DBTaskResult:
    defaults = {
        "args_kwargs": {"args": [], "kwargs": {}},
        "task_path": "groundwork.themes.tasks.compute_themes",
        "backend_name": "default",
        "queue_name": "default",
        "run_after": get_date_max(),
    }
    return DBTaskResult.objects.create(**{**defaults, **fields})


def test_metrics_show_latency_by_view_and_the_task_queue(client, settings, tenant, other_tenant):
    settings.METRICS_ALLOWED_IPS = ["127.0.0.1"]
    client.get("/healthz")
    client.get(f"/c/{tenant.community.slug}/")
    now = timezone.now()
    waiting = _enqueue()
    DBTaskResult.objects.filter(pk=waiting.pk).update(enqueued_at=now - timedelta(minutes=10))
    _enqueue()
    _enqueue(queue_name="email", run_after=now - timedelta(minutes=2))
    _enqueue(queue_name="email", run_after=now + timedelta(hours=1))  # not due yet
    _enqueue(status=TaskResultStatus.RUNNING)
    failed = _enqueue(status=TaskResultStatus.FAILED, task_path="groundwork.x.broken")
    DBTaskResult.objects.filter(pk=failed.pk).update(finished_at=now - timedelta(minutes=5))
    old = _enqueue(status=TaskResultStatus.FAILED, task_path="groundwork.x.broken")
    DBTaskResult.objects.filter(pk=old.pk).update(finished_at=now - timedelta(days=2))

    text = client.get("/metrics", REMOTE_ADDR="127.0.0.1").content.decode()
    count = _sample(
        text, "groundwork_request_duration_seconds_count", view="core:healthz", method="GET"
    )
    assert count is not None and count >= 1
    assert _sample(
        text, "groundwork_requests_total", view="core:healthz", method="GET", status="2xx"
    )
    assert _sample(text, "groundwork_task_queue_depth", queue="default") == 2
    assert _sample(text, "groundwork_task_queue_depth", queue="email") == 1
    assert 590 < _sample(text, "groundwork_task_oldest_ready_age_seconds", queue="default") < 900
    assert 110 < _sample(text, "groundwork_task_oldest_ready_age_seconds", queue="email") < 400
    assert _sample(text, "groundwork_tasks_running", queue="default") == 1
    assert _sample(text, "groundwork_task_failures_last_hour", task="groundwork.x.broken") == 1
    assert _sample(text, "groundwork_task_failed_results", task="groundwork.x.broken") == 2
    assert tenant.marker not in text and other_tenant.marker not in text
    assert tenant.community.slug not in text, "views are labelled by name, not by path"


# -- Sentry ----------------------------------------------------------------------------------
def test_sentry_is_not_imported_without_a_dsn(monkeypatch):
    monkeypatch.setitem(sys.modules, "sentry_sdk", None)  # importing it would raise
    assert observability.init_sentry("") is False


def test_the_site_starts_without_loading_sentry():
    env = {"DJANGO_SETTINGS_MODULE": "groundwork.settings", "SENTRY_DSN": ""}
    code = "import django, sys; django.setup(); print('sentry_sdk' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**_environ(), **env},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "False"


def _environ() -> dict[str, str]:
    import os

    return dict(os.environ)


def test_sentry_never_sends_personal_data(monkeypatch):
    import sentry_sdk

    seen: dict[str, object] = {}
    monkeypatch.setattr(sentry_sdk, "init", lambda **kwargs: seen.update(kwargs))
    assert observability.init_sentry("https://key@sentry.example.org/1", environment="prod")
    assert seen["send_default_pii"] is False
    assert seen["max_request_body_size"] == "never"
    assert seen["include_local_variables"] is False
    assert seen["dsn"] == "https://key@sentry.example.org/1"
    assert seen["environment"] == "prod"
    # Options the pinned SDK knows (an unknown one would fail only in production).
    known = inspect.signature(sentry_sdk.consts.ClientConstructor.__init__).parameters
    assert set(seen) <= set(known)
