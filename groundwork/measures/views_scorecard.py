"""The scorecard pages (a community's and a network's, as a page, CSV and PDF) and the pages
where an activity's lead and the plan's coordinators keep its performance measures."""

import hashlib
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from groundwork.communities.models import Community, Network
from groundwork.core import pdfstore
from groundwork.core.errors import ApplicationError
from groundwork.core.exports import csv_stream
from groundwork.core.pdf import html_to_pdf
from groundwork.core.permissions import check_perm
from groundwork.plans.models import Activity

from . import scorecard_network, scorecard_tree
from .actions import performance as actions
from .forms_performance import MeasureForm, PeriodValuesForm
from .models_performance import PerformanceMeasure


def _community(slug: str) -> Community:
    return get_object_or_404(Community.objects.select_related("network"), slug=slug)


def _activity(request: HttpRequest, slug: str, activity_id: int, perm: str) -> Activity:
    community = _community(slug)
    activity = get_object_or_404(
        Activity.objects.select_related(
            "plan__process__community", "plan__community", "community", "lead_organization"
        ),
        pk=activity_id,
        community=community,
    )
    check_perm(request, perm, activity)
    return activity


def measures_url(activity: Activity) -> str:
    return reverse(
        "measures:activity_measures",
        kwargs={"slug": activity.community.slug, "activity_id": activity.pk},
    )


def activity_measures(request: HttpRequest, slug: str, activity_id: int) -> HttpResponse:
    activity = _activity(request, slug, activity_id, "measures.view_performance")
    keeper = request.user.has_perm("measures.keep_performance", activity)
    measures = list(activity.performance_measures.prefetch_related("values"))
    measure_form = MeasureForm(
        request.POST if request.POST.get("form") == "measure" else None,
        initial={"direction": "up"},
    )
    values_form = PeriodValuesForm(
        request.POST if request.POST.get("form") == "values" else None, measures=measures
    )
    if request.method == "POST":
        check_perm(request, "measures.keep_performance", activity)
        which = request.POST.get("form")
        if which == "measure" and measure_form.is_valid():
            try:
                actions.measure_create(
                    actor=request.user,
                    activity=activity,
                    **{k: measure_form.cleaned_data[k] for k in actions.MEASURE_FIELDS},
                )
            except ApplicationError as error:
                measure_form.add_application_error(error)
            else:
                messages.success(request, _("Measure added."))
                return redirect(measures_url(activity))
        elif which == "values" and values_form.is_valid():
            try:
                count = actions.values_save(
                    actor=request.user,
                    activity=activity,
                    period=values_form.cleaned_data["period"],
                    entries=values_form.entries(),
                )
            except ApplicationError as error:
                values_form.add_application_error(error)
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s value saved for %(period)s.",
                        "%(count)s values saved for %(period)s.",
                        count,
                    )
                    % {"count": count, "period": values_form.cleaned_data["period"].strip()},
                )
                return redirect(measures_url(activity))
    return render(
        request,
        "measures/scorecard/activity.html",
        {
            "activity": activity,
            "community": activity.community,
            "keeper": keeper,
            "nodes": [scorecard_tree.measure_node(m) for m in measures],
            "measure_form": measure_form,
            "values_form": values_form,
        },
    )


def measure_edit(request: HttpRequest, slug: str, measure_id: int) -> HttpResponse:
    community = _community(slug)
    measure = get_object_or_404(
        PerformanceMeasure.objects.select_related(
            "activity__plan__process__community",
            "activity__plan__community",
            "activity__community",
        ),
        pk=measure_id,
        community=community,
    )
    activity = measure.activity
    check_perm(request, "measures.keep_performance", activity)
    if request.method == "POST" and "delete" in request.POST:
        actions.measure_delete(actor=request.user, measure=measure)
        messages.success(request, _("Measure deleted, with its values."))
        return redirect(measures_url(activity))
    initial = {k: getattr(measure, k) for k in actions.MEASURE_FIELDS}
    form = MeasureForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.measure_update(
                actor=request.user,
                measure=measure,
                **{k: form.cleaned_data[k] for k in actions.MEASURE_FIELDS},
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("Measure saved."))
            return redirect(measures_url(activity))
    return render(
        request,
        "measures/scorecard/measure_form.html",
        {"activity": activity, "community": community, "measure": measure, "form": form},
    )


def _community_card(request: HttpRequest, slug: str) -> tuple[Community, list[Any]]:
    community = _community(slug)
    check_perm(request, "measures.list_community_results", community)
    return community, scorecard_tree.community_tree(request.user, community)


def _network_card(request: HttpRequest, network_slug: str) -> tuple[Network, list[Any]]:
    network = _network(request, network_slug)
    return network, scorecard_tree.network_tree(request.user, network)


def _csv(rows: Any, name: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        csv_stream(rows, scorecard_tree.CSV_COLUMNS), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}-scorecard.csv"'
    return response


PRINT_CSS = "measures/scorecard-print.css"


def _pdf(request: HttpRequest, template: str, context: dict[str, Any], name: str) -> HttpResponse:
    """The scorecard as PDF, kept by groundwork.core.pdfstore under the digest of the document
    it is made from: what this reader may see, in their language, as of today. Whoever sees
    the same scorecard gets the same file, rendered once; any change makes a new one."""
    language = get_language()
    html = render_to_string(
        template, {**context, "language": language, "today": timezone.localdate()}, request
    )
    key = "scorecard:" + hashlib.sha256(html.encode()).hexdigest()
    return pdfstore.serve(
        request,
        key,
        lambda: html_to_pdf(html, stylesheets=[PRINT_CSS]),
        f"{name}-scorecard-{language}.pdf",
    )


def community_scorecard(request: HttpRequest, slug: str) -> HttpResponse:
    community, nodes = _community_card(request, slug)
    return render(
        request,
        "measures/scorecard/community.html",
        {
            "owner": community,
            "nodes": nodes,
            "csv_url": _url("community", community, "csv"),
            "pdf_url": _url("community", community, "pdf"),
        },
    )


def community_scorecard_csv(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    community, nodes = _community_card(request, slug)
    return _csv(scorecard_tree.tree_rows(nodes, community.name), community.slug)


def community_scorecard_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    community, nodes = _community_card(request, slug)
    return _pdf(
        request,
        "measures/scorecard/pdf/community.html",
        {"owner": community, "nodes": nodes},
        community.slug,
    )


def _network(request: HttpRequest, network_slug: str) -> Network:
    network = get_object_or_404(Network, slug=network_slug)
    check_perm(request, "communities.view_network", network)
    return network


def network_scorecard(request: HttpRequest, network_slug: str) -> HttpResponse:
    """The statewide roll-up and the communities a page at a time, read in a fixed number of
    queries (scorecard_network); every value is in the CSV."""
    network = _network(request, network_slug)
    regions = list(network.regions.order_by("name", "pk"))
    region = next((r for r in regions if r.slug == request.GET.get("region")), None)
    card = scorecard_network.network_card(
        request.user, network, request.GET.get("page", 1), region=region
    )
    return render(
        request,
        "measures/scorecard/network.html",
        {
            "owner": network,
            "card": card,
            "regions": regions,
            "region": region,
            "query": urlencode({"region": region.slug}) if region else "",
            "csv_url": _url("network", network, "csv"),
            "pdf_url": _url("network", network, "pdf"),
        },
    )


def network_scorecard_csv(request: HttpRequest, network_slug: str) -> StreamingHttpResponse:
    network, goals = _network_card(request, network_slug)
    return _csv(scorecard_tree.network_rows(goals), network.slug)


def network_scorecard_pdf(request: HttpRequest, network_slug: str) -> HttpResponse:
    network = _network(request, network_slug)
    card = scorecard_network.network_card(request.user, network)
    return _pdf(
        request,
        "measures/scorecard/pdf/network.html",
        {"owner": network, "card": card},
        network.slug,
    )


def _url(kind: str, owner: Any, suffix: str = "") -> str:
    name = f"measures:{kind}_scorecard" + (f"_{suffix}" if suffix else "")
    key = "slug" if kind == "community" else "network_slug"
    return reverse(name, kwargs={key: owner.slug})
