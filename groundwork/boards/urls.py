from django.urls import path

from . import views

app_name = "boards"

urlpatterns = []

for prefix, name in (
    ("c/<slug:slug>/boards/", "community"),
    ("networks/<slug:network_slug>/boards/", "network"),
):
    board = prefix + "<int:pk>/"
    seat = board + "seats/<int:seat_id>/"
    urlpatterns += [
        path(prefix, views.board_list, name=f"{name}_list"),
        path(board, views.board_detail, name=f"{name}_detail"),
        path(board + "edit/", views.board_edit, name=f"{name}_edit"),
        path(board + "composition/", views.composition, name=f"{name}_composition"),
        path(board + "seats/new/", views.seat_form, name=f"{name}_seat_new"),
        path(seat + "edit/", views.seat_form, name=f"{name}_seat_edit"),
        path(seat + "delete/", views.seat_delete, name=f"{name}_seat_delete"),
        path(seat + "member/", views.seat_fill, name=f"{name}_seat_fill"),
        path(seat + "vacate/", views.seat_vacate, name=f"{name}_seat_vacate"),
        path(board + "meetings/", views.meeting_link, name=f"{name}_meeting_link"),
        path(
            board + "meetings/<int:meeting_id>/remove/",
            views.meeting_unlink,
            name=f"{name}_meeting_unlink",
        ),
    ]
