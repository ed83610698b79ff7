from django.urls import path

from . import views

app_name = "planning"

P = "c/<slug:slug>/p/<slug:process_slug>/"

urlpatterns = [
    path("c/<slug:slug>/processes/", views.process_list, name="process_list"),
    path("c/<slug:slug>/processes/new/", views.process_create, name="process_create"),
    path(P, views.process_detail, name="process"),
    path(P + "answer/", views.answer, name="answer"),
    path(P + "thanks/", views.thanks, name="thanks"),
    path(P + "about-you/", views.about_you, name="about_you"),
    path(P + "answers/", views.contribution_list, name="contributions"),
    path(
        P + "answers/<int:contribution_id>/moderate/", views.contribution_moderate, name="moderate"
    ),
    path(P + "gatherings/", views.gathering_list, name="gatherings"),
    path(P + "capture/", views.capture, name="capture"),
]
