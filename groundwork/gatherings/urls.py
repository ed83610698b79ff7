from django.urls import path

from . import photo_views, views

app_name = "gatherings"

urlpatterns = [
    path("gatherings/r/<str:token>/", views.registration, name="registration"),
    path(
        "c/<slug:slug>/p/<slug:process_slug>/gatherings/upcoming/",
        views.process_list,
        name="process_list",
    ),
]

for prefix, name in (
    ("c/<slug:slug>/gatherings/", "community"),
    ("networks/<slug:network_slug>/gatherings/", "network"),
):
    urlpatterns += [
        path(prefix, views.owner_list, name=f"{name}_list"),
        path(prefix + "feed.ics", views.feed, name=f"{name}_feed"),
        path(prefix + "new/", views.gathering_new, name=f"{name}_new"),
        path(prefix + "series/new/", views.series_form, name=f"{name}_series_new"),
        path(prefix + "series/<int:series_id>/", views.series_detail, name=f"{name}_series"),
        path(
            prefix + "series/<int:series_id>/edit/", views.series_form, name=f"{name}_series_edit"
        ),
        path(
            prefix + "series/<int:series_id>/feed.ics",
            views.series_feed,
            name=f"{name}_series_feed",
        ),
        path(prefix + "<int:pk>/", views.detail, name=f"{name}_detail"),
        path(prefix + "<int:pk>/calendar.ics", views.calendar, name=f"{name}_calendar"),
        path(prefix + "<int:pk>/edit/", views.gathering_edit, name=f"{name}_edit"),
        path(prefix + "<int:pk>/registrations/", views.registrations, name=f"{name}_registrations"),
        path(prefix + "<int:pk>/registrations.csv", views.registrations_csv, name=f"{name}_csv"),
        path(
            prefix + "<int:pk>/registrations/<int:registration_id>/cancel/",
            views.cancel_by_facilitator,
            name=f"{name}_cancel",
        ),
        path(prefix + "<int:pk>/door/", views.door, name=f"{name}_door"),
        path(prefix + "<int:pk>/photos/", photo_views.photos, name=f"{name}_photos"),
        path(
            prefix + "<int:pk>/photos/<int:photo_id>/",
            photo_views.photo,
            name=f"{name}_photo",
        ),
        path(
            prefix + "<int:pk>/photos/<int:photo_id>/remove/",
            photo_views.photo_remove,
            name=f"{name}_photo_remove",
        ),
    ]
