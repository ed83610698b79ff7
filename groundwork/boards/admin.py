from django.contrib import admin

from .models import Board, Meeting, Seat


class SeatInline(admin.TabularInline):
    model = Seat
    extra = 0


class MeetingInline(admin.TabularInline):
    model = Meeting
    extra = 0
    raw_id_fields = ["gathering"]


@admin.register(Board)
class BoardAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "community", "network", "is_public"]
    inlines = [SeatInline, MeetingInline]
