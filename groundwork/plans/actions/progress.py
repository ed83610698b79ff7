"""Progress on an activity, with a photo."""

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groundwork.core.errors import ApplicationError
from groundwork.core.services import audit_record
from groundwork.core.text import clean_text

from ..models import (
    Activity,
    ActivityStatus,
    ProgressUpdate,
)
from ..tasks import queue_plan_pdfs
from .common import _require

MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_PHOTO_PIXELS = 40_000_000
PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def photo_clean(upload: Any) -> Any:
    """A JPEG, PNG or WebP of at most 5 MB, re-encoded without its metadata (a phone's photo
    says where it was taken) under a random name; anything else is refused."""
    import io
    import uuid

    from django.core.files.base import ContentFile
    from PIL import Image, ImageOps

    refused = ApplicationError(_("Send a JPEG, PNG or WebP photo."), field="photo")
    if upload.size > MAX_PHOTO_BYTES:
        raise ApplicationError(_("The photo is larger than 5 MB."), field="photo")
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            kind = probe.format
            if probe.width * probe.height > MAX_PHOTO_PIXELS:
                raise refused
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
            picture = ImageOps.exif_transpose(image)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as error:
        raise refused from error
    if kind not in PHOTO_FORMATS:
        raise refused
    if kind == "JPEG" and picture.mode not in ("RGB", "L"):
        picture = picture.convert("RGB")
    out = io.BytesIO()
    picture.save(out, format=kind, **({"quality": 85} if kind != "PNG" else {}))
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.{PHOTO_FORMATS[kind]}")


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
        activity.progress = progress
        activity.status = status
        activity.full_clean()
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
