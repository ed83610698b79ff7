from django.contrib import admin

from .models import Area, Contribution, Guide, GuideSection, Phase, Process, Question


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


class GuideSectionInline(admin.StackedInline):
    model = GuideSection
    extra = 0


@admin.register(Guide)
class GuideAdmin(admin.ModelAdmin):
    list_display = ["title_en", "community", "based_on", "updated_at"]
    list_select_related = ["community"]
    search_fields = ["title_en", "title_es"]
    inlines = [GuideSectionInline]
