from django.urls import path

from . import views

app_name = "deliberation"

P = "c/<slug:slug>/p/<slug:process_slug>/"

urlpatterns = [
    path(P + "vote/", views.vote, name="vote"),
    path(P + "vote/ahead.json", views.vote_ahead, name="vote_ahead"),
    path(P + "vote/statement/", views.statement_new, name="statement_new"),
    path(P + "results/", views.results, name="results"),
    path(P + "report/", views.report, name="report"),
    path(P + "report.pdf", views.report_pdf, name="report_pdf"),
    path(P + "conversation/start/", views.conversation_start, name="start"),
    path(P + "conversation/", views.statements, name="statements"),
    path(
        P + "conversation/<int:statement_id>/moderate/",
        views.statement_moderate,
        name="statement_moderate",
    ),
    path(P + "conversation/queue/", views.queue, name="queue"),
    path(P + "conversation/queue/<int:statement_id>/", views.queue_decide, name="queue_decide"),
    path(P + "conversation/queue/selected/", views.queue_bulk, name="queue_bulk"),
    path(
        P + "conversation/<int:statement_id>/translate/",
        views.statement_translate,
        name="statement_translate",
    ),
    path(
        P + "conversation/from-answer/<int:contribution_id>/",
        views.statement_from_contribution,
        name="statement_from_contribution",
    ),
    path(P + "conversation/analyze/", views.analysis_request, name="analyze"),
    path(P + "conversation/export.zip", views.polis_export, name="export"),
    path("c/<slug:slug>/conversations/import/", views.polis_import, name="import"),
]

# Seeding a conversation from the themes of the answers (seed_views).
from . import seed_views  # noqa: E402

urlpatterns += [
    path(P + "conversation/seed/", seed_views.seed_themes, name="seed_themes"),
    path(P + "conversation/seed/<int:theme_id>/", seed_views.seed_theme, name="seed_theme"),
]
