"""Pages of the asset map: the list (public fields for visitors of a public community, the
members-only contacts for members), one asset with the residents' words behind it, adding and
changing assets, and promoting answers to the strengths and allies questions. Plain forms:
everything works without JavaScript."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groundwork.communities.models import Community, Organization
from groundwork.core.errors import ApplicationError
from groundwork.core.permissions import check_perm
from groundwork.planning.models import QuestionKey

from . import asset_selectors as selectors
from . import asset_services as services
from .asset_forms import AssetFilterForm, AssetForm, PromoteAllyForm, PromoteAssetForm
from .map_views import allow_tiles, tile_context
from .models import Asset

PER_PAGE = 30


def _community(request: HttpRequest, slug: str, perm: str) -> Community:
    community = get_object_or_404(
        Community.objects.select_related("network", "directory_of"), slug=slug
    )
    check_perm(request, perm, community)
    return community


def asset_list(request: HttpRequest, slug: str) -> HttpResponse:
    community = _community(request, slug, "directory.view_assets")
    tags = selectors.all_tags(selectors.asset_queryset(community=community).only("tags"))
    form = AssetFilterForm(request.GET or None, community=community, tags=tags)
    filters = selectors.AssetFilters()
    if form.is_valid():
        filters = selectors.AssetFilters(**form.cleaned_data)
    assets = selectors.asset_list(community=community, viewer=request.user, filters=filters)
    page = Paginator(assets, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "directory/assets/asset_list.html",
        {
            "community": community,
            "form": form,
            "page": page,
            "total": len(assets),
            "query": query.urlencode(),
            "can_change": request.user.has_perm("directory.change_assets", community),
        },
    )


def asset_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    community = _community(request, slug, "directory.view_assets")
    asset = selectors.asset_detail(community=community, viewer=request.user, pk=pk)
    if asset is None:
        raise Http404
    return render(
        request,
        "directory/assets/asset_detail.html",
        {
            "community": community,
            "asset": asset,
            "can_change": request.user.has_perm("directory.change_assets", community),
        },
    )


def asset_add(request: HttpRequest, slug: str) -> HttpResponse:
    community = _community(request, slug, "directory.change_assets")
    form = AssetForm(request.POST or None, community=community)
    if request.method == "POST" and form.is_valid():
        try:
            asset = services.asset_create(actor=request.user, community=community, **form.values())
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("The asset is on the map."))
            return redirect("assets:detail", slug=slug, pk=asset.pk)
    return allow_tiles(
        render(
            request,
            "directory/assets/asset_form.html",
            {"community": community, "form": form, "heading": _("Add an asset"), **tile_context()},
            status=400 if request.method == "POST" else 200,
        )
    )


def asset_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    community = _community(request, slug, "directory.change_assets")
    asset = get_object_or_404(Asset.objects.filter(community=community), pk=pk)
    form = AssetForm(
        request.POST or None, community=community, initial=AssetForm.initial_for(asset)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.asset_update(actor=request.user, asset=asset, **form.values())
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("The asset was saved."))
            if asset.is_shown:
                return redirect("assets:detail", slug=slug, pk=asset.pk)
            return redirect("assets:list", slug=slug)
    response = render(
        request,
        "directory/assets/asset_form.html",
        {
            "community": community,
            **tile_context(),
            "form": form,
            "asset": asset,
            "heading": _("Change the asset"),
        },
        status=400 if request.method == "POST" else 200,
    )
    return allow_tiles(response)


@require_POST
def asset_verify(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    community = _community(request, slug, "directory.change_assets")
    asset = get_object_or_404(Asset.objects.filter(community=community), pk=pk)
    services.asset_verify(actor=request.user, asset=asset)
    messages.success(request, _("Marked as checked today."))
    return redirect("assets:detail", slug=slug, pk=asset.pk)


def asset_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    community = _community(request, slug, "directory.change_assets")
    asset = get_object_or_404(Asset.objects.filter(community=community), pk=pk)
    if request.method == "POST":
        services.asset_delete(actor=request.user, asset=asset)
        messages.success(request, _("The asset was taken off the map."))
        return redirect("assets:list", slug=slug)
    return render(
        request, "directory/assets/asset_delete.html", {"community": community, "asset": asset}
    )


# Promotion --------------------------------------------------------------------------------


def _answer_ids(request: HttpRequest) -> list[str]:
    source = request.POST if request.method == "POST" else request.GET
    return source.getlist("answer")


def _back(request: HttpRequest, community: Community, answers: list[Any]) -> str:
    """Back to the answers of the process the first answer belongs to."""
    from django.urls import reverse

    if not answers:
        return reverse("assets:list", args=[community.slug])
    process = answers[0].process
    return (
        reverse("planning:contributions", args=[community.slug, process.slug])
        + f"?question={answers[0].question.key}"
    )


def promote_strength(request: HttpRequest, slug: str) -> HttpResponse:
    """Answers to the strengths question become an asset (or join one) in one step."""
    community = _community(request, slug, "directory.promote_answers")
    answers = selectors.promotion_answers(
        community=community, ids=_answer_ids(request), question=QuestionKey.STRENGTHS
    )
    if not answers:
        raise Http404
    text = answers[0].text
    assets = selectors.builder_assets(community=community)
    form = PromoteAssetForm(
        request.POST or None,
        community=community,
        assets=assets,
        initial={"name": text[:200] if len(text) <= 200 else "", "description": text[:2000]},
    )
    if request.method == "POST" and form.is_valid():
        values = form.values()
        existing = values.pop("existing", "")
        target = next((a for a in assets if str(a.pk) == existing), None)
        try:
            asset, count = services.asset_promote(
                actor=request.user,
                community=community,
                contribution_ids=[a.pk for a in answers],
                asset=target,
                **({} if target else values),
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(
                request,
                _("“%(asset)s” is in the asset map, with the residents’ words behind it.")
                % {"asset": asset.display_name},
            )
            return redirect(_back(request, community, answers))
    return render(
        request,
        "directory/assets/promote.html",
        {
            "community": community,
            "answers": answers,
            "form": form,
            "kind": "strength",
            "back": _back(request, community, answers),
        },
        status=400 if request.method == "POST" else 200,
    )


def promote_ally(request: HttpRequest, slug: str) -> HttpResponse:
    """Answers to the allies question become an ally organization (or join one) in one step."""
    community = _community(request, slug, "directory.promote_answers")
    answers = selectors.promotion_answers(
        community=community, ids=_answer_ids(request), question=QuestionKey.ALLIES
    )
    if not answers:
        raise Http404
    organizations = list(Organization.objects.filter(community=community).order_by("name"))
    form = PromoteAllyForm(
        request.POST or None,
        organizations=organizations,
        initial={"name": answers[0].text[:200] if len(answers[0].text) <= 200 else ""},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        target = next((o for o in organizations if str(o.pk) == data["existing"]), None)
        try:
            organization = services.ally_promote(
                actor=request.user,
                community=community,
                contribution_ids=[a.pk for a in answers],
                organization=target,
                name=data["name"],
                sector=data["sector"],
                website=data["website"],
                description=data["description"],
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(
                request,
                _("“%(name)s” is listed as an ally, with the residents’ words that named it.")
                % {"name": organization.name},
            )
            return redirect(_back(request, community, answers))
    return render(
        request,
        "directory/assets/promote.html",
        {
            "community": community,
            "answers": answers,
            "form": form,
            "kind": "ally",
            "back": _back(request, community, answers),
        },
        status=400 if request.method == "POST" else 200,
    )
