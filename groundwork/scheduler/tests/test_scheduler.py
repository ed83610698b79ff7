"""The scheduler enqueues each periodic job once per occurrence, however many schedulers
run; schedules are read in the site's time zone across daylight-saving changes."""

import threading
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from groundwork.scheduler.models import PeriodicJob
from groundwork.scheduler.runner import next_run, run_due, sync_jobs

NOON = datetime(2026, 3, 2, 17, 0, tzinfo=UTC)  # a Monday, 12:00 in New York
JOBS = {
    "plan-digests": {
        "task": "groundwork.plans.tasks.plan_digests_due",
        "schedule": "FREQ=WEEKLY;BYDAY=MO;BYHOUR=7;BYMINUTE=0;BYSECOND=0",
    },
    "often": {
        "task": "groundwork.newsletters.tasks.newsletters_send_due",
        "schedule": "FREQ=MINUTELY;INTERVAL=5;BYSECOND=0",
    },
}


def enqueued(path: str) -> int:
    return DBTaskResult.objects.filter(task_path=path).count()


def test_next_run_keeps_local_time_across_dst() -> None:
    york = ZoneInfo("America/New_York")
    before = datetime(2026, 3, 6, 12, 0, tzinfo=york)  # DST starts on 8 March 2026
    daily = "FREQ=DAILY;BYHOUR=7;BYMINUTE=0;BYSECOND=0"
    first = next_run(daily, before)
    second = next_run(daily, first)
    assert (first.astimezone(york).hour, second.astimezone(york).hour) == (7, 7)
    assert second.astimezone(UTC) - first.astimezone(UTC) == timedelta(
        hours=23
    )  # the night the clocks went forward


@pytest.mark.django_db
@override_settings(SCHEDULED_JOBS=JOBS, SITE_URL="https://gw.example")
def test_a_due_job_is_enqueued_once_and_rescheduled() -> None:
    sync_jobs(now=NOON)
    job = PeriodicJob.objects.get(name="plan-digests")
    assert job.next_run_at == datetime(2026, 3, 9, 11, 0, tzinfo=UTC)  # next Monday 07:00 EDT
    assert run_due(now=NOON) == []
    monday = datetime(2026, 3, 9, 11, 0, 30, tzinfo=UTC)
    assert "plan-digests" in run_due(now=monday)
    assert run_due(now=monday) == []  # claimed: a second look finds nothing due
    assert enqueued("groundwork.plans.tasks.plan_digests_due") == 1
    task = DBTaskResult.objects.get(task_path="groundwork.plans.tasks.plan_digests_due")
    assert task.args_kwargs["kwargs"] == {"base_url": "https://gw.example"}
    job.refresh_from_db()
    assert (job.runs, job.last_run_at) == (1, monday)
    assert job.next_run_at == datetime(2026, 3, 16, 11, 0, tzinfo=UTC)


@pytest.mark.django_db
@override_settings(SCHEDULED_JOBS=JOBS, SITE_URL="https://gw.example")
def test_missed_runs_run_once_and_removed_jobs_stop() -> None:
    sync_jobs(now=NOON)
    a_month_later = NOON + timedelta(days=30)
    assert sorted(run_due(now=a_month_later)) == ["often", "plan-digests"]
    assert enqueued("groundwork.plans.tasks.plan_digests_due") == 1
    with override_settings(SCHEDULED_JOBS={"often": JOBS["often"]}):
        sync_jobs(now=a_month_later)
    assert run_due(now=a_month_later + timedelta(days=30)) == ["often"]


@pytest.mark.django_db
@override_settings(SCHEDULED_JOBS=JOBS, SITE_URL="https://gw.example")
def test_a_changed_schedule_is_followed() -> None:
    sync_jobs(now=NOON)
    changed = {
        **JOBS,
        "plan-digests": {
            **JOBS["plan-digests"],
            "schedule": "FREQ=DAILY;BYHOUR=9;BYMINUTE=0;BYSECOND=0",
        },
    }
    with override_settings(SCHEDULED_JOBS=changed):
        sync_jobs(now=NOON)
    assert PeriodicJob.objects.get(name="plan-digests").next_run_at == datetime(
        2026, 3, 3, 14, 0, tzinfo=UTC
    )


@pytest.mark.django_db
@override_settings(SCHEDULED_JOBS=JOBS, SITE_URL="https://gw.example")
def test_the_command_checks_once() -> None:
    call_command("scheduler", "--once")
    assert PeriodicJob.objects.count() == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@override_settings(SCHEDULED_JOBS=JOBS, SITE_URL="https://gw.example")
def test_two_concurrent_schedulers_never_run_a_job_twice() -> None:
    """Two schedulers (threads, each its own connection) check the same moments at once, for
    many rounds of many due jobs: every occurrence is enqueued exactly once."""
    jobs = {
        f"job-{i}": {
            "task": "groundwork.newsletters.tasks.newsletters_send_due",
            "schedule": "FREQ=MINUTELY;BYSECOND=0",
            "kwargs": {"n": i},
        }
        for i in range(20)
    }
    rounds = 15
    with override_settings(SCHEDULED_JOBS=jobs):
        sync_jobs(now=NOON)
        barrier = threading.Barrier(2)
        claimed: dict[str, list[str]] = {"a": [], "b": []}
        errors: list[BaseException] = []

        def scheduler(name: str) -> None:
            try:
                for r in range(rounds):
                    barrier.wait()
                    claimed[name] += run_due(now=NOON + timedelta(minutes=r + 1, seconds=1))
            except BaseException as error:  # noqa: BLE001
                errors.append(error)
                barrier.abort()
            finally:
                connections.close_all()

        threads = [threading.Thread(target=scheduler, args=(n,)) for n in ("a", "b")]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert not errors
    total = len(claimed["a"]) + len(claimed["b"])
    assert total == 20 * rounds
    assert DBTaskResult.objects.count() == 20 * rounds
    per_job = {f"job-{i}": 0 for i in range(20)}
    for row in DBTaskResult.objects.all():
        per_job[f"job-{row.args_kwargs['kwargs']['n']}"] += 1
    assert set(per_job.values()) == {rounds}
