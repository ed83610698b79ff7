from django.urls import path

from . import edit_views as views
from . import exchange_views

app_name = "directory_edit"

M = "c/<slug:slug>/directory/manage/"

urlpatterns = [
    path(M, views.manage, name="manage"),
    path(M + "import/", exchange_views.import_package, name="import"),
    path(M + "export/hsds.<str:form>", exchange_views.export_package, name="export"),
    path(M + "organizations/new/", views.organization_edit, name="organization_add"),
    path(
        M + "organizations/<uuid:organization_id>/",
        views.organization_edit,
        name="organization_edit",
    ),
    path(
        M + "organizations/<uuid:organization_id>/confirm/",
        views.organization_confirm,
        name="organization_confirm",
    ),
    path(M + "locations/new/", views.location_edit, name="location_add"),
    path(M + "locations/<uuid:location_id>/", views.location_edit, name="location_edit"),
    path(M + "services/new/", views.service_edit, name="service_add"),
    path(M + "services/<uuid:service_id>/", views.service_edit, name="service_edit"),
    path(M + "services/<uuid:service_id>/confirm/", views.service_confirm, name="service_confirm"),
    path(
        "c/<slug:slug>/directory/confirm/<uuid:organization_id>/<str:token>/",
        views.confirm,
        name="confirm",
    ),
]
