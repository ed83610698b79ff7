from django.urls import path

from . import views

app_name = "funding"

urlpatterns = [
    path("networks/<slug:network_slug>/funding/", views.network_funding, name="network"),
    path("networks/<slug:network_slug>/funding/equity/", views.network_equity, name="equity"),
    path(
        "networks/<slug:network_slug>/funding/360giving.json",
        views.export,
        {"fmt": "json"},
        name="export_json",
    ),
    path(
        "networks/<slug:network_slug>/funding/360giving.csv",
        views.export,
        {"fmt": "csv"},
        name="export_csv",
    ),
    path("c/<slug:slug>/funding/", views.community_funding, name="community"),
]
