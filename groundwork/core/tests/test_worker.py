"""The background worker never stays down: SQLite writers wait for the lock instead of failing,
a task that raises or a database error while polling is logged and the worker goes on, tasks
left "running" by a dead worker are run again or marked failed, and `make run` restarts a
worker that exits."""

import contextlib
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.db import DatabaseError, OperationalError, connection, connections, transaction
from django.db.utils import ConnectionHandler
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, DBTaskResultQuerySet

from groundwork.core import worker as worker_module
from groundwork.core.tests import worker_tasks
from groundwork.core.worker import RobustWorker, new_worker_id, recover_stale_tasks

ROOT = Path(__file__).resolve().parents[3]


def _child_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(extra)
    return env


# --- SQLite: writers wait ------------------------------------------------------------------

PROBE = """
import json
import django
django.setup()
from django.conf import settings
from django.db import connection
from django_tasks_db.utils import exclusive_transaction
with exclusive_transaction():  # how the worker claims a task
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        busy = cursor.fetchone()[0]
print(json.dumps({"database": settings.DATABASES["default"], "busy_timeout_ms": busy}))
"""


def _sqlite_probe(path: Path) -> dict:
    """The settings (and the busy timeout a worker's connection really gets) for a file-based
    SQLite database, read in a fresh process as `make run` would configure it."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=_child_env(
            DATABASE_URL=f"sqlite:///{path}", DJANGO_SETTINGS_MODULE="groundwork.settings"
        ),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_sqlite_connections_wait_for_the_lock_for_the_configured_timeout(tmp_path):
    probe = _sqlite_probe(tmp_path / "groundwork.sqlite3")
    options = probe["database"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 15
    # Nothing overwrites the timeout after sqlite3.connect (a busy_timeout pragma would):
    # the worker's own connection, inside the transaction it claims tasks in, waits as long.
    assert probe["busy_timeout_ms"] == int(options["timeout"] * 1000)


ALIAS = "sqlite_file_writers"


@pytest.fixture
def sqlite_file_alias(tmp_path, django_db_blocker):  # type: ignore[no-untyped-def]
    """A second database alias: a file-based SQLite database with the project's settings."""
    path = tmp_path / "writers.sqlite3"
    database = _sqlite_probe(path)["database"]
    filled = ConnectionHandler().configure_settings({"default": database})["default"]
    connections.settings[ALIAS] = filled
    with django_db_blocker.unblock():
        with connections[ALIAS].cursor() as cursor:
            cursor.execute("CREATE TABLE note (text TEXT)")
        yield database
        connections[ALIAS].close()
    del connections.settings[ALIAS]


def test_two_concurrent_writers_on_a_sqlite_file_wait_instead_of_failing(sqlite_file_alias):
    hold = 6.0  # longer than SQLite's default 5 s and the old busy_timeout pragma
    first_has_lock = threading.Event()
    errors: list[BaseException] = []
    waited: dict[str, float] = {}

    def first() -> None:
        try:
            with transaction.atomic(using=ALIAS):
                connections[ALIAS].cursor().execute("INSERT INTO note VALUES ('first')")
                first_has_lock.set()
                time.sleep(hold)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            first_has_lock.set()
            connections[ALIAS].close()

    def second() -> None:
        first_has_lock.wait(30)
        started = time.monotonic()
        try:
            # Read, then write, in one transaction: the lock upgrade that fails at once unless
            # the transaction is IMMEDIATE.
            with transaction.atomic(using=ALIAS):
                cursor = connections[ALIAS].cursor()
                cursor.execute("SELECT count(*) FROM note")
                cursor.execute("INSERT INTO note VALUES ('second')")
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            waited["second"] = time.monotonic() - started
            connections[ALIAS].close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    assert waited["second"] >= hold - 1.0  # it waited for the first writer ...
    with connections[ALIAS].cursor() as cursor:  # ... and both writes are stored
        cursor.execute("SELECT text FROM note ORDER BY rowid")
        assert [row[0] for row in cursor.fetchall()] == ["first", "second"]


# --- The worker goes on ----------------------------------------------------------------------


def _worker(**overrides) -> RobustWorker:  # type: ignore[no-untyped-def]
    options = {
        "queue_names": ["default"],
        "interval": 0,
        "batch": True,
        "backend_name": "default",
        "startup_delay": False,
        "max_tasks": None,
        "worker_id": new_worker_id(),
        "excluded_queue_names": [],
        "stale_after": 1800,
        "max_attempts": 3,
        "recover_every": 60,
    }
    options.update(overrides)
    return RobustWorker(**options)


@pytest.mark.django_db(transaction=True)
def test_worker_goes_on_after_a_failing_task_and_database_errors_while_polling(
    tmp_path, monkeypatch
):
    trace = tmp_path / "trace.txt"
    failing = worker_tasks.always_fails.enqueue()
    following = worker_tasks.write_file.enqueue(path=str(trace), text="still running")

    real_get_locked = DBTaskResultQuerySet.get_locked
    polls = {"n": 0}

    def flaky_get_locked(self):  # type: ignore[no-untyped-def]
        polls["n"] += 1
        if polls["n"] == 2:
            raise OperationalError("database is locked")
        if polls["n"] == 3:
            raise DatabaseError("server closed the connection unexpectedly")
        return real_get_locked(self)

    pauses: list[float] = []
    monkeypatch.setattr(DBTaskResultQuerySet, "get_locked", flaky_get_locked)
    monkeypatch.setattr(worker_module.time, "sleep", pauses.append)

    _worker().run()  # --batch: returns once no task is left

    assert DBTaskResult.objects.get(pk=failing.id).status == "FAILED"
    assert "this task always fails" in DBTaskResult.objects.get(pk=failing.id).traceback
    assert DBTaskResult.objects.get(pk=following.id).status == "SUCCESSFUL"
    assert trace.read_text() == "still running\n"
    assert polls["n"] == 5  # failing task, two errors, the next task, nothing left
    assert pauses == [0.5, 1.0]  # a growing pause after each error in a row


@pytest.mark.django_db(transaction=True)
def test_a_task_whose_end_cannot_be_recorded_is_handed_back_not_left_running(tmp_path, monkeypatch):
    trace = tmp_path / "trace.txt"
    result = worker_tasks.write_file.enqueue(path=str(trace), text="ran")
    real_set_successful = DBTaskResult.set_successful.__wrapped__  # without the library's retry
    calls = {"n": 0}

    def broken_once(self, return_value):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] <= 3:  # the library tries three times, then gives up
            raise OperationalError("database is locked")
        return real_set_successful(self, return_value)

    monkeypatch.setattr(DBTaskResult, "set_successful", broken_once)
    monkeypatch.setattr("django_tasks_db.utils.time.sleep", lambda s: None)
    monkeypatch.setattr(DBTaskResult, "set_failed", lambda self, exc: broken_once(self, None))
    monkeypatch.setattr(worker_module.time, "sleep", lambda s: None)

    worker = _worker(max_tasks=1)
    worker.run()
    assert DBTaskResult.objects.get(pk=result.id).status == "READY"  # handed back
    _worker().run()
    assert DBTaskResult.objects.get(pk=result.id).status == "SUCCESSFUL"
    assert trace.read_text() == "ran\nran\n"  # safe to run twice


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _running(task, worker_ids: list[str], started_minutes_ago: float = 0) -> None:  # type: ignore[no-untyped-def]
    DBTaskResult.objects.filter(pk=task.id).update(
        status="RUNNING",
        worker_ids=worker_ids,
        started_at=timezone.now() - timezone.timedelta(minutes=started_minutes_ago),
    )


@pytest.mark.django_db(transaction=True)
def test_tasks_left_running_by_a_dead_worker_are_queued_again_then_failed(tmp_path):
    host = socket.gethostname()[:40]
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        dead_once = worker_tasks.write_file.enqueue(path=str(tmp_path / "a"), text="a")
        dead_thrice = worker_tasks.write_file.enqueue(path=str(tmp_path / "b"), text="b")
        busy = worker_tasks.write_file.enqueue(path=str(tmp_path / "c"), text="c")
        too_long = worker_tasks.write_file.enqueue(path=str(tmp_path / "d"), text="d")
        _running(dead_once, [f"{host}:{_dead_pid()}:x"])
        _running(dead_thrice, [f"{host}:{_dead_pid()}:{n}" for n in range(3)])
        _running(busy, [f"{host}:{alive.pid}:y"])  # its worker is alive and busy
        _running(too_long, ["other-machine:123:z"], started_minutes_ago=31)

        found = recover_stale_tasks(own_id=new_worker_id(), stale_after=1800, max_attempts=3)

        assert (found.requeued, found.failed) == (2, 1)
        status = {str(k): v for k, v in DBTaskResult.objects.values_list("id", "status")}
        assert status[dead_once.id] == "READY"
        assert status[too_long.id] == "READY"
        assert status[busy.id] == "RUNNING"
        assert status[dead_thrice.id] == "FAILED"
        failed = DBTaskResult.objects.get(pk=dead_thrice.id)
        assert failed.traceback.startswith("Interrupted")
        assert failed.finished_at is not None
        # A second look finds nothing more to do (and a second worker would not either).
        again = recover_stale_tasks(own_id=new_worker_id(), stale_after=1800, max_attempts=3)
        assert (again.requeued, again.failed) == (0, 0)
    finally:
        alive.kill()
        alive.wait()


# --- `make run` restarts the worker ----------------------------------------------------------

FAKE_PYTHON = """#!/usr/bin/env bash
# Stands in for Python in scripts/serve.py: `worker` and `scheduler` log their start and exit
# at once, `runserver` waits until it is stopped.
case "$2" in
  worker) echo "worker $$" >> "$STARTS"; exit 3 ;;
  scheduler) echo "scheduler $$" >> "$STARTS"; exit 3 ;;
  runserver) echo "server $$" >> "$STARTS"; exec sleep 300 ;;
esac
"""


def _group_members(pgid: int) -> list[str]:
    """The processes of a process group, as "pid state command" (Linux /proc)."""
    members = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            stat = (proc / "stat").read_text()
        except (FileNotFoundError, NotADirectoryError, ProcessLookupError, PermissionError):
            continue
        command, rest = stat[stat.index("(") + 1 : stat.rindex(")")], stat[stat.rindex(")") + 2 :]
        state, _ppid, group = rest.split()[:3]
        if int(group) == pgid:
            members.append(f"{proc.name} {state} {command}")
    return members


def _serve(
    tmp_path: Path, fake_python: str = FAKE_PYTHON, **env: str
) -> tuple[subprocess.Popen, Path]:  # type: ignore[type-arg]
    fake = tmp_path / "python"
    fake.write_text(fake_python)
    fake.chmod(0o755)
    starts = tmp_path / "starts.txt"
    serve = subprocess.Popen(
        [sys.executable, str(ROOT / "scripts" / "serve.py")],
        env=_child_env(PY=str(fake), STARTS=str(starts), **env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    return serve, starts


def _wait_for_starts(starts: Path, **least: int) -> list[str]:
    deadline = time.monotonic() + 30
    lines: list[str] = []
    while time.monotonic() < deadline:
        lines = starts.read_text().splitlines() if starts.exists() else []
        if all(sum(ln.startswith(p) for ln in lines) >= n for p, n in least.items()):
            break
        time.sleep(0.05)
    return lines


def test_serve_restarts_a_worker_or_scheduler_that_exits_and_ctrl_c_stops_everything(tmp_path):
    serve, starts = _serve(tmp_path, WORKER_RESTART_DELAY="0.2")
    try:
        lines = _wait_for_starts(starts, worker=3, scheduler=3)
        assert sum(line.startswith("worker") for line in lines) >= 3, lines
        assert sum(line.startswith("scheduler") for line in lines) >= 3, lines
        os.killpg(serve.pid, signal.SIGINT)  # Ctrl-C
        serve.wait(20)
        _out, err = serve.communicate()
        assert b"starting it again" in err
        time.sleep(0.5)
        count = len(starts.read_text().splitlines())
        time.sleep(1.0)
        assert len(starts.read_text().splitlines()) == count  # no worker started after Ctrl-C
        # Nothing of the group is left, not even an unreaped child: an orphan goes to init,
        # and some containers' init never reaps it.
        assert _group_members(serve.pid) == []
        with pytest.raises(ProcessLookupError):
            os.killpg(serve.pid, 0)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(serve.pid, signal.SIGKILL)


@pytest.mark.parametrize("gap", [0.0, 0.002, 0.02])
def test_serve_leaves_nothing_behind_when_int_and_term_arrive_together(tmp_path, gap):
    # A terminal's Ctrl-C and a process manager's TERM can reach every process of the group at
    # nearly the same moment, while a child is starting or in its restart pause.
    serve, starts = _serve(tmp_path, WORKER_RESTART_DELAY="0.01")
    try:
        _wait_for_starts(starts, worker=2, scheduler=2, server=1)
        os.killpg(serve.pid, signal.SIGINT)
        time.sleep(gap)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(serve.pid, signal.SIGTERM)
        assert serve.wait(20) in (130, 143)
        time.sleep(0.3)
        assert _group_members(serve.pid) == []
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(serve.pid, signal.SIGKILL)


def test_serve_stops_the_worker_and_scheduler_when_the_web_server_exits(tmp_path):
    server_fails = FAKE_PYTHON.replace(
        'runserver) echo "server $$" >> "$STARTS"; exec sleep 300 ;;',
        'runserver) echo "server $$" >> "$STARTS"; sleep 0.5; exit 7 ;;',
    ).replace("exit 3 ;;", "exec sleep 300 ;;")
    assert server_fails != FAKE_PYTHON
    serve, starts = _serve(tmp_path, fake_python=server_fails)
    try:
        assert serve.wait(20) == 7  # the web server's own status
        lines = starts.read_text().splitlines()
        assert sorted(line.split()[0] for line in lines) == ["scheduler", "server", "worker"]
        time.sleep(0.3)
        assert _group_members(serve.pid) == []
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(serve.pid, signal.SIGKILL)


# --- A real worker killed during a long task ------------------------------------------------


def _conversation(name: str):  # type: ignore[no-untyped-def]
    from groundwork.communities.models import Role
    from groundwork.communities.tests.factories import CommunityFactory, member
    from groundwork.deliberation import services
    from groundwork.planning import services as planning

    community = CommunityFactory(name=name)
    coordinator = member(community, Role.COORDINATOR)
    process = planning.process_create(
        actor=coordinator, community=community, title=f"{name} together", slug="together"
    )
    conversation = services.conversation_create(
        actor=coordinator, process=process, topic="What should we do first?"
    )
    for text in ("More buses to the clinic", "A youth center downtown", "Fix the river levee"):
        services.statement_seed(
            actor=coordinator, conversation=conversation, text=text, language="en"
        )
    return conversation


def _database_url_for_children(tmp_path: Path) -> tuple[str, Path | None]:
    """Where a child process finds the test database: a file copy of the in-memory SQLite
    database (copied back afterwards), or the PostgreSQL test database itself."""
    if connection.vendor == "sqlite":
        path = tmp_path / "shared.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(path) as target:
            connection.connection.backup(target)
        return f"sqlite:///{path}", path
    s = connection.settings_dict
    host = f"{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}"
    return f"postgres://{s['USER']}:{s['PASSWORD']}@{host}/{s['NAME']}", None


def _copy_back(path: Path | None) -> None:
    if path is None:
        return
    connection.close()
    connection.ensure_connection()
    with sqlite3.connect(path) as source:
        source.backup(connection.connection)


def _start_worker(url: str, *args: str, marker: Path | None = None) -> subprocess.Popen:
    extra = {"DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "groundwork.settings"}
    if marker is not None:
        extra["HANG_ANALYSIS_MARKER"] = str(marker)
    return subprocess.Popen(
        [sys.executable, "-m", "groundwork.core.tests.worker_harness", "--no-startup-delay", *args],
        cwd=ROOT,
        env=_child_env(**extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs kill -9")
@pytest.mark.parametrize("max_attempts", [3, 1], ids=["run-again", "marked-failed"])
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_during_a_long_task_is_recovered_after_restart(
    tmp_path, client, max_attempts
):
    from django.urls import reverse

    from groundwork.deliberation import analysis
    from groundwork.deliberation.models import AnalysisRun
    from groundwork.deliberation.tasks import conversation_analyze
    from groundwork.deliberation.tests.test_deliberation import _vote_in_two_camps

    ours, theirs = _conversation("Alder County"), _conversation("Birch County")
    for conversation in (ours, theirs):
        _vote_in_two_camps(conversation)
        good = AnalysisRun.objects.create(conversation=conversation)
        analysis.run_compute(good)
        good.status = AnalysisRun.Status.DONE
        good.finished_at = timezone.now()
        good.save()
    last_good = AnalysisRun.objects.get(conversation=ours)
    long_run = AnalysisRun.objects.create(conversation=ours)
    conversation_analyze.enqueue(run_id=long_run.pk)

    url, path = _database_url_for_children(tmp_path)
    marker = tmp_path / "computing"
    worker = _start_worker(url, "--interval", "0.1", marker=marker)
    try:
        deadline = time.monotonic() + 90
        while not marker.exists() and time.monotonic() < deadline and worker.poll() is None:
            time.sleep(0.1)
        assert marker.exists(), worker.stdout.read().decode() if worker.poll() is not None else ""
        os.kill(worker.pid, signal.SIGKILL)  # kill -9 in the middle of the computation
        worker.wait(10)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()

    restarted = _start_worker(url, "--batch", "--max-attempts", str(max_attempts))
    output, _ = restarted.communicate(timeout=180)
    assert restarted.returncode == 0, output.decode()
    _copy_back(path)

    long_run.refresh_from_db()
    task = DBTaskResult.objects.get()
    results_url = reverse("deliberation:results", args=[ours.community.slug, ours.process.slug])
    page = client.get(results_url).content.decode()
    if max_attempts > 1:  # picked up again and finished
        assert task.status == "SUCCESSFUL", output.decode()
        assert long_run.status == AnalysisRun.Status.DONE
        assert len(task.worker_ids) == 2
        assert "interrupted" not in page
    else:  # marked failed; the page says so and keeps the last good result
        assert task.status == "FAILED"
        assert long_run.status == AnalysisRun.Status.FAILED
        assert long_run.interrupted
        assert "The latest analysis was interrupted" in page
        assert "Group A" in page and "Group B" in page
        assert f"Based on {last_good.vote_count} votes" in page
    # The other community's result is untouched.
    assert AnalysisRun.objects.get(conversation=theirs).status == AnalysisRun.Status.DONE
    other = client.get(
        reverse("deliberation:results", args=[theirs.community.slug, theirs.process.slug])
    ).content.decode()
    assert "interrupted" not in other and "failed" not in other
