from django.urls import path

from . import views
from .metrics import metrics_view

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("metrics", metrics_view, name="metrics"),
    path("language/", views.set_language, name="set_language"),
]
