from django.contrib import admin

from .models import (
    CoalitionStrategy,
    Community,
    CountyGoal,
    Invitation,
    Membership,
    Network,
    NetworkGoal,
    Organization,
    Strategy,
)


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "state"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["stewards"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "network", "is_public"]
    list_filter = ["kind", "network"]
    search_fields = ["name", "coalition_name"]
    list_select_related = ["network"]
    inlines = [MembershipInline]

    def save_formset(self, request, form, formset, change):  # type: ignore[no-untyped-def]
        """A referrals role given or removed here is audited like on the organization's page
        (``referrals.actions.team``): it decides who sees people's details."""
        from groundwork.core.services import audit_record

        # From the database: the formset's instances already carry the new values.
        before = dict(
            Membership.objects.filter(community=form.instance).values_list("pk", "referrals_role")
        )
        super().save_formset(request, form, formset, change)
        if formset.model is not Membership:
            return
        for membership in Membership.objects.filter(community=form.instance):
            old = before.get(membership.pk) or ""
            if (membership.referrals_role or "") != old:
                audit_record(
                    action="membership.referrals_role_changed",
                    actor=request.user,
                    community=membership.community,
                    target=membership,
                    details={
                        "organization": membership.organization_id,
                        "user_id": membership.user_id,
                        "from": old,
                        "to": membership.referrals_role or "",
                        "via": "admin",
                    },
                )


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "sector", "community"]
    list_filter = ["sector"]
    list_select_related = ["community"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["community", "email", "role", "expires_at", "uses", "max_uses", "revoked_at"]
    readonly_fields = ["nonce", "token_hash", "uses"]
    list_select_related = ["community"]


@admin.register(Strategy)
class StrategyAdmin(admin.ModelAdmin):
    list_display = ["name", "network", "position"]
    list_filter = ["network"]
    list_select_related = ["network"]


@admin.register(NetworkGoal)
class NetworkGoalAdmin(admin.ModelAdmin):
    list_display = ["title", "network", "position"]
    list_filter = ["network"]
    list_select_related = ["network"]


@admin.register(CoalitionStrategy)
class CoalitionStrategyAdmin(admin.ModelAdmin):
    list_display = ["community", "strategy"]
    list_select_related = ["community", "strategy"]


@admin.register(CountyGoal)
class CountyGoalAdmin(admin.ModelAdmin):
    list_display = ["title", "community", "network_goal"]
    list_select_related = ["community", "network_goal"]
