from django.urls import path

from . import (
    views,
    views_indicators,
    views_invitations,
    views_late,
    views_scorecard,
    views_waves,
)

app_name = "measures"

_PAGES = [
    ("", views.survey_builder, "builder"),
    ("settings/", views.survey_settings, "settings"),
    ("publish/", views.survey_publish, "publish"),
    ("close/", views.survey_close, "close"),
    ("preview/", views.survey_preview, "preview"),
    ("sections/new/", views.section_add, "section_add"),
    ("sections/<int:section_id>/", views.section_edit, "section_edit"),
    ("sections/<int:section_id>/move/", views.section_move, "section_move"),
    ("sections/<int:section_id>/delete/", views.section_delete, "section_delete"),
    ("sections/<int:section_id>/questions/new/", views.item_add, "item_add"),
    ("questions/<int:item_id>/", views.item_edit, "item_edit"),
    ("questions/<int:item_id>/move/", views.item_move, "item_move"),
    ("questions/<int:item_id>/delete/", views.item_delete, "item_delete"),
    ("links/", views.survey_links, "links"),
    ("links/revoke/", views.survey_links_revoke, "links_revoke"),
    ("invitations/", views_invitations.survey_invitations, "invitations"),
    ("results/", views.survey_results, "results"),
    ("results/breakdown/", views.survey_breakdown, "breakdown"),
    ("results/responses.csv", views.survey_export, "export"),
    ("late/", views_late.survey_late, "late"),
    ("late/<int:late_id>/", views_late.survey_late_decide, "late_decide"),
    ("waves/", views_waves.survey_waves, "waves"),
    ("waves/compare/", views_waves.wave_compare, "wave_compare"),
    ("waves/indicator/", views_waves.domain_to_indicator, "wave_to_indicator"),
]

urlpatterns = [
    path("s/<slug:survey_slug>/", views.respond, name="respond"),
    path("s/<slug:survey_slug>/thanks/", views.thanks, name="thanks"),
    path("surveys/no-more-invitations/<str:token>/", views_invitations.opt_out, name="opt_out"),
    path("networks/<slug:network_slug>/surveys/", views.survey_list, name="network_list"),
    path("c/<slug:slug>/surveys/", views.survey_list, name="community_list"),
]
for _prefix, _kind in (
    ("networks/<slug:network_slug>/surveys/<slug:survey_slug>/", "network"),
    ("c/<slug:slug>/surveys/<slug:survey_slug>/", "community"),
):
    urlpatterns += [
        path(_prefix + suffix, view, name=f"{_kind}_{name}") for suffix, view, name in _PAGES
    ]

# Results and indicators (Results-Based Accountability), under a community or a network.
_RESULT_PAGES = [
    ("", views_indicators.results_list, "result_list"),
    ("<int:result_id>/", views_indicators.result_edit, "result_edit"),
    ("<int:result_id>/indicators/new/", views_indicators.indicator_add, "indicator_add"),
    ("<int:result_id>/svi/", views_indicators.result_svi, "result_svi"),
    ("indicators/<int:indicator_id>/", views_indicators.indicator_detail, "indicator"),
    ("indicators/<int:indicator_id>/edit/", views_indicators.indicator_edit, "indicator_edit"),
    (
        "indicators/<int:indicator_id>/values/",
        views_indicators.indicator_values,
        "indicator_values",
    ),
    (
        "indicators/<int:indicator_id>/import/",
        views_indicators.indicator_import,
        "indicator_import",
    ),
]
for _prefix, _kind in (
    ("networks/<slug:network_slug>/results/", "network"),
    ("c/<slug:slug>/results/", "community"),
):
    urlpatterns += [
        path(_prefix + suffix, view, name=f"{_kind}_{name}") for suffix, view, name in _RESULT_PAGES
    ]

# The scorecard, and an activity's performance measures.
urlpatterns += [
    path(
        "c/<slug:slug>/scorecard/", views_scorecard.community_scorecard, name="community_scorecard"
    ),
    path(
        "c/<slug:slug>/scorecard.csv",
        views_scorecard.community_scorecard_csv,
        name="community_scorecard_csv",
    ),
    path(
        "c/<slug:slug>/scorecard.pdf",
        views_scorecard.community_scorecard_pdf,
        name="community_scorecard_pdf",
    ),
    path(
        "networks/<slug:network_slug>/scorecard/",
        views_scorecard.network_scorecard,
        name="network_scorecard",
    ),
    path(
        "networks/<slug:network_slug>/scorecard.csv",
        views_scorecard.network_scorecard_csv,
        name="network_scorecard_csv",
    ),
    path(
        "networks/<slug:network_slug>/scorecard.pdf",
        views_scorecard.network_scorecard_pdf,
        name="network_scorecard_pdf",
    ),
    path(
        "c/<slug:slug>/activities/<int:activity_id>/measures/",
        views_scorecard.activity_measures,
        name="activity_measures",
    ),
    path(
        "c/<slug:slug>/measures/<int:measure_id>/",
        views_scorecard.measure_edit,
        name="measure_edit",
    ),
]
