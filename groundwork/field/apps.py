from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FieldConfig(AppConfig):
    name = "groundwork.field"
    verbose_name = _("Field mode")
