"""Rendered PDFs kept as files (Django's default storage, under ``pdfs/``), named by what
they show: a request serves the stored file with an ETag and Last-Modified (and 304 Not
Modified when the reader already has it), or renders it once and stores it when there is
none yet. The background worker renders them when their content changes (a plan version
published, progress posted, a landscape report regenerated), so readers seldom wait."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from .pdf import pdf_response

PREFIX = "pdfs"
# Part of every name: raise it when a PDF template changes, so files made before are not served.
TEMPLATES_VERSION = "2"


def _digest(key: str) -> str:
    return hashlib.sha256(f"{TEMPLATES_VERSION}:{key}".encode()).hexdigest()[:40]


def name_for(key: str) -> str:
    return f"{PREFIX}/{_digest(key)}.pdf"


def store(key: str, render: Callable[[], bytes]) -> bool:
    """Render and keep the PDF of ``key`` unless it is kept already; whether it rendered."""
    name = name_for(key)
    if default_storage.exists(name):
        return False
    pdf = render()
    if not default_storage.exists(name):  # another process may have stored it meanwhile
        default_storage.save(name, ContentFile(pdf))
    return True


def serve(
    request: HttpRequest, key: str, render: Callable[[], bytes], filename: str
) -> HttpResponse:
    """The stored PDF of ``key`` (rendered and stored first if there is none)."""
    etag = f'"{_digest(key)}"'
    if (answered := get_conditional_response(request, etag=etag)) is not None:
        answered["ETag"] = etag  # 304 Not Modified when the reader has it
        return answered
    name = name_for(key)
    try:
        with default_storage.open(name, "rb") as handle:
            pdf = handle.read()
        modified = default_storage.get_modified_time(name)
    except (FileNotFoundError, OSError):
        pdf = render()
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(pdf))
        modified = datetime.now(UTC)
    response = pdf_response(pdf, filename)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(modified.timestamp())
    response["Cache-Control"] = "no-cache"  # kept by the browser, asked again with its ETag
    return response
