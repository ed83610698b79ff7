"""Catalog, county map and landscape report pages. Thin: look up the network from the URL,
check the rule, call a selector or service, render."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groundwork.communities.models import (
    Community,
    FocusArea,
    MaturityStage,
    Network,
    Sector,
)
from groundwork.core import pdfstore
from groundwork.core.errors import ApplicationError
from groundwork.core.exports import csv_stream
from groundwork.core.pagecache import network_keys, public_page
from groundwork.core.permissions import check_perm
from groundwork.core.text import in_language
from groundwork.measures import county_layers
from groundwork.measures.landscape import summaries_from_figures

from . import charts, pdfs, selectors, services
from .forms import CatalogFilterForm, filtered_catalog
from .geo import state_shapes
from .models import LandscapeReport

PRINT_CSS = "landscape/landscape-print.css"


def _network(request: HttpRequest, network_slug: str, perm: str) -> Network:
    network = get_object_or_404(Network, slug=network_slug)
    check_perm(request, perm, network)
    return network


def _catalog(request: HttpRequest, network: Network) -> tuple[selectors.Catalog, CatalogFilterForm]:
    return filtered_catalog(network=network, user=request.user, data=request.GET)


@public_page(network_keys)
def catalog(request: HttpRequest, network_slug: str) -> HttpResponse:
    network = _network(request, network_slug, "landscape.view_catalog")
    result, form = _catalog(request, network)
    shapes = state_shapes(network.state) if network.state else None
    layers, layer = county_layers.catalog_layer(
        network, request.GET.get("layer", county_layers.SVI_OVERALL)
    )
    for row in result.counties:  # the county table's column
        row.layer_value = layer.values.get(row.county.fips) if layer else None  # type: ignore[attr-defined]
    return render(
        request,
        "landscape/catalog.html",
        {
            "network": network,
            "layers": layers,
            "layer": layer,
            "layer_map": charts.layer_map(shapes, result.counties, layer) if layer else None,
            "catalog": result,
            "form": form,
            "map": charts.catalog_map(shapes, result.counties, highlighting=result.filters.active),
            "stage_legend": [(s.label, charts.STAGE_FILL[s.value]) for s in MaturityStage],
            "highlight_stroke": charts.HIGHLIGHT_STROKE,
            "query": request.GET.urlencode(),
        },
    )


def catalog_columns(*, steward: bool) -> list[tuple[str, str]]:
    columns = [
        ("coalition", _("coalition")),
        ("community", _("community")),
        ("profile", _("profile")),
        ("counties", _("counties")),
        ("county_fips", _("county FIPS codes")),
        ("stage", _("stage")),
        ("sectors", _("sectors at the table")),
        ("focus_areas", _("focus areas")),
        ("strategies", _("strategies pursued")),
        ("statewide_goals", _("statewide goals worked toward")),
    ]
    if steward:
        columns.append(("confirmed", _("profile last confirmed")))
    return columns


def catalog_rows(request: HttpRequest, result: selectors.Catalog) -> list[dict[str, Any]]:
    return [
        {
            "coalition": e.name,
            "community": e.community.name,
            "profile": request.build_absolute_uri(e.community.get_absolute_url()),
            "counties": "; ".join(c.name for c in e.counties),
            "county_fips": "; ".join(e.county_fips),
            "stage": str(e.stage_label),
            "sectors": "; ".join(e.sector_labels),
            "focus_areas": "; ".join(e.focus_labels),
            "strategies": "; ".join(s.name for s in e.strategies),
            "statewide_goals": "; ".join(g.title for g in e.goals),
            "confirmed": (
                e.community.profile_confirmed_at.date().isoformat()
                if e.community.profile_confirmed_at
                else ""
            ),
        }
        for e in result.entries
    ]


def catalog_csv(request: HttpRequest, network_slug: str) -> StreamingHttpResponse:
    """The coalitions the filters pick, as CSV (cells a spreadsheet would run are defused)."""
    network = _network(request, network_slug, "landscape.view_catalog")
    result, _form = _catalog(request, network)
    response = StreamingHttpResponse(
        csv_stream(
            catalog_rows(request, result), catalog_columns(steward=result.viewer_is_steward)
        ),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{network.slug}-catalog.csv"'
    return response


# --- The landscape report ----------------------------------------------------------------


def report_context(
    report: LandscapeReport, network: Network, figures: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The stored figures (the network's, or ``figures``: one region's from the same report)
    with today's labels (in the reader's language), charts and map."""
    f = report.figures if figures is None else figures
    stage_labels = dict(MaturityStage.choices)
    sector_labels = dict(Sector.choices)
    focus_labels = dict(FocusArea.choices)
    ci_labels = {
        row["key"]: Community._meta.get_field(row["key"]).verbose_name
        for row in f["collective_impact"]
    }
    n = f["coalitions"]
    stages = [(stage_labels.get(r["key"], r["key"]), r["coalitions"]) for r in f["stages"]]
    sectors = [
        (sector_labels.get(r["key"], r["key"]), r["coalitions"], n - r["coalitions"])
        for r in f["sectors"]
    ]
    focus = [(focus_labels.get(r["key"], r["key"]), r["coalitions"]) for r in f["focus_areas"]]
    strategies = [
        (in_language(r["name"], r.get("name_es", "")), r["coalitions"]) for r in f["strategies"]
    ]
    goals = [(r["title"], r["coalitions"], r["counties"]) for r in f["goals"]]
    ci = [(ci_labels[r["key"]], r["average"], r["rated"]) for r in f["collective_impact"]]
    covered = len(f["counties"]["covered"])
    return {
        "network": network,
        "report": report,
        "figures": f,
        "covered_count": covered,
        "not_covered_count": len(f["counties"]["not_covered"]),
        "stages": stages,
        "sectors": sectors,
        "focus": focus,
        "strategies": strategies,
        "goals": goals,
        "ci": ci,
        "charts": {
            "stages": charts.bar_chart(
                _("Coalitions at each stage"), [(label, v) for label, v in stages], maximum=n
            ),
            "sectors": charts.bar_chart(
                _("Coalitions with each sector at the table"),
                [(label, v) for label, v, _missing in sectors],
                maximum=n,
            ),
            "focus": charts.bar_chart(_("Coalitions working on each focus area"), focus, maximum=n),
            "strategies": charts.bar_chart(
                _("Coalitions pursuing each strategy"), strategies, maximum=n
            ),
            "goals": charts.bar_chart(
                _("Coalitions working toward each statewide goal"),
                [(label, v) for label, v, _c in goals],
                maximum=n,
            ),
            "ci": charts.bar_chart(
                _("Average self-rating on each condition of collective impact (1 to 5)"),
                [(label, avg) for label, avg, _rated in ci],
                maximum=5,
            ),
        },
        "map": charts.coverage_map(state_shapes(f["state"]), f),
        # Reports generated before surveys were part of them have no "surveys" key.
        "surveys": summaries_from_figures(f.get("surveys", [])),
        "has_surveys": "surveys" in f,
        "covered_fill": charts.COVERED_FILL,
    }


@public_page(network_keys)
def report(request: HttpRequest, network_slug: str) -> HttpResponse:
    network = _network(request, network_slug, "landscape.view_report")
    latest = selectors.latest_report(network=network)
    can_generate = request.user.has_perm("landscape.generate_report", network)
    if latest is None:
        return render(
            request,
            "landscape/no_report.html",
            {"network": network, "can_generate": can_generate},
        )
    # One region's figures, kept in the same report (?region=): for a report made before
    # that region existed, say so rather than show the network's as the region's.
    regions = latest.figures.get("regions", [])
    wanted = request.GET.get("region", "")
    region = next((r for r in regions if r["slug"] == wanted), None)
    context = report_context(latest, network, region["figures"] if region else None)
    context.update(
        can_generate=can_generate,
        regions=[(r["slug"], in_language(r["name"], r.get("name_es", ""))) for r in regions],
        region=region and in_language(region["name"], region.get("name_es", "")),
        region_slug=region["slug"] if region else "",
        region_missing=bool(wanted) and region is None,
    )
    return render(request, "landscape/report.html", context)


@require_POST
def report_generate(request: HttpRequest, network_slug: str) -> HttpResponse:
    network = _network(request, network_slug, "landscape.generate_report")
    try:
        services.landscape_report_generate(actor=request.user, network=network)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The landscape report was regenerated."))
    return redirect("landscape:report", network_slug=network.slug)


@public_page(network_keys)
def report_pdf(request: HttpRequest, network_slug: str) -> HttpResponse:
    network = _network(request, network_slug, "landscape.view_report")
    latest = selectors.latest_report(network=network)
    if latest is None:
        return render(
            request,
            "landscape/no_report.html",
            {"network": network, "can_generate": False},
            status=404,
        )
    language = get_language()
    stamp = latest.generated_at.date().isoformat()
    return pdfstore.serve(
        request,
        pdfs.report_pdf_key(latest, network, language),
        lambda: pdfs.render_report_pdf(latest, network, language),
        f"{network.slug}-landscape-{stamp}-{language}.pdf",
    )
