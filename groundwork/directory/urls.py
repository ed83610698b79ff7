from django.urls import path

from . import map_views, views

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
    path("c/<slug:slug>/directory/map/", map_views.community_map, name="map"),
    path("c/<slug:slug>/directory/map.geojson", map_views.community_map_data, name="map_data"),
    path("networks/<slug:network_slug>/directory/", views.network_directory, name="network"),
    path(
        "networks/<slug:network_slug>/directory/manage/",
        views.network_manage,
        name="network_manage",
    ),
    path(
        "networks/<slug:network_slug>/directory/map/",
        map_views.network_map,
        name="network_map",
    ),
    path(
        "networks/<slug:network_slug>/directory/map.geojson",
        map_views.network_map_data,
        name="network_map_data",
    ),
]
