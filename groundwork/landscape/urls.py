from django.urls import path

from . import views

app_name = "landscape"

urlpatterns = [
    path("networks/<slug:network_slug>/catalog/", views.catalog, name="catalog"),
    path("networks/<slug:network_slug>/catalog.csv", views.catalog_csv, name="catalog_csv"),
    path("networks/<slug:network_slug>/landscape/", views.report, name="report"),
    path(
        "networks/<slug:network_slug>/landscape/regenerate/",
        views.report_generate,
        name="report_generate",
    ),
    path("networks/<slug:network_slug>/landscape.pdf", views.report_pdf, name="report_pdf"),
]
