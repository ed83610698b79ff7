"""Prometheus metrics (prometheus-client), served at ``/metrics`` to allowed scrapers only.

- ``groundwork_request_duration_seconds{view,method}``: latency by URL pattern name.
- ``groundwork_requests_total{view,method,status}``: responses by status class (2xx, 4xx, ...).
- ``groundwork_task_queue_depth{queue}``: background tasks ready to run.
- ``groundwork_task_oldest_ready_age_seconds{queue}``: how long the oldest of them has waited.
- ``groundwork_tasks_running{queue}``: tasks a worker is running.
- ``groundwork_task_failures_last_hour{task}`` and ``groundwork_task_failed_results{task}``:
  tasks that failed in the last hour, and failed results still stored.

The task figures are read from the task table when scraped, so they hold for every worker
wherever it runs. Request figures are per process; under gunicorn with several workers set
``PROMETHEUS_MULTIPROC_DIR`` (an empty directory, see docs/operations.md) so that a scrape
adds up every process.

Who may scrape: a request with ``Authorization: Bearer <METRICS_TOKEN>``, or one whose
address (``REMOTE_ADDR``, never a forwarded header) is in ``METRICS_ALLOWED_IPS``. With
neither configured the page does not exist (404).
"""

from __future__ import annotations

import hmac
import ipaddress
import os
from collections.abc import Iterator
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Min
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric

REQUEST_LATENCY = Histogram(
    "groundwork_request_duration_seconds",
    "Time to answer a request, by URL pattern name and method.",
    ["view", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
REQUESTS = Counter(
    "groundwork_requests",
    "Responses by URL pattern name, method and status class.",
    ["view", "method", "status"],
)


def observe_request(view: str, method: str, status: int, seconds: float) -> None:
    REQUEST_LATENCY.labels(view, method).observe(seconds)
    REQUESTS.labels(view, method, f"{status // 100}xx").inc()


class TaskCollector:
    """Queue depth, age of the oldest ready task, running tasks and failures, per scrape."""

    def collect(self) -> Iterator[Metric]:
        from django_tasks_db.compat import TaskResultStatus
        from django_tasks_db.models import DBTaskResult, get_date_max

        now = timezone.now()
        depth = GaugeMetricFamily(
            "groundwork_task_queue_depth", "Background tasks ready to run.", labels=["queue"]
        )
        age = GaugeMetricFamily(
            "groundwork_task_oldest_ready_age_seconds",
            "Seconds the oldest ready task has waited (since it was enqueued, or since the "
            "time it was to run after).",
            labels=["queue"],
        )
        running = GaugeMetricFamily(
            "groundwork_tasks_running", "Background tasks being run.", labels=["queue"]
        )
        recent = GaugeMetricFamily(
            "groundwork_task_failures_last_hour",
            "Background tasks that failed in the last hour.",
            labels=["task"],
        )
        stored = GaugeMetricFamily(
            "groundwork_task_failed_results",
            "Failed background tasks whose results are still stored.",
            labels=["task"],
        )
        ready = DBTaskResult.objects.ready()
        oldest: dict[str, object] = {}
        counts: dict[str, int] = {}
        # Ready without a delay: waiting since enqueued; delayed: since the time it was due.
        for row in (
            ready.filter(run_after=get_date_max())
            .values("queue_name")
            .annotate(n=Count("id"), since=Min("enqueued_at"))
        ):
            counts[row["queue_name"]] = counts.get(row["queue_name"], 0) + row["n"]
            oldest[row["queue_name"]] = row["since"]
        for row in (
            ready.exclude(run_after=get_date_max())
            .values("queue_name")
            .annotate(n=Count("id"), since=Min("run_after"))
        ):
            queue = row["queue_name"]
            counts[queue] = counts.get(queue, 0) + row["n"]
            if queue not in oldest or row["since"] < oldest[queue]:  # type: ignore[operator]
                oldest[queue] = row["since"]
        for queue in sorted(counts):
            depth.add_metric([queue], counts[queue])
            age.add_metric([queue], max((now - oldest[queue]).total_seconds(), 0.0))  # type: ignore[operator]
        for row in (
            DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
            .values("queue_name")
            .annotate(n=Count("id"))
            .order_by("queue_name")
        ):
            running.add_metric([row["queue_name"]], row["n"])
        failed = DBTaskResult.objects.filter(status=TaskResultStatus.FAILED)
        for row in failed.values("task_path").annotate(n=Count("id")).order_by("task_path"):
            stored.add_metric([row["task_path"]], row["n"])
        for row in (
            failed.filter(finished_at__gte=now - timedelta(hours=1))
            .values("task_path")
            .annotate(n=Count("id"))
            .order_by("task_path")
        ):
            recent.add_metric([row["task_path"]], row["n"])
        yield from (depth, age, running, recent, stored)


def metrics_allowed(request: HttpRequest) -> bool:
    token = getattr(settings, "METRICS_TOKEN", "")
    if token:
        header = request.headers.get("Authorization", "")
        scheme, _, given = header.partition(" ")
        if scheme.lower() == "bearer" and hmac.compare_digest(given.strip(), token):
            return True
    allowed = getattr(settings, "METRICS_ALLOWED_IPS", [])
    if allowed:
        try:
            address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
        except ValueError:
            return False
        return any(address in ipaddress.ip_network(net, strict=False) for net in allowed)
    return False


def registry() -> CollectorRegistry:
    """What a scrape shows: this process's metrics (or every gunicorn process's, in
    multi-process mode) and the task figures from the database."""
    combined = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(combined)
    else:
        combined.register(REGISTRY)  # type: ignore[arg-type]
    combined.register(TaskCollector())  # type: ignore[arg-type]
    return combined


@never_cache
def metrics_view(request: HttpRequest) -> HttpResponse:
    if not (getattr(settings, "METRICS_TOKEN", "") or getattr(settings, "METRICS_ALLOWED_IPS", [])):
        raise Http404
    if not metrics_allowed(request):
        return HttpResponse("Forbidden\n", status=403, content_type="text/plain")
    return HttpResponse(generate_latest(registry()), content_type=CONTENT_TYPE_LATEST)
