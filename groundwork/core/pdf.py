"""Printable documents rendered with WeasyPrint from templates. Nothing is fetched from the
network: the only resources a document may use are Groundwork's own static files, read from
disk, and the system's fonts."""

import mimetypes
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string


def _static_path(url: str) -> str | None:
    path = urlsplit(url).path
    if not path.startswith(settings.STATIC_URL):
        return None
    found = finders.find(path[len(settings.STATIC_URL) :])
    return found if isinstance(found, str) else None


def _fetcher() -> Any:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesOnly(URLFetcher):  # type: ignore[misc]
        """Serves /static/… from disk and refuses every other address."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            path = _static_path(url)
            if path is None:
                raise ValueError(f"Not fetched: {url}")
            with open(path, "rb") as handle:
                body = handle.read()
            kind = mimetypes.guess_type(path)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=body, headers={"Content-Type": kind})

    return StaticFilesOnly()


def render_pdf(template: str, context: dict[str, Any], *, stylesheets: Sequence[str] = ()) -> bytes:
    """Render a template to PDF. ``stylesheets`` are paths of static files (e.g.
    "groundwork/guide-print.css") applied on top of the document's own styles."""
    return html_to_pdf(render_to_string(template, context), stylesheets=stylesheets)


def html_to_pdf(html: str, *, stylesheets: Sequence[str] = ()) -> bytes:
    """An HTML document (rendered already, e.g. to name the stored file by its content) as
    PDF, with ``stylesheets`` as in ``render_pdf``."""
    from weasyprint import CSS, HTML  # imported lazily: Pango loads only when a PDF is asked for

    fetcher = _fetcher()
    sheets = []
    for name in stylesheets:
        path = finders.find(name)
        if not isinstance(path, str):
            raise FileNotFoundError(name)
        sheets.append(CSS(filename=path, url_fetcher=fetcher))
    document = HTML(string=html, base_url="http://localhost/", url_fetcher=fetcher)
    return document.write_pdf(stylesheets=sheets)  # type: ignore[no-any-return]


def pdf_response(pdf: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
