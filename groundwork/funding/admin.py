from django.contrib import admin

from .models import Funder, Grant, ReportingDate


class ReportingDateInline(admin.TabularInline):  # type: ignore[type-arg]
    model = ReportingDate
    extra = 0


@admin.register(Funder)
class FunderAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "kind", "network")
    list_filter = ("kind",)


@admin.register(Grant)
class GrantAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("title", "funder", "amount_cents", "starts_on", "ends_on", "network")
    inlines = [ReportingDateInline]
    filter_horizontal = ("communities", "activities")
