from django.urls import path

from . import guide_views, paper, views

app_name = "planning"

P = "c/<slug:slug>/p/<slug:process_slug>/"

urlpatterns = [
    path("c/<slug:slug>/processes/", views.process_list, name="process_list"),
    path("c/<slug:slug>/processes/new/", views.process_create, name="process_create"),
    path(P, views.process_detail, name="process"),
    path(P + "settings/", views.process_settings, name="settings"),
    path(P + "answer/", views.answer, name="answer"),
    path(P + "thanks/", views.thanks, name="thanks"),
    path(P + "about-you/", views.about_you, name="about_you"),
    path(P + "answers/", views.contribution_list, name="contributions"),
    path(
        P + "answers/export.csv",
        views.contribution_export,
        {"fmt": "csv"},
        name="contributions_csv",
    ),
    path(
        P + "answers/export.json",
        views.contribution_export,
        {"fmt": "json"},
        name="contributions_json",
    ),
    path(
        P + "answers/<int:contribution_id>/moderate/", views.contribution_moderate, name="moderate"
    ),
    path(P + "gatherings/", views.gathering_list, name="gatherings"),
    path(P + "gatherings/<int:gathering_id>/", views.gathering_edit, name="gathering_edit"),
    path(P + "capture/", views.capture, name="capture"),
    path(P + "capture/photos/<int:photo_id>/", paper.paper_photo, name="paper_photo"),
    path(P + "paper-form.pdf", views.paper_form, name="paper_form"),
    path(P + "reach/", views.reach, name="reach"),
    path(P + "reach/population/", views.population, name="population"),
]

# Facilitation guides: the shipped ones (public), and each community's own copies.
G = "c/<slug:slug>/guides/<slug:guide_slug>/"
urlpatterns += [
    path("guides/", guide_views.shipped_guide_list, name="shipped_guides"),
    path("guides/<slug:guide_slug>/", guide_views.shipped_guide_detail, name="shipped_guide"),
    path(
        "guides/<slug:guide_slug>/print/",
        guide_views.shipped_guide_print,
        name="shipped_guide_print",
    ),
    path("guides/<slug:guide_slug>/pdf/", guide_views.shipped_guide_pdf, name="shipped_guide_pdf"),
    path("guides/<slug:guide_slug>/copy/", guide_views.guide_copy, name="guide_copy"),
    path("c/<slug:slug>/guides/", guide_views.guide_list, name="guide_list"),
    path(G, guide_views.guide_detail, name="guide"),
    path(G + "print/", guide_views.guide_print, name="guide_print"),
    path(G + "pdf/", guide_views.guide_pdf, name="guide_pdf"),
    path(G + "edit/", guide_views.guide_edit, name="guide_edit"),
    path(G + "sections/new/", guide_views.guide_section_add, name="guide_section_add"),
    path(
        G + "sections/<int:section_id>/", guide_views.guide_section_edit, name="guide_section_edit"
    ),
    path(
        G + "sections/<int:section_id>/delete/",
        guide_views.guide_section_delete,
        name="guide_section_delete",
    ),
]
