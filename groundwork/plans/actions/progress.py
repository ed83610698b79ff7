"""Progress on an activity, with a photo."""

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groundwork.core.errors import ApplicationError
from groundwork.core.photos import photo_clean
from groundwork.core.services import audit_record
from groundwork.core.text import clean_text

from ..models import (
    Activity,
    ActivityStatus,
    ProgressUpdate,
)
from ..tasks import queue_plan_pdfs
from .common import _require


@transaction.atomic
def progress_post(
    *,
    actor: Any,
    activity: Activity,
    on_date: date,
    progress: int,
    status: str,
    note: str,
    photo: Any = None,
) -> ProgressUpdate:
    """Record what happened on an activity (with a photo, optionally) and carry its progress
    and status over to it."""
    plan = activity.plan
    _require(actor, "plans.post_progress", plan)
    if on_date > timezone.localdate():
        raise ApplicationError(_("The date of an update cannot be in the future."), field="on_date")
    if not 0 <= progress <= 100:
        raise ApplicationError(_("Progress is a percentage from 0 to 100."), field="progress")
    if status == ActivityStatus.DONE:
        progress = 100
    update = ProgressUpdate(
        community=plan.community,
        activity=activity,
        on_date=on_date,
        progress=progress,
        status=status,
        note=clean_text(note),
        author=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if photo:
        update.photo = photo_clean(photo)
    update.full_clean()
    update.save()
    latest = activity.updates.order_by("-on_date", "-id").first()
    if latest is not None and latest.pk == update.pk:
        # The two values were validated on the update, whose fields are the activity's; the
        # activity's other fields are not touched, so a problem there (a description made too
        # long by an import) must not refuse a record of what happened.
        activity.progress = progress
        activity.status = status
        activity.save(update_fields=["progress", "status", "updated_at"])
    audit_record(
        community=plan.community,
        actor=actor,
        action="plan.progress_posted",
        target=activity,
        details={"progress": progress, "status": status, "on_date": on_date.isoformat()},
    )
    queue_plan_pdfs(plan)
    return update
