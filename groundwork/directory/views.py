"""The directory's public pages: search a community's (or a network's) services, a service's
page, and its one-page handout. Thin: find the community from the URL, check the rule, call
the search selector and the page reads, render."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify

from groundwork.communities.models import Community, Network
from groundwork.core.pdf import pdf_response, render_pdf
from groundwork.core.permissions import check_perm

from .forms import DirectorySearchForm
from .models import Service
from .pages import filter_choices, listings, service_page
from .search import LISTED_STATUSES, service_search

HANDOUT_CSS = "directory/handout-print.css"
HANDOUT_LANGUAGES = ("en", "es")


def _community(request: HttpRequest, slug: str) -> Community:
    community = get_object_or_404(Community, slug=slug)
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


def community_directory(request: HttpRequest, slug: str) -> HttpResponse:
    community = _community(request, slug)
    context = _search(request, [community])
    context.update({"community": community, "scope": community.name})
    return render(request, "directory/search.html", context)


def network_directory(request: HttpRequest, network_slug: str) -> HttpResponse:
    """The union of the directories of the network's communities that the visitor may see
    (public ones, and their own). A network holds no directory records of its own."""
    network = get_object_or_404(Network, slug=network_slug)
    check_perm(request, "communities.view_network", network)
    visible = Q(is_public=True)
    if request.user.is_authenticated:
        visible |= Q(memberships__user=request.user)
    communities = list(network.communities.filter(visible).distinct().order_by("name"))
    context = _search(request, communities)
    context.update({"network": network, "communities": communities, "scope": network.name})
    return render(request, "directory/search.html", context)


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
