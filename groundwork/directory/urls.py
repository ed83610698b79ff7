from django.urls import path

from . import views

app_name = "directory"

urlpatterns = [
    path("c/<slug:slug>/directory/", views.community_directory, name="search"),
    path(
        "c/<slug:slug>/directory/services/<uuid:service_id>/",
        views.service_detail,
        name="service",
    ),
    path(
        "c/<slug:slug>/directory/services/<uuid:service_id>/handout-<str:language>.pdf",
        views.service_handout,
        name="handout",
    ),
    path("networks/<slug:network_slug>/directory/", views.network_directory, name="network"),
]
