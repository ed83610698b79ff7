"""E-mails to registrants: the confirmation (or waitlist, or promotion) and the reminders a
day and an hour before, in their language. Each reminder is recorded once (ReminderSent), so
a reminder task run twice, or send_due_reminders run by a scheduler as often as it likes,
sends nothing twice."""

from datetime import datetime

from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import default_task_backend, task

from .links import registration_url
from .models import REMINDER_LEAD, Registration, ReminderKind, ReminderSent, Status


def _context(registration: Registration, base_url: str) -> dict[str, object]:
    gathering = registration.gathering
    return {
        "registration": registration,
        "gathering": gathering,
        "starts": timezone.localtime(gathering.starts_at, _zone(gathering)),
        "link": base_url + registration_url(registration),
        "calendar": base_url + gathering.get_absolute_url() + "calendar.ics",
    }


def _zone(gathering):  # type: ignore[no-untyped-def]
    from zoneinfo import ZoneInfo

    return ZoneInfo(gathering.time_zone)


def _send(registration: Registration, template: str, context: dict[str, object]) -> None:
    with translation.override(registration.language):
        subject = render_to_string(f"gatherings/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"gatherings/email/{template}.txt", context)
    EmailMessage(subject, body, to=[registration.email]).send()


@task()
def registration_email(*, registration_id: int, message: str, base_url: str = "") -> bool:
    """`message`: "registered" (a seat or the waitlist, by its status) or "promoted"."""
    registration = (
        Registration.objects.select_related("gathering__community", "gathering__network")
        .filter(pk=registration_id)
        .exclude(status=Status.CANCELLED)
        .first()
    )
    if registration is None or not registration.email:
        return False
    if message == "promoted":
        template = "promoted"
    elif registration.status == Status.WAITLISTED:
        template = "waitlisted"
    else:
        template = "registered"
    _send(registration, template, _context(registration, base_url))
    return True


def send_reminder(registration_id: int, kind: str, base_url: str = "", now=None) -> bool:  # type: ignore[no-untyped-def]
    """One reminder, if it is due, the person still has a seat and it was not sent yet. The
    record and the sending share a transaction: a failure sends nothing and records nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("gathering__community", "gathering__network")
            .filter(pk=registration_id, status=Status.REGISTERED)
            .first()
        )
        if registration is None or not registration.email:
            return False
        gathering = registration.gathering
        if gathering.cancelled or not (
            gathering.starts_at - REMINDER_LEAD[ReminderKind(kind)] <= now < gathering.starts_at
        ):
            return False
        try:
            with transaction.atomic():
                ReminderSent.objects.create(registration=registration, kind=kind, sent_at=now)
        except IntegrityError:
            return False  # sent already
        context = _context(registration, base_url)
        # The hour-before reminder carries the online link (it is revealed from then on).
        context["online_url"] = gathering.online_url if kind == ReminderKind.HOUR else ""
        context["kind"] = kind
        _send(registration, "reminder", context)
    return True


@task()
def reminder_send(*, registration_id: int, kind: str, base_url: str = "") -> bool:
    return send_reminder(registration_id, kind, base_url)


def schedule_reminders(registration: Registration, *, base_url: str = "") -> None:
    """Queue the day-before and hour-before reminders to run when they are due."""
    if not registration.email:
        return
    starts = registration.gathering.starts_at
    for kind, lead in REMINDER_LEAD.items():
        run_after = max(starts - lead, timezone.now())
        if run_after >= starts:
            continue
        chosen = reminder_send
        if default_task_backend.supports_defer:
            chosen = reminder_send.using(run_after=run_after)
        chosen.enqueue(registration_id=registration.pk, kind=str(kind), base_url=base_url)


def send_due_reminders(*, now: datetime | None = None, base_url: str = "") -> int:
    """Every reminder due now that was not sent: for a scheduler to run every few minutes.
    Idempotent. Returns how many were sent."""
    now = now or timezone.now()
    sent = 0
    for kind, lead in REMINDER_LEAD.items():
        due = (
            Registration.objects.filter(
                status=Status.REGISTERED,
                gathering__cancelled=False,
                gathering__starts_at__gt=now,
                gathering__starts_at__lte=now + lead,
            )
            .exclude(email="")
            .exclude(reminders__kind=kind)
            .values_list("pk", flat=True)
        )
        for pk in list(due):
            sent += send_reminder(pk, kind, base_url, now=now)
    return sent


@task()
def send_due_reminders_task(*, base_url: str = "") -> int:
    return send_due_reminders(base_url=base_url)


def sync_all_series(*, now: datetime | None = None) -> int:
    """Keep every series' next months as gatherings (the horizon moves with time): for a
    scheduler to run daily. Idempotent. Returns how many occurrences lie ahead."""
    from .models import Series
    from .services import series_sync

    return sum(series_sync(series=s, now=now) for s in Series.objects.order_by("pk"))


@task()
def sync_all_series_task(*, base_url: str = "") -> int:
    """The daily job (settings.SCHEDULED_JOBS["gathering-series"]); needs no links."""
    return sync_all_series()
