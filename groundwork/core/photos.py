"""Photos people upload (progress updates, paper forms, gatherings): checked, re-encoded
without their metadata, and served only through views that check who may see them."""

from typing import Any

from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

from groundwork.core.errors import ApplicationError

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


PHOTO_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


def photo_response(image: Any, *, cache: str = "private, max-age=3600") -> FileResponse:
    """The stored photo as a response of its own type, never sniffed as something else; a file
    missing from storage is a 404."""
    try:
        handle = image.open("rb")
    except OSError as error:
        raise Http404 from error
    response = FileResponse(handle, content_type=PHOTO_TYPES.get(image.name.rsplit(".")[-1]))
    response["Cache-Control"] = cache
    response["X-Content-Type-Options"] = "nosniff"
    return response
