from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groundwork.core.errors import ApplicationError

from . import services
from .forms import ApiTokenForm
from .models import ApiToken


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None, user=request.user)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_key = services.api_token_create(
                user=request.user, **form.service_arguments()
            )
        except ApplicationError as exc:
            form.add_application_error(exc)
        else:
            form = ApiTokenForm(user=request.user)
    tokens = ApiToken.objects.filter(user=request.user).select_related("community")
    return render(
        request,
        "api/token_list.html",
        {"form": form, "tokens": tokens, "new_key": new_key, "now": timezone.now()},
    )


@require_POST
@login_required
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    services.api_token_revoke(user=request.user, token=token)
    messages.success(request, _("The token was revoked."))
    return redirect("api_tokens:list")
