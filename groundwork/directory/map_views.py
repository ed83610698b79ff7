"""The directory's map pages (a community's and a network's) and their GeoJSON. Thin: find
the communities from the URL, check the rule, read the map's entries with the directory's
search filters, render the list (which is the page without JavaScript) or the GeoJSON."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from groundwork.communities.models import Community, Network
from groundwork.core.permissions import check_perm

from .forms import MapForm
from .map import MapData, map_entries, map_geojson, outline
from .owners import network_owners
from .pages import filter_choices

SUBDOMAINS = ("a", "b", "c")  # what Leaflet puts for "{s}" in a tile URL


def tile_origins() -> list[str]:
    """The origins of the configured tile server (none when none is configured, or when the
    setting is not an http(s) address); a "{s}" in the host stands for a, b and c."""
    url = settings.DIRECTORY_MAP_TILES_URL
    if not url:
        return []
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.netloc:
        return []
    hosts = [parts.netloc]
    if "{s}" in parts.netloc:
        hosts = [parts.netloc.replace("{s}", s) for s in SUBDOMAINS]
    if any(c in host for host in hosts for c in "{}*; '\"\n"):
        return []
    return [f"{parts.scheme}://{host}" for host in hosts]


def allow_tiles(response: HttpResponse) -> HttpResponse:
    """Allow the tile server's images on this response only, and only when one is set."""
    origins = tile_origins()
    if origins:
        response._csp_update = {"img-src": origins}  # type: ignore[attr-defined]
    return response


def _read(request: HttpRequest, communities: Sequence[Community]) -> tuple[MapForm, MapData]:
    """The map's form and entries. ``?outline=1`` asks for the counties only (the pin map of
    the edit forms)."""
    form = MapForm(request.GET or None, choices=filter_choices(communities=communities))
    if form.is_bound:
        form.is_valid()
    show = (form.cleaned_data.get("show") if hasattr(form, "cleaned_data") else "") or ""
    data = map_entries(
        communities=communities, filters=form.filters(), show=show, at=timezone.now()
    )
    return form, data


def _community(request: HttpRequest, slug: str) -> Community:
    community = get_object_or_404(Community.objects.select_related("directory_of"), slug=slug)
    check_perm(request, "directory.view_directory", community)
    return community


def _network(request: HttpRequest, slug: str) -> tuple[Network, list[Community]]:
    """A network's map: its communities the visitor may see (public ones, and their own) and
    the network's own entries (``owners``)."""
    network = get_object_or_404(Network, slug=slug)
    check_perm(request, "communities.view_network", network)
    return network, network_owners(network, request.user)


def _page(request: HttpRequest, context: dict[str, object], data_url: str) -> HttpResponse:
    communities: Sequence[Community] = context["communities"]  # type: ignore[assignment]
    form, data = _read(request, communities)
    query = request.GET.urlencode()
    context.update(
        {
            "form": form,
            "data": data,
            "searched": form.is_bound,
            "data_url": data_url + (f"?{query}" if query else ""),
            "tiles_url": settings.DIRECTORY_MAP_TILES_URL if tile_origins() else "",
            "tiles_attribution": settings.DIRECTORY_MAP_TILES_ATTRIBUTION,
        }
    )
    return allow_tiles(render(request, "directory/map.html", context))


def community_map(request: HttpRequest, slug: str) -> HttpResponse:
    community = _community(request, slug)
    if community.directory_of is not None:  # a network's own entries: its network's map
        query = request.GET.urlencode()
        url = reverse("directory:network_map", args=[community.directory_of.slug])
        return redirect(url + (f"?{query}" if query else ""))
    return _page(
        request,
        {"community": community, "communities": [community], "scope": community.name},
        reverse("directory:map_data", args=[community.slug]),
    )


def network_map(request: HttpRequest, network_slug: str) -> HttpResponse:
    network, communities = _network(request, network_slug)
    return _page(
        request,
        {"network": network, "communities": communities, "scope": network.name},
        reverse("directory:network_map_data", args=[network.slug]),
    )


def _geojson(data: MapData) -> JsonResponse:
    response = JsonResponse(map_geojson(data), content_type="application/geo+json")
    response["Cache-Control"] = "private, max-age=0"
    return response


def community_map_data(request: HttpRequest, slug: str) -> JsonResponse:
    community = _community(request, slug)
    if request.GET.get("outline"):
        return _geojson(outline(community))
    return _geojson(_read(request, [community])[1])


def network_map_data(request: HttpRequest, network_slug: str) -> JsonResponse:
    _network_obj, communities = _network(request, network_slug)
    return _geojson(_read(request, communities)[1])


def tile_context() -> dict[str, str]:
    """What a template with a map needs to know of the tile server (nothing when none)."""
    if not tile_origins():
        return {"map_tiles_url": "", "map_tiles_attribution": ""}
    return {
        "map_tiles_url": settings.DIRECTORY_MAP_TILES_URL,
        "map_tiles_attribution": settings.DIRECTORY_MAP_TILES_ATTRIBUTION,
    }
