"""Results and indicators pages, under a community (its plans' and county goals' results) or a
network (its statewide goals'): the list (the start of the scorecard), an indicator's
turn-the-curve page, and the pages that edit them and bring values in."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from groundwork.communities.models import Community, Network
from groundwork.core.errors import ApplicationError
from groundwork.core.permissions import check_perm

from . import scorecard
from .actions import indicators as actions
from .actions.svi import svi_import
from .actions.value_import import ImportRefused, values_import_csv
from .forms_indicators import (
    IndicatorForm,
    ResultForm,
    SviImportForm,
    ValueForm,
    ValuesImportForm,
)
from .models import Indicator, Result


def _owner(network_slug: str | None, slug: str | None) -> tuple[Network | None, Community | None]:
    if network_slug:
        return get_object_or_404(Network, slug=network_slug), None
    return None, get_object_or_404(Community.objects.select_related("network"), slug=slug)


def results_url(result_or_owner: Any, name: str = "result_list", **kwargs: Any) -> str:
    """The address of a results page under the result's (or the owner's) community or network."""
    owner = result_or_owner
    if isinstance(owner, Result):
        owner = owner.community if owner.community_id else owner.network_goal.network  # type: ignore[union-attr]
    if isinstance(owner, Network):
        return reverse(f"measures:network_{name}", kwargs={"network_slug": owner.slug, **kwargs})
    return reverse(f"measures:community_{name}", kwargs={"slug": owner.slug, **kwargs})


def indicator_url(indicator: Indicator, name: str = "indicator") -> str:
    return results_url(indicator.result, name, indicator_id=indicator.pk)


def _result(
    request: HttpRequest, perm: str, result_id: int, network_slug: str | None, slug: str | None
) -> Result:
    network, community = _owner(network_slug, slug)
    qs = Result.objects.select_related(
        "community", "plan", "plan__process", "county_goal", "network_goal__network"
    )
    if community is not None:
        result = get_object_or_404(qs, pk=result_id, community=community)
    else:
        result = get_object_or_404(
            qs, pk=result_id, network_goal__network=network, community__isnull=True
        )
    check_perm(request, perm, result)
    return result


def _indicator(
    request: HttpRequest,
    perm: str,
    indicator_id: int,
    network_slug: str | None,
    slug: str | None,
) -> Indicator:
    network, community = _owner(network_slug, slug)
    try:
        indicator = scorecard.indicator_for(indicator_id, community=community, network=network)
    except Indicator.DoesNotExist:
        raise Http404 from None
    check_perm(request, perm, indicator.result)
    return indicator


def _context(owner: Any, **more: Any) -> dict[str, Any]:
    return {
        "owner": owner,
        "owner_kind": "network" if isinstance(owner, Network) else "community",
        "results_url": results_url(owner),
        **more,
    }


def results_list(
    request: HttpRequest, network_slug: str | None = None, slug: str | None = None
) -> HttpResponse:
    network, community = _owner(network_slug, slug)
    if network is not None:
        check_perm(request, "communities.view_network", network)
        add_perm, target = "measures.add_network_result", network
    else:
        check_perm(request, "measures.list_community_results", community)
        add_perm, target = "measures.add_community_result", community
    manager = request.user.has_perm(add_perm, target)
    form = ResultForm(request.POST or None, community=community, network=network)
    if request.method == "POST":
        check_perm(request, add_perm, target)
        if form.is_valid():
            try:
                result = actions.result_create(
                    actor=request.user,
                    owner=form.chosen_owner(),
                    community=community,
                    network=network,
                    **{k: form.cleaned_data[k] for k in actions.RESULT_FIELDS},
                )
            except ApplicationError as error:
                form.add_application_error(error)
            else:
                messages.success(request, _("Result added. Now add its indicators."))
                return redirect(results_url(result, "indicator_add", result_id=result.pk))
    results = scorecard.results_for(request.user, community=community, network=network)
    rows = [
        (
            result,
            request.user.has_perm("measures.manage_result", result),
            [scorecard.summarize(i) for i in result.indicators.all()],
        )
        for result in results
    ]
    return render(
        request,
        "measures/results_list.html",
        _context(network or community, rows=rows, manager=manager, form=form),
    )


def result_edit(
    request: HttpRequest,
    result_id: int,
    network_slug: str | None = None,
    slug: str | None = None,
) -> HttpResponse:
    result = _result(request, "measures.manage_result", result_id, network_slug, slug)
    owner = result.community or result.network_goal.network  # type: ignore[union-attr]
    if request.method == "POST" and "delete" in request.POST:
        actions.result_delete(actor=request.user, result=result)
        messages.success(request, _("Result deleted, with its indicators."))
        return redirect(results_url(owner))
    initial = {k: getattr(result, k) for k in actions.RESULT_FIELDS}
    form = ResultForm(request.POST or None, result=result, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.result_update(
                actor=request.user,
                result=result,
                **{k: form.cleaned_data[k] for k in actions.RESULT_FIELDS},
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("Result saved."))
            return redirect(results_url(owner))
    return render(request, "measures/result_form.html", _context(owner, result=result, form=form))


def _indicator_fields(form: IndicatorForm) -> dict[str, Any]:
    return {k: form.cleaned_data[k] for k in actions.INDICATOR_FIELDS}


def indicator_add(
    request: HttpRequest,
    result_id: int,
    network_slug: str | None = None,
    slug: str | None = None,
) -> HttpResponse:
    result = _result(request, "measures.manage_result", result_id, network_slug, slug)
    owner = result.community or result.network_goal.network  # type: ignore[union-attr]
    linkable = actions.linkable_activities(result)
    form = IndicatorForm(request.POST or None, activities=linkable, initial={"direction": "down"})
    if request.method == "POST" and form.is_valid():
        try:
            indicator = actions.indicator_create(
                actor=request.user,
                result=result,
                activities=list(form.cleaned_data.get("activities") or []),
                **_indicator_fields(form),
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("Indicator added. Now add its values."))
            return redirect(indicator_url(indicator, "indicator_values"))
    return render(
        request,
        "measures/indicator_form.html",
        _context(owner, result=result, indicator=None, form=form),
    )


def indicator_detail(
    request: HttpRequest,
    indicator_id: int,
    network_slug: str | None = None,
    slug: str | None = None,
) -> HttpResponse:
    indicator = _indicator(request, "measures.view_result", indicator_id, network_slug, slug)
    result = indicator.result
    owner = result.community or result.network_goal.network  # type: ignore[union-attr]
    curve = scorecard.turn_the_curve(indicator)
    return render(
        request,
        "measures/indicator.html",
        _context(
            owner,
            result=result,
            indicator=indicator,
            curve=curve,
            summary=scorecard.summarize(indicator),
            activities=list(indicator.activities.select_related("plan__process")),
            manager=request.user.has_perm("measures.manage_result", result),
        ),
    )


def indicator_edit(
    request: HttpRequest,
    indicator_id: int,
    network_slug: str | None = None,
    slug: str | None = None,
) -> HttpResponse:
    indicator = _indicator(request, "measures.manage_result", indicator_id, network_slug, slug)
    result = indicator.result
    owner = result.community or result.network_goal.network  # type: ignore[union-attr]
    if request.method == "POST" and "delete" in request.POST:
        actions.indicator_delete(actor=request.user, indicator=indicator)
        messages.success(request, _("Indicator deleted, with its values."))
        return redirect(results_url(owner))
    initial: dict[str, Any] = {k: getattr(indicator, k) for k in actions.INDICATOR_FIELDS}
    initial["activities"] = list(indicator.activities.values_list("pk", flat=True))
    form = IndicatorForm(
        request.POST or None, activities=actions.linkable_activities(result), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.indicator_update(
                actor=request.user,
                indicator=indicator,
                activities=(
                    list(form.cleaned_data.get("activities") or [])
                    if "activities" in form.fields
                    else None
                ),
                **_indicator_fields(form),
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("Indicator saved."))
            return redirect(indicator_url(indicator))
    return render(
        request,
        "measures/indicator_form.html",
        _context(owner, result=result, indicator=indicator, form=form),
    )


def indicator_values(
    request: HttpRequest,
    indicator_id: int,
    network_slug: str | None = None,
    slug: str | None = None,
) -> HttpResponse:
    indicator = _indicator(request, "measures.manage_result", indicator_id, network_slug, slug)
    owner = indicator.result.community or indicator.result.network_goal.network  # type: ignore[union-attr]
    if request.method == "POST" and "delete" in request.POST:
        try:
            value_id = int(request.POST["delete"])
            actions.value_delete(actor=request.user, indicator=indicator, value_id=value_id)
        except (ValueError, ApplicationError):
            messages.error(request, _("This value was already removed."))
        else:
            messages.success(request, _("Value removed."))
        return redirect(indicator_url(indicator, "indicator_values"))
    form = ValueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            row = actions.value_save(
                actor=request.user,
                indicator=indicator,
                **{k: form.cleaned_data[k] for k in ("period", "value", "note", "source")},
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(
                request, _("Value for %(period)s saved.") % {"period": row.period_label}
            )
            return redirect(indicator_url(indicator, "indicator_values"))
    return render(
        request,
        "measures/indicator_values.html",
        _context(
            owner,
            result=indicator.result,
            indicator=indicator,
            curve=scorecard.turn_the_curve(indicator),
            form=form,
        ),
    )


def indicator_import(
    request: HttpRequest,
    indicator_id: int,
    network_slug: str | None = None,
    slug: str | None = None,
) -> HttpResponse:
    indicator = _indicator(request, "measures.manage_result", indicator_id, network_slug, slug)
    owner = indicator.result.community or indicator.result.network_goal.network  # type: ignore[union-attr]
    form = ValuesImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            count = values_import_csv(
                actor=request.user, indicator=indicator, data=form.cleaned_data["file"].read()
            )
        except ImportRefused as refused:
            problems = refused.errors
            form.add_error(None, refused.message)
        else:
            messages.success(
                request,
                ngettext("%(count)s value imported.", "%(count)s values imported.", count)
                % {"count": count},
            )
            return redirect(indicator_url(indicator))
    return render(
        request,
        "measures/indicator_import.html",
        _context(owner, result=indicator.result, indicator=indicator, form=form, problems=problems),
    )


def result_svi(
    request: HttpRequest,
    result_id: int,
    network_slug: str | None = None,
    slug: str | None = None,
) -> HttpResponse:
    result = _result(request, "measures.manage_result", result_id, network_slug, slug)
    owner = result.community or result.network_goal.network  # type: ignore[union-attr]
    form = SviImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            found = svi_import(
                actor=request.user,
                result=result,
                data=form.cleaned_data["file"].read(),
                year=form.cleaned_data["year"],
            )
        except ImportRefused as refused:
            problems = refused.errors
            form.add_error(None, refused.message)
        else:
            messages.success(
                request,
                ngettext(
                    "SVI %(year)s imported for %(count)s county: %(values)s values.",
                    "SVI %(year)s imported for %(count)s counties: %(values)s values.",
                    found.counties,
                )
                % {
                    "year": form.cleaned_data["year"],
                    "count": found.counties,
                    "values": found.values,
                },
            )
            return redirect(results_url(owner))
    return render(
        request,
        "measures/svi_import.html",
        _context(owner, result=result, form=form, problems=problems),
    )
