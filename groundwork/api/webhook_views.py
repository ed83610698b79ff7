"""A community's webhooks page (coordinators): register endpoints, see recent deliveries, send
one again, pause or remove an endpoint. Forms post; nothing needs JavaScript."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groundwork.communities.models import Community
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


def webhook_list(request: HttpRequest, slug: str) -> HttpResponse:
    community = _community(request, slug)
    form = WebhookForm(request.POST or None)
    new_secret = None
    if request.method == "POST" and form.is_valid():
        try:
            _hook, new_secret = webhooks.webhook_create(
                actor=request.user, community=community, **form.cleaned_data
            )
        except ApplicationError as exc:
            form.add_application_error(exc)
        else:
            form = WebhookForm()
    hooks = list(Webhook.objects.filter(community=community, deleted_at__isnull=True))
    deliveries = (
        WebhookDelivery.objects.filter(webhook__in=hooks)
        .select_related("webhook")
        .order_by("-created_at", "-id")[:RECENT]
    )
    return render(
        request,
        "api/webhook_list.html",
        _workspace_context(
            request,
            community,
            form=form,
            hooks=hooks,
            deliveries=deliveries,
            new_secret=new_secret,
            event_labels=webhooks.EVENTS,
        ),
    )


@require_POST
def webhook_change(request: HttpRequest, slug: str, webhook_id: int) -> HttpResponse:
    community = _community(request, slug)
    hook = get_object_or_404(Webhook, pk=webhook_id, community=community, deleted_at__isnull=True)
    if request.POST.get("action") == "delete":
        webhooks.webhook_delete(actor=request.user, webhook=hook)
        messages.success(request, _("The endpoint was removed."))
    else:
        webhooks.webhook_resume(actor=request.user, webhook=hook)
        messages.success(request, _("Deliveries to the endpoint resumed."))
    return redirect("webhooks:list", slug=community.slug)


@require_POST
def delivery_replay(request: HttpRequest, slug: str, delivery_id: int) -> HttpResponse:
    community = _community(request, slug)
    delivery = get_object_or_404(
        WebhookDelivery.objects.select_related("webhook__community"),
        pk=delivery_id,
        webhook__community=community,
        webhook__deleted_at__isnull=True,
    )
    webhooks.delivery_replay(actor=request.user, delivery=delivery)
    messages.success(request, _("The delivery will be sent again."))
    return redirect("webhooks:list", slug=community.slug)
