from django.contrib import admin

from .models import Delivery, Issue, MailingList, Subscription


@admin.register(MailingList)
class MailingListAdmin(admin.ModelAdmin):
    list_display = ["name_en", "community", "network", "plan"]
    raw_id_fields = ["community", "network", "plan"]


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["mailing_list", "language", "confirmed_at", "unsubscribed_at"]
    raw_id_fields = ["mailing_list", "user"]
    search_fields = ["email"]


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    list_display = ["subject_en", "mailing_list", "status", "send_at", "sent_at"]
    raw_id_fields = ["mailing_list", "created_by"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["issue", "subscription", "status", "sent_at"]
    raw_id_fields = ["issue", "subscription"]
