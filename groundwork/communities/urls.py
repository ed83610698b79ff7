from django.urls import path

from . import network_views, region_views, views

app_name = "communities"

urlpatterns = [
    path("networks/new/", network_views.network_new, name="network_new"),
    path(
        "networks/<slug:network_slug>/join-requests/",
        network_views.join_requests,
        name="join_requests",
    ),
    path(
        "networks/<slug:network_slug>/join-requests/<int:request_id>/decide/",
        network_views.join_request_decide,
        name="join_request_decide",
    ),
    path("networks/<slug:network_slug>/regions/", region_views.region_list, name="regions"),
    path(
        "networks/<slug:network_slug>/regions/<slug:region_slug>/",
        region_views.region_detail,
        name="region_detail",
    ),
    path(
        "networks/<slug:network_slug>/regions/<slug:region_slug>/edit/",
        region_views.region_edit,
        name="region_edit",
    ),
    path(
        "networks/<slug:network_slug>/regions/<slug:region_slug>/delete/",
        region_views.region_delete,
        name="region_delete",
    ),
    path("networks/<slug:network_slug>/", views.network_detail, name="network_detail"),
    *[
        route
        for kind in ("strategies", "goals")
        for route in (
            path(
                f"networks/<slug:network_slug>/{kind}/",
                views.network_item_list,
                {"kind": kind},
                name=f"network_{kind}",
            ),
            path(
                f"networks/<slug:network_slug>/{kind}/<int:item_id>/edit/",
                views.network_item_edit,
                {"kind": kind},
                name=f"network_{kind}_edit",
            ),
            path(
                f"networks/<slug:network_slug>/{kind}/<int:item_id>/move/",
                views.network_item_move,
                {"kind": kind},
                name=f"network_{kind}_move",
            ),
            path(
                f"networks/<slug:network_slug>/{kind}/<int:item_id>/delete/",
                views.network_item_delete,
                {"kind": kind},
                name=f"network_{kind}_delete",
            ),
        )
    ],
    path("communities/", views.community_list, name="list"),
    path("communities/new/", views.community_create, name="create"),
    path("c/<slug:slug>/", views.community_detail, name="detail"),
    path("c/<slug:slug>/edit/", views.community_edit, name="edit"),
    path("c/<slug:slug>/profile/", views.community_profile_edit, name="profile"),
    path(
        "c/<slug:slug>/profile/confirm/",
        views.community_profile_confirm,
        name="profile_confirm",
    ),
    path("c/<slug:slug>/goals/", views.county_goal_list, name="county_goals"),
    path(
        "c/<slug:slug>/goals/<int:goal_id>/edit/", views.county_goal_edit, name="county_goal_edit"
    ),
    path(
        "c/<slug:slug>/goals/<int:goal_id>/delete/",
        views.county_goal_delete,
        name="county_goal_delete",
    ),
    path("c/<slug:slug>/network/", network_views.community_network, name="network"),
    path("c/<slug:slug>/network/leave/", network_views.network_leave, name="network_leave"),
    path(
        "c/<slug:slug>/network/requests/<int:request_id>/withdraw/",
        network_views.join_request_withdraw,
        name="join_request_withdraw",
    ),
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
