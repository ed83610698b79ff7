from django.contrib import admin

from .models import Theme, ThemeMembership, ThemeRun


@admin.register(ThemeRun)
class ThemeRunAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["question", "status", "mode", "contribution_count", "created_at"]
    list_filter = ["status", "mode"]
    exclude = ["model"]
    readonly_fields = ["process", "question", "requested_by"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["label", "question", "size", "curated"]
    raw_id_fields = ["process", "question", "run", "parent", "pinned_quote"]


@admin.register(ThemeMembership)
class ThemeMembershipAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["theme", "contribution", "strength", "moved_by_human"]
    raw_id_fields = ["theme", "subtheme", "contribution"]
