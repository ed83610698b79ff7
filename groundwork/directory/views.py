"""The directory's public pages: search a community's (or a network's) services, a service's
page, and its one-page handout. Thin: find the community from the URL, check the rule, call
the search selector and the page reads, render."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from groundwork.communities.models import Community, Network
from groundwork.core.pagecache import directory_keys, network_keys, public_page
from groundwork.core.pdf import pdf_response, render_pdf
from groundwork.core.permissions import check_perm

from .forms import DirectorySearchForm
from .models import Service
from .owners import network_owners, open_own_directory
from .pages import filter_choices, listings, service_page
from .search import LISTED_STATUSES, service_search

HANDOUT_CSS = "directory/handout-print.css"
HANDOUT_LANGUAGES = ("en", "es")


def _community(request: HttpRequest, slug: str) -> Community:
    community = get_object_or_404(Community.objects.select_related("directory_of"), slug=slug)
    check_perm(request, "directory.view_directory", community)
    return community


def _page_number(request: HttpRequest) -> int:
    try:
        return max(int(request.GET.get("page", "1")), 1)
    except ValueError:
        return 1


def _search(request: HttpRequest, communities: Sequence[Community]) -> dict[str, object]:
    form = DirectorySearchForm(request.GET or None, choices=filter_choices(communities=communities))
    if form.is_bound:
        form.is_valid()
    filters = form.filters()
    at = timezone.now()
    page = service_search(
        communities=communities, filters=filters, page=_page_number(request), at=at
    )
    keep = request.GET.copy()
    keep.pop("page", None)
    return {
        "form": form,
        "filters": filters,
        "results": page,
        "rows": listings(page=page, communities=communities, at=at),
        "query": keep.urlencode(),
        "searched": form.is_bound,
    }


# Rows say when each service opens next: a kept page is at most a minute behind.
DIRECTORY_SECONDS = 60


def _open_now(request: HttpRequest) -> bool:
    return bool(request.GET.get("open_now"))


@public_page(directory_keys, seconds=DIRECTORY_SECONDS, skip=_open_now)
def community_directory(request: HttpRequest, slug: str) -> HttpResponse:
    community = _community(request, slug)
    if community.directory_of is not None:  # a network's own entries: its network's directory
        query = request.GET.urlencode()
        return redirect(community.get_absolute_url() + (f"?{query}" if query else ""))
    context = _search(request, [community])
    context.update({"community": community, "scope": community.name})
    return render(request, "directory/search.html", context)


@public_page(network_keys, seconds=DIRECTORY_SECONDS, skip=_open_now)
def network_directory(request: HttpRequest, network_slug: str) -> HttpResponse:
    """The union of the directories of the network's communities that the visitor may see
    (public ones, and their own) and of the network's own entries (``owners``)."""
    network = get_object_or_404(Network, slug=network_slug)
    check_perm(request, "communities.view_network", network)
    communities = network_owners(network, request.user)
    regions = list(network.regions.order_by("name", "pk"))
    region = next((r for r in regions if r.slug == request.GET.get("region")), None)
    if region is not None:  # the region's coalitions, and the network's own entries
        communities = [c for c in communities if c.directory_of_id or c.region_id == region.pk]
    context = _search(request, communities)
    context.update(
        {
            "regions": regions,
            "region": region,
            "network": network,
            "communities": communities,
            "scope": network.name,
            "own_directory": next((c for c in communities if c.directory_of_id), None),
            "can_manage_network": request.user.has_perm("communities.manage_network", network),
        }
    )
    return render(request, "directory/search.html", context)


@require_POST
def network_manage(request: HttpRequest, network_slug: str) -> HttpResponse:
    """The stewards' way in to the network's own entries: opens its directory on first use
    (POST: it may create it) and goes to its management page."""
    network = get_object_or_404(Network, slug=network_slug)
    check_perm(request, "communities.manage_network", network)
    owner = open_own_directory(actor=request.user, network=network)
    return redirect("directory_edit:manage", owner.slug)


def _service(community: Community, service_id: uuid.UUID) -> Service:
    return get_object_or_404(
        Service, community=community, hsds_id=service_id, status__in=LISTED_STATUSES
    )


def service_detail(request: HttpRequest, slug: str, service_id: uuid.UUID) -> HttpResponse:
    community = _community(request, slug)
    service = _service(community, service_id)
    return render(
        request,
        "directory/service.html",
        {
            "community": community,
            "page": service_page(community=community, service=service),
            "handout_languages": HANDOUT_LANGUAGES,
        },
    )


def service_handout(
    request: HttpRequest, slug: str, service_id: uuid.UUID, language: str
) -> HttpResponse:
    """The service on one printed page, in English or Spanish whatever the page's language."""
    if language not in HANDOUT_LANGUAGES:
        raise Http404
    community = _community(request, slug)
    service = _service(community, service_id)
    with translation.override(language):
        page = service_page(community=community, service=service)
        pdf = render_pdf(
            "directory/pdf/handout.html",
            {
                "community": community,
                "page": page,
                "language": language,
                "printed": timezone.localdate(),
                "link": request.build_absolute_uri(
                    reverse("directory:service", args=[community.slug, service.hsds_id])
                ),
            },
            stylesheets=[HANDOUT_CSS],
        )
    name = slugify(service.name)[:50] or "service"
    return pdf_response(pdf, f"{community.slug}-{name}-{language}.pdf", inline=False)
