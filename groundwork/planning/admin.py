from django.contrib import admin

from .models import Area, Contribution, Phase, Process, Question


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0


class AreaInline(admin.TabularInline):
    model = Area
    extra = 0


@admin.register(Process)
class ProcessAdmin(admin.ModelAdmin):
    list_display = ["title", "community", "current_phase", "starts_on", "ends_on"]
    list_select_related = ["community", "current_phase"]
    inlines = [PhaseInline, QuestionInline, AreaInline]


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "question", "channel", "language", "moderation", "created_at"]
    list_filter = ["channel", "language", "moderation"]
    list_select_related = ["question"]
    search_fields = ["text"]
