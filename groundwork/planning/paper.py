"""Photos of paper form pages attached to the batch of answers typed from them (field mode)."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from groundwork.core.errors import ApplicationError
from groundwork.core.photos import photo_clean, photo_response
from groundwork.core.services import audit_record

from .models import CapturePhoto, Contribution, Process
from .participants import process_for_request


def paper_photo_attach(
    *, actor: Any, process: Process, idempotency_key: str, upload: Any
) -> CapturePhoto:
    """Keep the photo (JPEG, PNG or WebP, at most 5 MB, re-encoded without its metadata) with
    the answers typed from it; a retry of the same batch keeps the first photo."""
    if not actor.has_perm("planning.capture", process):
        raise ApplicationError(
            _("Only facilitators record answers from gatherings and paper forms.")
        )
    if not Contribution.objects.filter(process=process, idempotency_key=idempotency_key).exists():
        raise ApplicationError(_("Attach the photo to answers typed from it."), field="photo")
    existing = CapturePhoto.objects.filter(process=process, idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    try:
        image = photo_clean(upload)
    except ApplicationError as error:
        raise ApplicationError(error.message, field="photo") from error
    photo = CapturePhoto(
        community=process.community,
        process=process,
        idempotency_key=idempotency_key,
        uploaded_by=actor if actor.is_authenticated else None,
    )
    photo.image.save(image.name, image, save=False)
    photo.save()
    audit_record(
        action="capture_photo.attached",
        actor=actor,
        community=process.community,
        target=process,
        details={"photo": photo.pk},
    )
    return photo


def photos_by_key(process: Process, keys: set[str]) -> dict[str, CapturePhoto]:
    found = CapturePhoto.objects.filter(process=process, idempotency_key__in=keys)
    return {p.idempotency_key: p for p in found}


def paper_photo(request: HttpRequest, slug: str, process_slug: str, photo_id: int) -> HttpResponse:
    """A photo of a paper form page, for the community's members; every view is audited."""
    process = process_for_request(request, slug, process_slug, "planning.view_paper_photos")
    photo = get_object_or_404(CapturePhoto, process=process, pk=photo_id)
    response = photo_response(photo.image, cache="private, no-store")
    audit_record(
        action="capture_photo.viewed",
        actor=request.user,
        community=process.community,
        target=process,
        details={"photo": photo.pk},
    )
    return response
