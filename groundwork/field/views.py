"""Field mode's pages: the service worker, the web app manifests, the "waiting to send" page
and a fresh CSRF token for sending what waits."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from groundwork.communities.models import Community
from groundwork.core.permissions import check_perm

THEME_COLOR = "#1a4480"  # the mark's blue (groundwork/static/groundwork/favicon.svg)
# The pages the service worker keeps a copy of for offline use (network first): empty forms
# and public pages on the way to them, never lists of what people said.
OFFLINE_PAGES = [
    r"^/$",
    r"^/field/waiting/$",
    r"^/c/[^/]+/$",
    r"^/c/[^/]+/p/[^/]+/$",
    r"^/c/[^/]+/p/[^/]+/answer/$",
    r"^/c/[^/]+/p/[^/]+/capture/$",
    r"^/c/[^/]+/p/[^/]+/thanks/$",
    r"^/s/[^/]+/$",
    r"^/s/[^/]+/thanks/$",
    r"^/c/[^/]+/p/[^/]+/vote/$",
    # Attendance at the door (facilitators): names, so never fetched ahead; kept once opened,
    # and deleted from the device once its sheet is sent (its form's data-field-forget).
    r"^/c/[^/]+/gatherings/\d+/door/$",
    r"^/networks/[^/]+/gatherings/\d+/door/$",
]
# The forms among them (and the waiting page), fetched ahead when a page links to them.
FORM_PAGES = [
    r"^/field/waiting/$",
    r"^/c/[^/]+/p/[^/]+/answer/$",
    r"^/c/[^/]+/p/[^/]+/capture/$",
    r"^/s/[^/]+/$",
    r"^/c/[^/]+/p/[^/]+/vote/$",
]
# Data the offline pages read: the statements a voting page shows next (kept with the pages).
OFFLINE_DATA = [r"^/c/[^/]+/p/[^/]+/vote/ahead\.json$"]
SHELL_SUFFIXES = (".css", ".js", ".woff2", ".svg", ".png")


def _shell_files() -> list[str]:
    """The static files of the shell: ours, htmx, USWDS's stylesheet, fonts and icons."""
    from groundwork.core.staticfiles import VendorFinder

    names = [
        "groundwork/groundwork.css",
        "groundwork/favicon.svg",
        "groundwork/icon.svg",
        "vendor/htmx/htmx.min.js",
        "field/queue.js",
        "field/icon-192.png",
        "field/icon-512.png",
    ]
    vendor = VendorFinder()
    names += sorted(
        path
        for path in vendor.files
        if path.startswith("vendor/uswds/") and path.endswith(SHELL_SUFFIXES)
    )
    return names


@lru_cache(maxsize=1)
def precache_manifest() -> list[dict[str, str]]:
    """Workbox's precache list: each file's URL and a digest of its content (so a new
    release replaces what changed and nothing else)."""
    entries = []
    for name in _shell_files():
        found = finders.find(name)
        if not found:
            continue
        with open(found, "rb") as handle:
            revision = hashlib.md5(handle.read(), usedforsecurity=False).hexdigest()[:16]
        entries.append({"url": static(name), "revision": revision})
    return entries


@lru_cache(maxsize=1)
def _worker_bundle() -> str:
    path = settings.FIELD_BUILD / "sw.js"
    if not path.is_file():
        raise Http404("The service worker is not built (npm run build).")
    return path.read_text(encoding="utf-8")


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """/sw.js: at the root, so that its scope covers every form page."""
    config = {
        "token": reverse("field:token"),
        "static": settings.STATIC_URL,
        "pages": OFFLINE_PAGES,
        "forms": FORM_PAGES,
        "data": OFFLINE_DATA,
    }
    body = (
        f"self.__WB_MANIFEST={json.dumps(precache_manifest())};"
        f"self.GW_FIELD={json.dumps(config)};\n" + _worker_bundle()
    )
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


def _manifest(name: str, short_name: str, start_url: str) -> JsonResponse:
    data = {
        "name": name,
        "short_name": short_name[:12],
        "description": _("Community planning that works in the field, online or not."),
        "start_url": start_url,
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOR,
        "icons": [
            {"src": static("groundwork/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
            {"src": static("field/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {
                "src": static("field/icon-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "any maskable",
            },
        ],
    }
    response = JsonResponse(data, content_type="application/manifest+json")
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    return _manifest("Groundwork", "Groundwork", reverse("core:home"))


@require_GET
def community_manifest(request: HttpRequest, slug: str) -> JsonResponse:
    """A community's app: it opens on the community's page."""
    community = get_object_or_404(Community, slug=slug)
    check_perm(request, "communities.view_community", community)
    return _manifest(f"{community.name} · Groundwork", community.name, community.get_absolute_url())


@never_cache
def waiting(request: HttpRequest) -> HttpResponse:
    """What this device keeps to send: drawn by the page's script from the device itself."""
    return render(request, "field/waiting.html")


@never_cache
@require_GET
def token(request: HttpRequest) -> JsonResponse:
    """A CSRF token for sending what waits (the copy in a page kept offline may be stale)."""
    return JsonResponse({"csrf": get_token(request)})
