"""Rendered fragments of signed-in pages kept in Django's cache (the facilitator pages).

A fragment is kept under its name, the page's path and query, whether htmx asked for it, the
language, the time zone, the viewer's role class and the generations of what it shows
(groundwork.core.generations): any write to the community is visible on the next request.
The role class is what the view says the fragment depends on besides the rows, as a short
string (``role_class``: the viewer's role in the community and the permissions that change
what it shows): two people with
the same permissions on the same object see the same fragment, so a fragment must not show
anything of the viewer's own (name, own answers, messages). A fragment holds no CSRF token:
templates render ``pagecache.CSRF_PLACEHOLDER`` and ``CsrfPlaceholderMiddleware`` writes the
viewer's own token in its place on the way out.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import get_current_timezone_name
from django.utils.translation import get_language

from . import generations
from .pagecache import SECONDS


def role_class(user: Any, community: Any, **permissions: bool) -> str:
    """The viewer's role in the community, whether they are site staff or a superuser, and
    the permissions the view names: ``role=coordinator,staff=0,super=0,moderate=1``. What the
    rules let a viewer see of a community follows from these (a member's role, staff, the
    rows' own state, which the generations cover)."""
    from groundwork.communities.rules import role_in

    parts = {
        "role": role_in(user, community) or "-",
        "staff": int(bool(getattr(user, "is_staff", False))),
        "super": int(bool(getattr(user, "is_superuser", False))),
        **{name: int(bool(value)) for name, value in permissions.items()},
    }
    return ",".join(f"{name}={value}" for name, value in parts.items())


def fragment(
    request: HttpRequest,
    name: str,
    *,
    keys: Iterable[str],
    role: str,
    render: Callable[[], str],
    seconds: int = SECONDS,
) -> SafeString:
    """The HTML ``render()`` makes, from the cache when the same fragment was rendered for the
    same role class since the last write to what ``keys`` name."""
    where = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    htmx = request.headers.get("HX-Request") == "true"
    target = request.headers.get("HX-Target", "") if htmx else ""
    gens = ".".join(str(v) for v in generations.current(keys))
    key = (
        f"fragment:{name}:{role}:{get_language()}:{get_current_timezone_name()}:"
        f"{int(htmx)}:{target}:{where}:{gens}"
    )
    if (hit := cache.get(key)) is not None:
        return mark_safe(hit)  # noqa: S308 - HTML this module rendered and stored
    html = str(render())
    cache.set(key, html, seconds)
    return mark_safe(html)  # noqa: S308 - rendered by a template just now
