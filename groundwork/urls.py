from django.contrib import admin
from django.urls import include, path

from groundwork.api.api import api

urlpatterns = [
    path("", include("groundwork.core.urls")),
    path("", include("groundwork.field.urls")),
    path("accounts/", include("groundwork.accounts.urls")),
    path("accounts/tokens/", include("groundwork.api.urls")),
    path("", include("groundwork.api.webhook_urls")),
    path("", include("groundwork.communities.urls")),
    path("", include("groundwork.planning.urls")),
    path("", include("groundwork.gatherings.urls")),
    path("", include("groundwork.deliberation.urls")),
    path("", include("groundwork.themes.urls")),
    path("", include("groundwork.plans.urls")),
    path("", include("groundwork.newsletters.urls")),
    # Providers' delivery events (bounces, complaints): groundwork.newsletters.webhooks.
    path("anymail/", include("anymail.urls")),
    path("", include("groundwork.funding.urls")),
    path("", include("groundwork.measures.urls")),
    path("", include("groundwork.landscape.urls")),
    path("", include("groundwork.referrals.urls")),
    path("", include("groundwork.library.urls")),
    path("", include("groundwork.boards.urls")),
    path("", include("groundwork.directory.asset_urls")),
    path("", include("groundwork.directory.urls")),
    path("", include("groundwork.directory.edit_urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]

handler403 = "groundwork.core.views.permission_denied"
handler404 = "groundwork.core.views.page_not_found"
handler500 = "groundwork.core.views.server_error"
