from django.urls import path

from . import views

app_name = "field"

urlpatterns = [
    path("sw.js", views.service_worker, name="service_worker"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("c/<slug:slug>/manifest.webmanifest", views.community_manifest, name="community_manifest"),
    path("field/waiting/", views.waiting, name="waiting"),
    path("field/token/", views.token, name="token"),
]
