from django.contrib import admin

from .models import Activity, Follow, Goal, Plan, PlanVersion, ProgressUpdate


class GoalInline(admin.TabularInline):
    model = Goal
    fields = ["order", "title", "statement", "consensus_percent"]
    raw_id_fields = ["statement"]
    extra = 0


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["title", "process", "community", "endorsement_open"]
    raw_id_fields = ["process", "community"]
    inlines = [GoalInline]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "plan", "goal", "status", "progress"]
    list_filter = ["status"]
    raw_id_fields = ["plan", "goal", "community", "lead_organization"]


@admin.register(PlanVersion)
class PlanVersionAdmin(admin.ModelAdmin):
    """Published versions are immutable: read only here too."""

    list_display = ["plan", "number", "published_at", "published_by"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(admin.ModelAdmin):
    list_display = ["activity", "on_date", "progress", "status"]
    raw_id_fields = ["activity", "community", "author"]


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["plan", "email", "language", "created_at", "confirmed_at", "last_digest_at"]
    raw_id_fields = ["mailing_list", "user"]
    search_fields = ["email"]
