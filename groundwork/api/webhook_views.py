"""The webhooks pages of a community (its coordinators) and of a network (its stewards, for
the events of every community in it): register endpoints, see recent deliveries, send one
again, pause or remove an endpoint. Forms post; nothing needs JavaScript."""

from typing import Any

from django.contrib import messages
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groundwork.communities.models import Community, Network
from groundwork.communities.views import _workspace_context
from groundwork.core.errors import ApplicationError
from groundwork.core.permissions import check_perm

from . import webhooks
from .forms import WebhookForm
from .models import Webhook, WebhookDelivery

RECENT = 20


def _community(request: HttpRequest, slug: str) -> Community:
    community = get_object_or_404(Community.objects.select_related("network"), slug=slug)
    check_perm(request, "api.manage_webhooks", community)
    return community


def _network(request: HttpRequest, network_slug: str) -> Network:
    network = get_object_or_404(Network, slug=network_slug)
    check_perm(request, "api.manage_network_webhooks", network)
    return network


def _owned(owner: Model) -> dict[str, Any]:
    """The filter that finds an owner's endpoints: a community's or a network's own."""
    return {"network": owner} if isinstance(owner, Network) else {"community": owner}


def _urls(owner: Model) -> tuple[str, str, str]:
    """The names of the owner's webhooks URLs (list, change, replay) and their first argument."""
    if isinstance(owner, Network):
        return "webhooks:network_list", "webhooks:network_change", owner.slug
    return "webhooks:list", "webhooks:change", owner.slug  # type: ignore[attr-defined]


def _listing(request: HttpRequest, owner: Model) -> dict[str, Any]:
    """What both pages show (and the form that adds an endpoint, handled here)."""
    form = WebhookForm(request.POST or None)
    new_secret = None
    if request.method == "POST" and form.is_valid():
        try:
            _hook, new_secret = webhooks.webhook_create(
                actor=request.user, **_owned(owner), **form.cleaned_data
            )
        except ApplicationError as exc:
            form.add_application_error(exc)
        else:
            form = WebhookForm()
    _list, change, slug = _urls(owner)
    replay = change.replace("change", "replay")
    hooks = list(Webhook.objects.filter(**_owned(owner), deleted_at__isnull=True))
    for hook in hooks:
        hook.change_url = reverse(change, args=[slug, hook.pk])  # type: ignore[attr-defined]
    deliveries = list(
        WebhookDelivery.objects.filter(webhook__in=hooks)
        .select_related("webhook")
        .order_by("-created_at", "-id")[:RECENT]
    )
    for delivery in deliveries:
        delivery.replay_url = reverse(replay, args=[slug, delivery.pk])  # type: ignore[attr-defined]
    return {
        "form": form,
        "hooks": hooks,
        "deliveries": deliveries,
        "new_secret": new_secret,
        "event_labels": webhooks.EVENTS,
    }


def webhook_list(request: HttpRequest, slug: str) -> HttpResponse:
    community = _community(request, slug)
    context = _workspace_context(request, community, **_listing(request, community))
    return render(request, "api/webhook_list.html", context)


def network_webhook_list(request: HttpRequest, network_slug: str) -> HttpResponse:
    network = _network(request, network_slug)
    context = {"network": network, **_listing(request, network)}
    return render(request, "api/network_webhook_list.html", context)


def _change(request: HttpRequest, owner: Model, webhook_id: int) -> HttpResponse:
    hook = get_object_or_404(Webhook, pk=webhook_id, **_owned(owner), deleted_at__isnull=True)
    if request.POST.get("action") == "delete":
        webhooks.webhook_delete(actor=request.user, webhook=hook)
        messages.success(request, _("The endpoint was removed."))
    else:
        webhooks.webhook_resume(actor=request.user, webhook=hook)
        messages.success(request, _("Deliveries to the endpoint resumed."))
    listing, _change_name, slug = _urls(owner)
    return redirect(listing, slug)


def _replay(request: HttpRequest, owner: Model, delivery_id: int) -> HttpResponse:
    owned = {f"webhook__{key}": value for key, value in _owned(owner).items()}
    delivery = get_object_or_404(
        WebhookDelivery.objects.select_related("webhook__community", "webhook__network"),
        pk=delivery_id,
        webhook__deleted_at__isnull=True,
        **owned,
    )
    webhooks.delivery_replay(actor=request.user, delivery=delivery)
    messages.success(request, _("The delivery will be sent again."))
    listing, _change_name, slug = _urls(owner)
    return redirect(listing, slug)


@require_POST
def webhook_change(request: HttpRequest, slug: str, webhook_id: int) -> HttpResponse:
    return _change(request, _community(request, slug), webhook_id)


@require_POST
def network_webhook_change(
    request: HttpRequest, network_slug: str, webhook_id: int
) -> HttpResponse:
    return _change(request, _network(request, network_slug), webhook_id)


@require_POST
def delivery_replay(request: HttpRequest, slug: str, delivery_id: int) -> HttpResponse:
    return _replay(request, _community(request, slug), delivery_id)


@require_POST
def network_delivery_replay(
    request: HttpRequest, network_slug: str, delivery_id: int
) -> HttpResponse:
    return _replay(request, _network(request, network_slug), delivery_id)
