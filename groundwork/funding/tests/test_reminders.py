"""Reminders of grant reports through the scheduler: FUNDING_REPORT_REMINDER_DAYS before a
reporting date, to the coordinators of the coalitions the grant funds (never another
network's), in each one's language, once per person and date however often the job runs."""

from datetime import UTC, date, datetime

import pytest
from django.core import mail
from django.test import override_settings

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import member
from groundwork.funding.models import ReportingReminder
from groundwork.funding.reminders import send_report_reminders
from groundwork.funding.tasks import funding_report_reminders
from groundwork.scheduler.models import PeriodicJob
from groundwork.scheduler.runner import run_due, sync_jobs

from .test_funding import _two_grants

pytestmark = pytest.mark.django_db

BASE = "https://groundwork.example"


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 13, 30, tzinfo=UTC)


@override_settings(FUNDING_REPORT_REMINDER_DAYS=14)
def test_coordinators_are_reminded_once_in_their_language(tenant, other_tenant):  # type: ignore[no-untyped-def]
    _two_grants(other_tenant)  # its report is due the same day, to its own coordinators
    _two_grants(tenant)
    spanish = member(tenant.community, Role.COORDINATOR)
    spanish.preferred_language = "es"
    spanish.save()
    member(tenant.community, Role.MEMBER)  # not a coordinator: never reminded

    assert send_report_reminders(base_url=BASE, now=_at(date(2027, 6, 15))) == 0  # 15 days
    assert send_report_reminders(base_url="", now=_at(date(2027, 6, 16))) == 0  # no links
    assert mail.outbox == []

    assert send_report_reminders(base_url=BASE, now=_at(date(2027, 6, 16))) == 3
    mine = {m.to[0]: m for m in mail.outbox if m.to[0] in {tenant.coordinator.email, spanish.email}}
    assert len(mine) == 2
    english, spanish_mail = mine[tenant.coordinator.email], mine[spanish.email]
    assert english.subject == "Report due for Rides pilot"
    assert "is due in 14 days, on June 30, 2027" in english.body
    assert f"{BASE}/c/{tenant.community.slug}/funding/" in english.body
    assert spanish_mail.subject == "Informe pendiente de Rides pilot"
    assert "vence en 14 días, el 30 de junio de 2027" in spanish_mail.body
    for message in mine.values():
        assert other_tenant.community.slug not in message.body
    theirs = {m.to[0] for m in mail.outbox} - set(mine)
    assert theirs == {other_tenant.coordinator.email}

    # The next days, a restart, a second run the same day: nobody hears twice.
    mail.outbox.clear()
    assert send_report_reminders(base_url=BASE, now=_at(date(2027, 6, 16))) == 0
    assert send_report_reminders(base_url=BASE, now=_at(date(2027, 6, 29))) == 0
    assert mail.outbox == []
    assert ReportingReminder.objects.count() == 3
    # A date that has passed is not reminded of, even to someone who joined since.
    member(tenant.community, Role.COORDINATOR)
    assert send_report_reminders(base_url=BASE, now=_at(date(2027, 7, 1))) == 0


@override_settings(FUNDING_REPORT_REMINDER_DAYS=14, SITE_URL=BASE)
def test_the_scheduler_runs_the_reminders_job(tenant, other_tenant):  # type: ignore[no-untyped-def]
    _two_grants(tenant)
    _two_grants(other_tenant)
    sync_jobs(now=_at(date(2027, 6, 20)))
    job = PeriodicJob.objects.get(name="funding-report-reminders")
    assert job.task_path == "groundwork.funding.tasks.funding_report_reminders"
    assert "funding-report-reminders" in run_due(now=job.next_run_at)
    # The queued task is what the worker runs: the same call, with the site's address.
    assert funding_report_reminders.call(base_url=BASE) >= 0


@override_settings(FUNDING_REPORT_REMINDER_DAYS=14)
def test_a_reminder_the_mail_server_refused_is_sent_by_the_next_run(
    tenant, other_tenant, monkeypatch
):  # type: ignore[no-untyped-def]
    from groundwork.funding import reminders

    _two_grants(other_tenant)
    _two_grants(tenant)
    real = reminders.send_mail

    def refuse_ours(subject, body, sender, to):  # type: ignore[no-untyped-def]
        if to == [tenant.coordinator.email]:
            raise ConnectionError("mail server down")
        return real(subject, body, sender, to)

    monkeypatch.setattr(reminders, "send_mail", refuse_ours)
    assert send_report_reminders(base_url=BASE, now=_at(date(2027, 6, 16))) == 1
    assert [m.to for m in mail.outbox] == [[other_tenant.coordinator.email]]
    assert not ReportingReminder.objects.filter(recipient=tenant.coordinator).exists()
    monkeypatch.setattr(reminders, "send_mail", real)
    assert send_report_reminders(base_url=BASE, now=_at(date(2027, 6, 17))) == 1
    assert mail.outbox[-1].to == [tenant.coordinator.email]
    assert ReportingReminder.objects.count() == 2
