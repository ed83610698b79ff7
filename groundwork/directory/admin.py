"""The directory in the admin: read only. Changes go through the services (the HSDS import,
the directory's own writes), so every one is validated and audited."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from . import models


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_filter = ["community"]
    list_select_related = ["community"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(models.Service)
class ServiceAdmin(ReadOnlyAdmin):
    list_display = ["name", "status", "community", "last_verified"]
    search_fields = ["name", "name_es", "hsds_id"]


@admin.register(models.Location)
class LocationAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "location_type", "confidential", "community"]
    search_fields = ["name", "hsds_id"]


@admin.register(models.Taxonomy, models.TaxonomyTerm, models.Program)
class NamedAdmin(ReadOnlyAdmin):
    list_display = ["name", "community"]
    search_fields = ["name", "hsds_id"]


for model in (
    models.ServiceAtLocation,
    models.Address,
    models.Phone,
    models.Schedule,
    models.Language,
    models.Accessibility,
    models.ServiceArea,
    models.CostOption,
    models.RequiredDocument,
    models.Funding,
    models.Contact,
    models.Attribute,
    models.OrganizationIdentifier,
    models.Metadata,
    models.MetaTableDescription,
):
    admin.site.register(model, ReadOnlyAdmin)
