from django.urls import path

from . import budget_views, views

app_name = "plans"

P = "c/<slug:slug>/p/<slug:process_slug>/plan/"
B = P + "build/"

urlpatterns = [
    path(P, views.plan_detail, name="plan"),
    path(P + "v/<int:number>/", views.version_detail, name="version"),
    path(P + "v/<int:number>/plan.pdf", views.version_pdf, name="version_pdf"),
    path(P + "changes/", views.version_diff, name="diff"),
    path(P + "progress/", views.timeline, name="timeline"),
    path(P + "progress/feed/", views.UpdatesFeed(), name="feed"),
    path(P + "progress/<int:update_id>/photo/", views.update_photo, name="update_photo"),
    path(P + "follow/", views.follow, name="follow"),
    path("plans/follow/confirm/<str:token>/", views.follow_confirm, name="follow_confirm"),
    path("plans/unfollow/<str:token>/", views.unfollow, name="unfollow"),
    path(P + "endorse/", views.endorse, name="endorse"),
    path(B, views.builder, name="builder"),
    path(B + "evidence/<slug:panel>/", views.builder_evidence, name="builder_evidence"),
    path(B + "edit/", views.plan_edit, name="plan_edit"),
    path(B + "coverage/", views.coverage, name="coverage"),
    path(B + "goals/new/", views.goal_form, name="goal_add"),
    path(B + "goals/<int:goal_id>/", views.goal_form, name="goal_edit"),
    path(B + "activities/new/", views.activity_form, name="activity_add"),
    path(B + "activities/<int:activity_id>/", views.activity_form, name="activity_edit"),
    path(B + "activities/<int:activity_id>/unlink/", views.unlink, name="unlink"),
    path(B + "activities/<int:activity_id>/progress/", views.progress, name="progress"),
    path(B + "goals/<int:item_id>/move/", views.move, {"what": "goal"}, name="goal_move"),
    path(B + "goals/<int:item_id>/remove/", views.delete, {"what": "goal"}, name="goal_delete"),
    path(
        B + "activities/<int:item_id>/move/",
        views.move,
        {"what": "activity"},
        name="activity_move",
    ),
    path(
        B + "activities/<int:item_id>/remove/",
        views.delete,
        {"what": "activity"},
        name="activity_delete",
    ),
    path(B + "link/", views.link, name="link"),
    path(B + "endorsement/", views.endorsement_toggle, name="endorsement"),
    path(B + "publish/", views.publish, name="publish"),
    # Money: an activity's budget, budget votes, where the money goes.
    path(
        B + "activities/<int:activity_id>/budget/",
        budget_views.activity_budget,
        name="activity_budget",
    ),
    path(B + "votes/", budget_views.votes, name="votes"),
    path(B + "votes/<int:vote_id>/", budget_views.vote_manage, name="vote_manage"),
    path(P + "budget/<int:vote_id>/", budget_views.ballot, name="ballot"),
    path(P + "budget/<int:vote_id>/results/", budget_views.vote_results, name="vote_results"),
    path(P + "money/", budget_views.money_page, name="money"),
]
