from django.urls import path

from . import views

app_name = "referrals"

urlpatterns = [
    path("communities/<slug:slug>/referrals/", views.inbox, name="inbox"),
    path("communities/<slug:slug>/referrals/new/", views.referral_new, name="new"),
    path("communities/<slug:slug>/referrals/report/", views.report, name="report"),
    path("communities/<slug:slug>/referrals/report.csv", views.report_csv, name="report_csv"),
    path("communities/<slug:slug>/referrals/access/", views.access_log, name="access_log"),
    path("communities/<slug:slug>/referrals/team/", views.team, name="team"),
    path(
        "communities/<slug:slug>/referrals/<int:referral_id>/",
        views.referral_detail,
        name="detail",
    ),
    path(
        "communities/<slug:slug>/referrals/<int:referral_id>/export.csv",
        views.referral_export,
        name="export",
    ),
    path(
        "communities/<slug:slug>/referrals/<int:referral_id>/status/",
        views.referral_transition,
        name="transition",
    ),
    path(
        "communities/<slug:slug>/referrals/<int:referral_id>/messages/",
        views.referral_message,
        name="message",
    ),
    path(
        "communities/<slug:slug>/referrals/<int:referral_id>/revoke/",
        views.referral_revoke,
        name="revoke",
    ),
    path(
        "networks/<slug:network_slug>/referrals/",
        views.network_report,
        name="network_report",
    ),
    path("networks/<slug:network_slug>/referrals/needs/", views.need_categories, name="needs"),
    path(
        "networks/<slug:network_slug>/referrals/needs/<int:category_id>/",
        views.need_category_edit,
        name="need_edit",
    ),
    path(
        "networks/<slug:network_slug>/referrals/needs/<int:category_id>/change/",
        views.need_category_change,
        name="need_change",
    ),
    path("your-referral/<int:referral_id>/<str:token>/", views.person, name="person"),
    path(
        "your-referral/<int:referral_id>/<str:token>/confirm/",
        views.person_confirm,
        name="person_confirm",
    ),
    path(
        "your-referral/<int:referral_id>/<str:token>/withdraw/",
        views.person_revoke,
        name="person_revoke",
    ),
]
