from django.contrib import admin

from .models import Instrument, Item, Response, Section


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    fields = ["position", "title_en", "title_es"]


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ["title_en", "network", "community", "status", "opens_at", "closes_at"]
    list_filter = ["status", "respondents"]
    list_select_related = ["network", "community"]
    search_fields = ["title_en", "title_es", "slug"]
    inlines = [SectionInline]
    raw_id_fields = ["created_by"]


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ["prompt_en", "instrument", "kind", "role", "position"]
    list_filter = ["kind"]
    list_select_related = ["instrument"]
    raw_id_fields = ["instrument", "section"]


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    """Read-only: responses are written by the response form only."""

    list_display = ["pk", "instrument", "submitted_at", "language", "sector", "county"]
    list_filter = ["language"]
    list_select_related = ["instrument"]
    fields = ["instrument", "submitted_at", "language", "sector", "county"]
    readonly_fields = fields

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
