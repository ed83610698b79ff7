"""Regional hubs: the network's list of regions (stewards add one there), a region's hub page
(public parts for anyone, open requests for help for its stewards), and the page where its
stewards change it. Plain forms, no script."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groundwork.core.errors import ApplicationError
from groundwork.core.permissions import check_perm

from . import regions
from .forms import RegionCoalitionsForm, RegionForm, RegionStewardsForm
from .models import Community, Network, Region
from .selectors import visible_to


def _network(request: HttpRequest, network_slug: str, perm: str) -> Network:
    network = get_object_or_404(Network, slug=network_slug)
    check_perm(request, perm, network)
    return network


def _region(request: HttpRequest, network_slug: str, region_slug: str, perm: str) -> Region:
    region = get_object_or_404(
        Region.objects.select_related("network"), network__slug=network_slug, slug=region_slug
    )
    check_perm(request, perm, region)
    return region


def region_list(request: HttpRequest, network_slug: str) -> HttpResponse:
    network = _network(request, network_slug, "communities.view_network")
    can_add = request.user.has_perm("communities.add_region", network)
    form = RegionForm(request.POST or None) if can_add else None
    if request.method == "POST":
        check_perm(request, "communities.add_region", network)
        assert form is not None
        if form.is_valid():
            try:
                region = regions.region_create(
                    actor=request.user, network=network, **form.cleaned_data
                )
            except ApplicationError as error:
                form.add_application_error(error)
            else:
                messages.success(
                    request, _("The region %(name)s was added.") % {"name": region.name}
                )
                return redirect("communities:region_edit", network.slug, region.slug)
    rows = [
        {
            "region": r,
            "coalitions": sum(1 for c in r.communities.all() if c.is_public),
            "can_change": request.user.has_perm("communities.change_region", r),
        }
        for r in network.regions.prefetch_related("communities")
    ]
    return render(
        request,
        "communities/region_list.html",
        {"network": network, "rows": rows, "form": form},
        status=400 if form is not None and form.is_bound and form.errors else 200,
    )


def _upcoming_gatherings(region: Region) -> list[Any]:
    from groundwork.gatherings.models import Gathering
    from groundwork.gatherings.selectors import PUBLIC_OWNER, with_counts

    return list(
        with_counts(Gathering.objects.select_related("community"))
        .filter(
            PUBLIC_OWNER,
            community__region=region,
            community__network=region.network,
            is_public=True,
            cancelled=False,
            ends_at__gte=timezone.now(),
        )
        .order_by("starts_at", "pk")[:10]
    )


def _open_requests(region: Region) -> list[Any]:
    from groundwork.library.models import HelpRequest, HelpStatus

    return list(
        HelpRequest.objects.filter(assigned_region=region, network=region.network)
        .exclude(status__in=[HelpStatus.RESOLVED, HelpStatus.DECLINED])
        .select_related("community", "assigned_steward")
        .order_by("due_on", "created_at", "pk")
    )


def region_detail(request: HttpRequest, network_slug: str, region_slug: str) -> HttpResponse:
    region = _region(request, network_slug, region_slug, "communities.view_region")
    user = request.user
    coalitions = list(
        Community.objects.filter(visible_to(user), region=region, network=region.network)
        .distinct()
        .order_by("name", "pk")
    )
    counties = sorted(
        {c for community in coalitions for c in community.counties()}, key=lambda c: c.name
    )
    sees_requests = user.has_perm("communities.view_region_requests", region)
    return render(
        request,
        "communities/region_detail.html",
        {
            "network": region.network,
            "region": region,
            "coalitions": coalitions,
            "counties": counties,
            "stewards": list(region.stewards.order_by("name", "pk")),
            "gatherings": _upcoming_gatherings(region),
            "requests": _open_requests(region) if sees_requests else None,
            "can_change": user.has_perm("communities.change_region", region),
        },
    )


def region_edit(request: HttpRequest, network_slug: str, region_slug: str) -> HttpResponse:
    region = _region(request, network_slug, region_slug, "communities.change_region")
    network = region.network
    user = request.user
    can_name = user.has_perm("communities.name_region_stewards", region)
    part = request.POST.get("part") if request.method == "POST" else None
    details = RegionForm(
        request.POST if part == "details" else None,
        initial={k: getattr(region, k) for k in regions.TEXT_FIELDS},
        prefix="details",
    )
    coalitions = RegionCoalitionsForm(
        request.POST if part == "coalitions" else None,
        network=network,
        initial={"communities": list(region.communities.values_list("pk", flat=True))},
        prefix="coalitions",
    )
    stewards = (
        RegionStewardsForm(
            request.POST if part == "stewards" else None,
            initial={
                "stewards": "\n".join(
                    region.stewards.order_by("email").values_list("email", flat=True)
                )
            },
            prefix="stewards",
        )
        if can_name
        else None
    )
    form = {"details": details, "coalitions": coalitions, "stewards": stewards}.get(part or "")
    if part == "stewards":
        check_perm(request, "communities.name_region_stewards", region)
    if form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            if part == "details":
                regions.region_update(actor=user, region=region, **data)
            elif part == "coalitions":
                regions.region_set_coalitions(
                    actor=user, region=region, communities=list(data["communities"])
                )
            else:
                regions.region_set_stewards(actor=user, region=region, emails=data["stewards"])
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("The region was saved."))
            return redirect(region)
    return render(
        request,
        "communities/region_edit.html",
        {
            "network": network,
            "region": region,
            "details": details,
            "coalitions": coalitions,
            "stewards": stewards,
            "can_delete": user.has_perm("communities.delete_region", region),
        },
        status=400 if form is not None else 200,
    )


@require_POST
def region_delete(request: HttpRequest, network_slug: str, region_slug: str) -> HttpResponse:
    region = _region(request, network_slug, region_slug, "communities.delete_region")
    name = region.name
    regions.region_delete(actor=request.user, region=region)
    messages.success(request, _("The region %(name)s was removed.") % {"name": name})
    return redirect("communities:regions", network_slug)
