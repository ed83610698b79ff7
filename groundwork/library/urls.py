from django.urls import path

from . import views

app_name = "library"

L = "library/<int:pk>/"
H = "help/<int:pk>/"

urlpatterns = [
    path("library/", views.search, name="search"),
    path(L, views.practice_detail, name="practice"),
    path(L + "edit/", views.practice_edit, name="practice_edit"),
    path(L + "publish/", views.practice_publish, name="practice_publish"),
    path(L + "files/new/", views.attachment_add, name="attachment_add"),
    path(L + "files/<int:attachment_id>/", views.attachment, name="attachment"),
    path(L + "adopt/", views.adopt, name="adopt"),
    path(L + "comments/", views.practice_comment, name="practice_comment"),
    path(L + "follow/", views.practice_follow, name="practice_follow"),
    path("library/comments/<int:comment_id>/hide/", views.comment_hide, name="comment_hide"),
    path("c/<slug:slug>/library/", views.community_practices, name="community"),
    path("c/<slug:slug>/library/new/", views.practice_new, name="practice_new"),
    path("c/<slug:slug>/help/", views.community_requests, name="community_requests"),
    path("networks/<slug:network_slug>/help/", views.network_requests, name="network_requests"),
    path(H, views.request_detail, name="request"),
    path(H + "triage/", views.request_triage, name="request_triage"),
    path(H + "introduce/", views.introduction_agree, name="introduction_agree"),
    path(H + "comments/", views.request_comment, name="request_comment"),
]
