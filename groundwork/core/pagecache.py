"""Rendered public pages kept in Django's cache for anonymous visitors.

A page is kept under its path and query, the language, whether htmx asked for it, the
viewer's role class and the generations of what it shows (groundwork.core.generations):
the community's, or the network's. Only a visitor who is nobody in particular is served from
the cache or adds to it: no session, no participant cookie, no pending message; anyone else
gets the page rendered for them, so member-only content never enters the cache.

No page in the cache holds a CSRF token: templates render ``CSRF_PLACEHOLDER`` (the context
processor below) and ``CsrfPlaceholderMiddleware`` writes the visitor's own token in its
place in every response, cached or not.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.translation import get_language

from . import generations

CSRF_PLACEHOLDER = "gw-csrf-placeholder-4f1c9a"
_PLACEHOLDER = CSRF_PLACEHOLDER.encode()
SECONDS = 5 * 60  # pages that say "3 days ago" or "open now" are at most this far behind
ROLE_ANONYMOUS = "anonymous"
# Headers a cached response keeps besides its type (a calendar file's name; a stored PDF's
# validators, so that a reader who has it gets 304 Not Modified from the cache too).
KEPT_HEADERS = ("Content-Disposition", "ETag", "Last-Modified", "Cache-Control")


def csrf_placeholder(request: HttpRequest) -> dict[str, str]:
    """A context processor, after Django's own: templates render the placeholder."""
    return {"csrf_token": CSRF_PLACEHOLDER}


class CsrfPlaceholderMiddleware:
    """Writes the visitor's CSRF token where a template put the placeholder (placed after
    CsrfViewMiddleware, so that the cookie of a new token is set on the way out)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not response.streaming and _PLACEHOLDER in response.content:
            response.content = response.content.replace(_PLACEHOLDER, get_token(request).encode())
        return response


def anonymous_visitor(request: HttpRequest) -> bool:
    """Nobody in particular: only the CSRF and language cookies, a GET or HEAD."""
    allowed = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
    return request.method in ("GET", "HEAD") and set(request.COOKIES) <= allowed


def _key(request: HttpRequest, values: tuple[int, ...]) -> str:
    where = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    htmx = request.headers.get("HX-Request") == "true"
    target = request.headers.get("HX-Target", "") if htmx else ""
    gens = ".".join(str(v) for v in values)
    return f"page:{ROLE_ANONYMOUS}:{get_language()}:{int(htmx)}:{target}:{where}:{gens}"


def public_page(
    keys: Callable[..., Iterable[str]],
    *,
    seconds: int = SECONDS,
    skip: Callable[[HttpRequest], bool] | None = None,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Keep a view's 200 responses to anonymous visitors in the cache; ``keys(**kwargs)`` are
    the generation keys of what the page shows (from the URL's arguments)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not anonymous_visitor(request) or (skip is not None and skip(request)):
                return view(request, *args, **kwargs)
            key = _key(request, generations.current(keys(**kwargs)))
            if (hit := cache.get(key)) is not None:
                kept = hit.get("headers", {})
                response = HttpResponse(hit["body"], content_type=hit["type"])
                for header, value in kept.items():
                    response[header] = value
                if "ETag" in kept:  # a reader who has it: 304 Not Modified, as the view answers
                    response = get_conditional_response(
                        request, etag=kept["ETag"], response=response
                    )
                response["X-Page-Cache"] = "hit"
                patch_vary_headers(response, ("Cookie",))
                return response
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            queued = getattr(getattr(request, "_messages", None), "_queued_messages", None)
            if (
                response.status_code == 200
                and not response.streaming
                and not response.cookies
                and not queued
                and not {"private", "no-store"} & _directives(response)
            ):
                kept = {h: response[h] for h in KEPT_HEADERS if response.has_header(h)}
                cache.set(
                    key,
                    {"body": response.content, "type": response["Content-Type"], "headers": kept},
                    seconds,
                )
                response["X-Page-Cache"] = "miss"
            patch_vary_headers(response, ("Cookie",))
            return response

        return wrapped

    return decorator


def _directives(response: HttpResponse) -> set[str]:
    """The Cache-Control directives of a response, without their values."""
    return {
        part.split("=")[0].strip().lower()
        for part in response.get("Cache-Control", "").split(",")
        if part.strip()
    }


def community_keys(slug: str, **_: Any) -> list[str]:
    return [generations.community_key(slug)]


def network_keys(network_slug: str, **_: Any) -> list[str]:
    return [generations.network_key(network_slug)]


def owner_keys(slug: str | None = None, network_slug: str | None = None, **_: Any) -> list[str]:
    """Pages one view serves for a community (``slug``) or a network (``network_slug``)."""
    if network_slug is not None:
        return [generations.network_key(network_slug)]
    return [generations.community_key(str(slug))]


def directory_keys(slug: str, **_: Any) -> list[str]:
    """A write to the community whose directory this one shows (``directory_of``) bumps this
    community's generation too (groundwork.core.generations.keys_for)."""
    return [generations.community_key(slug)]
