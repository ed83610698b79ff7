"""The scorecard pages (a community's and a network's, as a page, CSV and PDF) and the pages
where an activity's lead and the plan's coordinators keep its performance measures."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from groundwork.communities.models import Community, Network
from groundwork.core.errors import ApplicationError
from groundwork.core.exports import csv_stream
from groundwork.core.permissions import check_perm
from groundwork.plans.models import Activity

from . import scorecard_tree
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
    network = get_object_or_404(Network, slug=network_slug)
    check_perm(request, "communities.view_network", network)
    return network, scorecard_tree.network_tree(request.user, network)


def _csv(rows: Any, name: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        csv_stream(rows, scorecard_tree.CSV_COLUMNS), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}-scorecard.csv"'
    return response


def community_scorecard(request: HttpRequest, slug: str) -> HttpResponse:
    community, nodes = _community_card(request, slug)
    return render(
        request,
        "measures/scorecard/community.html",
        {"owner": community, "nodes": nodes, "csv_url": _url("community", community, "csv")},
    )


def community_scorecard_csv(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    community, nodes = _community_card(request, slug)
    return _csv(scorecard_tree.tree_rows(nodes, community.name), community.slug)


def network_scorecard(request: HttpRequest, network_slug: str) -> HttpResponse:
    network, goals = _network_card(request, network_slug)
    return render(
        request,
        "measures/scorecard/network.html",
        {"owner": network, "goals": goals, "csv_url": _url("network", network, "csv")},
    )


def network_scorecard_csv(request: HttpRequest, network_slug: str) -> StreamingHttpResponse:
    network, goals = _network_card(request, network_slug)
    return _csv(scorecard_tree.network_rows(goals), network.slug)


def _url(kind: str, owner: Any, suffix: str = "") -> str:
    name = f"measures:{kind}_scorecard" + (f"_{suffix}" if suffix else "")
    key = "slug" if kind == "community" else "network_slug"
    return reverse(name, kwargs={key: owner.slug})
