"""Setting up networks: the staff page that creates one, a coalition's page to ask to join a
network or leave it, and the stewards' page of requests to join. Plain forms, no script."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groundwork.core.errors import ApplicationError
from groundwork.core.permissions import check_perm

from . import joining
from .forms import DeclineForm, JoinRequestForm, NetworkSetupForm
from .models import Community, JoinRequest, Network
from .views import _community, _workspace_context


def network_new(request: HttpRequest) -> HttpResponse:
    check_perm(request, "communities.add_network")
    form = NetworkSetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            network = joining.network_setup(actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(
                request,
                _("The network %(name)s was created with %(count)s stewards.")
                % {"name": network.name, "count": network.stewards.count()},
            )
            return redirect(network)
    return render(request, "communities/network_new.html", {"form": form})


def community_network(request: HttpRequest, slug: str) -> HttpResponse:
    """The coalition's network: the one it is in (and how to leave), or a request to join."""
    community = _community(request, slug, "communities.change_network_membership")
    pending = community.join_requests.select_related("network").filter(
        status=JoinRequest.Status.PENDING
    )
    pending_request = pending.first()
    form = None
    if community.network_id is None and pending_request is None:
        form = JoinRequestForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                made = joining.join_request_create(
                    actor=request.user, community=community, **form.cleaned_data
                )
            except ApplicationError as error:
                form.add_application_error(error)
            else:
                messages.success(
                    request,
                    _("Your request to join %(network)s was sent to its stewards.")
                    % {"network": made.network.name},
                )
                return redirect("communities:network", slug=community.slug)
    elif request.method == "POST":
        messages.error(request, _("You cannot ask to join a network now."))
        return redirect("communities:network", slug=community.slug)
    history = community.join_requests.select_related("network").exclude(
        status=JoinRequest.Status.PENDING
    )[:20]
    return render(
        request,
        "communities/community_network.html",
        _workspace_context(
            request,
            community,
            form=form,
            pending_request=pending_request,
            history=list(history),
        ),
    )


@require_POST
def join_request_withdraw(request: HttpRequest, slug: str, request_id: int) -> HttpResponse:
    community = _community(request, slug, "communities.change_network_membership")
    join_request = get_object_or_404(community.join_requests, pk=request_id)
    try:
        joining.join_request_withdraw(actor=request.user, request=join_request)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your request was withdrawn."))
    return redirect("communities:network", slug=community.slug)


def network_leave(request: HttpRequest, slug: str) -> HttpResponse:
    community = _community(request, slug, "communities.change_network_membership")
    if community.network is None:
        messages.info(request, _("%(name)s is in no network.") % {"name": community.name})
        return redirect("communities:network", slug=community.slug)
    if request.method == "POST":
        try:
            network = joining.network_leave(actor=request.user, community=community)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(community)s left %(network)s.")
                % {"community": community.name, "network": network.name},
            )
        return redirect("communities:network", slug=community.slug)
    return render(
        request,
        "communities/network_leave.html",
        _workspace_context(
            request,
            community,
            strategy_links=community.strategy_links.filter(
                strategy__network=community.network
            ).count(),
            linked_goals=community.county_goals.filter(
                network_goal__network=community.network
            ).count(),
        ),
    )


def _steward_network(request: HttpRequest, network_slug: str) -> Network:
    network = get_object_or_404(Network, slug=network_slug)
    check_perm(request, "communities.decide_join_requests", network)
    return network


def join_requests(
    request: HttpRequest,
    network_slug: str,
    *,
    failed: JoinRequest | None = None,
    failed_form: DeclineForm | None = None,
) -> HttpResponse:
    network = _steward_network(request, network_slug)
    pending = list(
        network.join_requests.filter(status=JoinRequest.Status.PENDING)
        .select_related("community", "requested_by")
        .order_by("created_at", "pk")
    )
    rows = [
        {
            "request": r,
            "form": failed_form
            if failed is not None and failed.pk == r.pk
            else DeclineForm(prefix=f"r{r.pk}"),
        }
        for r in pending
    ]
    decided = (
        network.join_requests.exclude(status=JoinRequest.Status.PENDING)
        .select_related("community", "decided_by")
        .order_by("-decided_at", "-pk")[:30]
    )
    return render(
        request,
        "communities/join_requests.html",
        {"network": network, "rows": rows, "decided": list(decided)},
        status=400 if failed is not None else 200,
    )


@require_POST
def join_request_decide(request: HttpRequest, network_slug: str, request_id: int) -> HttpResponse:
    network = _steward_network(request, network_slug)
    join_request = get_object_or_404(
        network.join_requests.select_related("community"), pk=request_id
    )
    accept = request.POST.get("decision") == "accept"
    form = DeclineForm(request.POST, prefix=f"r{join_request.pk}")
    if not accept and not form.is_valid():
        return join_requests(request, network_slug, failed=join_request, failed_form=form)
    try:
        joining.join_request_decide(
            actor=request.user,
            request=join_request,
            accept=accept,
            reason="" if accept else form.cleaned_data["reason"],
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        community: Community = join_request.community
        if accept:
            messages.success(
                request,
                _("%(community)s joined %(network)s.")
                % {"community": community.name, "network": network.name},
            )
        else:
            messages.success(
                request,
                _("The request of %(community)s was declined.") % {"community": community.name},
            )
    return redirect("communities:join_requests", network_slug=network.slug)
