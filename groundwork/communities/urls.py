from django.urls import path

from . import views

app_name = "communities"

urlpatterns = [
    path("networks/<slug:network_slug>/", views.network_detail, name="network_detail"),
    path("communities/", views.community_list, name="list"),
    path("communities/new/", views.community_create, name="create"),
    path("c/<slug:slug>/", views.community_detail, name="detail"),
    path("c/<slug:slug>/edit/", views.community_edit, name="edit"),
    path("c/<slug:slug>/members/", views.member_list, name="members"),
    path("c/<slug:slug>/members/<int:membership_id>/role/", views.member_role, name="member_role"),
    path(
        "c/<slug:slug>/members/<int:membership_id>/remove/",
        views.member_remove,
        name="member_remove",
    ),
    path("c/<slug:slug>/invitations/", views.invitation_list, name="invitations"),
    path(
        "c/<slug:slug>/invitations/<int:invitation_id>/withdraw/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("c/<slug:slug>/organizations/", views.organization_list, name="organizations"),
    path("c/<slug:slug>/activity/", views.audit_log, name="audit"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
