"""E-mail digests of a plan's progress updates to the people who follow it."""

from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from .models import Follow, Plan, PlanVersion
from .selectors import latest_version, timeline

DIGEST_MAX_UPDATES = 50


def _send_one(
    follow_id: int, version: PlanVersion, since: datetime, until: datetime, base_url: str
) -> bool:
    """One confirmed follower's digest: the updates, to the activities of the published
    ``version``, after both `since` and what they were last sent (or when they confirmed), up
    to `until`. The time is recorded in the same transaction, so a second run sends nothing and
    a failed send is tried again next time."""
    with transaction.atomic():
        follow = (
            Follow.objects.select_for_update(of=("self",))  # lock the follow, not the plan
            .select_related("mailing_list__plan__process__community", "user")
            # nothing before confirmation, nothing after unsubscribing
            .filter(pk=follow_id, confirmed_at__isnull=False, unsubscribed_at__isnull=True)
            .first()
        )
        if follow is None:
            return False
        plan = follow.plan
        viewer = follow.user or AnonymousUser()
        if not viewer.has_perm("plans.view_plan", plan):
            return False  # the process is no longer public (or they left the community)
        floor = max(since, follow.last_digest_at or follow.confirmed_at)
        # Only the activities in the published plan: a draft activity's updates stay out.
        updates = list(
            timeline(plan, version=version)
            .filter(created_at__gt=floor, created_at__lte=until)
            .order_by("activity__title", "-on_date", "-id")[:DIGEST_MAX_UPDATES]
        )
        if not updates:
            return False
        process = plan.process
        root = base_url.rstrip("/")
        with translation.override(follow.language):
            context = {
                "plan": plan,
                "community": process.community,
                "updates": updates,
                "plan_url": root + plan.get_absolute_url(),
                "timeline_url": root
                + reverse("plans:timeline", args=[process.community.slug, process.slug]),
                "unsubscribe_url": root + follow.get_unsubscribe_url(),
            }
            subject = render_to_string("plans/email/digest_subject.txt", context).strip()
            body = render_to_string("plans/email/digest.txt", context)
        message = EmailMessage(
            subject,
            body,
            to=[follow.email],
            headers={
                "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        message.send()
        Follow.objects.filter(pk=follow.pk).update(last_digest_at=until)
        return True


@task()
def plan_digest_send(*, plan_id: int, since_iso: str, base_url: str = "") -> int:
    """E-mail every follower of a plan the progress updates posted since `since_iso` that they
    were not sent yet, in their language. Safe to run twice. Returns how many were sent."""
    plan = Plan.objects.filter(pk=plan_id).first()
    if plan is None:
        return 0
    since = datetime.fromisoformat(since_iso)
    if timezone.is_naive(since):
        since = timezone.make_aware(since)
    until = timezone.now()
    version = latest_version(plan, with_snapshot=False)  # once for every follower
    if version is None:
        return 0
    sent = 0
    confirmed = plan.follows.filter(
        confirmed_at__isnull=False, unsubscribed_at__isnull=True
    ).order_by("pk")
    for follow_id in confirmed.values_list("pk", flat=True):
        sent += _send_one(follow_id, version, since, until, base_url)
    return sent


def plan_digests_enqueue_due(base_url: str) -> tuple[int, int]:
    """Enqueue the digest of every plan with progress updates its confirmed followers were not
    sent yet, and remove follow requests nobody confirmed in time. Returns (enqueued, removed)."""
    from django.db.models import F, Min
    from django.db.models.functions import Coalesce

    from .models import ProgressUpdate
    from .services import follow_prune_unconfirmed

    expired = follow_prune_unconfirmed()
    # Per plan, the oldest point a confirmed follower has not been sent updates after.
    oldest = (
        Follow.objects.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)
        .values(plan_id=F("mailing_list__plan_id"))
        .annotate(since=Min(Coalesce(F("last_digest_at"), F("confirmed_at"))))
        .order_by("plan_id")
    )
    enqueued = 0
    for row in oldest:
        if ProgressUpdate.objects.filter(
            activity__plan_id=row["plan_id"], created_at__gt=row["since"]
        ).exists():
            plan_digest_send.enqueue(
                plan_id=row["plan_id"], since_iso=row["since"].isoformat(), base_url=base_url
            )
            enqueued += 1
    return enqueued, expired


@task()
def plan_digests_due(*, base_url: str = "") -> int:
    """The periodic job (settings.SCHEDULED_JOBS["plan-digests"]): enqueue the digests due."""
    if not base_url:
        return 0
    enqueued, _expired = plan_digests_enqueue_due(base_url)
    return enqueued


@task()
def plan_pdfs_render(plan_id: int) -> int:
    """Render and store the latest published version's PDF in every language (after a version
    is published or progress posted), so that readers are served a stored file."""
    from django.conf import settings

    from .pdfs import store_latest

    plan = Plan.objects.select_related("process__community").filter(pk=plan_id).first()
    if plan is None:
        return 0
    return store_latest(plan, [code for code, _name in settings.LANGUAGES])


def queue_plan_pdfs(plan: Plan) -> None:
    """After the transaction commits: the worker renders the plan's PDFs."""
    plan_id = plan.pk
    transaction.on_commit(lambda: plan_pdfs_render.enqueue(plan_id=plan_id))
