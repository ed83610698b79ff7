from django.urls import path

from . import webhook_views as views

app_name = "webhooks"

urlpatterns = [
    path("c/<slug:slug>/webhooks/", views.webhook_list, name="list"),
    path("c/<slug:slug>/webhooks/<int:webhook_id>/", views.webhook_change, name="change"),
    path(
        "c/<slug:slug>/webhooks/deliveries/<int:delivery_id>/send-again/",
        views.delivery_replay,
        name="replay",
    ),
    path(
        "networks/<slug:network_slug>/webhooks/",
        views.network_webhook_list,
        name="network_list",
    ),
    path(
        "networks/<slug:network_slug>/webhooks/<int:webhook_id>/",
        views.network_webhook_change,
        name="network_change",
    ),
    path(
        "networks/<slug:network_slug>/webhooks/deliveries/<int:delivery_id>/send-again/",
        views.network_delivery_replay,
        name="network_replay",
    ),
]
