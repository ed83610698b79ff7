"""E-mail notices: the receiving organization when a referral arrives, the sender when it is
answered, both organizations and the coordinators when it has had no answer; each in the
reader's language, naming no one. The daily work runs through the worker."""

import datetime as dt
import io

from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from groundwork.referrals.actions import consents, statuses
from groundwork.referrals.models import Notification, Referral

from .conftest import refer


def _mail_to(address: str) -> list[mail.EmailMessage]:
    return [m for m in mail.outbox if m.to == [address]]


def test_the_receiving_organization_is_told_by_e_mail_in_its_language(
    world, tasks_run_at_once, django_capture_on_commit_callbacks
):
    w, other = world
    w.people.pantry_admin.preferred_language = "es"
    w.people.pantry_admin.save()
    refer(other)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        food, _housing = refer(w, base_url="https://groundwork.example.org/")
    p = w.people
    told = sorted(m.to[0] for m in mail.outbox)
    # Everyone handling the pantry's and the clinic's referrals; nobody else, no other tenant.
    assert (
        told
        == sorted(u.email for u in (p.pantry_staff, p.pantry_admin, p.clinic_staff))
        + ["rosa.delgado@example.net"]
        and len(told) == 4
    )
    (english,) = _mail_to(p.pantry_staff.email)
    assert f"Referral #{food.pk}" in english.subject and "New referral received" in english.subject
    assert "https://groundwork.example.org" + food.get_absolute_url() in english.body
    (spanish,) = _mail_to(p.pantry_admin.email)
    assert "Nueva derivación recibida" in spanish.subject
    for message in mail.outbox:
        if message.to != ["rosa.delgado@example.net"]:
            assert "Rosa" not in message.body and "Recovery" not in message.body


def test_a_link_consent_tells_the_receiver_only_once_the_person_confirms(
    world, tasks_run_at_once, django_capture_on_commit_callbacks
):
    w = world[0]
    with django_capture_on_commit_callbacks(execute=True):
        food, _housing = refer(w, method="link")
    assert not _mail_to(w.people.pantry_staff.email)
    with django_capture_on_commit_callbacks(execute=True):
        consents.consent_confirm(referral=food, base_url="https://groundwork.example.org/")
    assert len(_mail_to(w.people.pantry_staff.email)) == 1


def test_the_sender_hears_of_acceptance_decline_and_closure_in_their_language(
    world, tasks_run_at_once, django_capture_on_commit_callbacks
):
    w = world[0]
    w.people.counselor.preferred_language = "es"
    w.people.counselor.save()
    food, housing = refer(w)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        statuses.referral_transition(
            actor=w.people.clinic_staff, referral=housing, to_status="declined", reason="other"
        )
        statuses.referral_transition(
            actor=w.people.pantry_staff, referral=food, to_status="accepted"
        )
        statuses.referral_transition(
            actor=w.people.pantry_staff, referral=food, to_status="closed", reason="help_received"
        )
    subjects = [m.subject for m in _mail_to(w.people.counselor.email)]
    assert len(subjects) == 3
    assert "rechazada" in subjects[0] and "aceptada" in subjects[1] and "cerrada" in subjects[2]


def test_an_unanswered_referral_is_e_mailed_to_both_sides_and_the_coordinators(
    world, tasks_run_at_once, django_capture_on_commit_callbacks
):
    w, other = world
    food, housing = refer(w)
    refer(other)
    statuses.referral_transition(
        actor=w.people.clinic_staff, referral=housing, to_status="accepted"
    )
    friday = timezone.make_aware(dt.datetime(2026, 11, 6, 10, 0))
    Referral.objects.update(sent_at=friday)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "referrals_daily",
            "--base-url=https://groundwork.example.org",
            "--now",
            stdout=io.StringIO(),
        )
    p = w.people
    expected = {p.counselor, p.pantry_staff, p.pantry_admin, p.coordinator}
    flagged_elsewhere = Referral.objects.filter(
        community=other.community, overdue_flagged_at__isnull=False
    )
    assert flagged_elsewhere.count() == 2  # the other tenant's own, told to its own people
    ours = [m for m in mail.outbox if m.to[0].endswith("-a@example.org")]
    assert sorted(m.to[0] for m in ours) == sorted(u.email for u in expected)
    (to_coordinator,) = _mail_to(p.coordinator.email)
    # A coordinator never sees a referral: the link goes to the de-identified figures.
    report = reverse("referrals:report", args=[w.community.slug])
    assert "https://groundwork.example.org" + report in to_coordinator.body
    assert food.get_absolute_url() not in to_coordinator.body
    (to_pantry,) = _mail_to(p.pantry_staff.email)
    assert food.get_absolute_url() in to_pantry.body
    assert Notification.objects.filter(kind="overdue", referral=food).count() == 4


def test_the_daily_command_enqueues_the_work_for_the_worker(world, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    out = io.StringIO()
    call_command("referrals_daily", "--base-url=https://groundwork.example.org", stdout=out)
    (task,) = DBTaskResult.objects.all()
    assert task.task_path == "groundwork.referrals.tasks.referrals_daily"
    assert task.args_kwargs["kwargs"] == {"base_url": "https://groundwork.example.org"}


def test_a_coordinator_sees_the_unanswered_referrals_on_the_figures_page(world, client):
    """Coordinators have no inbox: their in-app notices are on the figures page, by number and
    status, naming no one; each community's coordinator sees its own."""
    from groundwork.referrals.actions import overdue

    w, other = world
    food, housing = refer(w)
    refer(other)
    friday = timezone.make_aware(dt.datetime(2026, 11, 6, 10, 0))
    Referral.objects.update(sent_at=friday)
    overdue.referrals_flag_overdue(now=friday + dt.timedelta(days=6), days=3)
    url = reverse("referrals:report", args=[w.community.slug])
    client.force_login(w.people.coordinator)
    body = client.get(url).content.decode()
    assert f"Referral #{food.pk}: A referral has had no answer (now: Sent)." in body
    assert f"Referral #{housing.pk}:" in body
    assert "Rosa" not in body and "poultry" not in body
    assert reverse("referrals:detail", args=[w.community.slug, food.pk]) not in body
    client.force_login(other.people.coordinator)
    body = client.get(reverse("referrals:report", args=[other.community.slug])).content.decode()
    assert f"Referral #{food.pk}:" not in body  # the other community's coordinator: its own
    client.force_login(w.people.coordinator)
    assert client.post(url).status_code == 302
    assert 'data-testid="notices"' not in client.get(url).content.decode()
    assert Notification.objects.filter(
        recipient=other.people.coordinator, read_at__isnull=True
    ).exists()
    # Members who handle referrals read theirs in their inbox; the figures page lists none,
    # and its form does nothing for them.
    client.force_login(w.people.pantry_staff)
    assert 'data-testid="notices"' not in client.get(url).content.decode()
    client.post(url)
    assert Notification.objects.filter(
        recipient=w.people.pantry_staff, kind="overdue", read_at__isnull=True
    ).exists()
