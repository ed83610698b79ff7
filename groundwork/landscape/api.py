"""The catalog and the latest landscape report in the API, under the same rules as the pages."""

from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from groundwork.api.errors import require
from groundwork.api.schemas import ErrorOut
from groundwork.communities.models import Network

from . import selectors
from .forms import filtered_catalog

router = Router(tags=["landscape"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class CatalogQuery(Schema):
    region: str = ""  # the short name of one of the network's regions
    county: str = ""
    stage: list[str] = Field(default_factory=list)
    sector: str = ""
    lacks_sector: str = ""
    focus: str = ""
    strategy: int | None = None
    goal: int | None = None


class CountyOut(Schema):
    fips: str
    name: str


class CoalitionOut(Schema):
    slug: str
    name: str
    coalition_name: str
    is_public: bool
    url: str
    counties: list[CountyOut]
    stage: str
    sectors: list[str]
    focus_areas: list[str]
    strategies: list[str]  # strategy keys
    statewide_goals: list[int]
    profile_confirmed_at: datetime | None  # only for the network's staff


class CatalogOut(Schema):
    network: str
    coalitions: list[CoalitionOut]
    counties_without_coalition: list[CountyOut]


class ReportOut(Schema):
    network: str
    generated_at: datetime
    figures: dict[str, Any]


def _network(request: HttpRequest, slug: str, perm: str) -> Network:
    network = get_object_or_404(Network, slug=slug)
    require(request, perm, network)
    return network


@router.get("/networks/{slug}/catalog", response={200: CatalogOut, **ERRORS})
def get_catalog(request: HttpRequest, slug: str, filters: Query[CatalogQuery]):  # type: ignore[no-untyped-def]
    """The coalitions the filters pick (all filters optional; `stage` may repeat), with the
    counties of the network's state that no visible coalition serves."""
    network = _network(request, slug, "landscape.view_catalog")
    data = {k: v for k, v in filters.dict().items() if v not in (None, "", [])}
    result, _form = filtered_catalog(network=network, user=request.user, data=data)
    steward = result.viewer_is_steward
    return {
        "network": network.slug,
        "coalitions": [
            {
                "slug": e.community.slug,
                "name": e.community.name,
                "coalition_name": e.community.coalition_name,
                "is_public": e.community.is_public,
                "url": e.community.get_absolute_url(),
                "counties": [{"fips": c.fips, "name": c.name} for c in e.counties],
                "stage": e.stage,
                "sectors": list(e.community.sectors or []),
                "focus_areas": list(e.community.focus_areas or []),
                "strategies": [s.key for s in e.strategies],
                "statewide_goals": [g.pk for g in e.goals],
                "profile_confirmed_at": e.community.profile_confirmed_at if steward else None,
            }
            for e in result.entries
        ],
        "counties_without_coalition": [
            {"fips": row.county.fips, "name": row.county.name} for row in result.gaps
        ],
    }


@router.get("/networks/{slug}/landscape", response={200: ReportOut, **ERRORS})
def get_landscape(request: HttpRequest, slug: str):  # type: ignore[no-untyped-def]
    """The figures of the latest landscape report (404 until one has been generated)."""
    network = _network(request, slug, "landscape.view_report")
    report = selectors.latest_report(network=network)
    if report is None:
        raise Http404
    return {"network": network.slug, "generated_at": report.generated_at, "figures": report.figures}


@router.get("/networks/{slug}/open-data", response={200: dict[str, Any], **ERRORS})
def network_open_data(request: HttpRequest, slug: str):  # type: ignore[no-untyped-def]
    """The network's public catalog as open data (JSON): ``datapackage`` describes every
    column, ``tables`` holds the rows. Only what anyone may see of it."""
    from groundwork.api.opendata import json_package, network_package

    network = _network(request, slug, "landscape.view_catalog")
    return json_package(network_package(network))


@router.get("/networks/{slug}/open-data.zip", response={200: None, **ERRORS})
def network_open_data_zip(request: HttpRequest, slug: str) -> HttpResponse:
    """The same as CSV files with their ``datapackage.json``, zipped."""
    from groundwork.api.opendata import network_package, zip_package

    network = _network(request, slug, "landscape.view_catalog")
    response = HttpResponse(zip_package(network_package(network)), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{network.slug}-open-data.zip"'
    return response
