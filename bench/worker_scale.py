"""The background worker tier from 1 to N `manage.py worker` processes, for bench/fast.py
(`--worker-scale-out 1,2,3`), on the database bench/fast.py seeded.

For each worker count and each of `rounds` rounds, and for each kind of task:

- themes: one theme run started over for every question of the demo's processes (15
  questions; Alder County's five hold about 4,000 answers each with bench/fast.py's seed, the
  others 50-75), `themes_batch` times over (a batch of 15 × `themes_batch` runs, at most one
  pending run per question at a time, as `theme_request` allows);
- opinion: `opinion_batch` opinion-group runs of the demo's conversation (1,050 votes), as
  new votes queue them;

the runs are created and their tasks enqueued (django_tasks_db rows) in one transaction while
the workers are already polling, and the clock runs from the commit until every task row is
finished. Tasks per minute = batch ÷ that time. Each task is then checked to have run
exactly once: its row finished successfully, claimed by one worker only (`worker_ids`), its
return value "done" (a task that ran twice returns "skipped" the second time), its run DONE
and one "finished" audit record per run. CPU of the workers and of PostgreSQL is measured
from /proc (bench/harness.py's CpuMeter).
"""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

from harness import CpuMeter, log, postmaster_pid  # noqa: E402

KINDS = ("themes", "opinion")


class Workers:
    """`count` `manage.py worker` processes polling every `interval` seconds."""

    def __init__(self, count: int, log_dir: Path, interval: float = 0.2) -> None:
        self.processes = []
        for i in range(count):
            out = (log_dir / f"worker-{count}-{i}.log").open("wb")
            self.processes.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "manage.py",
                        "worker",
                        "--interval",
                        str(interval),
                        "--no-startup-delay",
                    ],
                    cwd=ROOT,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    env=os.environ.copy(),
                )
            )

    @property
    def pids(self) -> list[int]:
        return [p.pid for p in self.processes]

    def alive(self) -> bool:
        return all(p.poll() is None for p in self.processes)

    def stop(self) -> None:
        for p in self.processes:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in self.processes:
            try:
                p.wait(30)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


def _enqueue(kind: str, batch: int, *, small: bool = False) -> tuple[str, list[int], list[str]]:
    """Create the runs of one batch and enqueue their tasks in one transaction; returns the
    audit action of a finished run, the run ids and the task result ids. `small`: only the
    questions with fewer than 1,000 answers (the warm-up)."""
    from django.db import transaction
    from django.db.models import Count

    from groundwork.deliberation.models import AnalysisRun, Conversation
    from groundwork.deliberation.tasks import conversation_analyze
    from groundwork.planning.models import Question
    from groundwork.themes.models import ThemeRun
    from groundwork.themes.tasks import themes_compute

    run_ids: list[int] = []
    task_ids: list[str] = []
    with transaction.atomic():
        if kind == "themes":
            questions = Question.objects.select_related("process").order_by("pk")
            if small:
                questions = questions.annotate(n=Count("contributions")).filter(n__lt=1000)
            for _ in range(batch):
                for q in questions:
                    run = ThemeRun.objects.create(process=q.process, question=q, start_over=True)
                    run_ids.append(run.pk)
            label = "themes.finished"
        else:
            conversation = Conversation.objects.order_by("pk").first()
            for _ in range(batch):
                run_ids.append(AnalysisRun.objects.create(conversation=conversation).pk)
            label = "analysis.finished"
        task = themes_compute if kind == "themes" else conversation_analyze
        for run_id in run_ids:
            task_ids.append(str(task.enqueue(run_id=run_id).id))
    return label, run_ids, task_ids


def _wait_drained(task_ids: list[str], workers: Workers, timeout: float) -> float:
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    started = time.perf_counter()
    open_states = (TaskResultStatus.READY, TaskResultStatus.RUNNING)
    while True:
        left = DBTaskResult.objects.filter(id__in=task_ids, status__in=open_states).count()
        if not left:
            return time.perf_counter() - started
        if not workers.alive():
            raise RuntimeError("a worker exited")
        if time.perf_counter() - started > timeout:
            raise RuntimeError(f"{left} tasks still open after {timeout:g} s")
        time.sleep(0.05)


def _check_once(kind: str, label: str, run_ids: list[int], task_ids: list[str]) -> dict[str, Any]:
    """How many tasks ran more than once, failed, or left their run not done."""
    from django.db.models import Count
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from groundwork.core.models import AuditEvent
    from groundwork.deliberation.models import AnalysisRun
    from groundwork.themes.models import ThemeRun

    rows = list(
        DBTaskResult.objects.filter(id__in=task_ids).values_list(
            "status", "worker_ids", "return_value"
        )
    )
    model = ThemeRun if kind == "themes" else AnalysisRun
    audits = (
        AuditEvent.objects.filter(
            action=label,
            target_type=model._meta.label_lower,
            target_id__in=[str(pk) for pk in run_ids],
        )
        .values("target_id")
        .annotate(n=Count("id"))
    )
    audit_counts = [a["n"] for a in audits]
    return {
        "tasks": len(rows),
        "succeeded": sum(s == TaskResultStatus.SUCCESSFUL for s, _, _ in rows),
        "claimed_more_than_once": sum(len(w) > 1 for _, w, _ in rows),
        "not_done": sum(r != "done" for _, _, r in rows),
        "runs_done": model.objects.filter(pk__in=run_ids, status="done").count(),
        "runs_audited_once": sum(n == 1 for n in audit_counts),
        "runs_audited_more": sum(n > 1 for n in audit_counts),
        "workers_used": len({w[0] for _, w, _ in rows if w}),
    }


def measure(
    counts: list[int],
    *,
    rounds: int,
    themes_batch: int,
    opinion_batch: int,
    log_dir: Path,
    timeout: float = 1800.0,
) -> dict[str, Any]:
    from django.db import connections

    pg_pid = postmaster_pid()
    batches = {"themes": themes_batch, "opinion": opinion_batch}
    curve = []
    for count in counts:
        connections.close_all()
        workers = Workers(count, log_dir)
        meter = CpuMeter(
            {f"worker{i}": pid for i, pid in enumerate(workers.pids)}
            | ({"db": pg_pid} if pg_pid else {})
        )
        per_kind: dict[str, list[dict[str, Any]]] = {k: [] for k in KINDS}
        try:
            # Warm-up (not timed): every worker has imported and run both kinds of task once.
            for kind in KINDS:
                _, _, task_ids = _enqueue(kind, 2 * count if kind == "opinion" else 1, small=True)
                _wait_drained(task_ids, workers, timeout)
            for r in range(rounds):
                for kind in KINDS if r % 2 == 0 else KINDS[::-1]:
                    load = [round(x, 2) for x in os.getloadavg()]
                    before = meter.sample()
                    label, run_ids, task_ids = _enqueue(kind, batches[kind])
                    seconds = _wait_drained(task_ids, workers, timeout)
                    cpu = meter.since(before)
                    check = _check_once(kind, label, run_ids, task_ids)
                    app = sum(v for k, v in cpu.items() if k != "db")
                    per_kind[kind].append(
                        {
                            "tasks": len(task_ids),
                            "seconds": round(seconds, 2),
                            "tasks_per_min": round(len(task_ids) * 60 / seconds, 1),
                            "cpu_s": {"workers": round(app, 2), "db": round(cpu.get("db", 0), 2)},
                            "cores_busy": round((app + cpu.get("db", 0)) / seconds, 2),
                            "loadavg_before": load,
                            "check": check,
                        }
                    )
                    log(
                        f"workers {count} round {r + 1}/{rounds} {kind:<8} {len(task_ids)} tasks "
                        f"in {seconds:.1f} s = {len(task_ids) * 60 / seconds:.1f}/min, "
                        f"{check['workers_used']} workers used, claimed twice "
                        f"{check['claimed_more_than_once']}, not done {check['not_done']}"
                    )
        finally:
            workers.stop()
        med = statistics.median
        point: dict[str, Any] = {"workers": count}
        for kind, runs in per_kind.items():
            point[kind] = {
                "tasks": runs[0]["tasks"],
                "tasks_per_min": round(med(x["tasks_per_min"] for x in runs), 1),
                "seconds": round(med(x["seconds"] for x in runs), 2),
                "cores_busy": round(med(x["cores_busy"] for x in runs), 2),
                "cpu_s_per_task": {
                    part: round(med(x["cpu_s"][part] / x["tasks"] for x in runs), 3)
                    for part in ("workers", "db")
                },
                "ran_twice": sum(
                    x["check"]["claimed_more_than_once"] + x["check"]["runs_audited_more"]
                    for x in runs
                ),
                "not_done": sum(
                    x["check"]["not_done"] + x["check"]["tasks"] - x["check"]["runs_done"]
                    for x in runs
                ),
                "rounds": runs,
            }
        curve.append(point)
    for kind in KINDS:
        base = curve[0][kind]["tasks_per_min"] if curve else 0
        for point in curve:
            point[kind]["speedup"] = round(point[kind]["tasks_per_min"] / base, 2) if base else None
    return {"cores": os.cpu_count(), "rounds": rounds, "curve": curve}
