"""The server's side of the offline queue (groundwork/field/frontend/store.js).

A submission kept on a device while offline is sent later as the same form post with the
header ``X-Groundwork-Queue: 1``, the form's own idempotency key, and two more fields: when it
was captured (``field_captured_at``) and a random label of the device (``field_device``).
`queueable` answers such a post in JSON instead of a page: ``{"status": "stored"}`` when the
view stored it (it redirected), ``{"status": "rejected", "message": ...}`` with status 422 when
the view showed the form again with errors (or refused it, e.g. a closed process); anything
else (not signed in, a CSRF failure, rate limited, the server down) is left as it is and the
device keeps the submission to try again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from html.parser import HTMLParser
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

HEADER = "HTTP_X_GROUNDWORK_QUEUE"
MAX_DEVICE_LENGTH = 40


def from_queue(request: HttpRequest) -> bool:
    return request.method == "POST" and request.META.get(HEADER) == "1"


def captured(request: HttpRequest) -> tuple[dt.datetime | None, str]:
    """When and on which device a queued submission was captured (None, "" for a live one).

    A capture time in the future (a device's clock ahead) counts as now."""
    if not from_queue(request):
        return None, ""
    from django.utils import timezone

    when = parse_datetime(request.POST.get("field_captured_at", "") or "")
    if when is not None and timezone.is_naive(when):
        when = None
    if when is not None:
        when = min(when, timezone.now())
    device = "".join(
        c for c in request.POST.get("field_device", "")[:MAX_DEVICE_LENGTH] if c.isalnum()
    )
    return when, device


class _ErrorText(HTMLParser):
    """The errors a page shows: its error alerts (usa-alert--error) and each field's error
    (usa-error-message, after the field's label); else its first heading."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0  # > 0 inside an error alert
        self.span = False  # inside a field's error message
        self.label: list[str] | None = None  # the text of the label being read
        self.last_label = ""
        self.heading = False
        self.alerts: list[str] = []
        self.fields: list[str] = []
        self.first_heading: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if self.depth:
            if tag == "div":
                self.depth += 1
            if tag == "p":
                self.alerts.append("")
        elif tag == "div" and "usa-alert--error" in classes:
            self.depth = 1
        elif "usa-error-message" in classes:
            self.span = True
            self.fields.append(f"{self.last_label}: " if self.last_label else "")
        elif tag in ("label", "legend"):
            self.label = []
        elif tag == "h1" and not self.first_heading:
            self.heading = True

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag == "div":
            self.depth -= 1
        if tag == "span":
            self.span = False
        if tag in ("label", "legend") and self.label is not None:
            self.last_label = " ".join("".join(self.label).split())
            self.label = None
        if tag == "h1":
            self.heading = False

    def handle_data(self, data: str) -> None:
        if self.depth and self.alerts:
            self.alerts[-1] += data
        elif self.span and self.fields:
            self.fields[-1] += data
        elif self.label is not None:
            self.label.append(data)
        elif self.heading:
            self.first_heading.append(data)

    def message(self) -> str:
        found = [" ".join(e.split()) for e in self.alerts + self.fields if e.strip()]
        if found:
            return " ".join(found)
        return " ".join("".join(self.first_heading).split())


def rejection_message(html: str) -> str:
    parser = _ErrorText()
    parser.feed(html)
    return parser.message() or _("The server did not accept this submission.")


def queueable(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Answer posts from the offline queue in JSON (see the module's description)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not from_queue(request):
            return view(request, *args, **kwargs)
        response = view(request, *args, **kwargs)
        notes = [str(m) for m in messages.get_messages(request)]  # shown here, not later
        if 300 <= response.status_code < 400:
            answer = JsonResponse({"status": "stored", "messages": notes})
        elif response.status_code in (200, 400, 409, 422) and not getattr(
            response, "streaming", False
        ):
            text = response.content.decode(response.charset or "utf-8", "replace")
            answer = JsonResponse(
                {"status": "rejected", "message": rejection_message(text)}, status=422
            )
        else:
            return response
        answer.cookies = response.cookies  # e.g. a new participant's cookie
        answer["Cache-Control"] = "no-store"
        return answer

    return wrapped
