"""Requests whose form or query string is not UTF-8, or holds a NUL character, are refused
before Django decodes them: Django would silently turn the bad bytes into U+FFFD (�) and the
answer would be stored changed, and PostgreSQL refuses NUL in text (the request would fail
half-way). The visitor gets a 400 page that says what went wrong (an API caller, JSON), and
nothing is stored. The API refuses a JSON body with a NUL in one of its strings the same way
(``json_holds_nul``), once the caller is known."""

import json
from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

FORM_TYPE = "application/x-www-form-urlencoded"


def is_utf8_urlencoded(raw: bytes) -> bool:
    """True when every name and value of an application/x-www-form-urlencoded string decodes
    as UTF-8 once its %-escapes are undone, and none holds a NUL character."""
    try:
        text = unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return "\x00" not in text


def json_holds_nul(raw: bytes) -> bool:
    """True when a JSON document has a NUL character in one of its strings or names (JSON
    can only carry it escaped, as ``\\u0000``). A body that is not JSON is left to its parser."""
    if b"\\u0000" not in raw:
        return False
    try:
        stack = [json.loads(raw)]
    except (ValueError, RecursionError):
        return False
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


class Utf8FormMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # WSGI hands the query string over as latin-1 text: its bytes are the raw ones.
        query = request.META.get("QUERY_STRING", "").encode("latin-1", errors="replace")
        content_type = request.META.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
        bad = not is_utf8_urlencoded(query)
        if not bad and request.method not in ("GET", "HEAD") and content_type == FORM_TYPE:
            bad = not is_utf8_urlencoded(request.body)
        if bad:
            if request.path.startswith("/api/"):
                message = _("The query or form sent is not valid text (UTF-8, without NUL).")
                return JsonResponse({"detail": message}, status=400)
            return render(request, "400_encoding.html", status=400)
        return self.get_response(request)
