"""The asset map's pages, under a community: /c/<slug>/assets/…"""

from django.urls import path

from . import asset_views as views

app_name = "assets"

C = "c/<slug:slug>/assets/"

urlpatterns = [
    path(C, views.asset_list, name="list"),
    path(C + "new/", views.asset_add, name="add"),
    path(C + "<int:pk>/", views.asset_detail, name="detail"),
    path(C + "<int:pk>/edit/", views.asset_edit, name="edit"),
    path(C + "<int:pk>/verify/", views.asset_verify, name="verify"),
    path(C + "<int:pk>/delete/", views.asset_delete, name="delete"),
    path(C + "promote/strength/", views.promote_strength, name="promote_strength"),
    path(C + "promote/ally/", views.promote_ally, name="promote_ally"),
]
