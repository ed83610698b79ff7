"""Referrals in the admin: statuses and records only. A person's details are never listed or
shown here (they are read on the referral page, where each read is recorded)."""

from django.contrib import admin

from .models import AccessRecord, Referral


@admin.register(Referral)
class ReferralAdmin(admin.ModelAdmin):
    list_display = ("__str__", "community", "sender", "receiver", "status", "created_at")
    list_filter = ("status", "community")
    fields = ("community", "sender", "receiver", "status", "urgency", "sent_at", "closed_at")
    readonly_fields = fields

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(AccessRecord)
class AccessRecordAdmin(admin.ModelAdmin):
    list_display = ("created_at", "viewer_name", "organization", "referral_id", "reason")
    list_filter = ("reason", "community")

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
