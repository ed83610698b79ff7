from django.contrib import admin

from .models import AnalysisRun, Conversation, Statement


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    list_display = ["topic", "community", "strict_moderation", "is_open"]
    list_select_related = ["community"]


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    list_display = ["__str__", "conversation", "source", "moderation", "created_at"]
    list_filter = ["source", "moderation"]
    list_select_related = ["conversation"]
    search_fields = ["text"]


@admin.register(AnalysisRun)
class AnalysisRunAdmin(admin.ModelAdmin):
    list_display = ["conversation", "status", "k", "displayed_k", "vote_count", "created_at"]
    list_select_related = ["conversation"]
    readonly_fields = ["results", "timings", "parameters", "error"]
