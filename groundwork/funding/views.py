"""Funding pages: a network's funders and grants with its runway and open-data exports
(stewards), and a coalition's own runway (its members)."""

import json

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from groundwork.communities.models import Community, Network
from groundwork.core.errors import ApplicationError
from groundwork.core.permissions import check_perm
from groundwork.plans.models import Activity

from . import equity, giving360, selectors, services
from .forms import FunderForm, GrantForm


def network_funding(request: HttpRequest, network_slug: str) -> HttpResponse:
    network = get_object_or_404(Network, slug=network_slug)
    check_perm(request, "funding.view_network", network)
    communities = Community.objects.filter(network=network).order_by("name")
    activities = (
        Activity.objects.filter(community__network=network)
        .select_related("plan__process__community")
        .order_by("plan__process__community__name", "title")
    )
    action = request.POST.get("action", "") if request.method == "POST" else ""
    funder_form = FunderForm(request.POST if action == "funder" else None, prefix="funder")
    grant_form = GrantForm(
        request.POST if action == "grant" else None,
        prefix="grant",
        funders=network.funders.all(),
        communities=communities,
        activities=activities,
    )
    if action:
        check_perm(request, "funding.manage_network", network)
        try:
            if action == "funder" and funder_form.is_valid():
                services.funder_create(
                    actor=request.user, network=network, **funder_form.cleaned_data
                )
                messages.success(request, _("The funder was saved."))
                return redirect("funding:network", network_slug=network.slug)
            if action == "grant" and grant_form.is_valid():
                data = dict(grant_form.cleaned_data)
                reporting = data.pop("reporting")
                services.grant_create(
                    actor=request.user,
                    network=network,
                    amount_cents=data.pop("amount"),
                    communities=list(data.pop("communities")),
                    activities=list(data.pop("activities")),
                    reporting_dates=[reporting] if reporting else [],
                    **data,
                )
                messages.success(request, _("The grant was saved."))
                return redirect("funding:network", network_slug=network.slug)
        except ApplicationError as error:
            form = funder_form if action == "funder" else grant_form
            form.add_application_error(error)
    grants = list(selectors.network_grants(network))
    today = timezone.localdate()
    return render(
        request,
        "funding/network.html",
        {
            "network": network,
            "grants": grants,
            "rows": selectors.runway_rows(grants, today=today),
            "reports": selectors.reporting_due(grants, today=today),
            "funders": network.funders.all(),
            "funder_form": funder_form,
            "grant_form": grant_form,
        },
    )


def community_funding(request: HttpRequest, slug: str) -> HttpResponse:
    community = get_object_or_404(Community.objects.select_related("network"), slug=slug)
    check_perm(request, "funding.view_community", community)
    grants = list(selectors.community_grants(community))
    today = timezone.localdate()
    return render(
        request,
        "funding/community.html",
        {
            "community": community,
            "grants": grants,
            "rows": selectors.runway_rows(grants, today=today, community=community),
            "reports": selectors.reporting_due(grants, today=today),
        },
    )


def export(request: HttpRequest, network_slug: str, fmt: str) -> HttpResponse:
    """The network's grants as 360Giving JSON or CSV."""
    network = get_object_or_404(Network, slug=network_slug)
    check_perm(request, "funding.view_network", network)
    grants = list(selectors.network_grants(network))
    if fmt == "json":
        response = HttpResponse(
            json.dumps(giving360.package(grants), ensure_ascii=False, indent=2),
            content_type="application/json",
        )
    else:
        response = HttpResponse(giving360.to_csv(grants), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{network.slug}-grants-360giving.{fmt}"'
    )
    return response


CHART_WIDTH = 320
CHART_LABEL = 132
CHART_ROW = 30


def network_equity(request: HttpRequest, network_slug: str) -> HttpResponse:
    """Funding per resident by county beside the county's vulnerability: the most vulnerable,
    least funded counties first, each figure with the grants it comes from."""
    network = get_object_or_404(Network, slug=network_slug)
    check_perm(request, "funding.view_network", network)
    rows, unplaced = equity.network_equity(network, today=timezone.localdate())
    charted = [r for r in rows if r.per_resident_cents is not None]
    top = max((r.per_resident_cents or 0 for r in charted), default=0) or 1
    span = CHART_WIDTH - CHART_LABEL - 4
    bars = [
        {
            "row": r,
            "y": 8 + i * CHART_ROW,
            "width": round(span * (r.per_resident_cents or 0) / top, 1),
            "dollars": f"{(r.per_resident_cents or 0) / 100:.2f}",
            "svi": "" if r.svi is None else f"{r.svi:.2f}",
        }
        for i, r in enumerate(charted)
    ]
    return render(
        request,
        "funding/equity.html",
        {
            "network": network,
            "rows": rows,
            "unplaced": unplaced,
            "bars": bars,
            "chart": {
                "width": CHART_WIDTH,
                "height": 16 + len(bars) * CHART_ROW,
                "label": CHART_LABEL,
            },
            "missing_svi": [r for r in rows if r.svi is None],
            "missing_population": [r for r in rows if r.population is None],
        },
    )
