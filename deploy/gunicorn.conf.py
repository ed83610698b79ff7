"""gunicorn settings for the container (docker compose): ``gunicorn -c deploy/gunicorn.conf.py``.

Worker processes: WEB_CONCURRENCY (gunicorn's own variable; default 2 × cores + 1, at most 8).
Access lines come from Groundwork's request log (JSON, with the request id) instead of gunicorn's.
With PROMETHEUS_MULTIPROC_DIR set, the directory is emptied at start and a dead worker's figures
are folded in, so /metrics adds up every process (prometheus-client's multi-process mode).
"""

import multiprocessing
import os
import shutil
from pathlib import Path

wsgi_app = "groundwork.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")  # noqa: S104 - inside the container
workers = int(os.environ.get("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 8)))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# The proxy in front (compose's nginx) is on the private network.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "*")
accesslog = None
errorlog = "-"
worker_tmp_dir = "/dev/shm"  # noqa: S108 - heartbeat files, kept off the container's disk


def on_starting(server):  # type: ignore[no-untyped-def]
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        shutil.rmtree(directory, ignore_errors=True)
        Path(directory).mkdir(parents=True, exist_ok=True)


def child_exit(server, worker):  # type: ignore[no-untyped-def]
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
