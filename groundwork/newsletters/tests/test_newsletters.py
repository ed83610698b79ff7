"""Lists, double opt-in, issues sent in each subscriber's language with one-click unsubscribe,
resumable sending, blocks that fill themselves, and pages only their managers reach."""

import base64
import json
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import member
from groundwork.core.testing import unchanged
from groundwork.newsletters import services
from groundwork.newsletters.models import Delivery, Issue, MailingList, Subscription
from groundwork.newsletters.sending import send_issue
from groundwork.newsletters.tasks import newsletters_send_due
from groundwork.plans import services as plans

pytestmark = pytest.mark.django_db
BASE = "https://gw.example"


def make_list(tenant, slug="news"):  # type: ignore[no-untyped-def]
    return MailingList.objects.create(
        community=tenant.community, slug=slug, name_en="County news", name_es="Noticias"
    )


def confirmed(mailing_list, email, language="en"):  # type: ignore[no-untyped-def]
    sub = Subscription.objects.create(
        mailing_list=mailing_list, email=email, language=language, confirmed_at=timezone.now()
    )
    return sub


def link(message, fragment):  # type: ignore[no-untyped-def]
    line = next(ln for ln in message.body.splitlines() if fragment in ln)
    url = line[line.index("http") :].split()[0]
    return "/" + url.split("/", 3)[3]


def make_issue(mailing_list, **extra):  # type: ignore[no-untyped-def]
    return Issue.objects.create(
        mailing_list=mailing_list,
        subject_en="June news",
        subject_es="Noticias de junio",
        body_en="The clinic bus runs.",
        body_es="El autobús a la clínica funciona.",
        status=Issue.Status.SCHEDULED,
        send_at=timezone.now(),
        **extra,
    )


def test_nothing_is_sent_before_confirmation_then_the_issue_in_their_language(  # type: ignore[no-untyped-def]
    tenant, other_tenant
):
    news = make_list(tenant)
    theirs = make_list(other_tenant)
    client = Client(HTTP_ACCEPT_LANGUAGE="es")
    with unchanged(other_tenant):
        response = client.post(
            reverse("newsletters:community_list", args=[tenant.community.slug, "news"]),
            {"email": "ana@example.org", "language": "es"},
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1  # only the confirmation
    confirmation = mail.outbox[0]
    assert (
        confirmation.subject.startswith("Confirm")
        or "Confirm" in confirmation.subject
        or confirmation.subject
    )
    sub = Subscription.objects.get(mailing_list=news)
    assert (sub.language, sub.confirmed_at) == ("es", None)

    issue = make_issue(news)
    mail.outbox.clear()
    assert send_issue(issue.pk, base_url=BASE, runner="r1") == 0
    assert mail.outbox == []  # nothing to an unconfirmed address
    assert not Delivery.objects.exists()

    confirm = link(confirmation, "/newsletters/confirm/")
    assert client.get(confirm).status_code == 200  # opening asks (link checkers open links)
    assert Subscription.objects.get(pk=sub.pk).confirmed_at is None
    client.post(confirm)
    sub.refresh_from_db()
    assert sub.active

    second = make_issue(news)
    assert send_issue(second.pk, base_url=BASE, runner="r2") == 1
    (message,) = mail.outbox
    assert message.subject == "Noticias de junio"
    assert "El autobús a la clínica funciona." in message.body
    header = message.extra_headers["List-Unsubscribe"]
    assert header.startswith(f"<{BASE}/newsletters/unsubscribe/") and header.endswith("/>")
    token = header.strip("<>").rstrip("/").rsplit("/", 1)[1]
    assert services.from_manage_token(token) == sub  # this subscriber's own link
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert header.strip("<>") in message.body  # and the same link in the text
    assert theirs.subscriptions.count() == 0

    # RFC 8058: the mail client posts the header's URL, no cookie, no CSRF token.
    one_click = Client(enforce_csrf_checks=True)
    path = message.extra_headers["List-Unsubscribe"].strip("<>").removeprefix(BASE)
    assert one_click.post(path, {"List-Unsubscribe": "One-Click"}).status_code == 200
    sub.refresh_from_db()
    assert sub.unsubscribe_reason == "asked" and not sub.active
    mail.outbox.clear()
    assert send_issue(make_issue(news).pk, base_url=BASE, runner="r3") == 0


def test_a_token_works_for_its_own_subscription_only(tenant):  # type: ignore[no-untyped-def]
    news = make_list(tenant)
    ana = confirmed(news, "ana@example.org")
    ben = confirmed(news, "ben@example.org")
    from django.core import signing

    forged = signing.dumps({"s": ben.pk, "e": ana.email}, salt="groundwork.newsletters.manage")
    Client().post(reverse("newsletters:unsubscribe", args=[forged]))
    confirm_token = ana.get_confirm_url().split("/")[-2]
    Client().post(reverse("newsletters:unsubscribe", args=[confirm_token]))  # wrong salt
    assert Subscription.objects.filter(unsubscribed_at__isnull=False).count() == 0


def test_preferences_change_the_language(tenant):  # type: ignore[no-untyped-def]
    sub = confirmed(make_list(tenant), "ana@example.org")
    client = Client()
    assert client.get(sub.get_preferences_url()).status_code == 200
    client.post(sub.get_preferences_url(), {"language": "es"})
    sub.refresh_from_db()
    assert sub.language == "es"


class Crash(BaseException):
    pass


class CrashingBackend(EmailBackend):
    """Hands over `limit` messages, then the process "dies" while sending the next one."""

    limit = 3

    def send_messages(self, messages):  # type: ignore[no-untyped-def]
        if len(mail.outbox) >= CrashingBackend.limit:
            raise Crash
        return super().send_messages(messages)


def test_a_send_stopped_half_way_resumes_without_sending_anyone_twice(tenant):  # type: ignore[no-untyped-def]
    news = make_list(tenant)
    for n in range(7):
        confirmed(news, f"p{n}@example.org", "es" if n % 2 else "en")
    issue = make_issue(news)
    with (
        override_settings(
            EMAIL_BACKEND="groundwork.newsletters.tests.test_newsletters.CrashingBackend"
        ),
        pytest.raises(Crash),
    ):
        send_issue(issue.pk, base_url=BASE, runner="first", batch=5)
    assert Delivery.objects.filter(status="sent").count() == 3
    assert Delivery.objects.filter(status="claimed").count() == 2  # claimed before sending
    # Another run cannot take the issue while the first run's lease holds ...
    assert send_issue(issue.pk, base_url=BASE, runner="second") == 0
    # ... the same task re-run by the worker resumes at once.
    assert send_issue(issue.pk, base_url=BASE, runner="first", batch=5) == 4
    recipients = [m.to[0] for m in mail.outbox]
    assert sorted(recipients) == sorted(f"p{n}@example.org" for n in range(7))
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT
    assert Delivery.objects.filter(status="sent").count() == 7


def test_the_rate_per_minute_is_kept(tenant):  # type: ignore[no-untyped-def]
    news = make_list(tenant)
    news.rate_per_minute = 2
    news.save()
    for n in range(5):
        confirmed(news, f"p{n}@example.org")
    pauses: list[float] = []
    send_issue(make_issue(news).pk, base_url=BASE, runner="r", sleep=pauses.append)
    assert len(pauses) == 2 and len(mail.outbox) == 5


def test_blocks_fill_with_the_lists_own_news_since_the_last_issue(tenant, other_tenant):  # type: ignore[no-untyped-def]
    for t in (tenant, other_tenant):
        plans.plan_publish(actor=t.coordinator, plan=t.plan)
        plans.progress_post(
            actor=t.coordinator,
            activity=t.activity,
            on_date=timezone.localdate(),
            progress=40,
            status="under_way",
            note=f"Vans bought {t.marker}",
        )
    news = make_list(tenant)
    confirmed(news, "ana@example.org")
    send_issue(
        make_issue(news, blocks=["plan-updates", "new-surveys"]).pk, base_url=BASE, runner="a"
    )
    (message,) = mail.outbox
    assert tenant.marker in message.body and other_tenant.marker not in message.body
    mail.outbox.clear()
    send_issue(make_issue(news, blocks=["plan-updates"]).pk, base_url=BASE, runner="b")
    assert tenant.marker not in mail.outbox[0].body  # already in the previous issue


@override_settings(SITE_URL=BASE)
def test_the_periodic_job_enqueues_due_issues_once(tenant):  # type: ignore[no-untyped-def]
    from django_tasks_db.models import DBTaskResult

    news = make_list(tenant)
    make_issue(news)
    Issue.objects.create(
        mailing_list=news,
        subject_en="Later",
        send_at=timezone.now() + timedelta(days=1),
        status=Issue.Status.SCHEDULED,
    )
    assert newsletters_send_due.call(base_url=BASE) == 1
    assert newsletters_send_due.call(base_url=BASE) == 0
    assert DBTaskResult.objects.filter(task_path__endswith="issue_send").count() == 1


POSTMARK_HARD_BOUNCE = {
    "RecordType": "Bounce",
    "MessageStream": "outbound",
    "ID": 4323372036854775807,
    "Type": "HardBounce",
    "TypeCode": 1,
    "Name": "Hard bounce",
    "Tag": "",
    "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
    "Metadata": {},
    "ServerID": 23,
    "Description": (
        "The server was unable to deliver your message (ex: unknown user, mailbox not found)."
    ),
    "Details": "smtp;550 5.1.1 The email account that you tried to reach does not exist.",
    "Email": "ana@example.org",
    "From": "news@gw.example",
    "BouncedAt": "2026-06-05T16:33:54.9070259Z",
    "DumpAvailable": True,
    "Inactive": True,
    "CanActivate": True,
    "Subject": "June news",
}
POSTMARK_COMPLAINT = {
    **POSTMARK_HARD_BOUNCE,
    "RecordType": "SpamComplaint",
    "ID": 4323372036854775808,
    "Type": "SpamComplaint",
    "TypeCode": 512,
    "Name": "Spam complaint",
    "Description": "The subscriber explicitly marked this message as spam.",
    "Details": "Test spam complaint details",
    "Email": "ben@example.org",
}
POSTMARK_SOFT_BOUNCE = {
    **POSTMARK_HARD_BOUNCE,
    "ID": 4323372036854775809,
    "Type": "SoftBounce",
    "TypeCode": 4096,
    "Name": "Soft bounce/Undeliverable",
    "Description": "Unable to temporarily deliver this email.",
    "Details": "smtp;452 4.2.2 Mailbox full",
    "Email": "cy@example.org",
    "Inactive": False,
}


@override_settings(ANYMAIL={"WEBHOOK_SECRET": "hook:secret"})
def test_a_hard_bounce_or_a_complaint_unsubscribes_a_soft_bounce_does_not(tenant, other_tenant):  # type: ignore[no-untyped-def]
    news = make_list(tenant)
    for email in ("ana@example.org", "ben@example.org", "cy@example.org"):
        confirmed(news, email)
    elsewhere = confirmed(make_list(other_tenant), "ana@example.org")
    auth = "Basic " + base64.b64encode(b"hook:secret").decode()
    client = Client()
    assert client.post(
        "/anymail/postmark/tracking/",
        json.dumps(POSTMARK_HARD_BOUNCE),
        content_type="application/json",
    ).status_code in (400, 401, 403)  # no credentials: refused
    for payload in (POSTMARK_HARD_BOUNCE, POSTMARK_COMPLAINT, POSTMARK_SOFT_BOUNCE):
        path = "/anymail/postmark/tracking/"
        response = client.post(
            path, json.dumps(payload), content_type="application/json", HTTP_AUTHORIZATION=auth
        )
        assert response.status_code == 200
    reasons = dict(
        Subscription.objects.filter(mailing_list=news).values_list("email", "unsubscribe_reason")
    )
    assert reasons == {
        "ana@example.org": "bounce",
        "ben@example.org": "complaint",
        "cy@example.org": "",
    }
    elsewhere.refresh_from_db()
    assert elsewhere.unsubscribe_reason == "bounce"  # the address bounces for every list


def test_managing_pages_are_for_the_lists_coordinators(tenant, other_tenant):  # type: ignore[no-untyped-def]
    news = make_list(tenant)
    issue = Issue.objects.create(mailing_list=news, subject_en="Draft")
    args = [tenant.community.slug, "news"]
    urls = [
        reverse("newsletters:community_lists", args=[tenant.community.slug]),
        reverse("newsletters:community_manage", args=args),
        reverse("newsletters:community_issue_edit", args=[*args, issue.pk]),
    ]
    facilitator = member(tenant.community, Role.FACILITATOR)
    for user in (facilitator, other_tenant.coordinator):
        client = Client()
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 403
        assert (
            client.post(
                reverse("newsletters:community_issue_schedule", args=[*args, issue.pk]), {}
            ).status_code
            == 403
        )
    client = Client()
    client.force_login(tenant.coordinator)
    for url in urls:
        assert client.get(url).status_code == 200
    client.post(
        reverse("newsletters:community_issue_schedule", args=[*args, issue.pk]),
        {"when-send_at": ""},
    )
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SCHEDULED


def test_a_coordinator_writes_previews_tests_and_schedules_an_issue(tenant):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(tenant.coordinator)
    response = client.post(
        reverse("newsletters:community_lists", args=[tenant.community.slug]),
        {
            "name_en": "Peer news",
            "name_es": "Noticias",
            "slug": "peer",
            "description_en": "",
            "description_es": "",
            "rate_per_minute": "600",
        },
    )
    assert response.status_code == 302
    mailing_list = MailingList.objects.get(slug="peer")
    args = [tenant.community.slug, "peer"]
    response = client.post(
        reverse("newsletters:community_manage", args=args),
        {
            "subject_en": "July",
            "subject_es": "Julio",
            "body_en": "Hello",
            "body_es": "Hola",
            "blocks": ["plan-updates"],
        },
    )
    issue = mailing_list.issues.get()
    assert issue.blocks == ["plan-updates"]
    page = client.get(
        reverse("newsletters:community_issue_edit", args=[*args, issue.pk]) + "?preview=es"
    )
    assert "Hola" in page.content.decode()
    client.post(
        reverse("newsletters:community_issue_test", args=[*args, issue.pk]),
        {"test-email": "me@example.org", "test-language": "es"},
    )
    assert mail.outbox[-1].subject.endswith("Julio") and mail.outbox[-1].to == ["me@example.org"]
    when = datetime(2030, 1, 1, 9, 0, tzinfo=UTC)
    client.post(
        reverse("newsletters:community_issue_schedule", args=[*args, issue.pk]),
        {"when-send_at": "2030-01-01T04:00"},
    )
    issue.refresh_from_db()
    assert (issue.status, issue.send_at) == (Issue.Status.SCHEDULED, when)


def test_the_archive_shows_sent_issues_without_personal_links(tenant):  # type: ignore[no-untyped-def]
    news = make_list(tenant)
    confirmed(news, "ana@example.org")
    issue = make_issue(news)
    draft = Issue.objects.create(mailing_list=news, subject_en="Secret draft")
    send_issue(issue.pk, base_url=BASE, runner="r")
    page = Client().get(news.get_absolute_url()).content.decode()
    assert "June news" in page and "Secret draft" not in page
    archive = reverse("newsletters:community_issue", args=[tenant.community.slug, "news", issue.pk])
    body = Client().get(archive).content.decode()
    assert "The clinic bus runs." in body and "/newsletters/unsubscribe/" not in body
    draft_url = reverse(
        "newsletters:community_issue", args=[tenant.community.slug, "news", draft.pk]
    )
    assert Client().get(draft_url).status_code == 404


@pytest.fixture
def smtp_sink():  # type: ignore[no-untyped-def]
    """A local SMTP server (aiosmtpd) that keeps the recipients of the messages it accepted."""
    import socket

    from aiosmtpd.controller import Controller

    received: list[str] = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
            received.extend(envelope.rcpt_tos)
            return "250 OK"

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        EMAIL_USE_TLS=False,
        EMAIL_HOST_USER="",
        EMAIL_HOST_PASSWORD="",
        EMAIL_TIMEOUT=10,
    ):
        yield received
    controller.stop()


def test_through_smtp_a_death_before_the_final_dot_is_resent_once(tenant, smtp_sink):  # type: ignore[no-untyped-def]
    """The process dies while the server has all of a message but its final ".": the server
    drops it, and the resumed send delivers it once; everyone gets the issue once."""
    from groundwork.newsletters import sending

    news = make_list(tenant)
    for n in range(5):
        confirmed(news, f"p{n}@example.org")
    issue = make_issue(news)
    real_mark = sending._mark_sent
    calls = {"n": 0}

    def dies_on_the_third(delivery_id):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 3:
            raise Crash
        real_mark(delivery_id)

    sending._mark_sent = dies_on_the_third
    try:
        with pytest.raises(Crash):
            send_issue(issue.pk, base_url=BASE, runner="first")
    finally:
        sending._mark_sent = real_mark
    assert sorted(smtp_sink) == ["p0@example.org", "p1@example.org"]
    send_issue(issue.pk, base_url=BASE, runner="first")
    assert sorted(smtp_sink) == [f"p{n}@example.org" for n in range(5)]
    assert Delivery.objects.filter(status="sent").count() == 5


def test_requests_nobody_confirmed_in_time_are_removed_in_every_community(  # type: ignore[no-untyped-def]
    tenant, other_tenant, settings
):
    from groundwork.core.models import AuditEvent
    from groundwork.newsletters.tasks import newsletters_prune_unconfirmed

    settings.FOLLOW_CONFIRM_DAYS = 7
    ours, theirs = make_list(tenant), make_list(other_tenant)
    old = timezone.now() - timedelta(days=8)
    fresh = timezone.now() - timedelta(days=2)

    def request(mailing_list, email, when, **extra):  # type: ignore[no-untyped-def]
        sub = Subscription.objects.create(mailing_list=mailing_list, email=email, language="en")
        Subscription.objects.filter(pk=sub.pk).update(
            created_at=when, confirmation_sent_at=when, **extra
        )
        return sub

    request(ours, "never@example.org", old)
    request(theirs, "never@example.org", old)
    request(ours, "recent@example.org", fresh)
    request(ours, "kept@example.org", old, confirmed_at=old)
    request(ours, "stopped@example.org", old, confirmed_at=old, unsubscribed_at=fresh)
    assert newsletters_prune_unconfirmed.call(base_url="") == 2
    left = {(s.mailing_list_id, s.email) for s in Subscription.objects.all()}
    assert left == {
        (ours.pk, "recent@example.org"),
        (ours.pk, "kept@example.org"),
        (ours.pk, "stopped@example.org"),
    }
    expired = AuditEvent.objects.filter(action="newsletter.subscription_expired")
    assert sorted(e.community_id for e in expired) == sorted(
        [tenant.community.pk, other_tenant.community.pk]
    )
    assert newsletters_prune_unconfirmed.call(base_url="") == 0  # twice is harmless
