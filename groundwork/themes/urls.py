from django.urls import path

from . import views

app_name = "themes"

P = "c/<slug:slug>/p/<slug:process_slug>/themes/"
T = P + "<int:theme_id>/"

urlpatterns = [
    path(P, views.theme_list, name="list"),
    path(P + "export.csv", views.theme_export, name="export_csv"),
    path(P + "run/", views.theme_run, name="run"),
    path(T, views.theme_detail, name="detail"),
    path(T + "rename/", views.theme_rename, name="rename"),
    path(T + "merge/", views.theme_merge, name="merge"),
    path(T + "split/", views.theme_split, name="split"),
    path(T + "move/", views.theme_move, name="move"),
    path(T + "pin/", views.theme_pin, name="pin"),
]
