from django.urls import path

from . import views

app_name = "newsletters"

C = "c/<slug:slug>/lists/"
N = "networks/<slug:network_slug>/lists/"

urlpatterns = [
    path("newsletters/confirm/<str:token>/", views.confirm, name="confirm"),
    path("newsletters/preferences/<str:token>/", views.preferences, name="preferences"),
    path("newsletters/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
for prefix, who in ((C, "community"), (N, "network")):
    urlpatterns += [
        path(prefix, views.lists_manage, name=f"{who}_lists"),
        path(prefix + "<slug:list_slug>/", views.list_detail, name=f"{who}_list"),
        path(
            prefix + "<slug:list_slug>/issues/<int:issue_id>/",
            views.issue_archive,
            name=f"{who}_issue",
        ),
        path(prefix + "<slug:list_slug>/manage/", views.list_manage, name=f"{who}_manage"),
        path(
            prefix + "<slug:list_slug>/manage/<int:issue_id>/",
            views.issue_edit,
            name=f"{who}_issue_edit",
        ),
        path(
            prefix + "<slug:list_slug>/manage/<int:issue_id>/test/",
            views.issue_test,
            name=f"{who}_issue_test",
        ),
        path(
            prefix + "<slug:list_slug>/manage/<int:issue_id>/schedule/",
            views.issue_schedule,
            name=f"{who}_issue_schedule",
        ),
    ]
